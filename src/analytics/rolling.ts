// Trailing calendar-window statistics for a whole series in one pass each: running sums give
// n, mean and SD in O(1) per day (rollingMoments); a sorted sliding window (binary-search
// position, in-place shift) gives every order statistic without re-sorting (rollingOrderStats),
// O(w) per day. Callers that need a few days only use orderStatsAt (SPEC brief: per-request,
// years of data).

import { madSorted } from './stats.js';

/** Columnar per-day statistics of the window [t − windowDays + 1, t] (NaN where n is too small). */
export interface WindowSeries {
  windowDays: number;
  n: Int32Array;
  mean: Float64Array;
  median: Float64Array;
  q1: Float64Array;
  q3: Float64Array;
  sd: Float64Array;
  mad: Float64Array;
  /** mean|x − median|, only filled where mad is 0 (the SPEC §2.1 fallback needs it only then); empty when never. */
  meanAdWhereMadZero: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

const EMPTY = new Float64Array(0);

function quantileOf(sorted: Float64Array, p: number, n: number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const lower = sorted[lo] as number;
  return lo + 1 < n ? lower + (h - lo) * ((sorted[lo + 1] as number) - lower) : lower;
}

/** Mean and sample SD of every trailing window (the cheap half of WindowSeries: no sorting). */
export interface WindowMoments {
  windowDays: number;
  n: Int32Array;
  mean: Float64Array;
  sd: Float64Array;
}

/** Order statistics of every trailing window (the sorted half of WindowSeries). */
export interface WindowOrderStats {
  windowDays: number;
  n: Int32Array;
  median: Float64Array;
  q1: Float64Array;
  q3: Float64Array;
  mad: Float64Array;
  /** mean|x − median|, only filled where mad is 0; empty when never. */
  meanAdWhereMadZero: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

function nanColumn(length: number): Float64Array {
  return new Float64Array(length).fill(Number.NaN);
}

/**
 * n, mean and sample SD of every window from running sums of (x − shift), O(1) per day. The
 * shift (first valid value) avoids cancellation for large, low-variance values such as skin
 * temperature. The sums carry over the whole series, so a day's mean/SD depends (in the last
 * ulp) on the order of the updates: every caller uses this one pass.
 */
export function rollingMoments(values: Float64Array, windowDays: number): WindowMoments {
  const length = values.length;
  const nColumn = new Int32Array(length);
  const meanColumn = nanColumn(length);
  const sdColumn = nanColumn(length);
  let shift = Number.NaN;
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let t = 0; t < length; t++) {
    // Remove before insert, as the sorted window does.
    if (t >= windowDays) {
      const leaving = values[t - windowDays] as number;
      if (leaving === leaving) {
        n--;
        const d = leaving - shift;
        sum -= d;
        sumSquares -= d * d;
      }
    }
    const incoming = values[t] as number;
    if (incoming === incoming) {
      n++;
      if (shift !== shift) shift = incoming;
      const d = incoming - shift;
      sum += d;
      sumSquares += d * d;
    }
    nColumn[t] = n;
    if (n === 0) {
      sum = 0;
      sumSquares = 0;
      continue;
    }
    const meanShifted = sum / n;
    meanColumn[t] = shift + meanShifted;
    if (n > 1) sdColumn[t] = Math.sqrt(Math.max(0, sumSquares - n * meanShifted * meanShifted) / (n - 1));
  }
  return { windowDays, n: nColumn, mean: meanColumn, sd: sdColumn };
}

/**
 * Order statistics of every window from one sorted sliding window (binary-search positions,
 * in-place shifts), O(w) per day but with w ≤ 90 a short memmove.
 */
export function rollingOrderStats(values: Float64Array, windowDays: number): WindowOrderStats {
  const length = values.length;
  const result: WindowOrderStats = {
    windowDays,
    n: new Int32Array(length),
    median: nanColumn(length),
    q1: nanColumn(length),
    q3: nanColumn(length),
    mad: nanColumn(length),
    meanAdWhereMadZero: EMPTY,
    min: nanColumn(length),
    max: nanColumn(length),
  };
  const { n: nColumn, median: medianColumn, q1: q1Column, q3: q3Column, mad: madColumn, min: minColumn, max: maxColumn } = result;
  const sorted = new Float64Array(Math.max(1, windowDays));
  let n = 0;
  for (let t = 0; t < length; t++) {
    const leaving = t >= windowDays ? (values[t - windowDays] as number) : Number.NaN;
    const incoming = values[t] as number;
    if (leaving === leaving) {
      // position of `leaving` (it is in the window)
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] as number) < leaving) lo = mid + 1;
        else hi = mid;
      }
      const i = lo;
      if (i >= n || sorted[i] !== leaving) throw new Error('rollingOrderStats: value not in window');
      if (incoming === incoming) {
        // replace: insertion index in the window without `leaving`
        lo = 0;
        hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((sorted[mid] as number) < incoming) lo = mid + 1;
          else hi = mid;
        }
        const j = leaving < incoming ? lo - 1 : lo;
        if (j >= i) for (let k = i; k < j; k++) sorted[k] = sorted[k + 1] as number;
        else for (let k = i; k > j; k--) sorted[k] = sorted[k - 1] as number;
        sorted[j] = incoming;
      } else {
        for (let k = i; k < n - 1; k++) sorted[k] = sorted[k + 1] as number;
        n--;
      }
    } else if (incoming === incoming) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((sorted[mid] as number) < incoming) lo = mid + 1;
        else hi = mid;
      }
      for (let k = n; k > lo; k--) sorted[k] = sorted[k - 1] as number;
      sorted[lo] = incoming;
      n++;
    }
    nColumn[t] = n;
    if (n === 0) continue;
    const median = quantileOf(sorted, 0.5, n);
    const mad = madSorted(sorted, median, n);
    medianColumn[t] = median;
    q1Column[t] = quantileOf(sorted, 0.25, n);
    q3Column[t] = quantileOf(sorted, 0.75, n);
    madColumn[t] = mad;
    if (mad === 0) {
      // allocated on first use: MAD = 0 is rare outside integer-valued metrics
      if (result.meanAdWhereMadZero === EMPTY) result.meanAdWhereMadZero = nanColumn(length);
      let absolute = 0;
      for (let i = 0; i < n; i++) absolute += Math.abs((sorted[i] as number) - median);
      result.meanAdWhereMadZero[t] = absolute / n;
    }
    minColumn[t] = sorted[0] as number;
    maxColumn[t] = sorted[n - 1] as number;
  }
  return result;
}

