// Public surface of src/analytics: pure functions over plain arrays (SPEC: shared/analytics/SPEC.md).
// The GraphQL layer should need only `computeUserAnalytics` and the types; the lower-level
// functions are exported for ad-hoc use and tests.

export { baselineWindowAt, computeUserAnalytics } from './compute.js';
export type {
  AcwrDay,
  AnalyticsFeature,
  AnomalyCheck,
  AvailabilityReport,
  AvailabilityRequirement,
  BaselineHistory,
  BaselineWindow,
  CorrelationResult,
  DailyValues,
  DayAnalytics,
  FeatureAvailability,
  HrvDay,
  MetricTrend,
  NightSleep,
  PolarScores,
  RestingHrDay,
  SleepDay,
  TrainingLoadDay,
  TrendDirection,
  TrendResult,
  UserAnalytics,
  WindowStats,
} from './compute.js';
export type { DailyRecord, DailySeriesInput } from './input.js';
export * from './options.js';
export { AnalyticsInputError, AnalyticsStatus, ValueSource, type Gated } from './types.js';

export * from './stats.js';
export { rollingWindowStats, type WindowSeries } from './rolling.js';
export { dayNumber, dateFromDayNumber, isoWeekday } from './dates.js';
export * from './hrv.js';
export * from './anomalies.js';
export * from './readiness.js';
export * from './trainingLoad.js';
export * from './sleep.js';
export { deriveSleep, type DerivedSleep, type SleepEpisode } from './series.js';
export * from './trends.js';
