// The high-level entry: every analytics of one user's daily series in one pass over the days.
// Window statistics are computed once per (metric, window) with sorted sliding windows
// (rolling.ts), so the whole run is O(n·w); the output can be limited to a date range while
// the history before it is still used (no look-ahead: day t only ever reads days ≤ t).

import {
  combinedSignals,
  evaluateAnomaly,
  evaluateAnsCharge,
  madFloorValue,
  metricAnomaly,
  type Anomaly,
  type AnomalyChecks,
  type AnomalyEvaluation,
  type RobustHistory,
} from './anomalies.js';
import { dayNumber } from './dates.js';
import { kiviniemiFromStats, normalBand, type HrvWeek, type KiviniemiResult, type NormalBand } from './hrv.js';
import type { DailySeriesInput } from './input.js';
import {
  DAILY_METRICS,
  MEAN_AD_CONSTANT,
  MODZ_CONSTANT,
  ROBUST_SD_FACTOR,
  minValidForWindow,
  resolveOptions,
  type AcwrMethod,
  type AnalyticsOptions,
  type AnalyticsOptionsInput,
  type DailyMetric,
} from './options.js';
import { combineReadiness, type Readiness, type ReadinessComponentInput, type ReadinessComponentName } from './readiness.js';
import { historyDays, rollingWindowStats, type WindowSeries } from './rolling.js';
import { buildDailySeries, type DailySeries, type DerivedSleep, type SleepEpisode } from './series.js';
import {
  sleepDebt,
  socialJetlag,
  type MidSleepVariability,
  type SleepDebt,
  type SleepRegularity,
  type SocialJetlag,
} from './sleep.js';
import { madSorted, meanAbsoluteDeviation, quantileSorted, sampleSd } from './stats.js';
import {
  acwrBand,
  acwrEwma,
  acwrRollingCoupled,
  acwrRollingUncoupled,
  firstPeriodMeanLoad,
  fosterMonotony,
  performanceManagement,
  type AcwrBand,
  type AcwrSeries,
  type MonotonyResult,
} from './trainingLoad.js';
import { laggedCorrelation, mannKendall, type LaggedCorrelation, type MannKendallResult, type TimedValue } from './trends.js';
import { AnalyticsStatus, ValueSource, notOk, ok, shortfallStatus, type Gated } from './types.js';

// ---------------------------------------------------------------------------------------------
// Output types

export interface WindowStats {
  n: number;
  mean: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  /** Sample SD (n − 1). */
  sd: number;
  /** Unscaled median absolute deviation. */
  mad: number;
  min: number;
  max: number;
  /** exp(mean) for ln rMSSD (the geometric mean in ms, SPEC §0 "Logs"); null for other metrics. */
  backTransformedMean: number | null;
}

/** One trailing calendar window [t − windowDays + 1, t] of one metric on one day. */
export interface BaselineWindow extends Gated<WindowStats> {
  metric: DailyMetric;
  date: string;
  windowDays: number;
  /** Valid points in the window, also when the status is not OK. */
  n: number;
  minValid: number;
}

/**
 * The as-of history of one metric's baseline window, column-wise (index i ↔ UserAnalytics.days[i]):
 * years of daily stats for every metric and window are ~10^6 numbers, which typed arrays hold
 * without per-day objects. Statistic columns are NaN wherever status is not OK; use
 * `baselineWindowAt` for the Gated object of one day.
 */
export interface BaselineHistory {
  metric: DailyMetric;
  windowDays: number;
  minValid: number;
  source: ValueSource;
  status: AnalyticsStatus[];
  n: Int32Array;
  mean: Float64Array;
  median: Float64Array;
  q1: Float64Array;
  q3: Float64Array;
  iqr: Float64Array;
  sd: Float64Array;
  mad: Float64Array;
  min: Float64Array;
  max: Float64Array;
  /** exp(mean) for ln rMSSD (geometric mean in ms); null for other metrics. */
  backTransformedMean: Float64Array | null;
}

export type DailyValues = Record<DailyMetric, number | null>;

export interface PolarScores {
  ansCharge: Gated<number>;
  ansChargeStatus: Gated<number>;
  nightlyRechargeStatus: Gated<number>;
  sleepScore: Gated<number>;
  sleepCharge: Gated<number>;
  cardioLoadStatus: Gated<string>;
  strain: Gated<number>;
  tolerance: Gated<number>;
  cardioLoadRatio: Gated<number>;
  spo2Class: Gated<string>;
}

export interface HrvDay {
  lnRmssd: number | null;
  rmssdMs: number | null;
  /** SPEC §1.2 HRV7: mean ln rMSSD over the 7 calendar days ending today (≥ 3 nights). */
  rolling: Gated<HrvWeek>;
  /** SPEC §1.2 CV of ln rMSSD in % (≥ 5 nights). */
  cvLnRmssd: Gated<number>;
  /** SPEC §1.3 SWC band of the 60-day baseline and the 7-day mean's position. */
  normalBand: Gated<NormalBand>;
  /** SPEC §1.4, on ln rMSSD. */
  kiviniemi: Gated<KiviniemiResult>;
}

export interface RestingHrDay {
  restingHr: number | null;
  rolling: Gated<number>;
  normalBand: Gated<NormalBand>;
}

export interface AnomalyCheck extends Gated<AnomalyEvaluation> {
  metric: DailyMetric;
}

export interface AcwrDay {
  method: AcwrMethod;
  /** The configured method's ratio and its Gabbett label (local status, SPEC §3.5). */
  ratio: Gated<number>;
  band: Gated<AcwrBand>;
  rollingCoupled: Gated<number>;
  rollingUncoupled: Gated<number>;
  ewma: Gated<number>;
}

export interface TrainingLoadDay {
  /** L_t, 0 on a day without exercise. */
  load: number;
  ctl: Gated<number>;
  atl: Gated<number>;
  /** Previous-day convention: CTL_{t−1} − ATL_{t−1}. */
  tsb: Gated<number>;
  tsbSameDay: Gated<number>;
  rampRate: Gated<number>;
  /** CTL/ATL/TSB as computed even while CALIBRATING (SPEC §7: "value still computed"). */
  estimates: { ctl: number; atl: number; tsb: number; tsbSameDay: number };
  acwr: AcwrDay;
  monotony: Gated<MonotonyResult>;
  /** Polar's cardio_load_status passed through unchanged. */
  polarStatus: Gated<string>;
}

export interface NightSleep {
  totalSleepMinutes: number | null;
  spanMinutes: number | null;
  efficiencyPercent: number | null;
  spanConsistent: boolean | null;
  lightShare: number | null;
  deepShare: number | null;
  remShare: number | null;
  midSleepMinutesSince18: number | null;
  needMinutes: number;
}

export interface SleepDay {
  night: Gated<NightSleep>;
  debt: Gated<SleepDebt>;
  regularity: Gated<SleepRegularity>;
  midSleepVariability: Gated<MidSleepVariability>;
  socialJetlag: Gated<SocialJetlag>;
}

/**
 * One day's analytics. `values`, `polar`, `hrv`, `restingHr`, `anomalyChecks`, `trainingLoad` and
 * `sleep` are own enumerable getters computed on first access (and then cached); `anomalies` and
 * `readiness` are computed up front. Reading order never changes a value.
 */
export interface DayAnalytics {
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  /** False for a calendar gap (no row in the input). */
  hasRecord: boolean;
  values: DailyValues;
  polar: PolarScores;
  hrv: HrvDay;
  restingHr: RestingHrDay;
  /** One check per metric with an anomaly rule, flagged or not. */
  anomalyChecks: AnomalyCheck[];
  /** Flagged findings only, including combined signals. */
  anomalies: Anomaly[];
  readiness: Gated<Readiness>;
  trainingLoad: TrainingLoadDay;
  sleep: SleepDay;
}

