// GET /v3/users/physical-info → PhysicalInfo, kept as history: one row per distinct version keyed
// by `modified` (else `created`).
import type { PhysicalInfo } from '../../polar/index.js';
import { isIsoDate, toIsoDate } from '../dates.js';
import { dateColumn, float, instantKey, int, optionalInstant, str, TransformError, withDense, type Json, type Transform } from './common.js';

export const physicalInfoTransform: Transform<PhysicalInfo> = {
  table: {
    table: 'PhysicalInfo',
    conflict: ['userId', 'recordedAt'],
    columns: {
      userId: 'uuid',
      recordedAt: 'timestamptz',
      date: 'date',
      weight: 'float',
      height: 'float',
      birthday: 'date',
      gender: 'text',
      maximumHeartRate: 'int',
      restingHeartRate: 'int',
      aerobicThreshold: 'int',
      anaerobicThreshold: 'int',
      vo2Max: 'int',
      weightSource: 'text',
      trainingBackground: 'text',
      typicalDay: 'text',
      sleepGoal: 'text',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => instantKey(row['recordedAt']),
  toRow(p, userId) {
    const recordedAt = optionalInstant(p.modified) ?? optionalInstant(p.created);
    if (!recordedAt) throw new TransformError('modified/created: neither is a valid date-time');
    return {
      userId,
      recordedAt,
      date: dateColumn(toIsoDate(recordedAt)),
      weight: float(p.weight),
      height: float(p.height),
      birthday: isIsoDate(p.birthday) ? dateColumn(p.birthday) : null,
      gender: str(p.gender),
      maximumHeartRate: int(p.maximum_heart_rate),
      restingHeartRate: int(p.resting_heart_rate),
      aerobicThreshold: int(p.aerobic_threshold),
      anaerobicThreshold: int(p.anaerobic_threshold),
      vo2Max: int(p.vo2_max),
      weightSource: str(p.weight_source),
      trainingBackground: str(p.training_background),
      typicalDay: str(p.typical_day),
      sleepGoal: str(p.sleep_goal),
      raw: { ...(p as Json) },
    };
  },
  toPayload: (row) => withDense(row['raw'], {}),
};
