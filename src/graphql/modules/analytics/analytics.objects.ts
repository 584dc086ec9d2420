// Object types of the analytics results. Each result carries `status` and `source`; every value
// field is null unless the status is OK (SPEC §0 "Gating").
import type {
  AcwrDay,
  AnomalyCheck,
  AvailabilityReport,
  AvailabilityRequirement,
  BaselineHistory,
  CorrelationResult,
  DailyMetric,
  FeatureAvailability,
  Gated,
  HrvDay,
  MetricTrend,
  NightSleep,
  PolarScores,
  SleepDay,
  TrainingLoadDay,
} from '../../../analytics/index.js';
import type { Anomaly, MidSleepVariability, MonotonyResult, NormalBand, Readiness, ReadinessComponent, SleepDebt, SleepRegularity, SocialJetlag } from '../../../analytics/index.js';
import { baselineWindowAt, type AnalyticsStatus, type ValueSource } from '../../../analytics/index.js';
import { builder } from '../../builder.js';
import type { LocalDate } from '../../dates.js';
import {
  AcwrBandEnum,
  AnalyticsFeatureEnum,
  AnalyticsStatusEnum,
  AnomalyKindEnum,
  AnomalySeverityEnum,
  BandPositionEnum,
  DeviationEnum,
  MetricEnum,
  ReadinessBandEnum,
  ReadinessComponentEnum,
  RequirementUnitEnum,
  SleepDebtCategoryEnum,
  TrendDirectionEnum,
  ValueSourceEnum,
} from './analytics.enums.js';

const NO_DATA = 'NO_DATA' as const;

/** The NO_DATA result for a day outside the user's data. */
export function noData(source: 'LOCAL' | 'POLAR' = 'LOCAL'): Gated<never> {
  return { status: NO_DATA, source, value: null };
}

export const AnalyticsValueRef = builder.objectRef<Gated<number>>('AnalyticsValue').implement({
  description: 'One computed number with its availability.',
  fields: (t) => ({
    value: t.float({ nullable: true, resolve: (r) => r.value }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
  }),
});

export const AnalyticsTextRef = builder.objectRef<Gated<string>>('AnalyticsText').implement({
  description: 'One passed-through label (e.g. Polar’s cardio-load status) with its availability.',
  fields: (t) => ({
    value: t.string({ nullable: true, resolve: (r) => r.value }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
  }),
});

// --- readiness (SPEC §5)

const ReadinessComponentRef = builder.objectRef<ReadinessComponent>('ReadinessComponent').implement({
  description: 'One z-scored input of the readiness composite (against the trailing 60 days, excluding today).',
  fields: (t) => ({
    metric: t.expose('name', { type: ReadinessComponentEnum }),
    value: t.exposeFloat('value', { description: 'Today’s value in the component’s unit (ln rMSSD, bpm, minutes, °C, ANS charge).' }),
    z: t.exposeFloat('z', { description: 'Clipped to ±3, oriented so that higher = better recovered.' }),
    weight: t.exposeFloat('weight', { description: 'Configured weight.' }),
    normalizedWeight: t.exposeFloat('normalizedWeight', { description: 'Weight after renormalising over the available components.' }),
    contribution: t.exposeFloat('contribution', { description: 'normalizedWeight · z; the contributions sum to the composite.' }),
    baselineCentre: t.exposeFloat('baselineCentre', { nullable: true }),
    baselineSpread: t.exposeFloat('baselineSpread', { nullable: true }),
  }),
});

/** Readiness as GraphQL reads it: flat, keyed by the field names (plain property reads, see BaselineFields). */
export interface ReadinessFields {
  status: AnalyticsStatus;
  source: ValueSource;
  score: number | null;
  scoreExact: number | null;
  band: Readiness['band'] | null;
  composite: number | null;
  partial: boolean | null;
  components: ReadinessComponent[] | null;
  missingComponents: Readiness['missingComponents'] | null;
}

export function readinessFields(readiness: Gated<Readiness>): ReadinessFields {
  const value = readiness.value;
  return {
    status: readiness.status,
    source: readiness.source,
    score: value?.score ?? null,
    scoreExact: value?.scoreExact ?? null,
    band: value?.band ?? null,
    composite: value?.composite ?? null,
    partial: value?.partial ?? null,
    components: value?.components ?? null,
    missingComponents: value?.missingComponents ?? null,
  };
}

export const ReadinessRef = builder.objectRef<ReadinessFields>('Readiness').implement({
  description: 'Transparent readiness composite (SPEC §5): score = round(100·Φ(C)), 50 = usual. Needs 14 HRV nights of baseline and today’s HRV.',
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    score: t.exposeInt('score', { nullable: true }),
    scoreExact: t.exposeFloat('scoreExact', { nullable: true }),
    band: t.expose('band', { type: ReadinessBandEnum, nullable: true }),
    composite: t.exposeFloat('composite', { nullable: true }),
    partial: t.exposeBoolean('partial', { nullable: true, description: 'True when a non-HRV component was missing and the weights were renormalised.' }),
    components: t.expose('components', { type: [ReadinessComponentRef], nullable: true }),
    missingComponents: t.expose('missingComponents', { type: [ReadinessComponentEnum], nullable: true }),
  }),
});