export type TrendDirection = 'INCREASING' | 'DECREASING' | 'NONE';

export interface TrendResult extends MannKendallResult {
  coverage: number;
  significant: boolean;
  /** Set only when p < alpha and |slope·windowDays| ≥ the metric's SWC (SPEC §6.1). */
  direction: TrendDirection;
  smallestWorthwhileChange: number | null;
}

export interface MetricTrend extends Gated<TrendResult> {
  metric: DailyMetric;
  windowDays: number;
  asOf: string;
}

export interface CorrelationResult extends Gated<LaggedCorrelation> {
  a: DailyMetric;
  b: DailyMetric;
  lag: number;
  windowDays: number;
  asOf: string;
}

export type AnalyticsFeature =
  | 'HRV_ROLLING_MEAN'
  | 'HRV_CV'
  | 'HRV_NORMAL_BAND'
  | 'RESTING_HR_NORMAL_BAND'
  | 'KIVINIEMI'
  | 'READINESS'
  | 'ANOMALIES'
  | 'CTL'
  | 'ACWR'
  | 'MONOTONY'
  | 'SLEEP_DEBT'
  | 'SLEEP_REGULARITY'
  | 'MID_SLEEP_VARIABILITY'
  | 'SOCIAL_JETLAG'
  | 'TRENDS'
  | 'CORRELATIONS';

export interface AvailabilityRequirement {
  description: string;
  have: number;
  need: number;
  unit: 'nights' | 'days' | 'points' | 'pairs';
}

export interface FeatureAvailability {
  feature: AnalyticsFeature;
  /** Set for per-metric features (ANOMALIES, TRENDS) and CORRELATIONS ("a→b"). */
  metric: string | null;
  status: AnalyticsStatus;
  unlocked: boolean;
  requirements: AvailabilityRequirement[];
}

/** Read off the same per-day results the API returns, as of `asOf` (the last returned day). */
export interface AvailabilityReport {
  asOf: string | null;
  features: FeatureAvailability[];
}

export interface UserAnalytics {
  firstDate: string | null;
  lastDate: string | null;
  options: AnalyticsOptions;
  days: DayAnalytics[];
  /** Every metric × every baseline window, aligned with `days`. */
  baselines: BaselineHistory[];
  trends: MetricTrend[];
  correlations: CorrelationResult[];
  availability: AvailabilityReport;
}

// ---------------------------------------------------------------------------------------------

function gatedNumber(value: number | null | undefined, source: ValueSource): Gated<number> {
  return typeof value === 'number' && Number.isFinite(value) ? ok(value, source) : notOk(AnalyticsStatus.NO_DATA, source);
}

function gatedString(value: string | null | undefined, source: ValueSource): Gated<string> {
  return typeof value === 'string' && value.length > 0 ? ok(value, source) : notOk(AnalyticsStatus.NO_DATA, source);
}

