// GET /v3/users/cardio-load… → CardioLoad (one row per day; Polar answers days without data too).
import type { CardioLoad } from '../../polar/index.js';
import { dateColumn, dateKey, float, obj, requireDate, str, withDense, type Json, type Transform } from './common.js';

export const cardioLoadTransform: Transform<CardioLoad> = {
  table: {
    table: 'CardioLoad',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      cardioLoadStatus: 'text',
      cardioLoad: 'float',
      strain: 'float',
      tolerance: 'float',
      cardioLoadRatio: 'float',
      levelVeryLow: 'float',
      levelLow: 'float',
      levelMedium: 'float',
      levelHigh: 'float',
      levelVeryHigh: 'float',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    const level = obj(p.cardio_load_level);
    return {
      userId,
      date: dateColumn(requireDate(p.date, 'date')),
      cardioLoadStatus: str(p.cardio_load_status),
      cardioLoad: float(p.cardio_load),
      strain: float(p.strain),
      tolerance: float(p.tolerance),
      cardioLoadRatio: float(p.cardio_load_ratio),
      levelVeryLow: float(level?.['very_low']),
      levelLow: float(level?.['low']),
      levelMedium: float(level?.['medium']),
      levelHigh: float(level?.['high']),
      levelVeryHigh: float(level?.['very-high']),
      raw: { ...(p as Json) },
    };
  },
  toPayload: (row) => withDense(row['raw'], {}),
};
