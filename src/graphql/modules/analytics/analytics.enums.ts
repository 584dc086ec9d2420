// Enums of the analytics fields. GraphQL names are UPPER_SNAKE_CASE; their internal values are the
// identifiers src/analytics uses, so resolvers pass them through unchanged.
import { BASELINE_WINDOWS, DAILY_METRICS, type DailyMetric } from '../../../analytics/index.js';
import { builder } from '../../builder.js';

const METRIC_DOCS: Record<DailyMetric, string> = {
  lnRmssd: 'Natural log of the nightly RMSSD (Nightly Recharge `heart_rate_variability_avg`, ms).',
  restingHr: 'Resting heart rate, bpm (Nightly Recharge `heart_rate_avg`).',
  breathingRate: 'Breathing rate during sleep, breaths/min (Nightly Recharge).',
  ansCharge: 'Polar ANS charge, −10…+10 (already personalised by Polar).',
  sleepMinutes: 'Total sleep time, minutes (light + deep + REM + unrecognised).',
  sleepScore: 'Polar sleep score, 1–100.',
  sleepEfficiency: 'Sleep efficiency, % (100·TST/span; no time in bed is known).',
  midSleep: 'Mid-sleep time, minutes since 18:00 of the evening before the wake-up day.',
  steps: 'Daily steps.',
  calories: 'Daily calories, kcal.',
  trainingLoad: 'Daily training load: Σ cardio load of the exercises started that day (0 without exercise).',
  skinTemperature: 'Sleep-time skin temperature, °C.',
  skinTemperatureDeviation: 'Skin temperature deviation from Polar’s baseline, °C.',
  spo2: 'Blood oxygen %, from the day’s last passed SpO2 test.',
};

const upperSnake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export const MetricEnum = builder.enumType('AnalyticsMetric', {
  description: 'A daily metric of the analytics (SPEC §0: a missing night is absent, never 0; the training load is 0 on rest days).',
  values: Object.fromEntries(DAILY_METRICS.map((metric) => [upperSnake(metric), { value: metric, description: METRIC_DOCS[metric] }])) as Record<
    string,
    { value: DailyMetric; description: string }
  >,
});

export const BaselineWindowEnum = builder.enumType('BaselineWindow', {
  description: 'Trailing calendar window of a baseline: dates t−N+1…t, never "the last N rows".',
  values: Object.fromEntries(BASELINE_WINDOWS.map((days) => [`DAYS_${days}`, { value: days, description: `The ${days} calendar days ending on the day.` }])) as Record<
    string,
    { value: number; description: string }
  >,
});

export const AnalyticsStatusEnum = builder.enumType('AnalyticsStatus', {
  description: 'Whether a computed value is available. Every value is null unless the status is OK.',
  values: {
    OK: { description: 'Computed.' },
    CALIBRATING: { description: 'Too little history so far: the device has not been worn long enough for this window.' },
    INSUFFICIENT_WINDOW: { description: 'History is long enough, but the current window is too sparse (or today’s value is missing).' },
    NO_DATA: { description: 'No data for this day or metric.' },
  } as const,
});

export const ValueSourceEnum = builder.enumType('ValueSource', {
  description: 'Who computed a value.',
  values: {
    POLAR: { description: 'A Polar score passed through unchanged.' },
    LOCAL: { description: 'Computed by this server (shared/analytics/SPEC.md).' },
  } as const,
});

export const AnomalySeverityEnum = builder.enumType('AnomalySeverity', {
  description: 'CRITICAL: |modified z| ≥ 7, beyond the Tukey outer fence, ANS charge ≤ −8, or the illness pattern; otherwise WARNING.',
  values: ['WARNING', 'CRITICAL'] as const,
});

export const AnomalyKindEnum = builder.enumType('AnomalyKind', {
  values: {
    METRIC: { description: 'One metric outside its robust range on its bad side (modified z > 3.5, or ANS charge ≤ −5).' },
    ILLNESS_PATTERN: { description: 'HRV down, resting HR up and skin temperature up together (each |modified z| ≥ 2 in its bad direction).' },
    HRV_DOWN_RHR_UP: { description: 'HRV down and resting HR up together, without a temperature rise.' },
  } as const,
});

export const DeviationEnum = builder.enumType('AnalyticsDeviation', {
  description: 'Which side of the history median a value lies on.',
  values: ['LOW', 'HIGH', 'NONE'] as const,
});

export const ReadinessBandEnum = builder.enumType('ReadinessBand', {
  description: 'Score ≥ 67 HIGH, ≤ 33 LOW, else MODERATE (WHOOP’s cut-offs).',
  values: ['HIGH', 'MODERATE', 'LOW'] as const,
});

export const ReadinessComponentEnum = builder.enumType('ReadinessComponentName', {
  values: {
    HRV: { value: 'hrv' },
    RESTING_HR: { value: 'restingHr' },
    SLEEP: { value: 'sleep' },
    SKIN_TEMPERATURE: { value: 'skinTemperature' },
    ANS_CHARGE: { value: 'ansCharge' },
  } as const,
});

export const AcwrBandEnum = builder.enumType('AcwrBand', {
  description: 'Gabbett 2016 labels of the acute:chronic ratio (< 0.8, 0.8–1.3, 1.3–1.5, > 1.5): descriptive, not injury probabilities.',
  values: ['UNDER_PREPARED', 'SWEET_SPOT', 'ELEVATED', 'DANGER'] as const,
});

export const SleepDebtCategoryEnum = builder.enumType('SleepDebtCategory', {
  description: 'NONE 0 h, LOW < 2 h, MODERATE 2–5 h, HIGH > 5 h (Oura).',
  values: ['NONE', 'LOW', 'MODERATE', 'HIGH'] as const,
});

export const TrendDirectionEnum = builder.enumType('TrendDirection', {
  description: 'Set only when p < 0.05 and the change over the window is at least the smallest worthwhile change.',
  values: ['INCREASING', 'DECREASING', 'NONE'] as const,
});

export const BandPositionEnum = builder.enumType('NormalBandPosition', { values: ['BELOW', 'WITHIN', 'ABOVE'] as const });

export const AnalyticsFeatureEnum = builder.enumType('AnalyticsFeature', {
  values: [
    'HRV_ROLLING_MEAN',
    'HRV_CV',
    'HRV_NORMAL_BAND',
    'RESTING_HR_NORMAL_BAND',
    'KIVINIEMI',
    'READINESS',
    'ANOMALIES',
    'CTL',
    'ACWR',
    'MONOTONY',
    'SLEEP_DEBT',
    'SLEEP_REGULARITY',
    'MID_SLEEP_VARIABILITY',
    'SOCIAL_JETLAG',
    'TRENDS',
    'CORRELATIONS',
  ] as const,
});

export const RequirementUnitEnum = builder.enumType('AnalyticsRequirementUnit', {
  values: { NIGHTS: { value: 'nights' }, DAYS: { value: 'days' }, POINTS: { value: 'points' }, PAIRS: { value: 'pairs' } } as const,
});