function nullable(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** Lazily computed, memoised per-(metric, window) rolling statistics and per-metric history. */
class SeriesContext {
  private readonly windows = new Map<DailyMetric, Map<number, WindowSeries>>();
  private readonly histories = new Map<DailyMetric, Int32Array>();

  constructor(readonly series: DailySeries) {}

  stats(metric: DailyMetric, windowDays: number): WindowSeries {
    let byWindow = this.windows.get(metric);
    if (!byWindow) {
      byWindow = new Map();
      this.windows.set(metric, byWindow);
    }
    let result = byWindow.get(windowDays);
    if (!result) {
      result = rollingWindowStats(this.series.metrics[metric], windowDays);
      byWindow.set(windowDays, result);
    }
    return result;
  }

  /**
   * The window statistics for a caller that may modify them: the memoised series as a shared
   * copy-on-write candidate (`shared`), or a fresh one nobody else sees.
   */
  statsForWrite(metric: DailyMetric, windowDays: number): { series: WindowSeries; shared: boolean } {
    const cached = this.windows.get(metric)?.get(windowDays);
    return cached ? { series: cached, shared: true } : { series: rollingWindowStats(this.series.metrics[metric], windowDays), shared: false };
  }

  history(metric: DailyMetric): Int32Array {
    let result = this.histories.get(metric);
    if (!result) {
      result = historyDays(this.series.metrics[metric]);
      this.histories.set(metric, result);
    }
    return result;
  }

  /** Days of history up to and including t (0 for t < 0). */
  historyAt(metric: DailyMetric, t: number): number {
    return t < 0 ? 0 : (this.history(metric)[t] as number);
  }

  /** n in window ending at t (0 for t < 0). */
  nAt(metric: DailyMetric, windowDays: number, t: number): number {
    if (t < 0) return 0;
    const cached = this.windows.get(metric)?.get(windowDays);
    if (cached) return cached.n[t] as number;
    // One day's count (availability, trends) needs no sliding pass over the whole series.
    const values = this.series.metrics[metric];
    let n = 0;
    for (let d = Math.max(0, t - windowDays + 1); d <= t; d++) if (!Number.isNaN(values[d] as number)) n++;
    return n;
  }

  /**
   * The sample SD of the window ending at t, bit-identical to `stats(metric, windowDays).sd[t]`
   * (the same running shifted sums, in the same order) without sorting or allocating columns.
   */
  sdAt(metric: DailyMetric, windowDays: number, t: number): number {
    const cached = this.windows.get(metric)?.get(windowDays);
    if (cached) return cached.sd[t] as number;
    const values = this.series.metrics[metric];
    let shift = Number.NaN;
    let sum = 0;
    let sumSquares = 0;
    let n = 0;
    for (let u = 0; u <= t; u++) {
      const leaving = u - windowDays >= 0 ? (values[u - windowDays] as number) : Number.NaN;
      if (!Number.isNaN(leaving)) {
        n--;
        const d = leaving - shift;
        sum -= d;
        sumSquares -= d * d;
      }
      const incoming = values[u] as number;
      if (!Number.isNaN(incoming)) {
        n++;
        if (Number.isNaN(shift)) shift = incoming;
        const d = incoming - shift;
        sum += d;
        sumSquares += d * d;
      }
      if (n === 0) {
        sum = 0;
        sumSquares = 0;
      }
    }
    if (n <= 1) return Number.NaN;
    const meanShifted = sum / n;
    return Math.sqrt(Math.max(0, sumSquares - n * meanShifted * meanShifted) / (n - 1));
  }
}

function historyFromWindow(w: WindowSeries, t: number): RobustHistory {
  if (t < 0) return { basis: 'ALL_DAYS', n: 0, median: Number.NaN, mad: Number.NaN, meanAd: Number.NaN, q1: Number.NaN, q3: Number.NaN };
  return {
    basis: 'ALL_DAYS',
    n: w.n[t] as number,
    median: w.median[t] as number,
    mad: w.mad[t] as number,
    meanAd: w.meanAdWhereMadZero[t] ?? Number.NaN,
    q1: w.q1[t] as number,
    q3: w.q3[t] as number,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * All analytics of one user's daily series (SPEC §0–§7). Pure: same input, same output.
 * Throws AnalyticsInputError for malformed dates, duplicate dates or inverted sleep times.
 */
export function computeUserAnalytics(input: DailySeriesInput, optionsInput: AnalyticsOptionsInput = {}): UserAnalytics {
  const options = resolveOptions(optionsInput);
  const series = buildDailySeries(input, options);
  const ctx = new SeriesContext(series);
  const n = series.length;
  const firstDate = n > 0 ? (series.dates[0] as string) : null;
  const lastDate = n > 0 ? (series.dates[n - 1] as string) : null;

  const fromIndex = options.range.from ? Math.max(0, dayNumber(options.range.from) - series.firstDay) : 0;
  const toIndex = options.range.to ? Math.min(n - 1, dayNumber(options.range.to) - series.firstDay) : n - 1;

  const load = buildLoadContext(series, options);
  const sleepCtx = buildSleepContext(series, options);
  const readinessCtx = { composites: new Float64Array(n).fill(Number.NaN) };

  const days: DayAnalytics[] = [];
  // Readiness calibration needs earlier composites, so start the day loop early enough.
  const loopStart = options.readiness.calibrateComposite ? 0 : fromIndex;
  for (let t = loopStart; t <= toIndex; t++) {
    const readiness = readinessAt(ctx, options, t, readinessCtx.composites);
    if (t < fromIndex) continue;
    days.push(dayAt(ctx, options, t, load, sleepCtx, readiness));
  }

  const asOf = toIndex >= 0 && toIndex >= fromIndex ? toIndex : -1;
  const trends = asOf >= 0 ? trendsAt(ctx, options, asOf) : [];
  const correlations = asOf >= 0 ? correlationsAt(ctx, options, asOf) : [];
  const lastDay = days.length > 0 ? (days[days.length - 1] as DayAnalytics) : null;
  const availability = availabilityReport(ctx, options, lastDay, asOf, load, sleepCtx, trends, correlations);
  // Every metric × window, each materialised on first access of one of its columns: a request
  // reads one or two of the ~56 histories, and each costs a sorted sliding-window pass over the
  // whole series. Values are the same whenever they are read: nothing shared is mutated.
  const baselines: BaselineHistory[] = [];
  for (const metric of DAILY_METRICS) {
    for (const windowDays of options.baselines.windows) baselines.push(lazyBaselineHistory(ctx, options, metric, windowDays, fromIndex, toIndex));
  }

  return { firstDate, lastDate, options, days, baselines, trends, correlations, availability };
}

// ---------------------------------------------------------------------------------------------
// Per day

function dayAt(ctx: SeriesContext, options: AnalyticsOptions, t: number, load: LoadContext, sleepCtx: SleepContext, readiness: Gated<Readiness>): DayAnalytics {
  const { series } = ctx;
  const row = series.rows[t];

  // Findings need the full evaluation only of checks that can flag or feed a combined signal;
  // a cheap pre-test on the same statistics skips the rest (most metrics on most days).
  // `anomalyChecks` (every check, flagged or not) is built on first access.
  const anomalies: Anomaly[] = [];
  let checks: AnomalyChecks | null = null;
  let candidates: AnomalyCheck[] | null = null;
  for (const metric of DAILY_METRICS) {
    const rule = options.anomalies.rules[metric];
    if (!rule || !mayFlag(ctx, options, metric, rule, t)) continue;
    const check = anomalyCheckAt(ctx, options, metric, t);
    (candidates ??= []).push(check);
    (checks ??= {})[metric] = check.value;
    if (check.value) {
      const flagged = metricAnomaly(metric, check.value);
      if (flagged) anomalies.push(flagged);
    }
  }
  // combinedSignals needs both HRV and resting-HR checks pointing bad; without them it finds nothing.
  if (checks?.lnRmssd && checks.restingHr) anomalies.push(...combinedSignals(checks, options.anomalies.combinedSignalZ));
  let anomalyChecks: AnomalyCheck[] | null = null;
  let values: DailyValues | null = null;
  let polar: PolarScores | null = null;
  let hrv: HrvDay | null = null;
  let restingHr: RestingHrDay | null = null;
  let trainingLoad: TrainingLoadDay | null = null;
  let sleep: SleepDay | null = null;

  return {
    date: series.dates[t] as string,
    isoWeekday: series.weekdays[t] as number,
    hasRecord: row !== undefined,
    get values(): DailyValues {
      return (values ??= valuesAt(series, t));
    },
    // The per-day sections are built on first access (a request reads a few fields of a few
    // days; years of eagerly built objects were most of the run time). They read only the
    // series and the memoised rolling columns, which nothing mutates, so values do not depend
    // on when (or whether) they are read.
    get polar(): PolarScores {
      return (polar ??= polarAt(row));
    },
    get hrv(): HrvDay {
      return (hrv ??= hrvAt(ctx, options, t));
    },
    get restingHr(): RestingHrDay {
      return (restingHr ??= restingHrAt(ctx, options, t));
    },
    get anomalyChecks(): AnomalyCheck[] {
      return (anomalyChecks ??= allAnomalyChecks(ctx, options, t, candidates ?? []));
    },
    anomalies,
    readiness,
    get trainingLoad(): TrainingLoadDay {
      return (trainingLoad ??= trainingLoadAt(series, options, load, t));
    },
    get sleep(): SleepDay {
      return (sleep ??= sleepAt(ctx, options, sleepCtx, t));
    },
  };
}

function valuesAt(series: DailySeries, t: number): DailyValues {
  const values = {} as DailyValues;
  for (const metric of DAILY_METRICS) values[metric] = nullable(series.metrics[metric][t] as number);
  return values;
}

function polarAt(row: DailySeries['rows'][number]): PolarScores {
  return {
    ansCharge: gatedNumber(row?.ansCharge, ValueSource.POLAR),
    ansChargeStatus: gatedNumber(row?.ansChargeStatus, ValueSource.POLAR),
    nightlyRechargeStatus: gatedNumber(row?.nightlyRechargeStatus, ValueSource.POLAR),
    sleepScore: gatedNumber(row?.sleepScore, ValueSource.POLAR),
    sleepCharge: gatedNumber(row?.sleepCharge, ValueSource.POLAR),
    cardioLoadStatus: gatedString(row?.polarCardioLoadStatus, ValueSource.POLAR),
    strain: gatedNumber(row?.polarStrain, ValueSource.POLAR),
    tolerance: gatedNumber(row?.polarTolerance, ValueSource.POLAR),
    cardioLoadRatio: gatedNumber(row?.polarCardioLoadRatio, ValueSource.POLAR),
    spo2Class: gatedString(row?.spo2Class, ValueSource.POLAR),
  };
}

type BaselineColumns = Omit<BaselineHistory, 'metric' | 'windowDays' | 'minValid' | 'source'>;

function lazyBaselineHistory(ctx: SeriesContext, options: AnalyticsOptions, metric: DailyMetric, windowDays: number, from: number, to: number): BaselineHistory {
  let columns: BaselineColumns | null = null;
  const get = (): BaselineColumns => (columns ??= baselineHistory(ctx, options, metric, windowDays, from, to));
  return {
    metric,
    windowDays,
    minValid: minValidForWindow(options, windowDays),
    source: ValueSource.LOCAL,
    get status() {
      return get().status;
    },
    get n() {
      return get().n;
    },
    get mean() {
      return get().mean;
    },
    get median() {
      return get().median;
    },
    get q1() {
      return get().q1;
    },
    get q3() {
      return get().q3;
    },
    get iqr() {
      return get().iqr;
    },
    get sd() {
      return get().sd;
    },
    get mad() {
      return get().mad;
    },
    get min() {
      return get().min;
    },
    get max() {
      return get().max;
    },
    get backTransformedMean() {
      return get().backTransformedMean;
    },
  };
}

function baselineHistory(ctx: SeriesContext, options: AnalyticsOptions, metric: DailyMetric, windowDays: number, from: number, to: number): BaselineHistory {
  // Histories are materialised lazily, possibly before other lazily built results read the same
  // rolling columns, so they never blank a memoised series: they copy it, or blank (views on)
  // a series computed for them alone.
  const { series: w, shared } = ctx.statsForWrite(metric, windowDays);
  const minValid = minValidForWindow(options, windowDays);
  const count = Math.max(0, to - from + 1);
  const copy = (column: Float64Array): Float64Array => (shared ? column.slice(from, from + count) : column.subarray(from, from + count));
  const history: BaselineHistory = {
    metric,
    windowDays,
    minValid,
    source: ValueSource.LOCAL,
    status: new Array<AnalyticsStatus>(count),
    n: shared ? w.n.slice(from, from + count) : w.n.subarray(from, from + count),
    mean: copy(w.mean),
    median: copy(w.median),
    q1: copy(w.q1),
    q3: copy(w.q3),
    iqr: new Float64Array(count),
    sd: copy(w.sd),
    mad: copy(w.mad),
    min: copy(w.min),
    max: copy(w.max),
    backTransformedMean: metric === 'lnRmssd' ? new Float64Array(count) : null,
  };
  const columns = [history.mean, history.median, history.q1, history.q3, history.sd, history.mad, history.min, history.max];
  for (let i = 0; i < count; i++) {
    const t = from + i;
    const n = w.n[t] as number;
    const status = n >= minValid && n > 0 ? AnalyticsStatus.OK : shortfallStatus(n, ctx.historyAt(metric, t), windowDays);
    history.status[i] = status;
    if (status !== AnalyticsStatus.OK) for (const column of columns) column[i] = Number.NaN;
    history.iqr[i] = (history.q3[i] as number) - (history.q1[i] as number);
    if (history.backTransformedMean) history.backTransformedMean[i] = Math.exp(history.mean[i] as number);
  }
  return history;
}

/** The Gated baseline of one day (index into UserAnalytics.days) from its column-wise history. */
export function baselineWindowAt(history: BaselineHistory, dayIndex: number, date: string): BaselineWindow {
  const status = history.status[dayIndex] ?? AnalyticsStatus.NO_DATA;
  const n = history.n[dayIndex] ?? 0;
  const base = { metric: history.metric, date, windowDays: history.windowDays, n, minValid: history.minValid, source: history.source };
  if (status !== AnalyticsStatus.OK) return { ...base, status, value: null };
  const at = (column: Float64Array): number => column[dayIndex] as number;
  return {
    ...base,
    status,
    value: {
      n,
      mean: at(history.mean),
      median: at(history.median),
      q1: at(history.q1),
      q3: at(history.q3),
      iqr: at(history.iqr),
      sd: at(history.sd),
      mad: at(history.mad),
      min: at(history.min),
      max: at(history.max),
      backTransformedMean: history.backTransformedMean ? at(history.backTransformedMean) : null,
    },
  };
}

/** SPEC §1.3 band for HRV (bad side LOW) or resting HR (bad side HIGH). */
function bandAt(ctx: SeriesContext, options: AnalyticsOptions, metric: 'lnRmssd' | 'restingHr', t: number): Gated<NormalBand> {
  const { baselineDays, baselineMinNights, rollingDays, rollingMinNights, swcK } = options.hrv;
  const baseline = ctx.stats(metric, baselineDays);
  const week = ctx.stats(metric, rollingDays);
  const baselineN = baseline.n[t] as number;
  const weekN = week.n[t] as number;
  if (baselineN < baselineMinNights) return notOk(shortfallStatus(baselineN, ctx.historyAt(metric, t), baselineDays));
  if (weekN < rollingMinNights) return notOk(AnalyticsStatus.INSUFFICIENT_WINDOW);
  return ok(normalBand(baseline.mean[t] as number, baseline.sd[t] as number, baselineN, week.mean[t] as number, swcK, metric === 'lnRmssd' ? 'LOW' : 'HIGH'));
}

function hrvAt(ctx: SeriesContext, options: AnalyticsOptions, t: number): HrvDay {
  const h = ctx.series.metrics.lnRmssd;
  const { rollingDays, rollingMinNights, cvMinNights, kiviniemiDays, kiviniemiMinNights, kiviniemiSdMultiplier } = options.hrv;
  const week = ctx.stats('lnRmssd', rollingDays);
  const weekN = week.n[t] as number;
  const history = ctx.historyAt('lnRmssd', t);
  const weekMean = week.mean[t] as number;
  const rolling: Gated<HrvWeek> =
    weekN >= rollingMinNights ? ok({ nights: weekN, lnMean: weekMean, geometricMeanMs: Math.exp(weekMean) }) : notOk(shortfallStatus(weekN, history, rollingDays));
  const cvLnRmssd: Gated<number> =
    weekN >= cvMinNights ? ok((100 * (week.sd[t] as number)) / weekMean) : notOk(shortfallStatus(weekN, history, rollingDays));

  let kiviniemiResult: Gated<KiviniemiResult>;
  const prior = ctx.stats('lnRmssd', kiviniemiDays);
  const priorN = ctx.nAt('lnRmssd', kiviniemiDays, t - 1);
  const today = h[t] as number;
  if (priorN < kiviniemiMinNights) {
    kiviniemiResult = notOk(shortfallStatus(priorN, ctx.historyAt('lnRmssd', t - 1), kiviniemiDays));
  } else if (Number.isNaN(today)) {
    kiviniemiResult = notOk(AnalyticsStatus.INSUFFICIENT_WINDOW);
  } else {
    const yesterday = nullable(h[t - 1] as number);
    const dayBefore = t >= 2 ? nullable(h[t - 2] as number) : null;
    kiviniemiResult = ok(kiviniemiFromStats(prior.mean[t - 1] as number, prior.sd[t - 1] as number, today, yesterday, dayBefore, kiviniemiSdMultiplier));
  }
  return {
    lnRmssd: nullable(today),
    rmssdMs: Number.isNaN(today) ? null : Math.exp(today),
    rolling,
    cvLnRmssd,
    normalBand: bandAt(ctx, options, 'lnRmssd', t),
    kiviniemi: kiviniemiResult,
  };
}

function restingHrAt(ctx: SeriesContext, options: AnalyticsOptions, t: number): RestingHrDay {
  const week = ctx.stats('restingHr', options.hrv.rollingDays);
  const weekN = week.n[t] as number;
  return {
    restingHr: nullable(ctx.series.metrics.restingHr[t] as number),
    rolling:
      weekN >= options.hrv.rollingMinNights
        ? ok(week.mean[t] as number)
        : notOk(shortfallStatus(weekN, ctx.historyAt('restingHr', t), options.hrv.rollingDays)),
    normalBand: bandAt(ctx, options, 'restingHr', t),
  };
}

/** One check per metric with a rule, reusing the ones already evaluated. */
function allAnomalyChecks(ctx: SeriesContext, options: AnalyticsOptions, t: number, evaluated: readonly AnomalyCheck[]): AnomalyCheck[] {
  const result: AnomalyCheck[] = [];
  for (const metric of DAILY_METRICS) {
    if (!options.anomalies.rules[metric]) continue;
    result.push(evaluated.find((check) => check.metric === metric) ?? anomalyCheckAt(ctx, options, metric, t));
  }
  return result;
}

/** Margin of the pre-test below the smallest threshold, so rounding never hides a finding. */
const PRETEST_MARGIN = 0.9;

/**
 * False only when the check certainly neither flags (|M| > modZThreshold, ANS ≤ warning) nor
 * points bad for a combined signal (|M| ≥ combinedSignalZ, or a zero-dispersion deviation):
 * the same history statistics as anomalyCheckAt, without building any objects.
 */
function mayFlag(ctx: SeriesContext, options: AnalyticsOptions, metric: DailyMetric, rule: NonNullable<AnalyticsOptions['anomalies']['rules'][DailyMetric]>, t: number): boolean {
  const x = ctx.series.metrics[metric][t] as number;
  if (Number.isNaN(x)) return false;
  const a = options.anomalies;
  if (rule.method === 'ansThreshold') return x <= a.ansChargeWarning;
  let n: number;
  let median: number;
  let mad: number;
  let meanAd: number;
  let minN = a.modZMinN;
  const weekdayN = rule.weekdayAware ? weekdayScratch(ctx, options, metric, t) : 0;
  if (weekdayN >= a.weekdayMinValues) {
    // the statistics weekdaySummary would return, on the scratch buffer
    n = weekdayN;
    median = quantileSorted(WEEKDAY_SCRATCH, 0.5, n);
    mad = madSorted(WEEKDAY_SCRATCH, median, n);
    meanAd = meanAbsoluteDeviation(WEEKDAY_SCRATCH, median, n);
    minN = a.weekdayMinValues;
  } else {
    if (t < 1) return false;
    const w = ctx.stats(metric, rule.windowDays);
    n = w.n[t - 1] as number;
    median = w.median[t - 1] as number;
    mad = w.mad[t - 1] as number;
    meanAd = w.meanAdWhereMadZero[t - 1] ?? Number.NaN;
  }
  if (n < minN) return false;
  const madEffective = Math.max(mad, madFloorValue(a.madFloors[metric], median));
  let z: number;
  if (madEffective > 0) z = (MODZ_CONSTANT * (x - median)) / madEffective;
  else if (meanAd > 0) z = (x - median) / (MEAN_AD_CONSTANT * meanAd);
  else return x !== median;
  return !(Math.abs(z) < PRETEST_MARGIN * Math.min(a.modZThreshold, a.combinedSignalZ));
}

const weekdayThresholdCache = new WeakMap<AnalyticsOptions, AnalyticsOptions['anomalies']>();

/** The anomaly thresholds with the same-weekday minimum n, built once per options object. */
function weekdayThresholds(options: AnalyticsOptions): AnalyticsOptions['anomalies'] {
  let thresholds = weekdayThresholdCache.get(options);
  if (!thresholds) {
    thresholds = { ...options.anomalies, modZMinN: options.anomalies.weekdayMinValues };
    weekdayThresholdCache.set(options, thresholds);
  }
  return thresholds;
}

let WEEKDAY_SCRATCH = new Float64Array(16);

/** Same-weekday values of the last N weeks, sorted ascending into WEEKDAY_SCRATCH; returns their count. */
function weekdayScratch(ctx: SeriesContext, options: AnalyticsOptions, metric: DailyMetric, t: number): number {
  const values = ctx.series.metrics[metric];
  const weeks = options.anomalies.weekdayWeeks;
  if (WEEKDAY_SCRATCH.length < weeks) WEEKDAY_SCRATCH = new Float64Array(weeks);
  const buffer = WEEKDAY_SCRATCH;
  let n = 0;
  for (let k = 1; k <= weeks; k++) {
    const u = t - 7 * k;
    if (u < 0) break;
    const v = values[u] as number;
    if (Number.isNaN(v)) continue;
    // insertion sort: at most `weeks` values
    let i = n++;
    while (i > 0 && (buffer[i - 1] as number) > v) {
      buffer[i] = buffer[i - 1] as number;
      i--;
    }
    buffer[i] = v;
  }
  return n;
}

/** SPEC §2.3: same-weekday history over the last N weeks, when it has enough values (else null). */
function weekdaySummary(ctx: SeriesContext, options: AnalyticsOptions, metric: DailyMetric, t: number): RobustHistory | null {
  const values = ctx.series.metrics[metric];
  const weeks = options.anomalies.weekdayWeeks;
  let count = 0;
  for (let k = 1; k <= weeks; k++) {
    const u = t - 7 * k;
    if (u < 0) break;
    if (!Number.isNaN(values[u] as number)) count++;
  }
  if (count < options.anomalies.weekdayMinValues) return null;
  // = summarizeHistory(sameWeekday, 'SAME_WEEKDAY'), on a typed array sorted numerically
  const sorted = new Float64Array(count);
  for (let k = 1, i = 0; k <= weeks; k++) {
    const u = t - 7 * k;
    if (u < 0) break;
    const v = values[u] as number;
    if (!Number.isNaN(v)) sorted[i++] = v;
  }
  sorted.sort();
  const median = quantileSorted(sorted, 0.5);
  return {
    basis: 'SAME_WEEKDAY',
    n: count,
    median,
    mad: madSorted(sorted, median),
    meanAd: meanAbsoluteDeviation(sorted, median),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
  };
}

function anomalyCheckAt(ctx: SeriesContext, options: AnalyticsOptions, metric: DailyMetric, t: number): AnomalyCheck {
  const rule = options.anomalies.rules[metric];
  const x = ctx.series.metrics[metric][t] as number;
  if (!rule) return { metric, ...notOk<AnomalyEvaluation>(AnalyticsStatus.NO_DATA) };
  if (rule.method === 'ansThreshold') {
    return { metric, ...evaluateAnsCharge(x, options.anomalies.ansChargeWarning, options.anomalies.ansChargeCritical) };
  }
  let history: RobustHistory | null = null;
  if (rule.weekdayAware && !Number.isNaN(x)) history = weekdaySummary(ctx, options, metric, t);
  history ??= historyFromWindow(ctx.stats(metric, rule.windowDays), t - 1);
  const shortfall = shortfallStatus(history.n, ctx.historyAt(metric, t - 1), rule.windowDays);
  const floor = madFloorValue(options.anomalies.madFloors[metric], history.median);
  // SPEC §2.3 accepts 4 same-weekday values although §2.1 asks ≥ 7 for MAD rules on all days.
  const thresholds = history.basis === 'SAME_WEEKDAY' ? weekdayThresholds(options) : options.anomalies;
  return { metric, ...evaluateAnomaly(x, history, rule.badDirection, thresholds, floor, shortfall) };
}

// ---------------------------------------------------------------------------------------------
// Readiness (SPEC §5)

interface ComponentSpec {
  name: ReadinessComponentName;
  metric: DailyMetric;
  weight: number;
  higherIsBetter: boolean;
}

function spreadOf(w: WindowSeries, t: number, robust: boolean): number {
  return robust ? ROBUST_SD_FACTOR * (w.mad[t] as number) : (w.sd[t] as number);
}

function centreOf(w: WindowSeries, t: number, robust: boolean): number {
  return robust ? (w.median[t] as number) : (w.mean[t] as number);
}

function readinessAt(ctx: SeriesContext, options: AnalyticsOptions, t: number, composites: Float64Array): Gated<Readiness> {
  const r = options.readiness;
  const { metrics } = ctx.series;
  const baselineAt = t - 1; // trailing window excluding today
  const robust = r.robust;

  const hrvWindow = ctx.stats('lnRmssd', r.baselineDays);
  const hrvN = ctx.nAt('lnRmssd', r.baselineDays, baselineAt);
  if (hrvN < r.minNights) return notOk(shortfallStatus(hrvN, ctx.historyAt('lnRmssd', baselineAt), r.baselineDays));
  const hrvToday = metrics.lnRmssd[t] as number;
  const hrvSpread = spreadOf(hrvWindow, baselineAt, robust);
  // Never score without today's HRV (SPEC §5.4).
  if (Number.isNaN(hrvToday) || !(hrvSpread > 0)) return notOk(AnalyticsStatus.INSUFFICIENT_WINDOW);

  const available: ReadinessComponentInput[] = [
    { name: 'hrv', weight: r.weights.hrv, value: hrvToday, z: (hrvToday - centreOf(hrvWindow, baselineAt, robust)) / hrvSpread, baselineCentre: centreOf(hrvWindow, baselineAt, robust), baselineSpread: hrvSpread },
  ];
  const missing: ReadinessComponentName[] = [];
  const specs: ComponentSpec[] = [
    { name: 'restingHr', metric: 'restingHr', weight: r.weights.restingHr, higherIsBetter: false },
    { name: 'sleep', metric: r.sleepComponent, weight: r.weights.sleep, higherIsBetter: true },
  ];
  for (const spec of specs) {
    if (!(spec.weight > 0)) continue;
    const w = ctx.stats(spec.metric, r.baselineDays);
    const value = metrics[spec.metric][t] as number;
    const spread = baselineAt >= 0 ? spreadOf(w, baselineAt, robust) : Number.NaN;
    if (Number.isNaN(value) || ctx.nAt(spec.metric, r.baselineDays, baselineAt) < r.minNights || !(spread > 0)) {
      missing.push(spec.name);
      continue;
    }
    const centre = centreOf(w, baselineAt, robust);
    const z = (value - centre) / spread;
    available.push({ name: spec.name, weight: spec.weight, value, z: spec.higherIsBetter ? z : -z, baselineCentre: centre, baselineSpread: spread });
  }
  if (r.weights.skinTemperature > 0) {
    // z_temp = −|dev_t|/σ_dev: any deviation from the personal baseline lowers readiness.
    const w = ctx.stats('skinTemperatureDeviation', r.baselineDays);
    const dev = metrics.skinTemperatureDeviation[t] as number;
    const spread = baselineAt >= 0 ? spreadOf(w, baselineAt, robust) : Number.NaN;
    if (Number.isNaN(dev) || ctx.nAt('skinTemperatureDeviation', r.baselineDays, baselineAt) < r.minNights || !(spread > 0)) missing.push('skinTemperature');
    else available.push({ name: 'skinTemperature', weight: r.weights.skinTemperature, value: dev, z: -Math.abs(dev) / spread, baselineCentre: null, baselineSpread: spread });
  }
  if (r.weights.ansCharge > 0) {
    const ans = metrics.ansCharge[t] as number;
    // ANS charge is already personalised by Polar: z_ans = ans/5 (SPEC §5.1).
    if (Number.isNaN(ans)) missing.push('ansCharge');
    else available.push({ name: 'ansCharge', weight: r.weights.ansCharge, value: ans, z: ans / 5, baselineCentre: null, baselineSpread: null });
  }

  let scale = 1;
  if (r.calibrateComposite) {
    const previous: number[] = [];
    for (let u = Math.max(0, t - r.baselineDays); u < t; u++) if (!Number.isNaN(composites[u] as number)) previous.push(composites[u] as number);
    const sd = previous.length >= r.minNights ? sampleSd(previous) : Number.NaN;
    if (sd > 0) scale = sd;
  }
  const result = combineReadiness(available, missing, r.zClip, r.bands, scale);
  composites[t] = result.composite * scale;
  return ok(result);
}

// ---------------------------------------------------------------------------------------------
// Training load (SPEC §3)

interface LoadContext {
  loads: Float64Array;
  pmc: ReturnType<typeof performanceManagement>;
  rollingCoupled: AcwrSeries;
  rollingUncoupled: AcwrSeries;
  ewma: AcwrSeries;
}

function buildLoadContext(series: DailySeries, options: AnalyticsOptions): LoadContext {
  const loads = series.metrics.trainingLoad;
  const o = options.load;
  const seed = o.pmcSeed === 'firstMonthMean' ? firstPeriodMeanLoad(loads, 28) : o.pmcSeed;
  return {
    loads,
    pmc: performanceManagement(loads, { ctlDays: o.ctlDays, atlDays: o.atlDays, form: o.pmcForm, ctlSeed: seed, atlSeed: seed, rampDays: o.rampDays }),
    rollingCoupled: acwrRollingCoupled(loads, o.acuteDays, o.chronicDays),
    rollingUncoupled: acwrRollingUncoupled(loads, o.acuteDays, o.chronicDays),
    ewma: acwrEwma(loads, o.acuteDays, o.chronicDays, o.ewmaSeed),
  };
}

function gate(value: number, ready: boolean): Gated<number> {
  return ready ? ok(value) : notOk(AnalyticsStatus.CALIBRATING);
}

function ratioAt(s: AcwrSeries, t: number, chronicDays: number): Gated<number> {
  if (t + 1 < chronicDays) return notOk(AnalyticsStatus.CALIBRATING);
  const ratio = s.ratio[t] as number;
  // chronic = 0 → null, never ∞ (SPEC §3.4)
  return Number.isNaN(ratio) ? notOk(AnalyticsStatus.NO_DATA) : ok(ratio);
}

function trainingLoadAt(series: DailySeries, options: AnalyticsOptions, load: LoadContext, t: number): TrainingLoadDay {
  const o = options.load;
  const daysOfHistory = t + 1;
  const { ctl, atl, tsb, tsbSameDay, rampRate } = load.pmc;
  const ctlReady = daysOfHistory >= o.ctlCalibrationDays;

  const variants = {
    rollingCoupled: ratioAt(load.rollingCoupled, t, o.chronicDays),
    rollingUncoupled: ratioAt(load.rollingUncoupled, t, o.chronicDays),
    ewma: ratioAt(load.ewma, t, o.chronicDays),
  };
  const primary = o.acwrMethod === 'ewma' ? variants.ewma : o.acwrMethod === 'ra' ? variants.rollingCoupled : variants.rollingUncoupled;

  let monotony: Gated<MonotonyResult>;
  if (daysOfHistory < o.monotonyDays) monotony = notOk(AnalyticsStatus.CALIBRATING);
  else {
    const week = load.loads.subarray(t - o.monotonyDays + 1, t + 1);
    const result = fosterMonotony(week, o.monotonySd, o.monotonyCap);
    monotony = result.monotony !== null ? ok(result) : notOk(result.total === 0 ? AnalyticsStatus.NO_DATA : AnalyticsStatus.INSUFFICIENT_WINDOW);
  }

  return {
    load: load.loads[t] as number,
    ctl: gate(ctl[t] as number, ctlReady),
    atl: gate(atl[t] as number, daysOfHistory >= o.atlDays),
    tsb: gate(tsb[t] as number, ctlReady),
    tsbSameDay: gate(tsbSameDay[t] as number, ctlReady),
    rampRate: gate(rampRate[t] as number, t - o.rampDays + 1 >= o.ctlCalibrationDays),
    estimates: { ctl: ctl[t] as number, atl: atl[t] as number, tsb: tsb[t] as number, tsbSameDay: tsbSameDay[t] as number },
    acwr: {
      method: o.acwrMethod,
      ratio: primary,
      band: primary.value === null ? notOk(primary.status as Exclude<AnalyticsStatus, 'OK'>) : ok(acwrBand(primary.value, o.acwrBands)),
      ...variants,
    },
    monotony,
    polarStatus: gatedString(series.rows[t]?.polarCardioLoadStatus, ValueSource.POLAR),
  };
}

// ---------------------------------------------------------------------------------------------
// Sleep (SPEC §4)

/** Agreeing SRI epochs between day d and d+1 (−1 when either day has no sleep), computed on demand. */
class SleepContext {
  readonly epochsPerDay: number;
  private readonly agreement: Int32Array;
  private readonly asleep = new Map<number, number[]>();

  constructor(
    private readonly series: DailySeries,
    private readonly epochMinutes: number,
  ) {
    this.epochsPerDay = Math.round(1440 / epochMinutes);
    // −2 = not computed yet
    this.agreement = new Int32Array(Math.max(0, series.length)).fill(-2);
  }

  pairAgreement(d: number): number {
    if (d < 0 || d + 1 >= this.series.length) return -1;
    let value = this.agreement[d] as number;
    if (value === -2) {
      const a = this.asleepOf(d);
      const b = this.asleepOf(d + 1);
      // = agreeingEpochs(sleepEpochs(a), sleepEpochs(b)): epochs − |A Δ B| on interval lists
      value = a && b ? this.epochsPerDay - (total(a) + total(b) - 2 * intersection(a, b)) : -1;
      this.agreement[d] = value;
    }
    return value;
  }

  private asleepOf(d: number): number[] | null {
    const episode = this.series.episodes[d];
    if (!episode) return null;
    let intervals = this.asleep.get(d);
    if (!intervals) {
      intervals = asleepEpochIntervals(episode, this.epochMinutes, this.epochsPerDay);
      this.asleep.set(d, intervals);
    }
    return intervals;
  }
}

/**
 * The asleep epochs of `sleepEpochs` (span filled with 1, then each wake stretch with 0, same
 * rounding) as sorted disjoint half-open intervals [a0, b0, a1, b1, …].
 */
function asleepEpochIntervals(episode: SleepEpisode, epochMinutes: number, epochs: number): number[] {
  const first = (minute: number): number => Math.max(0, Math.ceil(minute / epochMinutes - 1e-9));
  const last = (minute: number): number => Math.min(epochs, Math.ceil(minute / epochMinutes - 1e-9));
  const start = first(episode.startMinute);
  const end = last(episode.endMinute);
  if (end <= start) return [];
  const wakes: Array<[number, number]> = [];
  for (const [from, to] of episode.wakeIntervals) {
    const a = Math.max(first(from), start);
    const b = Math.min(last(to), end);
    if (b > a) wakes.push([a, b]);
  }
  wakes.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  let cursor = start;
  for (const [a, b] of wakes) {
    if (a > cursor) out.push(cursor, a);
    if (b > cursor) cursor = b;
  }
  if (end > cursor) out.push(cursor, end);
  return out;
}

function total(intervals: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < intervals.length; i += 2) sum += (intervals[i + 1] as number) - (intervals[i] as number);
  return sum;
}

function intersection(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] as number, b[j] as number);
    const hi = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (hi > lo) sum += hi - lo;
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return sum;
}