// --- baselines (SPEC §1.3, §7)

/**
 * A Baseline as GraphQL reads it: one flat object keyed by the field names. Every field is then a
 * plain property read, which graphql-jit compiles inline instead of calling a resolver: a year of
 * `days` with two baselines reads ~12,000 of them.
 */
export interface BaselineFields {
  metric: DailyMetric;
  windowDays: number;
  date: LocalDate;
  status: AnalyticsStatus;
  source: ValueSource;
  n: number;
  minValid: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  sd: number | null;
  mad: number | null;
  min: number | null;
  max: number | null;
  backTransformedMean: number | null;
}

/**
 * Day `index` of a baseline history (index i ↔ UserAnalytics.days[i]), flattened from the analytics'
 * own `baselineWindowAt`; statistics are null unless OK. Built once per day of a kept computation
 * (memoised in analytics.type.ts), so the intermediate object costs nothing per request.
 */
export function baselineFieldsAt(history: BaselineHistory, index: number, date: LocalDate): BaselineFields {
  const window = baselineWindowAt(history, index, date);
  const stats = window.value;
  return {
    metric: window.metric,
    windowDays: window.windowDays,
    date,
    status: window.status,
    source: window.source,
    n: window.n,
    minValid: window.minValid,
    mean: stats?.mean ?? null,
    median: stats?.median ?? null,
    q1: stats?.q1 ?? null,
    q3: stats?.q3 ?? null,
    iqr: stats?.iqr ?? null,
    sd: stats && Number.isFinite(stats.sd) ? stats.sd : null,
    mad: stats?.mad ?? null,
    min: stats?.min ?? null,
    max: stats?.max ?? null,
    backTransformedMean: stats?.backTransformedMean ?? null,
  };
}

/** The NO_DATA baseline of a day outside the user's data. */
export function noBaseline(metric: DailyMetric, windowDays: number, date: LocalDate): BaselineFields {
  return { metric, windowDays, date, status: NO_DATA, source: 'LOCAL', n: 0, minValid: 0, mean: null, median: null, q1: null, q3: null, iqr: null, sd: null, mad: null, min: null, max: null, backTransformedMean: null };
}

