// The high-level entry: every analytics of one user's daily series in one pass over the days.
// Up front: readiness and anomalies of every day. Readiness reads running-sum moment columns
// (O(n) per metric); the anomaly pre-test scores every day with one sorted sliding window per
// metric in scratch memory (O(n·w), nothing allocated) and builds full checks only for days that
// can produce a finding. Everything else is built on first access, per day or per column
// (rolling.ts). The output can be limited to a date range while the history before it is still
// used (no look-ahead: day t only ever reads days ≤ t).

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
  type MadFloor,
} from './options.js';
import { clip, readinessBand, type Readiness, type ReadinessComponent, type ReadinessComponentName } from './readiness.js';
import {
  combineWindowSeries,
  historyDays,
  orderStatsAt,
  rollingMoments,
  rollingOrderStats,
  type OrderStatsAt,
  type WindowMoments,
  type WindowOrderStats,
  type WindowSeries,
} from './rolling.js';
import { buildDailySeries, type DailySeries, type DerivedSleep, type SleepEpisode } from './series.js';
import {
  sleepDebt,
  socialJetlag,
  type MidSleepVariability,
  type SleepDebt,
  type SleepRegularity,
  type SocialJetlag,
} from './sleep.js';
import { madSorted, meanAbsoluteDeviation, normalCdf, quantileSorted, sampleSd } from './stats.js';
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

/**
 * Lazily computed, memoised per-(metric, window) rolling statistics and per-metric history.
 * Moments (n, mean, SD) are an O(n) running-sum pass; order statistics (median, MAD, quartiles)
 * need a sorted sliding window, so callers that read only a few days get them per day instead.
 */
class SeriesContext {
  private readonly momentCache = new Map<DailyMetric, Map<number, WindowMoments>>();
  private readonly orderCache = new Map<DailyMetric, Map<number, WindowOrderStats>>();
  /** Single-day order-statistics requests per (metric, window) before the whole pass pays off. */
  private readonly orderRequests = new Map<DailyMetric, Map<number, number>>();
  private readonly histories = new Map<DailyMetric, Int32Array>();

  constructor(readonly series: DailySeries) {}

  moments(metric: DailyMetric, windowDays: number): WindowMoments {
    let byWindow = this.momentCache.get(metric);
    if (!byWindow) this.momentCache.set(metric, (byWindow = new Map()));
    let result = byWindow.get(windowDays);
    if (!result) byWindow.set(windowDays, (result = rollingMoments(this.series.metrics[metric], windowDays)));
    return result;
  }

  order(metric: DailyMetric, windowDays: number): WindowOrderStats {
    let byWindow = this.orderCache.get(metric);
    if (!byWindow) this.orderCache.set(metric, (byWindow = new Map()));
    let result = byWindow.get(windowDays);
    if (!result) byWindow.set(windowDays, (result = rollingOrderStats(this.series.metrics[metric], windowDays)));
    return result;
  }

  cachedOrder(metric: DailyMetric, windowDays: number): WindowOrderStats | undefined {
    return this.orderCache.get(metric)?.get(windowDays);
  }

  /**
   * The order statistics of the window ending at t (t ≥ 0) into `out`: from the whole-series pass
   * when it exists (or once enough single days were asked for), else from that window alone.
   */
  orderAt(metric: DailyMetric, windowDays: number, t: number, out: OrderStatsAt): OrderStatsAt {
    let cached = this.cachedOrder(metric, windowDays);
    if (!cached) {
      let byWindow = this.orderRequests.get(metric);
      if (!byWindow) this.orderRequests.set(metric, (byWindow = new Map()));
      const requests = (byWindow.get(windowDays) ?? 0) + 1;
      byWindow.set(windowDays, requests);
      if (requests * 2 < this.series.length) return orderStatsAt(this.series.metrics[metric], windowDays, t, out);
      cached = this.order(metric, windowDays);
    }
    out.n = cached.n[t] as number;
    out.median = cached.median[t] as number;
    out.q1 = cached.q1[t] as number;
    out.q3 = cached.q3[t] as number;
    out.mad = cached.mad[t] as number;
    out.meanAd = cached.meanAdWhereMadZero[t] ?? Number.NaN;
    out.min = cached.min[t] as number;
    out.max = cached.max[t] as number;
    return out;
  }