function buildSleepContext(series: DailySeries, options: AnalyticsOptions): SleepContext {
  return new SleepContext(series, options.sleep.sriEpochMinutes);
}

function nightAt(sleep: DerivedSleep | undefined): Gated<NightSleep> {
  if (!sleep || (sleep.totalSleepMinutes === null && sleep.spanMinutes === null)) return notOk(AnalyticsStatus.NO_DATA);
  return ok({ ...sleep });
}

function sleepAt(ctx: SeriesContext, options: AnalyticsOptions, sleepCtx: SleepContext, t: number): SleepDay {
  const { series } = ctx;
  const o = options.sleep;
  const tst = series.metrics.sleepMinutes;

  // Debt over [t − D + 1, t]; calendar days before the first row are simply absent.
  const start = t - o.debtDays + 1;
  const nights: Array<number | null> = [];
  const needs: number[] = [];
  for (let d = start; d <= t; d++) {
    nights.push(d < 0 ? null : nullable(tst[d] as number));
    needs.push(d < 0 ? o.defaultNeedMinutes : (series.sleepNeed[d] as number));
  }
  const debtResult = sleepDebt(nights, needs);
  const sleepHistory = ctx.historyAt('sleepMinutes', t);
  const debt: Gated<SleepDebt> =
    debtResult.validNights >= o.debtMinNights ? ok(debtResult) : notOk(shortfallStatus(debtResult.validNights, sleepHistory, o.debtDays));

  // SRI over the consecutive-day pairs inside the window.
  let pairs = 0;
  let agreements = 0;
  for (let d = Math.max(0, t - o.sriWindowDays + 1); d < t; d++) {
    const a = sleepCtx.pairAgreement(d);
    if (a < 0) continue;
    pairs++;
    agreements += a;
  }
  let regularity: Gated<SleepRegularity>;
  if (pairs >= o.sriMinPairs) {
    const probability = agreements / (sleepCtx.epochsPerDay * pairs);
    regularity = ok({ sri: -100 + 200 * probability, agreementPercent: 100 * probability, dayPairs: pairs });
  } else regularity = notOk(shortfallStatus(pairs, ctx.historyAt('midSleep', t), o.sriWindowDays));

  const mid = ctx.stats('midSleep', o.midSleepWindowDays);
  const midN = mid.n[t] as number;
  const midHistory = ctx.historyAt('midSleep', t);
  const midSleep: Gated<MidSleepVariability> =
    midN >= o.midSleepMinNights
      ? ok({ meanMinutesSince18: mid.mean[t] as number, sdSample: mid.sd[t] as number, sdPopulation: (mid.sd[t] as number) * Math.sqrt((midN - 1) / midN), nights: midN })
      : notOk(shortfallStatus(midN, midHistory, o.midSleepWindowDays));

  const free: number[] = [];
  const work: number[] = [];
  const midValues = series.metrics.midSleep;
  for (let d = Math.max(0, t - o.socialJetlagWindowDays + 1); d <= t; d++) {
    const m = midValues[d] as number;
    if (Number.isNaN(m)) continue;
    (o.freeWakeWeekdays.includes(series.weekdays[d] as number) ? free : work).push(m);
  }
  const jetlag: Gated<SocialJetlag> =
    free.length >= o.socialJetlagMinNightsPerGroup && work.length >= o.socialJetlagMinNightsPerGroup
      ? ok(socialJetlag(free, work))
      : notOk(shortfallStatus(free.length + work.length, midHistory, o.socialJetlagWindowDays));

  return { night: nightAt(series.sleep[t]), debt, regularity, midSleepVariability: midSleep, socialJetlag: jetlag };
}

