// GET /v3/users/biosensing/spo2 → Spo2Test (keyed by test time; local date at time_zone_offset).
import type { Spo2 } from '../../polar/index.js';
import { localDateOf } from '../dates.js';
import { dateColumn, float, instantKey, int, str, withDense, type Json, type Transform } from './common.js';
import { epochInstant } from './ecg.js';

export const spo2Transform: Transform<Spo2> = {
  table: {
    table: 'Spo2Test',
    conflict: ['userId', 'testTime'],
    columns: {
      userId: 'uuid',
      date: 'date',
      testTime: 'timestamptz',
      timeZoneOffset: 'int',
      sourceDeviceId: 'text',
      testStatus: 'text',
      bloodOxygenPercent: 'int',
      spo2Class: 'text',
      spo2ValueDeviationFromBaseline: 'text',
      spo2QualityAveragePercent: 'float',
      averageHeartRateBpm: 'int',
      heartRateVariabilityMs: 'float',
      spo2HrvDeviationFromBaseline: 'text',
      altitudeMeters: 'float',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => instantKey(row['testTime']),
  toRow(p, userId) {
    const testTime = epochInstant(p.test_time);
    const offset = int(p.time_zone_offset);
    return {
      userId,
      date: dateColumn(localDateOf(testTime, offset ?? 0)),
      testTime,
      timeZoneOffset: offset,
      sourceDeviceId: str(p.source_device_id),
      testStatus: str(p.test_status),
      bloodOxygenPercent: int(p.blood_oxygen_percent),
      spo2Class: str(p.spo2_class),
      spo2ValueDeviationFromBaseline: str(p.spo2_value_deviation_from_baseline),
      spo2QualityAveragePercent: float(p.spo2_quality_average_percent),
      averageHeartRateBpm: int(p.average_heart_rate_bpm),
      heartRateVariabilityMs: float(p.heart_rate_variability_ms),
      spo2HrvDeviationFromBaseline: str(p.spo2_hrv_deviation_from_baseline),
      altitudeMeters: float(p.altitude_meters),
      raw: { ...(p as Json) },
    };
  },
  toPayload: (row) => withDense(row['raw'], {}),
};
