// SPEC §6: Mann-Kendall trend test with Theil–Sen slope, and lagged correlation.

import { erfc, normalQuantile, pearson, ranks, spearman, studentTTwoSidedP } from './stats.js';

export interface TimedValue {
  /** Day offset (real calendar gaps; a missing day is absent, not 0). */
  t: number;
  x: number;
}

export interface MannKendallResult {
  n: number;
  s: number;
  /** Var(S) with the tie correction (and the Hamed–Rao factor when requested). */
  variance: number;
  /** Hamed–Rao n/n* factor applied to the variance (1 when no correction). */
  varianceCorrection: number;
  z: number;
  pValue: number;
  tau: number;
  /** Theil–Sen slope per day: median of (x_j − x_i)/(t_j − t_i). */
  senSlope: number;
  /** median(x_i − slope·t_i). */
  intercept: number;
  slopePerWeek: number;
}

/** k-th smallest (0-based) by Hoare quickselect; reorders `values`. */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const tmp = values[i] as number;
        values[i] = values[j] as number;
        values[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/** Median (type 7) in O(n) expected; reorders `values`. */
function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const lower = select(values, (n - 1) >>> 1);
  if (n % 2 === 1) return lower;
  // the upper middle is the minimum of the part above the lower middle
  let upper = Number.POSITIVE_INFINITY;
  for (let i = n >>> 1; i < n; i++) if ((values[i] as number) < upper) upper = values[i] as number;
  return (lower + upper) / 2;
}

/** Sum over tie groups of t(t−1)(2t+5). */
function tieTerm(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let term = 0;
  for (const t of counts.values()) if (t > 1) term += t * (t - 1) * (2 * t + 5);
  return term;
}

/**
 * Hamed & Rao (1998) variance factor as in pymannkendall: ACF of the ranks of the Sen-detrended
 * series, keeping only lags whose autocorrelation is significant at `alpha`.
 */
function hamedRaoFactor(points: readonly TimedValue[], slope: number, alpha: number): number {
  const n = points.length;
  const detrended = points.map((p, i) => p.x - (i + 1) * slope);
  const r = ranks(detrended);
  const m = r.reduce((a, b) => a + b, 0) / n;
  const centred = r.map((v) => v - m);
  let c0 = 0;
  for (const v of centred) c0 += v * v;
  if (c0 === 0) return 1;
  const bound = normalQuantile(1 - alpha / 2) / Math.sqrt(n);
  let sum = 0;
  for (let lag = 1; lag < n; lag++) {
    let c = 0;
    for (let i = 0; i + lag < n; i++) c += (centred[i] as number) * (centred[i + lag] as number);
    const rho = c / c0;
    if (Math.abs(rho) > bound) sum += (n - lag) * (n - lag - 1) * (n - lag - 2) * rho;
  }
  const factor = 1 + (2 / (n * (n - 1) * (n - 2))) * sum;
  return factor > 0 ? factor : 1;
}

export function mannKendall(points: readonly TimedValue[], options: { autocorrelation?: 'none' | 'hamedRao'; alpha?: number } = {}): MannKendallResult {
  const n = points.length;
  const xs = new Float64Array(n);
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i] as TimedValue;
    xs[i] = p.x;
    ts[i] = p.t;
  }
  let s = 0;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let slopeCount = 0;
  for (let i = 0; i < n; i++) {
    const xi = xs[i] as number;
    const ti = ts[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = (xs[j] as number) - xi;
      s += dx > 0 ? 1 : dx < 0 ? -1 : 0;
      const tj = ts[j] as number;
      if (tj !== ti) slopes[slopeCount++] = dx / (tj - ti);
    }
  }
  const senSlope = slopeCount > 0 ? medianInPlace(slopes.subarray(0, slopeCount)) : Number.NaN;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = (xs[i] as number) - senSlope * (ts[i] as number);
  const intercept = medianInPlace(residuals);
  let variance = (n * (n - 1) * (2 * n + 5) - tieTerm(xs)) / 18;
  let varianceCorrection = 1;
  if (options.autocorrelation === 'hamedRao' && n >= 3 && Number.isFinite(senSlope)) {
    varianceCorrection = hamedRaoFactor(points, senSlope, options.alpha ?? 0.05);
    variance *= varianceCorrection;
  }
  const sd = Math.sqrt(variance);
  const z = s > 0 ? (s - 1) / sd : s < 0 ? (s + 1) / sd : 0;
  return {
    n,
    s,
    variance,
    varianceCorrection,
    z,
    pValue: erfc(Math.abs(z) / Math.SQRT2),
    tau: s / ((n * (n - 1)) / 2),
    senSlope,
    intercept,
    slopePerWeek: 7 * senSlope,
  };
}

export interface LaggedCorrelation {
  lag: number;
  n: number;
  pearson: number;
  spearman: number;
  t: number;
  /** Two-sided p of the t statistic (n − 2 df), before any multiple-lag correction. */
  pValue: number;
  /** min(1, p · number of lags scanned): Bonferroni (SPEC §6.2). */
  pValueBonferroni: number;
  ciLower: number;
  ciUpper: number;
  /** n ≥ the "meaningful" minimum (SPEC §6.2: 28, our choice). */
  meaningful: boolean;
}

/**
 * Pearson and Spearman between a_t and b_{t+lag} over days where both exist. Arrays are
 * day-aligned (index = day) with NaN for missing. Returns null below `minPairs`.
 */
export function laggedCorrelation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  lag: number,
  options: { minPairs?: number; meaningfulPairs?: number; lagsScanned?: number; from?: number; to?: number } = {},
): LaggedCorrelation | null {
  const from = options.from ?? 0;
  const to = options.to ?? a.length - 1;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = from; t <= to; t++) {
    const u = t + lag;
    if (u < from || u > to || u >= b.length) continue;
    const x = a[t] as number;
    const y = b[u] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    xs.push(x);
    ys.push(y);
  }
  const n = xs.length;
  if (n < (options.minPairs ?? 14) || n < 4) return null;
  const r = pearson(xs, ys);
  if (Number.isNaN(r)) return null;
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  const pValue = studentTTwoSidedP(t, n - 2);
  const half = 1.96 / Math.sqrt(n - 3); // SPEC §6.2 states 1.96
  const fisher = Math.atanh(r);
  return {
    lag,
    n,
    pearson: r,
    spearman: spearman(xs, ys),
    t,
    pValue,
    pValueBonferroni: Math.min(1, pValue * (options.lagsScanned ?? 1)),
    ciLower: Math.tanh(fisher - half),
    ciUpper: Math.tanh(fisher + half),
    meaningful: n >= (options.meaningfulPairs ?? 28),
  };
}