// ---------------------------------------------------------------------------------------------
// Trends and correlations (SPEC §6), as of one day

function trendsAt(ctx: SeriesContext, options: AnalyticsOptions, asOf: number): MetricTrend[] {
  const o = options.trends;
  const result: MetricTrend[] = [];
  const asOfDate = ctx.series.dates[asOf] as string;
  for (const metric of o.metrics) {
    const values = ctx.series.metrics[metric];
    for (const windowDays of o.windows) {
      const points: TimedValue[] = [];
      for (let d = Math.max(0, asOf - windowDays + 1); d <= asOf; d++) {
        const x = values[d] as number;
        if (!Number.isNaN(x)) points.push({ t: d - (asOf - windowDays + 1), x });
      }
      const coverage = points.length / windowDays;
      const base = { metric, windowDays, asOf: asOfDate, source: ValueSource.LOCAL };
      if (points.length < o.minPoints || coverage < o.minCoverage) {
        result.push({ ...base, status: shortfallStatus(points.length, ctx.historyAt(metric, asOf), windowDays), value: null });
        continue;
      }
      const mk = mannKendall(points, { autocorrelation: o.autocorrelation, alpha: o.alpha });
      const swcSd = ctx.sdAt(metric, options.hrv.baselineDays, asOf);
      const swc = Number.isNaN(swcSd) ? null : options.hrv.swcK * swcSd;
      const significant = mk.pValue < o.alpha;
      const large = swc !== null && Math.abs(mk.senSlope * windowDays) >= swc;
      const direction: TrendDirection = significant && large && mk.senSlope !== 0 ? (mk.senSlope > 0 ? 'INCREASING' : 'DECREASING') : 'NONE';
      result.push({ ...base, status: AnalyticsStatus.OK, value: { ...mk, coverage, significant, direction, smallestWorthwhileChange: swc } });
    }
  }
  return result;
}

