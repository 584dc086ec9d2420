// Every constant of SPEC.md as a named, exported default, gathered into one options object.
// "Our choice" values (SPEC: not published by any vendor) are marked as such.

/** Daily metrics that get baselines and anomaly checks. */
export const DAILY_METRICS = [
  'lnRmssd',
  'restingHr',
  'breathingRate',
  'ansCharge',
  'sleepMinutes',
  'sleepScore',
  'sleepEfficiency',
  'midSleep',
  'steps',
  'calories',
  'trainingLoad',
  'skinTemperature',
  'skinTemperatureDeviation',
  'spo2',
] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];

/** Which side of the usual range is bad (SPEC §2.1). `BOTH` = two-sided. */
export type BadDirection = 'LOW' | 'HIGH' | 'BOTH';

// §1 HRV
export const HRV_ROLLING_DAYS = 7;
export const HRV7_MIN_NIGHTS = 3;
export const CV7_MIN_NIGHTS = 5;
export const HRV_BASELINE_DAYS = 60;
export const HRV_BASELINE_MIN_NIGHTS = 14;
export const SWC_K = 0.5;
export const SWC_K_ALTERNATIVES = [0.75, 1.0] as const;
export const KIVINIEMI_DAYS = 10;
export const KIVINIEMI_MIN_NIGHTS = 10;
export const KIVINIEMI_SD_MULTIPLIER = 1;

// Baseline windows (SPEC brief: 7/30/60/90). Minimum valid points per window: our choice.
export const BASELINE_WINDOWS = [7, 30, 60, 90] as const;
export const BASELINE_MIN_VALID: Readonly<Record<number, number>> = { 7: 3, 28: 7, 30: 10, 60: 14, 90: 21 };

// §2 anomalies
export const MODZ_CONSTANT = 0.6745;
export const MEAN_AD_CONSTANT = 1.253314; // √(π/2)
export const MODZ_THRESHOLD = 3.5;
/** Our choice: |M| at or above this is CRITICAL rather than WARNING (2 × MODZ_THRESHOLD). */
export const MODZ_CRITICAL_THRESHOLD = 7;
export const MODZ_MIN_N = 7;
export const TUKEY_MIN_N = 10;
export const TUKEY_K = { inner: 1.5, outer: 3.0 } as const;
export const ANOMALY_ACUTE_WINDOW_DAYS = 28;
export const ANOMALY_SLOW_WINDOW_DAYS = 60;
export const WEEKDAY_WEEKS = 8;
export const WEEKDAY_MIN_VALUES = 4;
/** SPEC §1.5: ANS charge is already personalised, so threshold it directly. Critical level: our choice. */
export const ANS_CHARGE_WARNING = -5;
export const ANS_CHARGE_CRITICAL = -8;
/** Our choice: each metric of a combined (illness-style) signal must pass this modified z in its bad direction. */
export const COMBINED_SIGNAL_Z = 2;

export interface MadFloor {
  absolute?: number;
  /** Fraction of the window median (steps: 0.05). */
  relativeToMedian?: number;
}

/** SPEC §2.1 optional MAD floors (our choice; off by default, as in the reference examples). */
export const SUGGESTED_MAD_FLOORS: Readonly<Partial<Record<DailyMetric, MadFloor>>> = {
  restingHr: { absolute: 1 },
  lnRmssd: { absolute: 0.03 },
  sleepMinutes: { absolute: 15 },
  skinTemperature: { absolute: 0.1 },
  skinTemperatureDeviation: { absolute: 0.1 },
  steps: { relativeToMedian: 0.05 },
};

export interface MetricAnomalyRule {
  badDirection: BadDirection;
  windowDays: number;
  weekdayAware: boolean;
  /** `modifiedZ` (SPEC §2.1–2.2) or `ansThreshold` (SPEC §1.5, applied to the raw value). */
  method: 'modifiedZ' | 'ansThreshold';
}

