// GET /v3/users/activities/samples (and the `samples` block of a daily activity) → ActivitySamples.
// Step samples, zone changes and inactivity stamps get their own columns; `raw` keeps the rest.
import type { ActivitySamplesDay } from '../../polar/index.js';
import { dateColumn, dateKey, dense, int, obj, requireDate, type Json, type Transform } from './common.js';

export const activitySamplesTransform: Transform<ActivitySamplesDay> = {
  table: {
    table: 'ActivitySamples',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      stepsIntervalMs: 'int',
      totalSteps: 'int',
      stepSamples: 'jsonb',
      activityZones: 'jsonb',
      inactivityStamps: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    const date = requireDate(p.date, 'date');
    const raw: Json = { ...(p as Json) };
    const steps = obj(p.steps);
    const zones = obj(p.activity_zones);
    const stepSamples = dense(steps?.['samples']);
    const zoneSamples = dense(zones?.['samples']);
    const stamps = dense(p.inactivity_stamps);
    if (steps && stepSamples !== null) {
      const { samples: _samples, ...rest } = steps;
      raw['steps'] = rest;
    }
    if (zones && zoneSamples !== null) {
      const { samples: _samples, ...rest } = zones;
      raw['activity_zones'] = rest;
    }
    if (stamps !== null) delete raw['inactivity_stamps'];
    return {
      userId,
      date: dateColumn(date),
      stepsIntervalMs: int(steps?.['interval_ms']),
      totalSteps: int(steps?.['total_steps']),
      stepSamples,
      activityZones: zoneSamples,
      inactivityStamps: stamps,
      raw,
    };
  },
  toPayload(row) {
    const out: Json = { ...(obj(row['raw']) ?? {}) };
    if (row['stepSamples'] != null) out['steps'] = { ...(obj(out['steps']) ?? {}), samples: row['stepSamples'] };
    if (row['activityZones'] != null) out['activity_zones'] = { ...(obj(out['activity_zones']) ?? {}), samples: row['activityZones'] };
    if (row['inactivityStamps'] != null) out['inactivity_stamps'] = row['inactivityStamps'];
    return out;
  },
};