/** The order statistics of one window, as rollingOrderStats would give for that day. */
export interface OrderStatsAt {
  n: number;
  median: number;
  q1: number;
  q3: number;
  mad: number;
  /** NaN unless mad is 0 (as meanAdWhereMadZero). */
  meanAd: number;
  min: number;
  max: number;
}

let WINDOW_SCRATCH = new Float64Array(128);

/**
 * Order statistics of the single window [t − windowDays + 1, t] (t ≥ 0), sorting only its values:
 * for callers that need a few days, not the whole series. Same numbers as rollingOrderStats:
 * they depend only on the window's values.
 */
export function orderStatsAt(values: Float64Array, windowDays: number, t: number, out: OrderStatsAt): OrderStatsAt {
  if (WINDOW_SCRATCH.length < windowDays) WINDOW_SCRATCH = new Float64Array(windowDays);
  const sorted = WINDOW_SCRATCH;
  let n = 0;
  for (let d = Math.max(0, t - windowDays + 1); d <= t; d++) {
    const v = values[d] as number;
    if (v !== v) continue;
    // insertion sort (stable order of equal values does not matter: equal numbers)
    let i = n++;
    while (i > 0 && (sorted[i - 1] as number) > v) {
      sorted[i] = sorted[i - 1] as number;
      i--;
    }
    sorted[i] = v;
  }
  out.n = n;
  if (n === 0) {
    out.median = out.q1 = out.q3 = out.mad = out.meanAd = out.min = out.max = Number.NaN;
    return out;
  }
  const median = quantileOf(sorted, 0.5, n);
  const mad = madSorted(sorted, median, n);
  out.median = median;
  out.q1 = quantileOf(sorted, 0.25, n);
  out.q3 = quantileOf(sorted, 0.75, n);
  out.mad = mad;
  if (mad === 0) {
    let absolute = 0;
    for (let i = 0; i < n; i++) absolute += Math.abs((sorted[i] as number) - median);
    out.meanAd = absolute / n;
  } else out.meanAd = Number.NaN;
  out.min = sorted[0] as number;
  out.max = sorted[n - 1] as number;
  return out;
}

/** Both halves as one WindowSeries (sharing their columns). */
export function combineWindowSeries(moments: WindowMoments, order: WindowOrderStats): WindowSeries {
  return {
    windowDays: moments.windowDays,
    n: moments.n,
    mean: moments.mean,
    median: order.median,
    q1: order.q1,
    q3: order.q3,
    sd: moments.sd,
    mad: order.mad,
    meanAdWhereMadZero: order.meanAdWhereMadZero,
    min: order.min,
    max: order.max,
  };
}

/**
 * `values[t]` is NaN for a missing day. Windows are calendar days, never "the last k rows".
 * The loops are specialised to Float64Array (same formulas as stats.ts) because this runs for
 * every (metric, window) of every request.
 */
export function rollingWindowStats(values: Float64Array, windowDays: number): WindowSeries {
  return combineWindowSeries(rollingMoments(values, windowDays), rollingOrderStats(values, windowDays));
}

/** historyDays[t] = days from the first valid value up to t inclusive (0 before any data). */
export function historyDays(values: Float64Array): Int32Array {
  const result = new Int32Array(values.length);
  let first = -1;
  for (let t = 0; t < values.length; t++) {
    if (first < 0 && !Number.isNaN(values[t] as number)) first = t;
    result[t] = first < 0 ? 0 : t - first + 1;
  }
  return result;
}