export const DEFAULT_ANOMALY_RULES: Readonly<Record<DailyMetric, MetricAnomalyRule | null>> = {
  lnRmssd: { badDirection: 'LOW', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  restingHr: { badDirection: 'HIGH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  // Our choice: an elevated breathing rate is the illness-relevant side.
  breathingRate: { badDirection: 'HIGH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  ansCharge: { badDirection: 'LOW', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'ansThreshold' },
  sleepMinutes: { badDirection: 'LOW', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  sleepScore: { badDirection: 'LOW', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  sleepEfficiency: { badDirection: 'LOW', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  // SPEC §2.3: steps, calories and sleep timing are weekly.
  midSleep: { badDirection: 'BOTH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: true, method: 'modifiedZ' },
  steps: { badDirection: 'BOTH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: true, method: 'modifiedZ' },
  calories: { badDirection: 'BOTH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: true, method: 'modifiedZ' },
  // Load has its own analytics (ACWR, monotony); rest days make MAD rules meaningless.
  trainingLoad: null,
  skinTemperature: { badDirection: 'BOTH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  skinTemperatureDeviation: { badDirection: 'BOTH', windowDays: ANOMALY_ACUTE_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
  spo2: { badDirection: 'LOW', windowDays: ANOMALY_SLOW_WINDOW_DAYS, weekdayAware: false, method: 'modifiedZ' },
};

// §3 training load
export type PmcConstantForm = 'simple' | 'exp' | 'ema';
export const CTL_DAYS = 42;
export const ATL_DAYS = 7;
export const PMC_CONSTANT_FORM: PmcConstantForm = 'exp';
export const CTL_CALIBRATION_DAYS = 42;
export const RAMP_DAYS = 7;
export type AcwrMethod = 'ewma' | 'ra' | 'ra_uncoupled';
export const ACWR_METHOD: AcwrMethod = 'ewma';
export const ACWR_ACUTE_DAYS = 7;
export const ACWR_CHRONIC_DAYS = 28;
export const ACWR_BANDS = { underPrepared: 0.8, sweetSpotMax: 1.3, danger: 1.5 } as const;
export const MONOTONY_DAYS = 7;
export const MONOTONY_CAP = 10;
export const TRIMP_MALE = { a: 0.64, b: 1.92 } as const;
export const TRIMP_FEMALE_A = 0.86;
export const TRIMP_FEMALE_B = 1.67;

// §4 sleep
export const DEFAULT_SLEEP_NEED_MINUTES = 480;
export const SLEEP_DEBT_DAYS = 14;
export const SLEEP_DEBT_MIN_NIGHTS = 5;
export const SLEEP_DEBT_CATEGORY_MINUTES = { lowBelow: 120, highAbove: 300 } as const;
export const SLEEP_SPAN_TOLERANCE_MINUTES = 5;
export const SLEEP_EFFICIENCY_NORMAL = 85;
export const SRI_EPOCH_MINUTES = 1;
export const SRI_WINDOW_DAYS = 14;
export const SRI_MIN_PAIRS = 7;
export const MID_SLEEP_WINDOW_DAYS = 14;
export const MID_SLEEP_MIN_NIGHTS = 5;
/** Our choice: window and minimum nights per group for social jetlag. */
export const SOCIAL_JETLAG_WINDOW_DAYS = 28;
export const SOCIAL_JETLAG_MIN_NIGHTS_PER_GROUP = 2;
/** ISO weekdays of the wake-up day that end a night before a free day (Fri→Sat, Sat→Sun). */
export const FREE_WAKE_WEEKDAYS = [6, 7] as const;

// §5 readiness
export const READINESS_BASELINE_DAYS = 60;
export const READINESS_MIN_NIGHTS = 14;
export const READINESS_Z_CLIP = 3;
export const READINESS_WEIGHTS = { hrv: 0.5, restingHr: 0.3, sleep: 0.2, skinTemperature: 0, ansCharge: 0 } as const;
export const READINESS_BANDS = { highAtLeast: 67, lowAtMost: 33 } as const;
export const ROBUST_SD_FACTOR = 1.4826;

// §6 trends and correlations
export const TREND_WINDOWS = [30, 90] as const;
export const TREND_MIN_POINTS = 10;
export const TREND_MIN_COVERAGE = 0.5;
export const TREND_ALPHA = 0.05;
export const CORRELATION_WINDOW_DAYS = 90;
export const CORRELATION_MAX_LAG = 3;
export const CORRELATION_MIN_PAIRS = 14;
export const CORRELATION_MEANINGFUL_PAIRS = 28;

export interface CorrelationPairSpec {
  a: DailyMetric;
  b: DailyMetric;
}

export interface AnalyticsOptions {
  baselines: {
    windows: readonly number[];
    /** Minimum valid points per window length; windows not listed need ceil(w/3). */
    minValid: Readonly<Record<number, number>>;
  };
  hrv: {
    rollingDays: number;
    rollingMinNights: number;
    cvMinNights: number;
    baselineDays: number;
    baselineMinNights: number;
    swcK: number;
    kiviniemiDays: number;
    kiviniemiMinNights: number;
    kiviniemiSdMultiplier: number;
  };
  anomalies: {
    rules: Readonly<Record<DailyMetric, MetricAnomalyRule | null>>;
    modZThreshold: number;
    modZCriticalThreshold: number;
    modZMinN: number;
    tukeyMinN: number;
    tukeyInnerK: number;
    tukeyOuterK: number;
    weekdayWeeks: number;
    weekdayMinValues: number;
    madFloors: Readonly<Partial<Record<DailyMetric, MadFloor>>>;
    ansChargeWarning: number;
    ansChargeCritical: number;
    combinedSignalZ: number;
  };
  readiness: {
    baselineDays: number;
    minNights: number;
    weights: { hrv: number; restingHr: number; sleep: number; skinTemperature: number; ansCharge: number };
    /** Median and 1.4826·MAD instead of mean and SD (SPEC §5.1). */
    robust: boolean;
    zClip: number;
    sleepComponent: 'sleepMinutes' | 'sleepScore';
    /** Divide C by the SD of C over the previous baselineDays (SPEC §5.3 optional step). */
    calibrateComposite: boolean;
    bands: { highAtLeast: number; lowAtMost: number };
  };
  load: {
    ctlDays: number;
    atlDays: number;
    pmcForm: PmcConstantForm;
    /** Seed of CTL/ATL: a number, or the mean daily load of the first 28 days (SPEC §3.3, our choice). */
    pmcSeed: number | 'firstMonthMean';
    ctlCalibrationDays: number;
    rampDays: number;
    acwrMethod: AcwrMethod;
    acuteDays: number;
    chronicDays: number;
    /** SPEC §3.4 "pin the seed": 0 (default, as for the PMC) or the first day's load. */
    ewmaSeed: 'zero' | 'firstLoad';
    acwrBands: { underPrepared: number; sweetSpotMax: number; danger: number };
    monotonyDays: number;
    monotonySd: 'sample' | 'population';
    /** null = monotony is null when SD is 0; a number caps monotony (fellrnr: 10). */
    monotonyCap: number | null;
  };
  sleep: {
    defaultNeedMinutes: number;
    debtDays: number;
    debtMinNights: number;
    spanToleranceMinutes: number;
    sriEpochMinutes: number;
    sriWindowDays: number;
    sriMinPairs: number;
    midSleepWindowDays: number;
    midSleepMinNights: number;
    socialJetlagWindowDays: number;
    socialJetlagMinNightsPerGroup: number;
    freeWakeWeekdays: readonly number[];
  };
  trends: {
    windows: readonly number[];
    minPoints: number;
    minCoverage: number;
    alpha: number;
    autocorrelation: 'none' | 'hamedRao';
    metrics: readonly DailyMetric[];
  };
  correlations: {
    windowDays: number;
    maxLag: number;
    minPairs: number;
    meaningfulPairs: number;
    pairs: readonly CorrelationPairSpec[];
  };
  /** Only days in this inclusive range are returned (history before `from` is still used). */
  range: { from?: string; to?: string };
}

export const DEFAULT_ANALYTICS_OPTIONS: AnalyticsOptions = {
  baselines: { windows: BASELINE_WINDOWS, minValid: BASELINE_MIN_VALID },
  hrv: {
    rollingDays: HRV_ROLLING_DAYS,
    rollingMinNights: HRV7_MIN_NIGHTS,
    cvMinNights: CV7_MIN_NIGHTS,
    baselineDays: HRV_BASELINE_DAYS,
    baselineMinNights: HRV_BASELINE_MIN_NIGHTS,
    swcK: SWC_K,
    kiviniemiDays: KIVINIEMI_DAYS,
    kiviniemiMinNights: KIVINIEMI_MIN_NIGHTS,
    kiviniemiSdMultiplier: KIVINIEMI_SD_MULTIPLIER,
  },
  anomalies: {
    rules: DEFAULT_ANOMALY_RULES,
    modZThreshold: MODZ_THRESHOLD,
    modZCriticalThreshold: MODZ_CRITICAL_THRESHOLD,
    modZMinN: MODZ_MIN_N,
    tukeyMinN: TUKEY_MIN_N,
    tukeyInnerK: TUKEY_K.inner,
    tukeyOuterK: TUKEY_K.outer,
    weekdayWeeks: WEEKDAY_WEEKS,
    weekdayMinValues: WEEKDAY_MIN_VALUES,
    madFloors: {},
    ansChargeWarning: ANS_CHARGE_WARNING,
    ansChargeCritical: ANS_CHARGE_CRITICAL,
    combinedSignalZ: COMBINED_SIGNAL_Z,
  },
  readiness: {
    baselineDays: READINESS_BASELINE_DAYS,
    minNights: READINESS_MIN_NIGHTS,
    weights: { ...READINESS_WEIGHTS },
    robust: false,
    zClip: READINESS_Z_CLIP,
    sleepComponent: 'sleepMinutes',
    calibrateComposite: false,
    bands: { ...READINESS_BANDS },
  },
  load: {
    ctlDays: CTL_DAYS,
    atlDays: ATL_DAYS,
    pmcForm: PMC_CONSTANT_FORM,
    pmcSeed: 0,
    ctlCalibrationDays: CTL_CALIBRATION_DAYS,
    rampDays: RAMP_DAYS,
    acwrMethod: ACWR_METHOD,
    acuteDays: ACWR_ACUTE_DAYS,
    chronicDays: ACWR_CHRONIC_DAYS,
    ewmaSeed: 'zero',
    acwrBands: { ...ACWR_BANDS },
    monotonyDays: MONOTONY_DAYS,
    monotonySd: 'sample',
    monotonyCap: null,
  },
  sleep: {
    defaultNeedMinutes: DEFAULT_SLEEP_NEED_MINUTES,
    debtDays: SLEEP_DEBT_DAYS,
    debtMinNights: SLEEP_DEBT_MIN_NIGHTS,
    spanToleranceMinutes: SLEEP_SPAN_TOLERANCE_MINUTES,
    sriEpochMinutes: SRI_EPOCH_MINUTES,
    sriWindowDays: SRI_WINDOW_DAYS,
    sriMinPairs: SRI_MIN_PAIRS,
    midSleepWindowDays: MID_SLEEP_WINDOW_DAYS,
    midSleepMinNights: MID_SLEEP_MIN_NIGHTS,
    socialJetlagWindowDays: SOCIAL_JETLAG_WINDOW_DAYS,
    socialJetlagMinNightsPerGroup: SOCIAL_JETLAG_MIN_NIGHTS_PER_GROUP,
    freeWakeWeekdays: FREE_WAKE_WEEKDAYS,
  },
  trends: {
    windows: TREND_WINDOWS,
    minPoints: TREND_MIN_POINTS,
    minCoverage: TREND_MIN_COVERAGE,
    alpha: TREND_ALPHA,
    autocorrelation: 'hamedRao',
    metrics: ['lnRmssd', 'restingHr', 'sleepMinutes', 'steps', 'trainingLoad', 'skinTemperature', 'breathingRate'],
  },
  correlations: {
    windowDays: CORRELATION_WINDOW_DAYS,
    maxLag: CORRELATION_MAX_LAG,
    minPairs: CORRELATION_MIN_PAIRS,
    meaningfulPairs: CORRELATION_MEANINGFUL_PAIRS,
    pairs: [
      { a: 'trainingLoad', b: 'lnRmssd' },
      { a: 'trainingLoad', b: 'restingHr' },
      { a: 'sleepMinutes', b: 'lnRmssd' },
      { a: 'steps', b: 'sleepMinutes' },
    ],
  },
  range: {},
};

/** Deep-partial options as accepted by the public entry points. */
export type AnalyticsOptionsInput = {
  [K in keyof AnalyticsOptions]?: AnalyticsOptions[K] extends readonly unknown[]
    ? AnalyticsOptions[K]
    : AnalyticsOptions[K] extends object
      ? { [P in keyof AnalyticsOptions[K]]?: AnalyticsOptions[K][P] extends readonly unknown[] ? AnalyticsOptions[K][P] : AnalyticsOptions[K][P] extends object ? Partial<AnalyticsOptions[K][P]> : AnalyticsOptions[K][P] }
      : AnalyticsOptions[K];
};

function mergeSection<T extends object>(base: T, override: object | undefined): T {
  if (!override) return base;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = merged[key];
    const isPlainObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  return merged as T;
}

export function resolveOptions(input: AnalyticsOptionsInput = {}): AnalyticsOptions {
  const d = DEFAULT_ANALYTICS_OPTIONS;
  return {
    baselines: mergeSection(d.baselines, input.baselines),
    hrv: mergeSection(d.hrv, input.hrv),
    anomalies: mergeSection(d.anomalies, input.anomalies),
    readiness: mergeSection(d.readiness, input.readiness),
    load: mergeSection(d.load, input.load),
    sleep: mergeSection(d.sleep, input.sleep),
    trends: mergeSection(d.trends, input.trends),
    correlations: mergeSection(d.correlations, input.correlations),
    range: mergeSection(d.range, input.range),
  };
}

export function minValidForWindow(options: AnalyticsOptions, windowDays: number): number {
  return options.baselines.minValid[windowDays] ?? Math.ceil(windowDays / 3);
}
