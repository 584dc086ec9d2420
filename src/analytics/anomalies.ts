// SPEC §2: robust anomaly scoring of today against trailing history (leave-current-out),
// plus the combined illness-style signal.

import { MEAN_AD_CONSTANT, MODZ_CONSTANT, type BadDirection, type DailyMetric, type MadFloor } from './options.js';
import { madSorted, meanAbsoluteDeviation, quantileSorted, sortedCopy } from './stats.js';
import { AnalyticsStatus, ValueSource, type Gated } from './types.js';

export type HistoryBasis = 'ALL_DAYS' | 'SAME_WEEKDAY';

/** What the scoring needs from the history window. */
export interface RobustHistory {
  basis: HistoryBasis;
  n: number;
  median: number;
  /** Unscaled MAD. */
  mad: number;
  /** mean|x − median|; only needed (and may be NaN otherwise) when the effective MAD is 0. */
  meanAd: number;
  q1: number;
  q3: number;
}

export function summarizeHistory(values: readonly number[], basis: HistoryBasis = 'ALL_DAYS'): RobustHistory {
  const sorted = sortedCopy(values);
  const median = quantileSorted(sorted, 0.5);
  return {
    basis,
    n: sorted.length,
    median,
    mad: madSorted(sorted, median),
    meanAd: meanAbsoluteDeviation(sorted, median),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
  };
}

export type AnomalyRuleUsed = 'MODIFIED_Z' | 'MEAN_AD_FALLBACK' | 'ZERO_DISPERSION' | 'ANS_THRESHOLD';

export interface ModifiedZ {
  /** null when MAD and MeanAD are both 0 (SPEC §2.1: any x ≠ median is flagged, z is not reported). */
  z: number | null;
  rule: Exclude<AnomalyRuleUsed, 'ANS_THRESHOLD'>;
  madEffective: number;
}

export function madFloorValue(floor: MadFloor | undefined, median: number): number {
  if (!floor) return 0;
  return Math.max(floor.absolute ?? 0, (floor.relativeToMedian ?? 0) * Math.abs(median));
}

/** Iglewicz–Hoaglin modified z with the MeanAD fallback (SPEC §2.1). */
export function modifiedZScore(x: number, history: Pick<RobustHistory, 'median' | 'mad' | 'meanAd'>, madFloor = 0): ModifiedZ {
  const madEffective = Math.max(history.mad, madFloor);
  if (madEffective > 0) return { z: (MODZ_CONSTANT * (x - history.median)) / madEffective, rule: 'MODIFIED_Z', madEffective };
  if (history.meanAd > 0) return { z: (x - history.median) / (MEAN_AD_CONSTANT * history.meanAd), rule: 'MEAN_AD_FALLBACK', madEffective };
  return { z: null, rule: 'ZERO_DISPERSION', madEffective };
}

export interface TukeyFences {
  q1: number;
  q3: number;
  iqr: number;
  innerLower: number;
  innerUpper: number;
  outerLower: number;
  outerUpper: number;
}

export function tukeyFences(q1: number, q3: number, innerK = 1.5, outerK = 3): TukeyFences {
  const iqr = q3 - q1;
  return { q1, q3, iqr, innerLower: q1 - innerK * iqr, innerUpper: q3 + innerK * iqr, outerLower: q1 - outerK * iqr, outerUpper: q3 + outerK * iqr };
}

export type TukeyClass = 'NONE' | 'MILD' | 'EXTREME';

export function tukeyClassify(x: number, fences: TukeyFences): TukeyClass {
  if (x < fences.outerLower || x > fences.outerUpper) return 'EXTREME';
  if (x < fences.innerLower || x > fences.innerUpper) return 'MILD';
  return 'NONE';
}

export type Severity = 'WARNING' | 'CRITICAL';
export type Deviation = 'LOW' | 'HIGH' | 'NONE';

export interface AnomalyEvaluation {
  value: number;
  z: number | null;
  /** Which side of the history median today lies on. */
  direction: Deviation;
  badDirection: BadDirection;
  rule: AnomalyRuleUsed;
  /** True only when the rule fires on the metric's bad side. */
  flagged: boolean;
  severity: Severity | null;
  basis: HistoryBasis;
  n: number;
  median: number | null;
  mad: number | null;
  madEffective: number | null;
  /** null when fewer than the Tukey minimum points (SPEC §2.1: ≥ 10). */
  tukey: { fences: TukeyFences; class: TukeyClass } | null;
}

export interface AnomalyThresholds {
  modZThreshold: number;
  modZCriticalThreshold: number;
  modZMinN: number;
  tukeyMinN: number;
  tukeyInnerK: number;
  tukeyOuterK: number;
}

function onBadSide(direction: Deviation, bad: BadDirection): boolean {
  return direction !== 'NONE' && (bad === 'BOTH' || bad === direction);
}

/**
 * Scores today against its history. Severity (our choice, SPEC §2 gives none): a flag is
 * CRITICAL when |M| ≥ modZCriticalThreshold or today is beyond the Tukey outer fence on the bad
 * side, otherwise WARNING; a zero-dispersion flag (z null) stays WARNING since it has no size.
 * `shortfall` is the status to report when the history is below the MAD minimum.
 */