export const BaselineRef = builder.objectRef<BaselineFields>('Baseline').implement({
  description: 'Statistics of one metric over a trailing calendar window ending on `date` (as of that day).',
  fields: (t) => ({
    metric: t.expose('metric', { type: MetricEnum }),
    windowDays: t.exposeInt('windowDays'),
    date: t.expose('date', { type: 'Date' }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    n: t.exposeInt('n', { description: 'Valid values in the window (also when the status is not OK).' }),
    minValid: t.exposeInt('minValid', { description: 'Valid values the window needs.' }),
    mean: t.exposeFloat('mean', { nullable: true }),
    median: t.exposeFloat('median', { nullable: true }),
    q1: t.exposeFloat('q1', { nullable: true, description: 'Type-7 first quartile.' }),
    q3: t.exposeFloat('q3', { nullable: true }),
    iqr: t.exposeFloat('iqr', { nullable: true }),
    sd: t.exposeFloat('sd', { nullable: true, description: 'Sample SD (n − 1).' }),
    mad: t.exposeFloat('mad', { nullable: true, description: 'Unscaled median absolute deviation.' }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    backTransformedMean: t.exposeFloat('backTransformedMean', { nullable: true, description: 'LN_RMSSD only: exp(mean), the geometric mean in ms.' }),
  }),
});

// --- anomalies (SPEC §2)

/** An anomaly of one day as GraphQL reads it: flat, keyed by the field names (see BaselineFields). */
export interface AnomalyShape {
  date: LocalDate;
  kind: Anomaly['kind'];
  severity: Anomaly['severity'];
  status: 'OK';
  source: Anomaly['source'];
  metric: DailyMetric | null;
  metrics: DailyMetric[];
  direction: Anomaly['direction'];
  z: number | null;
  value: number | null;
  rule: string | null;
}

export function anomalyFields(anomaly: Anomaly, date: LocalDate): AnomalyShape {
  return {
    date,
    kind: anomaly.kind,
    severity: anomaly.severity,
    status: 'OK',
    source: anomaly.source,
    metric: anomaly.kind === 'METRIC' ? (anomaly.metrics[0] ?? null) : null,
    metrics: anomaly.metrics,
    direction: anomaly.direction,
    z: anomaly.z,
    value: anomaly.value,
    rule: anomaly.rule,
  };
}

export const AnomalyRef = builder.objectRef<AnomalyShape>('Anomaly').implement({
  description: 'A flagged finding of one day: a metric outside its robust range on its bad side, or a combined (illness-style) signal.',
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    kind: t.expose('kind', { type: AnomalyKindEnum }),
    severity: t.expose('severity', { type: AnomalySeverityEnum }),
    status: t.expose('status', { type: AnalyticsStatusEnum, description: 'Always OK: a finding exists only when its checks could run.' }),
    source: t.expose('source', { type: ValueSourceEnum }),
    metric: t.expose('metric', { type: MetricEnum, nullable: true, description: 'The metric of a METRIC finding; null for combined signals (see `metrics`).' }),
    metrics: t.expose('metrics', { type: [MetricEnum], description: 'Every metric that contributed.' }),
    direction: t.expose('direction', { type: DeviationEnum, nullable: true }),
    z: t.exposeFloat('z', { nullable: true, description: 'Modified z (0.6745·(x − median)/MAD) against the trailing window; null for thresholds and combined signals.' }),
    value: t.exposeFloat('value', { nullable: true }),
    rule: t.exposeString('rule', { nullable: true, description: 'MODIFIED_Z, MEAN_AD_FALLBACK, ZERO_DISPERSION or ANS_THRESHOLD.' }),
  }),
});

