// GET /v3/users/biosensing/ecg → EcgTest. `test_time` is epoch seconds (ms accepted when > 1e12);
// `date` is the local date at `time_zone_offset`. `raw` is the payload without `samples`.
import type { Ecg } from '../../polar/index.js';
import { localDateOf } from '../dates.js';
import { dateColumn, dense, float, instantKey, int, str, TransformError, withDense, withoutDense, type Json, type Transform } from './common.js';

export function epochInstant(value: unknown): Date {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TransformError('test_time: missing or invalid');
  return new Date(value > 1e12 ? value : value * 1000);
}

export const ecgTransform: Transform<Ecg> = {
  table: {
    table: 'EcgTest',
    conflict: ['userId', 'testTime'],
    columns: {
      userId: 'uuid',
      date: 'date',
      testTime: 'timestamptz',
      timeZoneOffset: 'int',
      sourceDeviceId: 'text',
      averageHeartRateBpm: 'int',
      heartRateVariabilityMs: 'float',
      heartRateVariabilityLevel: 'text',
      rriMs: 'float',
      pulseTransitTimeSystolicMs: 'float',
      pulseTransitTimeDiastolicMs: 'float',
      pulseTransitTimeQualityIndex: 'float',
      samples: 'jsonb',
      qualityMeasurements: 'jsonb',
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
      averageHeartRateBpm: int(p.average_heart_rate_bpm),
      heartRateVariabilityMs: float(p.heart_rate_variability_ms),
      heartRateVariabilityLevel: str(p.heart_rate_variability_level),
      rriMs: float(p.rri_ms),
      pulseTransitTimeSystolicMs: float(p.pulse_transit_time_systolic_ms),
      pulseTransitTimeDiastolicMs: float(p.pulse_transit_time_diastolic_ms),
      pulseTransitTimeQualityIndex: float(p.pulse_transit_time_quality_index),
      samples: dense(p.samples),
      qualityMeasurements: dense(p.quality_measurements),
      raw: withoutDense(p as Json, ['samples']),
    };
  },
  toPayload: (row) => withDense(row['raw'], { samples: row['samples'] }),
};
