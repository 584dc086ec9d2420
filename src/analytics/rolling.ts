// Trailing calendar-window statistics for a whole series in one pass: a sorted sliding window
// (binary-search insert/remove) gives every order statistic without re-sorting, so each day
// costs O(w) and a whole series O(n·w) (SPEC brief: per-request, years of data).

import { madSorted } from './stats.js';

export class SortedWindow {
  readonly values: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.values[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(x: number): void {
    const pos = this.lowerBound(x);
    this.values.copyWithin(pos + 1, pos, this.size);
    this.values[pos] = x;
    this.size++;
  }

  /** remove(out) then insert(x), with one shift of the values in between instead of two. */
  replace(out: number, x: number): void {
    const i = this.lowerBound(out);
    if (i >= this.size || this.values[i] !== out) throw new Error('SortedWindow.replace: value not in window');
    // insertion index in the window without `out`: elements < x, less `out` itself if it is < x
    const j = this.lowerBound(x) - (out < x ? 1 : 0);
    if (j >= i) this.values.copyWithin(i, i + 1, j + 1);
    else this.values.copyWithin(j + 1, j, i);
    this.values[j] = x;
  }

  remove(x: number): void {
    const pos = this.lowerBound(x);
    if (pos >= this.size || this.values[pos] !== x) throw new Error('SortedWindow.remove: value not in window');
    this.values.copyWithin(pos, pos + 1, this.size);
    this.size--;
  }
}

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

/**
 * `values[t]` is NaN for a missing day. Windows are calendar days, never "the last k rows".
 * The loops are specialised to Float64Array (same formulas as stats.ts) because this runs for
 * every (metric, window) of every request.
 */
export function rollingWindowStats(values: Float64Array, windowDays: number): WindowSeries {
  const length = values.length;
  const result: WindowSeries = {
    windowDays,
    n: new Int32Array(length),
    mean: new Float64Array(length).fill(Number.NaN),
    median: new Float64Array(length).fill(Number.NaN),
    q1: new Float64Array(length).fill(Number.NaN),
    q3: new Float64Array(length).fill(Number.NaN),
    sd: new Float64Array(length).fill(Number.NaN),
    mad: new Float64Array(length).fill(Number.NaN),
    meanAdWhereMadZero: EMPTY,
    min: new Float64Array(length).fill(Number.NaN),
    max: new Float64Array(length).fill(Number.NaN),
  };
  const window = new SortedWindow(windowDays);
  const sorted = window.values;
  // Running sums of (x − shift) keep mean and SD O(1) per day; the shift (first valid value)
  // avoids cancellation for large, low-variance values such as skin temperature.
  let shift = Number.NaN;
  let sum = 0;
  let sumSquares = 0;
  for (let t = 0; t < length; t++) {
    // Remove before insert: the buffer holds exactly windowDays values.
    const leaving = t - windowDays >= 0 ? (values[t - windowDays] as number) : Number.NaN;
    const incoming = values[t] as number;
    const replacing = !Number.isNaN(leaving) && !Number.isNaN(incoming);
    if (!Number.isNaN(leaving)) {
      if (replacing) window.replace(leaving, incoming);
      else window.remove(leaving);
      const d = leaving - shift;
      sum -= d;
      sumSquares -= d * d;
    }
    if (!Number.isNaN(incoming)) {
      if (!replacing) window.insert(incoming);
      if (Number.isNaN(shift)) shift = incoming;
      const d = incoming - shift;
      sum += d;
      sumSquares += d * d;
    }
    const n = window.size;
    result.n[t] = n;
    if (n === 0) {
      sum = 0;
      sumSquares = 0;
      continue;
    }
    const meanShifted = sum / n;
    const median = quantileOf(sorted, 0.5, n);
    const mad = madSorted(sorted, median, n);
    result.mean[t] = shift + meanShifted;
    result.median[t] = median;
    result.q1[t] = quantileOf(sorted, 0.25, n);
    result.q3[t] = quantileOf(sorted, 0.75, n);
    if (n > 1) result.sd[t] = Math.sqrt(Math.max(0, sumSquares - n * meanShifted * meanShifted) / (n - 1));
    result.mad[t] = mad;
    if (mad === 0) {
      // allocated on first use: MAD = 0 is rare outside integer-valued metrics
      if (result.meanAdWhereMadZero === EMPTY) result.meanAdWhereMadZero = new Float64Array(length).fill(Number.NaN);
      let absolute = 0;
      for (let i = 0; i < n; i++) absolute += Math.abs((sorted[i] as number) - median);
      result.meanAdWhereMadZero[t] = absolute / n;
    }
    result.min[t] = sorted[0] as number;
    result.max[t] = sorted[n - 1] as number;
  }
  return result;
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