  /** Every column of one (metric, window), shared with the memoised passes: do not modify. */
  stats(metric: DailyMetric, windowDays: number): WindowSeries {
    return combineWindowSeries(this.moments(metric, windowDays), this.order(metric, windowDays));
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

  /**
   * The sample SD of the window ending at t: the memoised column, or the same running sums (same
   * updates in the same order, so bit-identical) up to t without allocating a column.
   */
  sdAt(metric: DailyMetric, windowDays: number, t: number): number {
    const cached = this.momentCache.get(metric)?.get(windowDays);
    if (cached) return cached.sd[t] as number;
    const values = this.series.metrics[metric];
    let shift = Number.NaN;
    let sum = 0;
    let sumSquares = 0;
    let n = 0;
    for (let u = 0; u <= t; u++) {
      if (u >= windowDays) {
        const leaving = values[u - windowDays] as number;
        if (leaving === leaving) {
          n--;
          const d = leaving - shift;
          sum -= d;
          sumSquares -= d * d;
        }
      }
      const incoming = values[u] as number;
      if (incoming === incoming) {
        n++;
        if (shift !== shift) shift = incoming;
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

  /** n in window ending at t (0 for t < 0). */
  nAt(metric: DailyMetric, windowDays: number, t: number): number {
    if (t < 0) return 0;
    const cached = this.momentCache.get(metric)?.get(windowDays) ?? this.cachedOrder(metric, windowDays);
    if (cached) return cached.n[t] as number;
    // One day's count (availability, trends) needs no sliding pass over the whole series.
    const values = this.series.metrics[metric];
    let n = 0;
    for (let d = Math.max(0, t - windowDays + 1); d <= t; d++) if (!Number.isNaN(values[d] as number)) n++;
    return n;
  }
}

const EMPTY_HISTORY: RobustHistory = { basis: 'ALL_DAYS', n: 0, median: Number.NaN, mad: Number.NaN, meanAd: Number.NaN, q1: Number.NaN, q3: Number.NaN };

function newOrderStatsAt(): OrderStatsAt {
  return { n: 0, median: Number.NaN, q1: Number.NaN, q3: Number.NaN, mad: Number.NaN, meanAd: Number.NaN, min: Number.NaN, max: Number.NaN };
}

/** The all-days history of the window ending at t (t < 0: empty). */
function windowHistory(ctx: SeriesContext, metric: DailyMetric, windowDays: number, t: number): RobustHistory {
  if (t < 0) return { ...EMPTY_HISTORY };
  const w = ctx.orderAt(metric, windowDays, t, newOrderStatsAt());
  return { basis: 'ALL_DAYS', n: w.n, median: w.median, mad: w.mad, meanAd: w.meanAd, q1: w.q1, q3: w.q3 };
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

  const load = lazyLoadContext(series, options);
  const sleepCtx = buildSleepContext(series, options);
  const composites = new Float64Array(n).fill(Number.NaN);
  const shared: DayShared = { ctx, options, load, sleepCtx };
  const anomalyPlan = buildAnomalyPlan(ctx, options, fromIndex, toIndex);
  const readinessPlan = buildReadinessPlan(ctx, options);

  const days: DayAnalytics[] = [];
  // Readiness calibration needs earlier composites, so start the day loop early enough.
  const loopStart = options.readiness.calibrateComposite ? 0 : fromIndex;
  for (let t = loopStart; t <= toIndex; t++) {
    const readiness = readinessAt(readinessPlan, t, composites);
    if (t < fromIndex) continue;
    const found = dayAnomalies(anomalyPlan, t);
    days.push(new LazyDay(shared, t, found.anomalies, readiness, found.candidates));
  }

  const asOf = toIndex >= 0 && toIndex >= fromIndex ? toIndex : -1;
  const trends = asOf >= 0 ? trendsAt(ctx, options, asOf) : [];
  const correlations = asOf >= 0 ? correlationsAt(ctx, options, asOf) : [];
  const lastDay = days.length > 0 ? (days[days.length - 1] as DayAnalytics) : null;
  const availability = availabilityReport(ctx, options, lastDay, asOf, sleepCtx, trends, correlations);
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

interface DayShared {
  ctx: SeriesContext;
  options: AnalyticsOptions;
  load: () => LoadContext;
  sleepCtx: SleepContext;
}

type Getter<T> = (this: LazyDay) => T;

interface LazySections {
  values: DailyValues | null;
  polar: PolarScores | null;
  hrv: HrvDay | null;
  restingHr: RestingHrDay | null;
  anomalyChecks: AnomalyCheck[] | null;
  trainingLoad: TrainingLoadDay | null;
  sleep: SleepDay | null;
}
const defineGetter = (Object.prototype as unknown as { __defineGetter__(this: object, name: string, getter: () => unknown): void }).__defineGetter__;

/**
 * One day's analytics. The per-day sections are built on first access (a request reads a few
 * fields of a few days; years of eagerly built objects were most of the run time). They read
 * only the series and the memoised rolling columns, which nothing mutates, so values do not
 * depend on when (or whether) they are read. The sections are own enumerable getters, as an
 * object literal's would be, but the getter functions are shared by every day (a literal's
 * would be new closures per day, and slow-path objects).
 */
class LazyDay {
  declare date: string;
  declare isoWeekday: number;
  declare hasRecord: boolean;
  declare anomalies: Anomaly[];
  declare readiness: Gated<Readiness>;
  declare readonly values: DailyValues;
  declare readonly polar: PolarScores;
  declare readonly hrv: HrvDay;
  declare readonly restingHr: RestingHrDay;
  declare readonly anomalyChecks: AnomalyCheck[];
  declare readonly trainingLoad: TrainingLoadDay;
  declare readonly sleep: SleepDay;

  #shared: DayShared;
  #t: number;
  #candidates: AnomalyCheck[] | null;
  /** The sections built so far (allocated on the first read of any). */
  #cache: LazySections | null = null;

  #sections(): LazySections {
    return (this.#cache ??= { values: null, polar: null, hrv: null, restingHr: null, anomalyChecks: null, trainingLoad: null, sleep: null });
  }

  static readonly #getValues: Getter<DailyValues> = function () {
    return (this.#sections().values ??= valuesAt(this.#shared.ctx.series, this.#t));
  };
  static readonly #getPolar: Getter<PolarScores> = function () {
    return (this.#sections().polar ??= polarAt(this.#shared.ctx.series.rows[this.#t]));
  };
  static readonly #getHrv: Getter<HrvDay> = function () {
    return (this.#sections().hrv ??= hrvAt(this.#shared.ctx, this.#shared.options, this.#t));
  };
  static readonly #getRestingHr: Getter<RestingHrDay> = function () {
    return (this.#sections().restingHr ??= restingHrAt(this.#shared.ctx, this.#shared.options, this.#t));
  };
  static readonly #getAnomalyChecks: Getter<AnomalyCheck[]> = function () {
    return (this.#sections().anomalyChecks ??= allAnomalyChecks(this.#shared.ctx, this.#shared.options, this.#t, this.#candidates ?? []));
  };
  static readonly #getTrainingLoad: Getter<TrainingLoadDay> = function () {
    return (this.#sections().trainingLoad ??= trainingLoadAt(this.#shared.ctx.series, this.#shared.options, this.#shared.load(), this.#t));
  };
  static readonly #getSleep: Getter<SleepDay> = function () {
    return (this.#sections().sleep ??= sleepAt(this.#shared.ctx, this.#shared.options, this.#shared.sleepCtx, this.#t));
  };

  constructor(shared: DayShared, t: number, anomalies: Anomaly[], readiness: Gated<Readiness>, candidates: AnomalyCheck[] | null) {
    this.#shared = shared;
    this.#t = t;
    this.#candidates = candidates;
    const series = shared.ctx.series;
    // Same keys in the same order as the object literal this replaces.
    this.date = series.dates[t] as string;
    this.isoWeekday = series.weekdays[t] as number;
    this.hasRecord = series.rows[t] !== undefined;
    defineGetter.call(this, 'values', LazyDay.#getValues);
    defineGetter.call(this, 'polar', LazyDay.#getPolar);
    defineGetter.call(this, 'hrv', LazyDay.#getHrv);
    defineGetter.call(this, 'restingHr', LazyDay.#getRestingHr);
    defineGetter.call(this, 'anomalyChecks', LazyDay.#getAnomalyChecks);
    this.anomalies = anomalies;
    this.readiness = readiness;
    defineGetter.call(this, 'trainingLoad', LazyDay.#getTrainingLoad);
    defineGetter.call(this, 'sleep', LazyDay.#getSleep);
  }
}

// ---------------------------------------------------------------------------------------------
// Anomalies of every day, up front (SPEC §2)

type AnomalyRule = NonNullable<AnalyticsOptions['anomalies']['rules'][DailyMetric]>;

interface AnomalyPlanEntry {
  metric: DailyMetric;
  rule: AnomalyRule;
  values: Float64Array;
  floor: MadFloor | undefined;
  /** 1: lnRmssd/restingHr (both needed for a combined signal); 2: metrics a combined signal lists. */
  combinedRole: 0 | 1 | 2;
  /** The pre-test |M| of each day from `from` on (index t − from); unused for the ANS threshold rule. */
  scores: Float64Array;
  /** Which side of the history median each day lies on: 1 above, −1 below, 0 at it. */
  sides: Int8Array;
}

interface AnomalyPlan {
  ctx: SeriesContext;
  options: AnalyticsOptions;
  entries: AnomalyPlanEntry[];
  from: number;
  /** Pre-test limits on |M|: a margin below modZThreshold, and below the combined-signal z. */
  flagLimit: number;
  combinedLimit: number;
}

/**
 * Margin of the pre-test below the thresholds. The pre-test computes M with the same formula on
 * the same statistics as the full check, so this is insurance only: rounding never hides a finding.
 */
const PRETEST_MARGIN = 0.99;

// Scratch memory of the up-front pass (one computation at a time; nothing retained in results).
let SCORE_POOL = new Float64Array(0);
let SIDE_POOL = new Int8Array(0);
let SLIDING_SCRATCH = new Float64Array(128);

function buildAnomalyPlan(ctx: SeriesContext, options: AnalyticsOptions, from: number, to: number): AnomalyPlan {
  const a = options.anomalies;
  const span = Math.max(0, to - from + 1);
  const rules: Array<[DailyMetric, AnomalyRule]> = [];
  for (const metric of DAILY_METRICS) {
    const rule = a.rules[metric];
    if (rule) rules.push([metric, rule]);
  }
  if (SCORE_POOL.length < rules.length * span) {
    SCORE_POOL = new Float64Array(rules.length * span);
    SIDE_POOL = new Int8Array(rules.length * span);
  }
  const entries: AnomalyPlanEntry[] = rules.map(([metric, rule], i) => {
    const combinedRole =
      metric === 'lnRmssd' || metric === 'restingHr' ? 1 : metric === 'skinTemperatureDeviation' || metric === 'skinTemperature' || metric === 'breathingRate' ? 2 : 0;
    const entry: AnomalyPlanEntry = { metric, rule, values: ctx.series.metrics[metric], floor: a.madFloors[metric], combinedRole, scores: SCORE_POOL.subarray(i * span, (i + 1) * span), sides: SIDE_POOL.subarray(i * span, (i + 1) * span) };
    if (rule.method !== 'ansThreshold') scoreDays(entry, a, ctx, from, to);
    return entry;
  });
  return { ctx, options, entries, from, flagLimit: PRETEST_MARGIN * a.modZThreshold, combinedLimit: PRETEST_MARGIN * Math.min(a.modZThreshold, a.combinedSignalZ) };
}

/**
 * |M| of today's value against the history anomalyCheckAt uses (same statistics, same formulas,
 * no objects), for every day of [from, to]: −1 when the check cannot flag or point bad (no value,
 * too little history, or zero dispersion with x = median), +∞ for a zero-dispersion deviation.
 * One sorted sliding window [t − w, t − 1] per metric; order statistics depend only on its values.
 */
function scoreDays(entry: AnomalyPlanEntry, a: AnalyticsOptions['anomalies'], ctx: SeriesContext, from: number, to: number): void {
  const { values, scores, sides, floor } = entry;
  const windowDays = entry.rule.windowDays;
  const weekdayAware = entry.rule.weekdayAware;
  if (SLIDING_SCRATCH.length < windowDays + 1) SLIDING_SCRATCH = new Float64Array(windowDays + 1);
  const sorted = SLIDING_SCRATCH;
  let size = 0;
  // The window [t − w, t − 1], slid from the first day that can be in it before `from`. Rules on
  // same-weekday history fall back to it on a few days only, which read it per day instead.
  const firstEnd = Math.max(0, from - windowDays);
  let e = firstEnd - 1;
  const fallback = weekdayAware ? newOrderStatsAt() : null;
  for (let t = from; t <= to; t++) {
    while (!weekdayAware && e < t - 1) {
      e++;
      const leavingDay = e - windowDays;
      const leaving = leavingDay >= firstEnd ? (values[leavingDay] as number) : Number.NaN;
      const incoming = values[e] as number;
      if (leaving === leaving) {
        let lo = 0;
        let hi = size;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((sorted[mid] as number) < leaving) lo = mid + 1;
          else hi = mid;
        }
        let k = lo;
        if (incoming === incoming) {
          // replace: move the hole at k towards the incoming value's place
          if (incoming > leaving) {
            while (k + 1 < size && (sorted[k + 1] as number) < incoming) {
              sorted[k] = sorted[k + 1] as number;
              k++;
            }
          } else {
            while (k > 0 && (sorted[k - 1] as number) > incoming) {
              sorted[k] = sorted[k - 1] as number;
              k--;
            }
          }
          sorted[k] = incoming;
        } else {
          size--;
          for (; k < size; k++) sorted[k] = sorted[k + 1] as number;
        }
      } else if (incoming === incoming) {
        let k = size++;
        while (k > 0 && (sorted[k - 1] as number) > incoming) {
          sorted[k] = sorted[k - 1] as number;
          k--;
        }
        sorted[k] = incoming;
      }
    }
    const i = t - from;
    const x = values[t] as number;
    if (x !== x) {
      scores[i] = -1;
      continue;
    }
    let source: Float64Array = sorted;
    let n = size;
    let minN = a.modZMinN;
    const weekdayN = weekdayAware ? weekdayScratch(values, a.weekdayWeeks, t) : 0;
    if (weekdayN >= a.weekdayMinValues) {
      // the statistics weekdaySummary would return
      source = WEEKDAY_SCRATCH;
      n = weekdayN;
      minN = a.weekdayMinValues;
    } else if (t < 1) {
      scores[i] = -1;
      continue;
    } else if (fallback) {
      // the all-days window of the day before, on its own
      const w = ctx.orderAt(entry.metric, windowDays, t - 1, fallback);
      if (w.n < minN) {
        scores[i] = -1;
        continue;
      }
      const madEffective = Math.max(w.mad, madFloorValue(floor, w.median));
      sides[i] = x > w.median ? 1 : x < w.median ? -1 : 0;
      if (madEffective > 0) scores[i] = Math.abs((MODZ_CONSTANT * (x - w.median)) / madEffective);
      else if (w.meanAd > 0) scores[i] = Math.abs((x - w.median) / (MEAN_AD_CONSTANT * w.meanAd));
      else scores[i] = x !== w.median ? Number.POSITIVE_INFINITY : -1;
      continue;
    }
    if (n < minN) {
      scores[i] = -1;
      continue;
    }
    const median = quantileSorted(source, 0.5, n);
    const mad = madSorted(source, median, n);
    const madEffective = Math.max(mad, madFloorValue(floor, median));
    sides[i] = x > median ? 1 : x < median ? -1 : 0;
    if (madEffective > 0) {
      scores[i] = Math.abs((MODZ_CONSTANT * (x - median)) / madEffective);
      continue;
    }
    // weekdaySummary's meanAd is always set; the window's only where MAD is 0 (else NaN)
    const meanAd = source === WEEKDAY_SCRATCH || mad === 0 ? meanAbsoluteDeviation(source, median, n) : Number.NaN;
    if (meanAd > 0) scores[i] = Math.abs((x - median) / (MEAN_AD_CONSTANT * meanAd));
    else scores[i] = x !== median ? Number.POSITIVE_INFINITY : -1;
  }
}

function dayAnomalies(plan: AnomalyPlan, t: number): { anomalies: Anomaly[]; candidates: AnomalyCheck[] | null } {
  const anomalies: Anomaly[] = [];
  let checks: AnomalyChecks | null = null;
  let candidates: AnomalyCheck[] | null = null;
  const a = plan.options.anomalies;
  const i = t - plan.from;
  // A combined signal needs HRV and resting HR both near the combined z: only then do the
  // metrics it involves need their full checks below the flagging threshold.
  let primaries = 0;
  for (const entry of plan.entries) {
    if (entry.combinedRole !== 1 || entry.rule.method === 'ansThreshold' || Number.isNaN(entry.values[t] as number)) continue;
    const score = entry.scores[i] as number;
    if (score !== -1 && !(score < plan.combinedLimit)) primaries++;
  }
  const combinedPossible = primaries === 2;
  for (const entry of plan.entries) {
    const x = entry.values[t] as number;
    if (Number.isNaN(x)) continue;
    let candidate: boolean;
    if (entry.rule.method === 'ansThreshold') candidate = x <= a.ansChargeWarning;
    else {
      const score = entry.scores[i] as number;
      if (score === -1) continue;
      // a finding needs |M| above the threshold on the bad side (evaluateAnomaly's direction)
      const bad = entry.rule.badDirection;
      const side = entry.sides[i] as number;
      const badSide = bad === 'BOTH' ? side !== 0 : side === (bad === 'HIGH' ? 1 : -1);
      candidate = (!(score < plan.flagLimit) && (badSide || score !== score)) || (combinedPossible && entry.combinedRole !== 0 && !(score < plan.combinedLimit));
    }
    if (!candidate) continue;
    const check = anomalyCheckAt(plan.ctx, plan.options, entry.metric, t);
    (candidates ??= []).push(check);
    (checks ??= {})[entry.metric] = check.value;
    if (check.value) {
      const flagged = metricAnomaly(entry.metric, check.value);
      if (flagged) anomalies.push(flagged);
    }
  }
  // combinedSignals needs both HRV and resting-HR checks pointing bad; without them it finds nothing.
  if (checks?.lnRmssd && checks.restingHr) anomalies.push(...combinedSignals(checks, a.combinedSignalZ));
  return { anomalies, candidates };
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
  // rolling columns, so they never blank a memoised series: they copy it.
  const w = ctx.stats(metric, windowDays);
  const minValid = minValidForWindow(options, windowDays);
  const count = Math.max(0, to - from + 1);
  const copy = (column: Float64Array): Float64Array => column.slice(from, from + count);
  const history: BaselineHistory = {
    metric,
    windowDays,
    minValid,
    source: ValueSource.LOCAL,
    status: new Array<AnalyticsStatus>(count),
    n: w.n.slice(from, from + count),
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
  // One object literal per day (no spread): a year of `days` builds this for every day and metric.
  return {
    metric: history.metric,
    date,
    windowDays: history.windowDays,
    n,
    minValid: history.minValid,
    source: history.source,
    status,
    value:
      status === AnalyticsStatus.OK
        ? {
            n,
            mean: history.mean[dayIndex] as number,
            median: history.median[dayIndex] as number,
            q1: history.q1[dayIndex] as number,
            q3: history.q3[dayIndex] as number,
            iqr: history.iqr[dayIndex] as number,
            sd: history.sd[dayIndex] as number,
            mad: history.mad[dayIndex] as number,
            min: history.min[dayIndex] as number,
            max: history.max[dayIndex] as number,
            backTransformedMean: history.backTransformedMean ? (history.backTransformedMean[dayIndex] as number) : null,
          }
        : null,
  };
}

/** SPEC §1.3 band for HRV (bad side LOW) or resting HR (bad side HIGH). */
function bandAt(ctx: SeriesContext, options: AnalyticsOptions, metric: 'lnRmssd' | 'restingHr', t: number): Gated<NormalBand> {
  const { baselineDays, baselineMinNights, rollingDays, rollingMinNights, swcK } = options.hrv;
  const baseline = ctx.moments(metric, baselineDays);
  const week = ctx.moments(metric, rollingDays);
  const baselineN = baseline.n[t] as number;
  const weekN = week.n[t] as number;
  if (baselineN < baselineMinNights) return notOk(shortfallStatus(baselineN, ctx.historyAt(metric, t), baselineDays));
  if (weekN < rollingMinNights) return notOk(AnalyticsStatus.INSUFFICIENT_WINDOW);
  return ok(normalBand(baseline.mean[t] as number, baseline.sd[t] as number, baselineN, week.mean[t] as number, swcK, metric === 'lnRmssd' ? 'LOW' : 'HIGH'));
}

function hrvAt(ctx: SeriesContext, options: AnalyticsOptions, t: number): HrvDay {
  const h = ctx.series.metrics.lnRmssd;
  const { rollingDays, rollingMinNights, cvMinNights, kiviniemiDays, kiviniemiMinNights, kiviniemiSdMultiplier } = options.hrv;
  const week = ctx.moments('lnRmssd', rollingDays);
  const weekN = week.n[t] as number;
  const history = ctx.historyAt('lnRmssd', t);
  const weekMean = week.mean[t] as number;
  const rolling: Gated<HrvWeek> =
    weekN >= rollingMinNights ? ok({ nights: weekN, lnMean: weekMean, geometricMeanMs: Math.exp(weekMean) }) : notOk(shortfallStatus(weekN, history, rollingDays));
  const cvLnRmssd: Gated<number> =
    weekN >= cvMinNights ? ok((100 * (week.sd[t] as number)) / weekMean) : notOk(shortfallStatus(weekN, history, rollingDays));

  let kiviniemiResult: Gated<KiviniemiResult>;
  const prior = ctx.moments('lnRmssd', kiviniemiDays);
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
  const week = ctx.moments('restingHr', options.hrv.rollingDays);
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
function weekdayScratch(values: Float64Array, weeks: number, t: number): number {
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
  // evaluateAnomaly answers NO_DATA before it reads the history
  if (Number.isNaN(x)) return { metric, status: AnalyticsStatus.NO_DATA, source: ValueSource.LOCAL, value: null };
  let history: RobustHistory | null = null;
  if (rule.weekdayAware) history = weekdaySummary(ctx, options, metric, t);
  history ??= windowHistory(ctx, metric, rule.windowDays, t - 1);
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

/** One metric's trailing-baseline columns for readiness: mean/SD, or median/1.4826·MAD (robust). */
interface ReadinessBaseline {
  values: Float64Array;
  n: Int32Array;
  centre: Float64Array;
  /** SD, or the unscaled MAD when robust (scaled by ROBUST_SD_FACTOR on read). */
  spread: Float64Array;
}

interface ReadinessPlan {
  options: AnalyticsOptions;
  ctx: SeriesContext;
  hrv: ReadinessBaseline;
  specs: Array<ComponentSpec & { columns: ReadinessBaseline }>;
  skinTemperature: ReadinessBaseline | null;
  ansCharge: Float64Array;
}

function baselineColumns(ctx: SeriesContext, metric: DailyMetric, windowDays: number, robust: boolean): ReadinessBaseline {
  const values = ctx.series.metrics[metric];
  if (robust) {
    const w = ctx.order(metric, windowDays);
    return { values, n: w.n, centre: w.median, spread: w.mad };
  }
  const w = ctx.moments(metric, windowDays);
  return { values, n: w.n, centre: w.mean, spread: w.sd };
}

function buildReadinessPlan(ctx: SeriesContext, options: AnalyticsOptions): ReadinessPlan {
  const r = options.readiness;
  const specs: ComponentSpec[] = [
    { name: 'restingHr', metric: 'restingHr', weight: r.weights.restingHr, higherIsBetter: false },
    { name: 'sleep', metric: r.sleepComponent, weight: r.weights.sleep, higherIsBetter: true },
  ];
  return {
    options,
    ctx,
    hrv: baselineColumns(ctx, 'lnRmssd', r.baselineDays, r.robust),
    specs: specs.filter((spec) => spec.weight > 0).map((spec) => ({ ...spec, columns: baselineColumns(ctx, spec.metric, r.baselineDays, r.robust) })),
    skinTemperature: r.weights.skinTemperature > 0 ? baselineColumns(ctx, 'skinTemperatureDeviation', r.baselineDays, r.robust) : null,
    ansCharge: ctx.series.metrics.ansCharge,
  };
}

/** The baseline spread: SD, or 1.4826·MAD when robust (SPEC §5.1). */
function spreadAt(columns: ReadinessBaseline, t: number, robust: boolean): number {
  return robust ? ROBUST_SD_FACTOR * (columns.spread[t] as number) : (columns.spread[t] as number);
}

/** n of the baseline window ending at t (0 for t < 0), as ctx.nAt. */
function baselineN(columns: ReadinessBaseline, t: number): number {
  return t < 0 ? 0 : (columns.n[t] as number);
}

function readinessAt(plan: ReadinessPlan, t: number, composites: Float64Array): Gated<Readiness> {
  const { ctx, options } = plan;
  const r = options.readiness;
  const baselineAt = t - 1; // trailing window excluding today
  const robust = r.robust;

  const hrv = plan.hrv;
  const hrvN = baselineN(hrv, baselineAt);
  if (hrvN < r.minNights) return notOk(shortfallStatus(hrvN, ctx.historyAt('lnRmssd', baselineAt), r.baselineDays));
  const hrvToday = hrv.values[t] as number;
  const hrvSpread = spreadAt(hrv, baselineAt, robust);
  // Never score without today's HRV (SPEC §5.4).
  if (Number.isNaN(hrvToday) || !(hrvSpread > 0)) return notOk(AnalyticsStatus.INSUFFICIENT_WINDOW);

  const hrvCentre = hrv.centre[baselineAt] as number;
  // The components as combineReadiness would receive them, in scratch columns (no input objects).
  const c = READINESS_SCRATCH;
  let count = 0;
  const add = (name: ReadinessComponentName, weight: number, value: number, z: number, centre: number | null, spread: number | null): void => {
    c.names[count] = name;
    c.weights[count] = weight;
    c.values[count] = value;
    c.zs[count] = z;
    c.centres[count] = centre;
    c.spreads[count] = spread;
    count++;
  };
  add('hrv', r.weights.hrv, hrvToday, (hrvToday - hrvCentre) / hrvSpread, hrvCentre, hrvSpread);
  const missing: ReadinessComponentName[] = [];
  for (const spec of plan.specs) {
    const w = spec.columns;
    const value = w.values[t] as number;
    const spread = baselineAt >= 0 ? spreadAt(w, baselineAt, robust) : Number.NaN;
    if (Number.isNaN(value) || baselineN(w, baselineAt) < r.minNights || !(spread > 0)) {
      missing.push(spec.name);
      continue;
    }
    const centre = w.centre[baselineAt] as number;
    const z = (value - centre) / spread;
    add(spec.name, spec.weight, value, spec.higherIsBetter ? z : -z, centre, spread);
  }
  if (plan.skinTemperature) {
    // z_temp = −|dev_t|/σ_dev: any deviation from the personal baseline lowers readiness.
    const w = plan.skinTemperature;
    const dev = w.values[t] as number;
    const spread = baselineAt >= 0 ? spreadAt(w, baselineAt, robust) : Number.NaN;
    if (Number.isNaN(dev) || baselineN(w, baselineAt) < r.minNights || !(spread > 0)) missing.push('skinTemperature');
    else add('skinTemperature', r.weights.skinTemperature, dev, -Math.abs(dev) / spread, null, spread);
  }
  if (r.weights.ansCharge > 0) {
    const ans = plan.ansCharge[t] as number;
    // ANS charge is already personalised by Polar: z_ans = ans/5 (SPEC §5.1).
    if (Number.isNaN(ans)) missing.push('ansCharge');
    else add('ansCharge', r.weights.ansCharge, ans, ans / 5, null, null);
  }

  let scale = 1;
  if (r.calibrateComposite) {
    const previous: number[] = [];
    for (let u = Math.max(0, t - r.baselineDays); u < t; u++) if (!Number.isNaN(composites[u] as number)) previous.push(composites[u] as number);
    const sd = previous.length >= r.minNights ? sampleSd(previous) : Number.NaN;
    if (sd > 0) scale = sd;
  }
  // = combineReadiness(components, missing, r.zClip, r.bands, scale), the same operations in the same order
  let totalWeight = 0;
  for (let k = 0; k < count; k++) totalWeight += c.weights[k] as number;
  const components: ReadinessComponent[] = [];
  let rawComposite = 0;
  for (let k = 0; k < count; k++) {
    const z = clip(c.zs[k] as number, r.zClip);
    const weight = c.weights[k] as number;
    const normalizedWeight = weight / totalWeight;
    const contribution = normalizedWeight * z;
    components.push({ name: c.names[k] as ReadinessComponentName, value: c.values[k] as number, z, weight, normalizedWeight, contribution, baselineCentre: c.centres[k] as number | null, baselineSpread: c.spreads[k] as number | null });
    rawComposite += contribution;
  }
  const composite = rawComposite / scale;
  const scoreExact = 100 * normalCdf(composite);
  const score = Math.round(scoreExact);
  const result: Readiness = { score, scoreExact, band: readinessBand(score, r.bands), composite, partial: missing.length > 0, components, missingComponents: missing };
  composites[t] = result.composite * scale;
  return ok(result);
}

const READINESS_SCRATCH = {
  names: new Array<ReadinessComponentName>(5),
  weights: new Float64Array(5),
  values: new Float64Array(5),
  zs: new Float64Array(5),
  centres: new Array<number | null>(5),
  spreads: new Array<number | null>(5),
};

// ---------------------------------------------------------------------------------------------
// Training load (SPEC §3)

interface LoadContext {
  loads: Float64Array;
  pmc: ReturnType<typeof performanceManagement>;
  rollingCoupled: AcwrSeries;
  rollingUncoupled: AcwrSeries;
  ewma: AcwrSeries;
}

/** The load context, built on first use (only the lazily built training-load sections read it). */
function lazyLoadContext(series: DailySeries, options: AnalyticsOptions): () => LoadContext {
  let context: LoadContext | null = null;
  return () => (context ??= buildLoadContext(series, options));
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
    const episode = this.series.episodeAt(d);
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

  const mid = ctx.moments('midSleep', o.midSleepWindowDays);
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

  return { night: nightAt(series.sleepAt(t)), debt, regularity, midSleepVariability: midSleep, socialJetlag: jetlag };
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
    { description: `days with load in the last ${o.chronicDays} days`, have: countPositive(ctx.series.metrics.trainingLoad, t - o.chronicDays + 1, t), need: 1, unit: 'days' },
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
