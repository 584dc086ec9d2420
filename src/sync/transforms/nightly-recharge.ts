// GET /v3/users/nightly-recharge[/{date}] → NightlyRecharge. HRV/breathing samples in own columns.
import type { NightlyRecharge } from '../../polar/index.js';
import { dateColumn, dateKey, dense, float, int, requireDate, withDense, withoutDense, type Json, type Transform } from './common.js';

const DENSE = ['hrv_samples', 'breathing_samples'] as const;

export const nightlyRechargeTransform: Transform<NightlyRecharge> = {
  table: {
    table: 'NightlyRecharge',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      heartRateAvg: 'int',
      beatToBeatAvg: 'int',
      heartRateVariabilityAvg: 'int',
      breathingRateAvg: 'float',
      nightlyRechargeStatus: 'int',
      ansCharge: 'float',
      ansChargeStatus: 'int',
      hrvSamples: 'jsonb',
      breathingSamples: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    return {
      userId,
      date: dateColumn(requireDate(p.date, 'date')),
      heartRateAvg: int(p.heart_rate_avg),
      beatToBeatAvg: int(p.beat_to_beat_avg),
      heartRateVariabilityAvg: int(p.heart_rate_variability_avg),
      breathingRateAvg: float(p.breathing_rate_avg),
      nightlyRechargeStatus: int(p.nightly_recharge_status),
      ansCharge: float(p.ans_charge),
      ansChargeStatus: int(p.ans_charge_status),
      hrvSamples: dense(p.hrv_samples),
      breathingSamples: dense(p.breathing_samples),
      raw: withoutDense(p as Json, DENSE),
    };
  },
  toPayload: (row) => withDense(row['raw'], { hrv_samples: row['hrvSamples'], breathing_samples: row['breathingSamples'] }),
};
