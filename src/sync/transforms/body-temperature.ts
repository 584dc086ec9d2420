// GET /v3/users/biosensing/bodytemperature → BodyTemperature (one row per measurement period).
// Times are UTC; `date` is the UTC date of the start (Polar gives no offset here).
import type { BodyTemperature } from '../../polar/index.js';
import { toIsoDate } from '../dates.js';
import { dateColumn, instantKey, optionalInstant, requireInstant, str, withoutDense, type Json, type Transform } from './common.js';

export const bodyTemperatureTransform: Transform<BodyTemperature> = {
  table: {
    table: 'BodyTemperature',
    conflict: ['userId', 'startTime', 'measurementType'],
    columns: {
      userId: 'uuid',
      date: 'date',
      startTime: 'timestamptz',
      endTime: 'timestamptz',
      modifiedTime: 'timestamptz',
      measurementType: 'text',
      sensorLocation: 'text',
      sourceDeviceId: 'text',
      sampleCount: 'int',
      samples: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => `${instantKey(row['startTime'])}|${String(row['measurementType'])}`,
  toRow(p, userId) {
    const start = requireInstant(p.start_time, 'start_time');
    const samples = Array.isArray(p.samples) ? p.samples : [];
    return {
      userId,
      date: dateColumn(toIsoDate(start)),
      startTime: start,
      endTime: optionalInstant(p.end_time),
      modifiedTime: optionalInstant(p.modified_time),
      measurementType: str(p.measurement_type) ?? 'TM_UNKNOWN',
      sensorLocation: str(p.sensor_location),
      sourceDeviceId: str(p.source_device_id),
      sampleCount: samples.length,
      samples,
      raw: withoutDense(p as Json, ['samples']),
    };
  },
  toPayload(row) {
    const raw = { ...((row['raw'] as Json | null) ?? {}) };
    if (!('samples' in raw)) raw['samples'] = row['samples'] ?? [];
    return raw;
  },
};
