// GET /v3/users/sleepwise/circadian-bedtime… → SleepWiseBedtime. Times are UTC without a suffix.
import type { SleepWiseBedtime } from '../../polar/index.js';
import { dateColumn, instantKey, int, optionalInstant, requireInstant, str, withDense, type Json, type Transform } from './common.js';
import { sleepWiseDate } from './sleepwise-alertness.js';

export const sleepWiseBedtimeTransform: Transform<SleepWiseBedtime> = {
  table: {
    table: 'SleepWiseBedtime',
    conflict: ['userId', 'periodStartTime', 'resultType'],
    columns: {
      userId: 'uuid',
      date: 'date',
      periodStartTime: 'timestamptz',
      periodEndTime: 'timestamptz',
      resultType: 'text',
      validity: 'text',
      quality: 'text',
      preferredSleepPeriodStartTime: 'timestamptz',
      preferredSleepPeriodEndTime: 'timestamptz',
      sleepGateStartTime: 'timestamptz',
      sleepGateEndTime: 'timestamptz',
      sleepTimezoneOffsetMinutes: 'int',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => `${instantKey(row['periodStartTime'])}|${String(row['resultType'])}`,
  toRow(p, userId) {
    return {
      userId,
      date: dateColumn(
        sleepWiseDate({
          sleep_period_end_time: p.preferred_sleep_period_end_time,
          period_end_time: p.period_end_time,
          period_start_time: p.period_start_time,
          sleep_timezone_offset_minutes: p.sleep_timezone_offset_minutes,
        }),
      ),
      periodStartTime: requireInstant(p.period_start_time, 'period_start_time'),
      periodEndTime: optionalInstant(p.period_end_time),
      resultType: str(p.result_type) ?? 'CIRCADIAN_BEDTIME_TYPE_UNKNOWN',
      validity: str(p.validity),
      quality: str(p.quality),
      preferredSleepPeriodStartTime: optionalInstant(p.preferred_sleep_period_start_time),
      preferredSleepPeriodEndTime: optionalInstant(p.preferred_sleep_period_end_time),
      sleepGateStartTime: optionalInstant(p.sleep_gate_start_time),
      sleepGateEndTime: optionalInstant(p.sleep_gate_end_time),
      sleepTimezoneOffsetMinutes: int(p.sleep_timezone_offset_minutes),
      raw: { ...(p as Json) },
    };
  },
  toPayload: (row) => withDense(row['raw'], {}),
};
