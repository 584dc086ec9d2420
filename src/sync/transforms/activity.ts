// GET /v3/users/activities → DailyActivity (summary; `raw` without its `samples` block, which goes
// to ActivitySamples through activity-samples.ts).
import { activityDate, isoDurationToSeconds, type DailyActivity } from '../../polar/index.js';
import { dateColumn, dateKey, float, int, isDateTime, str, TransformError, withDense, withoutDense, type Json, type Transform } from './common.js';

export const dailyActivityTransform: Transform<DailyActivity> = {
  table: {
    table: 'DailyActivity',
    conflict: ['userId', 'date'],
    columns: {
      userId: 'uuid',
      date: 'date',
      startTime: 'text',
      endTime: 'text',
      activeDurationSeconds: 'int',
      inactiveDurationSeconds: 'int',
      dailyActivity: 'float',
      calories: 'int',
      activeCalories: 'int',
      steps: 'int',
      inactivityAlertCount: 'int',
      distanceFromSteps: 'float',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => dateKey(row['date']),
  toRow(p, userId) {
    if (!isDateTime(p.start_time)) throw new TransformError('start_time: missing or invalid');
    return {
      userId,
      date: dateColumn(activityDate(p)),
      startTime: str(p.start_time),
      endTime: str(p.end_time),
      activeDurationSeconds: int(isoDurationToSeconds(p.active_duration)),
      inactiveDurationSeconds: int(isoDurationToSeconds(p.inactive_duration)),
      dailyActivity: float(p.daily_activity),
      calories: int(p.calories),
      activeCalories: int(p.active_calories),
      steps: int(p.steps),
      inactivityAlertCount: int(p.inactivity_alert_count),
      distanceFromSteps: float(p.distance_from_steps),
      raw: withoutDense(p as Json, ['samples']),
    };
  },
  /** The summary payload; the caller adds `samples` from ActivitySamples when it wants the fullest form. */
  toPayload: (row) => withDense(row['raw'], {}),
};