export const AnomalyCheckRef = builder.objectRef<AnomalyCheck>('AnomalyCheck').implement({
  description: 'The anomaly check of one metric on one day, flagged or not.',
  fields: (t) => ({
    metric: t.expose('metric', { type: MetricEnum }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    flagged: t.boolean({ nullable: true, resolve: (r) => r.value?.flagged ?? null }),
    severity: t.field({ type: AnomalySeverityEnum, nullable: true, resolve: (r) => r.value?.severity ?? null }),
    value: t.float({ nullable: true, resolve: (r) => r.value?.value ?? null }),
    z: t.float({ nullable: true, resolve: (r) => r.value?.z ?? null }),
    direction: t.field({ type: DeviationEnum, nullable: true, resolve: (r) => r.value?.direction ?? null }),
    median: t.float({ nullable: true, resolve: (r) => r.value?.median ?? null }),
    mad: t.float({ nullable: true, resolve: (r) => r.value?.mad ?? null }),
    n: t.int({ nullable: true, description: 'History values the check used.', resolve: (r) => r.value?.n ?? null }),
    basis: t.string({ nullable: true, description: 'ALL_DAYS or SAME_WEEKDAY (steps, calories, mid-sleep with ≥ 4 same-weekday values).', resolve: (r) => r.value?.basis ?? null }),
    rule: t.string({ nullable: true, resolve: (r) => r.value?.rule ?? null }),
  }),
});

// --- training load (SPEC §3)

const AcwrBandValueRef = builder.objectRef<Gated<'UNDER_PREPARED' | 'SWEET_SPOT' | 'ELEVATED' | 'DANGER'>>('AcwrBandValue').implement({
  fields: (t) => ({
    value: t.field({ type: AcwrBandEnum, nullable: true, resolve: (r) => r.value }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
  }),
});

const AcwrRef = builder.objectRef<AcwrDay>('Acwr').implement({
  description: 'Acute:chronic workload ratio (7 vs 28 days); null when the chronic load is 0; 28 days of history needed.',
  fields: (t) => ({
    method: t.string({ description: 'The configured primary method: ewma, ra or ra_uncoupled.', resolve: (r) => r.method }),
    ratio: t.expose('ratio', { type: AnalyticsValueRef, description: 'The primary method’s ratio.' }),
    band: t.expose('band', { type: AcwrBandValueRef, description: 'Local label of the primary ratio (source LOCAL; Polar’s own status is `polarStatus`).' }),
    rolling: t.field({ type: AnalyticsValueRef, description: 'Rolling averages, coupled: mean(7 d)/mean(28 d) (= Polar strain/tolerance).', resolve: (r) => r.rollingCoupled }),
    uncoupled: t.field({ type: AnalyticsValueRef, description: 'mean(t−6…t)/mean(t−27…t−7).', resolve: (r) => r.rollingUncoupled }),
    ewma: t.expose('ewma', { type: AnalyticsValueRef, description: 'Williams 2017 EWMA (λ = 2/(N+1)), seeded at 0.' }),
  }),
});

const MonotonyRef = builder.objectRef<Gated<MonotonyResult>>('Monotony').implement({
  description: 'Foster monotony (mean/sample SD of the 7 daily loads) and strain (Σ load · monotony).',
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    monotony: t.float({ nullable: true, resolve: (r) => r.value?.monotony ?? null }),
    strain: t.float({ nullable: true, resolve: (r) => r.value?.strain ?? null }),
    weeklyLoad: t.float({ nullable: true, resolve: (r) => r.value?.total ?? null }),
    capped: t.boolean({ nullable: true, resolve: (r) => r.value?.capped ?? null }),
  }),
});

export interface TrainingLoadShape {
  date: string;
  day: TrainingLoadDay | null;
}

export const TrainingLoadRef = builder.objectRef<TrainingLoadShape>('TrainingLoad').implement({
  description: 'Training load of one day (SPEC §3): PMC with k = 1 − e^(−1/N) (CTL 42 d, ATL 7 d), ACWR, monotony, and Polar’s status passed through.',
  fields: (t) => ({
    date: t.field({ type: 'Date', resolve: (r) => r.date as LocalDate }),
    status: t.field({ type: AnalyticsStatusEnum, description: 'Status of CTL (CALIBRATING for the first 42 days).', resolve: (r) => r.day?.ctl.status ?? NO_DATA }),
    source: t.field({ type: ValueSourceEnum, resolve: () => 'LOCAL' as const }),
    load: t.float({ nullable: true, description: 'Σ cardio load of the exercises started this day (0 on a rest day); null outside the user’s data.', resolve: (r) => r.day?.load ?? null }),
    ctl: t.field({ type: AnalyticsValueRef, resolve: (r) => r.day?.ctl ?? noData() }),
    atl: t.field({ type: AnalyticsValueRef, resolve: (r) => r.day?.atl ?? noData() }),
    tsb: t.field({ type: AnalyticsValueRef, description: 'Form: yesterday’s CTL − yesterday’s ATL (TrainingPeaks).', resolve: (r) => r.day?.tsb ?? noData() }),
    tsbSameDay: t.field({ type: AnalyticsValueRef, resolve: (r) => r.day?.tsbSameDay ?? noData() }),
    rampRate: t.field({ type: AnalyticsValueRef, description: 'CTL_t − CTL_{t−7}.', resolve: (r) => r.day?.rampRate ?? noData() }),
    acwr: t.field({ type: AcwrRef, nullable: true, resolve: (r) => r.day?.acwr ?? null }),
    monotony: t.field({ type: MonotonyRef, resolve: (r) => r.day?.monotony ?? noData() }),
    polarStatus: t.field({ type: AnalyticsTextRef, description: 'Polar’s `cardio_load_status`, unchanged (source POLAR).', resolve: (r) => r.day?.polarStatus ?? noData('POLAR') }),
  }),
});

