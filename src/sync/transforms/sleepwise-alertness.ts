// GET /v3/users/sleepwise/alertness… → SleepWiseAlertness. Times are UTC without a suffix.
// `date` is the local date of the sleep period's end (sleep_timezone_offset_minutes applied).
import type { SleepWiseAlertness } from '../../polar/index.js';
import { localDateOf } from '../dates.js';
import { dateColumn, float, instantKey, int, optionalInstant, requireInstant, str, withDense, type Json, type Transform } from './common.js';

/** Local date a SleepWise period belongs to: the end of its sleep period (else of the period). */
export function sleepWiseDate(p: {
  sleep_period_end_time?: string | null;
  period_end_time?: string | null;
  period_start_time: string;
  sleep_timezone_offset_minutes?: number | null;
}): string {
  const offset = int(p.sleep_timezone_offset_minutes) ?? 0;
  const end = optionalInstant(p.sleep_period_end_time) ?? optionalInstant(p.period_end_time) ?? optionalInstant(p.period_start_time);
  return end ? localDateOf(end, offset) : p.period_start_time.slice(0, 10);
}

export const sleepWiseAlertnessTransform: Transform<SleepWiseAlertness> = {
  table: {
    table: 'SleepWiseAlertness',
    conflict: ['userId', 'periodStartTime', 'resultType'],
    columns: {
      userId: 'uuid',
      date: 'date',
      periodStartTime: 'timestamptz',
      periodEndTime: 'timestamptz',
      resultType: 'text',
      grade: 'float',
      gradeValiditySeconds: 'int',
      gradeType: 'text',
      gradeClassification: 'text',
      validity: 'text',
      sleepInertia: 'text',
      sleepType: 'text',
      sleepPeriodStartTime: 'timestamptz',
      sleepPeriodEndTime: 'timestamptz',
      sleepTimezoneOffsetMinutes: 'int',
      hourlyData: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => `${instantKey(row['periodStartTime'])}|${String(row['resultType'])}`,
  toRow(p, userId) {
    return {
      userId,
      date: dateColumn(sleepWiseDate(p)),
      periodStartTime: requireInstant(p.period_start_time, 'period_start_time'),
      periodEndTime: optionalInstant(p.period_end_time),
      resultType: str(p.result_type) ?? 'ALERTNESS_TYPE_UNKNOWN',
      grade: float(p.grade),
      gradeValiditySeconds: int(p.grade_validity_seconds),
      gradeType: str(p.grade_type),
      gradeClassification: str(p.grade_classification),
      validity: str(p.validity),
      sleepInertia: str(p.sleep_inertia),
      sleepType: str(p.sleep_type),
      sleepPeriodStartTime: optionalInstant(p.sleep_period_start_time),
      sleepPeriodEndTime: optionalInstant(p.sleep_period_end_time),
      sleepTimezoneOffsetMinutes: int(p.sleep_timezone_offset_minutes),
      hourlyData: Array.isArray(p.hourly_data) ? p.hourly_data : null,
      raw: { ...(p as Json) },
    };
  },
  toPayload: (row) => withDense(row['raw'], {}),
};