function correlationsAt(ctx: SeriesContext, options: AnalyticsOptions, asOf: number): CorrelationResult[] {
  const o = options.correlations;
  const from = Math.max(0, asOf - o.windowDays + 1);
  const lagsScanned = o.maxLag + 1;
  const result: CorrelationResult[] = [];
  const asOfDate = ctx.series.dates[asOf] as string;
  for (const { a, b } of o.pairs) {
    for (let lag = 0; lag <= o.maxLag; lag++) {
      const value = laggedCorrelation(ctx.series.metrics[a], ctx.series.metrics[b], lag, { minPairs: o.minPairs, meaningfulPairs: o.meaningfulPairs, lagsScanned, from, to: asOf });
      const base = { a, b, lag, windowDays: o.windowDays, asOf: asOfDate, source: ValueSource.LOCAL };
      if (value) result.push({ ...base, status: AnalyticsStatus.OK, value });
      else {
        const history = Math.min(ctx.historyAt(a, asOf), ctx.historyAt(b, asOf));
        result.push({ ...base, status: shortfallStatus(history > 0 ? 1 : 0, history, o.windowDays), value: null });
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Availability (one report, read off the same per-day results)

function availabilityReport(
  ctx: SeriesContext,
  options: AnalyticsOptions,
  day: DayAnalytics | null,
  t: number,
  load: LoadContext,
  sleepCtx: SleepContext,
  trends: readonly MetricTrend[],
  correlations: readonly CorrelationResult[],
): AvailabilityReport {
  if (!day || t < 0) return { asOf: null, features: [] };
  const features: FeatureAvailability[] = [];
  const add = (feature: AnalyticsFeature, status: AnalyticsStatus, requirements: AvailabilityRequirement[], metric: string | null = null): void => {
    features.push({ feature, metric, status, unlocked: status === AnalyticsStatus.OK, requirements });
  };
  const h = options.hrv;
  const r = options.readiness;
  const o = options.load;
  const s = options.sleep;
  const week = (metric: DailyMetric): number => ctx.nAt(metric, h.rollingDays, t);
  const today = (metric: DailyMetric): number => (Number.isNaN(ctx.series.metrics[metric][t] as number) ? 0 : 1);

  add('HRV_ROLLING_MEAN', day.hrv.rolling.status, [{ description: `valid nights in the last ${h.rollingDays} days`, have: week('lnRmssd'), need: h.rollingMinNights, unit: 'nights' }]);
  add('HRV_CV', day.hrv.cvLnRmssd.status, [{ description: `valid nights in the last ${h.rollingDays} days`, have: week('lnRmssd'), need: h.cvMinNights, unit: 'nights' }]);
  for (const [feature, metric, status] of [
    ['HRV_NORMAL_BAND', 'lnRmssd', day.hrv.normalBand.status],
    ['RESTING_HR_NORMAL_BAND', 'restingHr', day.restingHr.normalBand.status],
  ] as const) {
    add(feature, status, [
      { description: `valid nights in the last ${h.baselineDays} days`, have: ctx.nAt(metric, h.baselineDays, t), need: h.baselineMinNights, unit: 'nights' },
      { description: `valid nights in the last ${h.rollingDays} days`, have: week(metric), need: h.rollingMinNights, unit: 'nights' },
    ]);
  }
  add('KIVINIEMI', day.hrv.kiviniemi.status, [
    { description: `valid nights in the ${h.kiviniemiDays} days before today`, have: ctx.nAt('lnRmssd', h.kiviniemiDays, t - 1), need: h.kiviniemiMinNights, unit: 'nights' },
    { description: 'HRV measured today', have: today('lnRmssd'), need: 1, unit: 'nights' },
  ]);
  add('READINESS', day.readiness.status, [
    { description: `valid HRV nights in the ${r.baselineDays} days before today`, have: ctx.nAt('lnRmssd', r.baselineDays, t - 1), need: r.minNights, unit: 'nights' },
    { description: 'HRV measured today', have: today('lnRmssd'), need: 1, unit: 'nights' },
    { description: `valid resting-HR nights in the ${r.baselineDays} days before today (optional)`, have: ctx.nAt('restingHr', r.baselineDays, t - 1), need: r.minNights, unit: 'nights' },
    { description: `valid sleep nights in the ${r.baselineDays} days before today (optional)`, have: ctx.nAt(r.sleepComponent, r.baselineDays, t - 1), need: r.minNights, unit: 'nights' },
  ]);
  for (const check of day.anomalyChecks) {
    const rule = options.anomalies.rules[check.metric];
    if (!rule) continue;
    const requirements: AvailabilityRequirement[] =
      rule.method === 'ansThreshold'
        ? [{ description: 'value today', have: today(check.metric), need: 1, unit: 'points' }]
        : [
            { description: `valid values in the ${rule.windowDays} days before today`, have: ctx.nAt(check.metric, rule.windowDays, t - 1), need: options.anomalies.modZMinN, unit: 'points' },
            { description: 'value today', have: today(check.metric), need: 1, unit: 'points' },
          ];
    add('ANOMALIES', check.status, requirements, check.metric);
  }
  add('CTL', day.trainingLoad.ctl.status, [{ description: 'days since the first data', have: t + 1, need: o.ctlCalibrationDays, unit: 'days' }]);
  add('ACWR', day.trainingLoad.acwr.ratio.status, [
    { description: 'days since the first data', have: t + 1, need: o.chronicDays, unit: 'days' },
    { description: `days with load in the last ${o.chronicDays} days`, have: countPositive(load.loads, t - o.chronicDays + 1, t), need: 1, unit: 'days' },
  ]);
  add('MONOTONY', day.trainingLoad.monotony.status, [{ description: 'days since the first data', have: t + 1, need: o.monotonyDays, unit: 'days' }]);
  add('SLEEP_DEBT', day.sleep.debt.status, [{ description: `valid nights in the last ${s.debtDays} days`, have: ctx.nAt('sleepMinutes', s.debtDays, t), need: s.debtMinNights, unit: 'nights' }]);
  add('SLEEP_REGULARITY', day.sleep.regularity.status, [
    { description: `consecutive-day pairs with sleep in the last ${s.sriWindowDays} days`, have: countPairs(sleepCtx, t - s.sriWindowDays + 1, t), need: s.sriMinPairs, unit: 'pairs' },
  ]);
  add('MID_SLEEP_VARIABILITY', day.sleep.midSleepVariability.status, [
    { description: `nights with sleep times in the last ${s.midSleepWindowDays} days`, have: ctx.nAt('midSleep', s.midSleepWindowDays, t), need: s.midSleepMinNights, unit: 'nights' },
  ]);
  const jetlag = day.sleep.socialJetlag;
  add('SOCIAL_JETLAG', jetlag.status, [
    { description: `nights before free days in the last ${s.socialJetlagWindowDays} days`, have: jetlag.value?.freeNights ?? countWeekdays(ctx.series, t, s, true), need: s.socialJetlagMinNightsPerGroup, unit: 'nights' },
    { description: `nights before workdays in the last ${s.socialJetlagWindowDays} days`, have: jetlag.value?.workNights ?? countWeekdays(ctx.series, t, s, false), need: s.socialJetlagMinNightsPerGroup, unit: 'nights' },
  ]);
  for (const trend of trends) {
    add(
      'TRENDS',
      trend.status,
      [
        { description: `valid points in the last ${trend.windowDays} days`, have: trend.value?.n ?? ctx.nAt(trend.metric, trend.windowDays, t), need: Math.max(options.trends.minPoints, Math.ceil(options.trends.minCoverage * trend.windowDays)), unit: 'points' },
      ],
      `${trend.metric}:${trend.windowDays}`,
    );
  }
  for (const c of correlations) {
    if (c.lag !== 0) continue;
    add('CORRELATIONS', c.status, [{ description: `paired days in the last ${c.windowDays} days (lag 0)`, have: c.value?.n ?? 0, need: options.correlations.minPairs, unit: 'pairs' }], `${c.a}→${c.b}`);
  }
  return { asOf: day.date, features };
}

function countPositive(values: Float64Array, from: number, to: number): number {
  let count = 0;
  for (let d = Math.max(0, from); d <= to; d++) if ((values[d] as number) > 0) count++;
  return count;
}

function countPairs(sleepCtx: SleepContext, from: number, to: number): number {
  let count = 0;
  for (let d = Math.max(0, from); d < to; d++) if (sleepCtx.pairAgreement(d) >= 0) count++;
  return count;
}

function countWeekdays(series: DailySeries, t: number, s: AnalyticsOptions['sleep'], freeDays: boolean): number {
  let count = 0;
  for (let d = Math.max(0, t - s.socialJetlagWindowDays + 1); d <= t; d++) {
    if (Number.isNaN(series.metrics.midSleep[d] as number)) continue;
    if (s.freeWakeWeekdays.includes(series.weekdays[d] as number) === freeDays) count++;
  }
  return count;
}