export function evaluateAnomaly(
  x: number,
  history: RobustHistory,
  badDirection: BadDirection,
  thresholds: AnomalyThresholds,
  madFloor = 0,
  shortfall: Exclude<AnalyticsStatus, 'OK'> = AnalyticsStatus.INSUFFICIENT_WINDOW,
): Gated<AnomalyEvaluation> {
  if (Number.isNaN(x)) return { status: AnalyticsStatus.NO_DATA, source: ValueSource.LOCAL, value: null };
  if (history.n < thresholds.modZMinN) return { status: shortfall, source: ValueSource.LOCAL, value: null };
  const scored = modifiedZScore(x, history, madFloor);
  const direction: Deviation = x > history.median ? 'HIGH' : x < history.median ? 'LOW' : 'NONE';
  const fires = scored.z === null ? direction !== 'NONE' : Math.abs(scored.z) > thresholds.modZThreshold;
  const flagged = fires && onBadSide(direction, badDirection);
  let tukey: AnomalyEvaluation['tukey'] = null;
  if (history.n >= thresholds.tukeyMinN) {
    const fences = tukeyFences(history.q1, history.q3, thresholds.tukeyInnerK, thresholds.tukeyOuterK);
    tukey = { fences, class: tukeyClassify(x, fences) };
  }
  let severity: Severity | null = null;
  if (flagged) {
    const critical = scored.z !== null && (Math.abs(scored.z) >= thresholds.modZCriticalThreshold || tukey?.class === 'EXTREME');
    severity = critical ? 'CRITICAL' : 'WARNING';
  }
  return {
    status: AnalyticsStatus.OK,
    source: ValueSource.LOCAL,
    value: {
      value: x,
      z: scored.z,
      direction,
      badDirection,
      rule: scored.rule,
      flagged,
      severity,
      basis: history.basis,
      n: history.n,
      median: history.median,
      mad: history.mad,
      madEffective: scored.madEffective,
      tukey,
    },
  };
}

/** SPEC §1.5: ANS charge is already personalised, so it is thresholded directly, not z-scored. */
export function evaluateAnsCharge(x: number, warningAtOrBelow: number, criticalAtOrBelow: number): Gated<AnomalyEvaluation> {
  if (Number.isNaN(x)) return { status: AnalyticsStatus.NO_DATA, source: ValueSource.LOCAL, value: null };
  const flagged = x <= warningAtOrBelow;
  return {
    status: AnalyticsStatus.OK,
    source: ValueSource.LOCAL,
    value: {
      value: x,
      z: null,
      direction: x < 0 ? 'LOW' : x > 0 ? 'HIGH' : 'NONE',
      badDirection: 'LOW',
      rule: 'ANS_THRESHOLD',
      flagged,
      severity: flagged ? (x <= criticalAtOrBelow ? 'CRITICAL' : 'WARNING') : null,
      basis: 'ALL_DAYS',
      n: 0,
      median: null,
      mad: null,
      madEffective: null,
      tukey: null,
    },
  };
}

export type AnomalyKind = 'METRIC' | 'ILLNESS_PATTERN' | 'HRV_DOWN_RHR_UP';

/** One flagged finding of a day; one flat shape for single-metric and combined findings. */
export interface Anomaly {
  kind: AnomalyKind;
  severity: Severity;
  source: ValueSource;
  /** The metric for METRIC; every metric that contributed for a combined signal. */
  metrics: DailyMetric[];
  direction: Exclude<Deviation, 'NONE'> | null;
  z: number | null;
  value: number | null;
  rule: AnomalyRuleUsed | null;
}

export type AnomalyChecks = Partial<Record<DailyMetric, AnomalyEvaluation | null>>;

function pointsBad(evaluation: AnomalyEvaluation | null | undefined, side: 'LOW' | 'HIGH', threshold: number): boolean {
  if (!evaluation || evaluation.direction !== side) return false;
  if (evaluation.z === null) return evaluation.rule === 'ZERO_DISPERSION';
  return side === 'LOW' ? evaluation.z <= -threshold : evaluation.z >= threshold;
}

/**
 * Combined illness-style signal (our choice of rule; SPEC §1.3/§2 name the ingredients):
 * HRV down and resting HR up, each with |modified z| ≥ `threshold` in its bad direction;
 * with skin temperature (deviation, else absolute) up as well it is an ILLNESS_PATTERN (CRITICAL),
 * without it HRV_DOWN_RHR_UP (WARNING). An elevated breathing rate is listed as supporting evidence.
 */
export function combinedSignals(checks: AnomalyChecks, threshold: number): Anomaly[] {
  const hrv = checks.lnRmssd;
  const rhr = checks.restingHr;
  if (!pointsBad(hrv, 'LOW', threshold) || !pointsBad(rhr, 'HIGH', threshold)) return [];
  const metrics: DailyMetric[] = ['lnRmssd', 'restingHr'];
  const temperatureMetric: DailyMetric | null = pointsBad(checks.skinTemperatureDeviation, 'HIGH', threshold)
    ? 'skinTemperatureDeviation'
    : pointsBad(checks.skinTemperature, 'HIGH', threshold)
      ? 'skinTemperature'
      : null;
  if (temperatureMetric) metrics.push(temperatureMetric);
  if (pointsBad(checks.breathingRate, 'HIGH', threshold)) metrics.push('breathingRate');
  const illness = temperatureMetric !== null;
  return [
    {
      kind: illness ? 'ILLNESS_PATTERN' : 'HRV_DOWN_RHR_UP',
      severity: illness ? 'CRITICAL' : 'WARNING',
      source: ValueSource.LOCAL,
      metrics,
      direction: null,
      z: null,
      value: null,
      rule: null,
    },
  ];
}

export function metricAnomaly(metric: DailyMetric, evaluation: AnomalyEvaluation): Anomaly | null {
  if (!evaluation.flagged || evaluation.severity === null || evaluation.direction === 'NONE') return null;
  return {
    kind: 'METRIC',
    severity: evaluation.severity,
    source: ValueSource.LOCAL,
    metrics: [metric],
    direction: evaluation.direction,
    z: evaluation.z,
    value: evaluation.value,
    rule: evaluation.rule,
  };
}
