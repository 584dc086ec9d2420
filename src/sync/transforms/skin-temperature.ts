// GET /v3/users/biosensing/skintemperature → SkinTemperature (one value per night, keyed by sleep_date).
import type { SkinTemperature } from '../../polar/index.js';
import { dateColumn, dateKey, float, requireDate, withDense, type Json, type Transform } from './common.js';

export const skinTemperatureTransform: Transform<SkinTemperature> = {
  table: {
    table: 'SkinTemperature',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      sleepTimeSkinTemperatureCelsius: 'float',
      deviationFromBaselineCelsius: 'float',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    return {
      userId,
      date: dateColumn(requireDate(p.sleep_date, 'sleep_date')),
      sleepTimeSkinTemperatureCelsius: float(p.sleep_time_skin_temperature_celsius),
      deviationFromBaselineCelsius: float(p.deviation_from_baseline_celsius),
      raw: { ...(p as Json) },
    };
  },
  toPayload: (row) => withDense(row['raw'], {}),
};
