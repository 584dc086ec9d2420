// GET /v3/users/sleep[/{date}] → Sleep. Hypnogram and HR samples live in their own columns.
import type { Sleep } from '../../polar/index.js';
import { offsetMinutesOf } from '../dates.js';
import { dateColumn, dateKey, dense, float, int, requireDate, requireInstant, str, withDense, withoutDense, type Json, type Transform } from './common.js';

const DENSE = ['hypnogram', 'heart_rate_samples'] as const;

export const sleepTransform: Transform<Sleep> = {
  table: {
    table: 'Sleep',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      sleepStartTime: 'timestamptz',
      sleepStartOffsetMinutes: 'int',
      sleepEndTime: 'timestamptz',
      sleepEndOffsetMinutes: 'int',
      deviceId: 'text',
      continuity: 'float',
      continuityClass: 'int',
      lightSleep: 'int',
      deepSleep: 'int',
      remSleep: 'int',
      unrecognizedSleepStage: 'int',
      sleepScore: 'int',
      totalInterruptionDuration: 'int',
      sleepCharge: 'int',
      sleepGoal: 'int',
      sleepRating: 'int',
      shortInterruptionDuration: 'int',
      longInterruptionDuration: 'int',
      sleepCycles: 'int',
      groupDurationScore: 'float',
      groupSolidityScore: 'float',
      groupRegenerationScore: 'float',
      hypnogram: 'jsonb',
      heartRateSamples: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    const date = requireDate(p.date, 'date');
    const start = requireInstant(p.sleep_start_time, 'sleep_start_time');
    const end = requireInstant(p.sleep_end_time, 'sleep_end_time');
    return {
      userId,
      date: dateColumn(date),
      sleepStartTime: start,
      sleepStartOffsetMinutes: offsetMinutesOf(p.sleep_start_time!) ?? 0,
      sleepEndTime: end,
      sleepEndOffsetMinutes: offsetMinutesOf(p.sleep_end_time!) ?? 0,
      deviceId: str(p.device_id),
      continuity: float(p.continuity),
      continuityClass: int(p.continuity_class),
      lightSleep: int(p.light_sleep),
      deepSleep: int(p.deep_sleep),
      remSleep: int(p.rem_sleep),
      unrecognizedSleepStage: int(p.unrecognized_sleep_stage),
      sleepScore: int(p.sleep_score),
      totalInterruptionDuration: int(p.total_interruption_duration),
      sleepCharge: int(p.sleep_charge),
      sleepGoal: int(p.sleep_goal),
      sleepRating: int(p.sleep_rating),
      shortInterruptionDuration: int(p.short_interruption_duration),
      longInterruptionDuration: int(p.long_interruption_duration),
      sleepCycles: int(p.sleep_cycles),
      groupDurationScore: float(p.group_duration_score),
      groupSolidityScore: float(p.group_solidity_score),
      groupRegenerationScore: float(p.group_regeneration_score),
      hypnogram: dense(p.hypnogram),
      heartRateSamples: dense(p.heart_rate_samples),
      raw: withoutDense(p as Json, DENSE),
    };
  },
  toPayload: (row) => withDense(row['raw'], { hypnogram: row['hypnogram'], heart_rate_samples: row['heartRateSamples'] }),
};