// --- sleep (SPEC §4)

export const SleepDebtRef = builder.objectRef<Gated<SleepDebt>>('SleepDebt').implement({
  description: 'Sleep debt over the last 14 days (≥ 5 nights): max(0, Σ (need − TST)), surplus repays deficit.',
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    debtMinutes: t.float({ nullable: true, resolve: (r) => r.value?.debtMinutes ?? null }),
    debtNoRepayMinutes: t.float({ nullable: true, resolve: (r) => r.value?.debtNoRepayMinutes ?? null }),
    debtWeightedMinutes: t.float({ nullable: true, resolve: (r) => r.value?.debtWeightedMinutes ?? null }),
    validNights: t.int({ nullable: true, resolve: (r) => r.value?.validNights ?? null }),
    category: t.field({ type: SleepDebtCategoryEnum, nullable: true, resolve: (r) => r.value?.category ?? null }),
  }),
});

const NightSleepRef = builder.objectRef<Gated<NightSleep>>('NightSleepMetrics').implement({
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    totalSleepMinutes: t.float({ nullable: true, resolve: (r) => r.value?.totalSleepMinutes ?? null }),
    spanMinutes: t.float({ nullable: true, resolve: (r) => r.value?.spanMinutes ?? null }),
    efficiencyPercent: t.float({ nullable: true, description: '100·TST/span (overestimates PSG efficiency).', resolve: (r) => r.value?.efficiencyPercent ?? null }),
    lightShare: t.float({ nullable: true, resolve: (r) => r.value?.lightShare ?? null }),
    deepShare: t.float({ nullable: true, resolve: (r) => r.value?.deepShare ?? null }),
    remShare: t.float({ nullable: true, resolve: (r) => r.value?.remShare ?? null }),
    midSleepMinutesSince18: t.float({ nullable: true, resolve: (r) => r.value?.midSleepMinutesSince18 ?? null }),
    needMinutes: t.float({ nullable: true, resolve: (r) => r.value?.needMinutes ?? null }),
  }),
});

const SleepRegularityRef = builder.objectRef<Gated<SleepRegularity>>('SleepRegularity').implement({
  description: 'Sleep Regularity Index over the last 14 days (≥ 7 consecutive day pairs).',
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    sri: t.float({ nullable: true, description: 'Phillips scale: 100 = perfectly regular, 0 = random.', resolve: (r) => r.value?.sri ?? null }),
    agreementPercent: t.float({ nullable: true, description: 'The raw probability × 100 some apps call SRI.', resolve: (r) => r.value?.agreementPercent ?? null }),
    dayPairs: t.int({ nullable: true, resolve: (r) => r.value?.dayPairs ?? null }),
  }),
});

const MidSleepVariabilityRef = builder.objectRef<Gated<MidSleepVariability>>('MidSleepVariability').implement({
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    meanMinutesSince18: t.float({ nullable: true, resolve: (r) => r.value?.meanMinutesSince18 ?? null }),
    sdMinutes: t.float({ nullable: true, description: 'Sample SD of mid-sleep over the last 14 days (≥ 5 nights).', resolve: (r) => r.value?.sdSample ?? null }),
    sdPopulationMinutes: t.float({ nullable: true, resolve: (r) => r.value?.sdPopulation ?? null }),
    nights: t.int({ nullable: true, resolve: (r) => r.value?.nights ?? null }),
  }),
});

const SocialJetlagRef = builder.objectRef<Gated<SocialJetlag>>('SocialJetlag').implement({
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    minutes: t.float({ nullable: true, description: '|mean mid-sleep before free days − before workdays| over 28 days.', resolve: (r) => r.value?.minutes ?? null }),
    freeNights: t.int({ nullable: true, resolve: (r) => r.value?.freeNights ?? null }),
    workNights: t.int({ nullable: true, resolve: (r) => r.value?.workNights ?? null }),
  }),
});

