// GET /v3/users/continuous-heart-rate… → ContinuousHeartRate: one row per day, samples in one JSON
// array, summary columns over non-zero samples (0 bpm = no reading).
import type { ContinuousHeartRateDay } from '../../polar/index.js';
import { dateColumn, dateKey, requireDate, withoutDense, type Json, type Transform } from './common.js';

export const continuousHeartRateTransform: Transform<ContinuousHeartRateDay> = {
  table: {
    table: 'ContinuousHeartRate',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      sampleCount: 'int',
      minHeartRate: 'int',
      maxHeartRate: 'int',
      avgHeartRate: 'float',
      samples: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    const samples = Array.isArray(p.heart_rate_samples) ? p.heart_rate_samples : [];
    let min: number | null = null;
    let max: number | null = null;
    let sum = 0;
    let n = 0;
    for (const s of samples) {
      const hr = s.heart_rate;
      if (typeof hr !== 'number' || !(hr > 0)) continue;
      min = min === null ? hr : Math.min(min, hr);
      max = max === null ? hr : Math.max(max, hr);
      sum += hr;
      n++;
    }
    return {
      userId,
      date: dateColumn(requireDate(p.date, 'date')),
      sampleCount: samples.length,
      minHeartRate: min === null ? null : Math.round(min),
      maxHeartRate: max === null ? null : Math.round(max),
      avgHeartRate: n === 0 ? null : sum / n,
      samples,
      raw: withoutDense(p as Json, ['heart_rate_samples']),
    };
  },
  toPayload(row) {
    const raw = { ...((row['raw'] as Json | null) ?? {}) };
    if (!('heart_rate_samples' in raw)) raw['heart_rate_samples'] = row['samples'] ?? [];
    return raw;
  },
};
