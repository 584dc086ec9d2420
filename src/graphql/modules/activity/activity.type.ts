// Activity data types: Relay nodes (health.node.ts: only requested columns
// are read, so dense JSON series cost nothing unless asked for) and their fields under `User`.
import { healthNode, userRecordFields } from '../health/health.node.js';

export const DailyActivity = healthNode('DailyActivity', {
  fields: {
    date: 'Date',
    startTime: 'String?',
    endTime: 'String?',
    activeDurationSeconds: 'Int?',
    inactiveDurationSeconds: 'Int?',
    dailyActivity: 'Float?',
    calories: 'Int?',
    activeCalories: 'Int?',
    steps: 'Int?',
    inactivityAlertCount: 'Int?',
    distanceFromSteps: 'Float?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const DailyActivityRef = DailyActivity.ref;

export const ActivitySamples = healthNode('ActivitySamples', {
  fields: {
    date: 'Date',
    stepsIntervalMs: 'Int?',
    totalSteps: 'Int?',
    stepSamples: 'JSON?',
    activityZones: 'JSON?',
    inactivityStamps: 'JSON?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const ActivitySamplesRef = ActivitySamples.ref;

export const CardioLoad = healthNode('CardioLoad', {
  fields: {
    date: 'Date',
    cardioLoadStatus: 'String?',
    cardioLoad: 'Float?',
    strain: 'Float?',
    tolerance: 'Float?',
    cardioLoadRatio: 'Float?',
    levelVeryLow: 'Float?',
    levelLow: 'Float?',
    levelMedium: 'Float?',
    levelHigh: 'Float?',
    levelVeryHigh: 'Float?',
    raw: 'JSON',
    createdAt: 'DateTime',
    updatedAt: 'DateTime',
  },
});
export const CardioLoadRef = CardioLoad.ref;

userRecordFields(DailyActivity, { connection: { field: 'dailyActivities', name: 'UserDailyActivitiesConnection', edge: 'UserDailyActivitiesEdge' }, ofDate: 'dailyActivity' });
userRecordFields(ActivitySamples, { connection: { field: 'activitySamples', name: 'UserActivitySamplesConnection', edge: 'UserActivitySamplesEdge' }, ofDate: 'dailyActivitySamples' });
userRecordFields(CardioLoad, { connection: { field: 'cardioLoads', name: 'UserCardioLoadsConnection', edge: 'UserCardioLoadsEdge' }, ofDate: 'cardioLoad' });