export const SleepMetricsRef = builder.objectRef<{ of: SleepDay | null }>('SleepMetrics').implement({
  description: 'Sleep of the night ending this day and the sleep-pattern metrics as of this day (SPEC §4).',
  fields: (t) => ({
    night: t.field({ type: NightSleepRef, resolve: (r) => r.of?.night ?? noData() }),
    debt: t.field({ type: SleepDebtRef, resolve: (r) => r.of?.debt ?? noData() }),
    regularity: t.field({ type: SleepRegularityRef, resolve: (r) => r.of?.regularity ?? noData() }),
    midSleepVariability: t.field({ type: MidSleepVariabilityRef, resolve: (r) => r.of?.midSleepVariability ?? noData() }),
    socialJetlag: t.field({ type: SocialJetlagRef, resolve: (r) => r.of?.socialJetlag ?? noData() }),
  }),
});

// --- HRV (SPEC §1)

const NormalBandRef = builder.objectRef<Gated<NormalBand>>('NormalBand').implement({
  description: 'SWC band of the 60-day baseline (mean ± 0.5·SD) and where the 7-day mean lies (SPEC §1.3).',
  fields: (t) => ({
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    lower: t.float({ nullable: true, resolve: (r) => r.value?.lower ?? null }),
    upper: t.float({ nullable: true, resolve: (r) => r.value?.upper ?? null }),
    current: t.float({ nullable: true, description: 'The 7-day mean classified.', resolve: (r) => r.value?.current ?? null }),
    position: t.field({ type: BandPositionEnum, nullable: true, resolve: (r) => r.value?.position ?? null }),
  }),
});

export const HrvRef = builder.objectRef<{ of: HrvDay | null }>('HrvAnalytics').implement({
  description: 'HRV of one day on ln rMSSD (SPEC §1).',
  fields: (t) => ({
    lnRmssd: t.float({ nullable: true, resolve: (r) => r.of?.lnRmssd ?? null }),
    rollingLnMean: t.field({
      type: AnalyticsValueRef,
      description: 'HRV7: mean ln rMSSD over the 7 days ending today (≥ 3 nights).',
      resolve: (r) => (r.of ? { status: r.of.rolling.status, source: r.of.rolling.source, value: r.of.rolling.value?.lnMean ?? null } : noData()),
    }),
    cvLnRmssd: t.field({ type: AnalyticsValueRef, description: 'CV of ln rMSSD over 7 days, % (≥ 5 nights).', resolve: (r) => r.of?.cvLnRmssd ?? noData() }),
    normalBand: t.field({ type: NormalBandRef, resolve: (r) => r.of?.normalBand ?? noData() }),
  }),
});

// --- Polar's own scores (pass-through)

export const PolarScoresRef = builder.objectRef<{ of: PolarScores | null }>('PolarScores').implement({
  description: 'Polar’s own scores of the day, unchanged (source POLAR, never recomputed).',
  fields: (t) => ({
    ansCharge: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.ansCharge ?? noData('POLAR') }),
    ansChargeStatus: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.ansChargeStatus ?? noData('POLAR') }),
    nightlyRechargeStatus: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.nightlyRechargeStatus ?? noData('POLAR') }),
    sleepScore: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.sleepScore ?? noData('POLAR') }),
    sleepCharge: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.sleepCharge ?? noData('POLAR') }),
    cardioLoadStatus: t.field({ type: AnalyticsTextRef, resolve: (r) => r.of?.cardioLoadStatus ?? noData('POLAR') }),
    strain: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.strain ?? noData('POLAR') }),
    tolerance: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.tolerance ?? noData('POLAR') }),
    cardioLoadRatio: t.field({ type: AnalyticsValueRef, resolve: (r) => r.of?.cardioLoadRatio ?? noData('POLAR') }),
    spo2Class: t.field({ type: AnalyticsTextRef, resolve: (r) => r.of?.spo2Class ?? noData('POLAR') }),
  }),
});

// --- trends and correlations (SPEC §6)

export const TrendRef = builder.objectRef<MetricTrend>('Trend').implement({
  description: 'Mann-Kendall test (Hamed–Rao variance correction) and Theil–Sen slope over the window ending `asOf` (≥ 10 points, ≥ 50 % coverage).',
  fields: (t) => ({
    metric: t.expose('metric', { type: MetricEnum }),
    windowDays: t.exposeInt('windowDays'),
    asOf: t.field({ type: 'Date', resolve: (r) => r.asOf as LocalDate }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    n: t.int({ nullable: true, resolve: (r) => r.value?.n ?? null }),
    s: t.float({ nullable: true, resolve: (r) => r.value?.s ?? null }),
    z: t.float({ nullable: true, resolve: (r) => r.value?.z ?? null }),
    pValue: t.float({ nullable: true, resolve: (r) => r.value?.pValue ?? null }),
    tau: t.float({ nullable: true, resolve: (r) => r.value?.tau ?? null }),
    senSlopePerDay: t.float({ nullable: true, resolve: (r) => r.value?.senSlope ?? null }),
    slopePerWeek: t.float({ nullable: true, resolve: (r) => r.value?.slopePerWeek ?? null }),
    intercept: t.float({ nullable: true, resolve: (r) => r.value?.intercept ?? null }),
    coverage: t.float({ nullable: true, resolve: (r) => r.value?.coverage ?? null }),
    significant: t.boolean({ nullable: true, resolve: (r) => r.value?.significant ?? null }),
    direction: t.field({ type: TrendDirectionEnum, nullable: true, resolve: (r) => r.value?.direction ?? null }),
    smallestWorthwhileChange: t.float({ nullable: true, resolve: (r) => r.value?.smallestWorthwhileChange ?? null }),
  }),
});

export const CorrelationRef = builder.objectRef<CorrelationResult>('Correlation').implement({
  description: 'Pearson and Spearman between a(t) and b(t + lag) over paired days of the window ending `asOf` (≥ 14 pairs; ≥ 28 to be meaningful).',
  fields: (t) => ({
    a: t.expose('a', { type: MetricEnum }),
    b: t.expose('b', { type: MetricEnum }),
    lag: t.exposeInt('lag'),
    windowDays: t.exposeInt('windowDays'),
    asOf: t.field({ type: 'Date', resolve: (r) => r.asOf as LocalDate }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    source: t.expose('source', { type: ValueSourceEnum }),
    n: t.int({ nullable: true, resolve: (r) => r.value?.n ?? null }),
    pearson: t.float({ nullable: true, resolve: (r) => r.value?.pearson ?? null }),
    spearman: t.float({ nullable: true, resolve: (r) => r.value?.spearman ?? null }),
    t: t.float({ nullable: true, resolve: (r) => r.value?.t ?? null }),
    pValue: t.float({ nullable: true, resolve: (r) => r.value?.pValue ?? null }),
    pValueBonferroni: t.float({ nullable: true, description: 'Corrected for the lags 0…lag scanned.', resolve: (r) => r.value?.pValueBonferroni ?? null }),
    ciLower: t.float({ nullable: true, resolve: (r) => r.value?.ciLower ?? null }),
    ciUpper: t.float({ nullable: true, resolve: (r) => r.value?.ciUpper ?? null }),
    meaningful: t.boolean({ nullable: true, resolve: (r) => r.value?.meaningful ?? null }),
  }),
});

// --- availability

const RequirementRef = builder.objectRef<AvailabilityRequirement>('AnalyticsRequirement').implement({
  fields: (t) => ({
    description: t.exposeString('description'),
    have: t.exposeInt('have'),
    need: t.exposeInt('need'),
    unit: t.expose('unit', { type: RequirementUnitEnum }),
  }),
});

const FeatureAvailabilityRef = builder.objectRef<FeatureAvailability>('AnalyticsFeatureAvailability').implement({
  fields: (t) => ({
    feature: t.expose('feature', { type: AnalyticsFeatureEnum }),
    metric: t.exposeString('metric', { nullable: true, description: 'For per-metric features (anomalies: metric; trends: metric:windowDays; correlations: a→b).' }),
    status: t.expose('status', { type: AnalyticsStatusEnum }),
    unlocked: t.exposeBoolean('unlocked'),
    requirements: t.field({ type: [RequirementRef], resolve: (r) => r.requirements }),
  }),
});

export const AvailabilityRef = builder.objectRef<AvailabilityReport>('AnalyticsAvailability').implement({
  description: 'Which analytics are unlocked as of `asOf` (the last day with data up to the requested date), and how much data each has and needs.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', nullable: true, resolve: (r) => r.asOf as LocalDate }),
    features: t.field({ type: [FeatureAvailabilityRef], resolve: (r) => r.features }),
  }),
});
