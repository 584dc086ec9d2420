// Order statistics and distributions used by every analytics module.
// Quantiles are pinned to Hyndman–Fan type 7 (SPEC §0); that is why they are hand-written
// instead of taken from a library whose default method may differ.

/** Type-7 quantile of an ascending array (first `n` entries used). */
export function quantileSorted(sorted: ArrayLike<number>, p: number, n: number = sorted.length): number {
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const lower = sorted[lo] as number;
  if (lo + 1 >= n) return lower;
  const upper = sorted[lo + 1] as number;
  return lower + (h - lo) * (upper - lower);
}

export function sortedCopy(values: readonly number[]): number[] {
  return values.slice().sort((a, b) => a - b);
}

/** Type-7 quantile (numpy/R default). */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(sortedCopy(values), p);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function mean(values: ArrayLike<number>, n: number = values.length): number {
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  return sum / n;
}

/** Sum of squared deviations from the mean (two-pass, numerically stable). */
function sumOfSquares(values: ArrayLike<number>, n: number, centre: number): number {
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - centre;
    ss += d * d;
  }
  return ss;
}

/** Sample SD (n − 1), SPEC §0 default. NaN for n < 2. */
export function sampleSd(values: ArrayLike<number>, n: number = values.length): number {
  if (n < 2) return Number.NaN;
  return Math.sqrt(sumOfSquares(values, n, mean(values, n)) / (n - 1));
}

/** Population SD (n). NaN for n < 1. */
export function populationSd(values: ArrayLike<number>, n: number = values.length): number {
  if (n < 1) return Number.NaN;
  return Math.sqrt(sumOfSquares(values, n, mean(values, n)) / n);
}

/**
 * Median absolute deviation (unscaled, SPEC §2.1) of an ascending array around `centre`, in
 * O(log n): deviations left of the centre grow leftwards and right of it grow rightwards, so the
 * sorted deviations are two sorted runs and their k-th smallest is found by binary search.
 */
export function madSorted(sorted: ArrayLike<number>, centre: number, n: number = sorted.length): number {
  if (n === 0) return Number.NaN;
  // first index whose value is >= centre
  let split = 0;
  let hi = n;
  while (split < hi) {
    const mid = (split + hi) >>> 1;
    if ((sorted[mid] as number) < centre) split = mid + 1;
    else hi = mid;
  }
  const lower = kthDeviation(sorted, centre, split, n, (n - 1) >>> 1);
  return n % 2 === 1 ? lower : (lower + kthDeviation(sorted, centre, split, n, n >>> 1)) / 2;
}

/** k-th smallest (0-based) of the runs A_i = centre − sorted[split−1−i] and B_j = sorted[split+j] − centre. */
function kthDeviation(sorted: ArrayLike<number>, centre: number, split: number, n: number, k: number): number {
  // take i values from A and k + 1 − i from B: the smallest i with A[i] ≥ B[k − i]
  let lo = Math.max(0, k + 1 - (n - split));
  let hi = Math.min(k + 1, split);
  while (lo < hi) {
    const i = (lo + hi) >>> 1;
    const fromA = centre - (sorted[split - 1 - i] as number);
    const fromB = (sorted[split + k - i] as number) - centre;
    if (fromA < fromB) lo = i + 1;
    else hi = i;
  }
  const j = k + 1 - lo;
  const lastA = lo > 0 ? centre - (sorted[split - lo] as number) : Number.NEGATIVE_INFINITY;
  const lastB = j > 0 ? (sorted[split + j - 1] as number) - centre : Number.NEGATIVE_INFINITY;
  return lastA > lastB ? lastA : lastB;
}

/** Median absolute deviation around the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const sorted = sortedCopy(values);
  return madSorted(sorted, quantileSorted(sorted, 0.5));
}

/** Mean absolute deviation around a given centre (MAD = 0 fallback of SPEC §2.1). */
export function meanAbsoluteDeviation(values: ArrayLike<number>, centre: number, n: number = values.length): number {
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((values[i] as number) - centre);
  return sum / n;
}

/** Descriptive statistics of one window; all fields computed from the same valid values. */
export interface DescriptiveStats {
  n: number;
  mean: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  /** Sample SD (n − 1); NaN when n < 2. */
  sd: number;
  /** Unscaled median absolute deviation. */
  mad: number;
  min: number;
  max: number;
}

export function describeSorted(sorted: ArrayLike<number>, n: number = sorted.length): DescriptiveStats {
  const med = quantileSorted(sorted, 0.5, n);
  const q1 = quantileSorted(sorted, 0.25, n);
  const q3 = quantileSorted(sorted, 0.75, n);
  return {
    n,
    mean: mean(sorted, n),
    median: med,
    q1,
    q3,
    iqr: q3 - q1,
    sd: sampleSd(sorted, n),
    mad: madSorted(sorted, med, n),
    min: n > 0 ? (sorted[0] as number) : Number.NaN,
    max: n > 0 ? (sorted[n - 1] as number) : Number.NaN,
  };
}

export function describe(values: readonly number[]): DescriptiveStats {
  return describeSorted(sortedCopy(values));
}

/**
 * Indices of `values` in ascending order of value (merge sort on the indices, no comparator
 * calls). Equal values end up adjacent; their relative order does not matter to the callers.
 */
function ascendingOrder(values: readonly number[]): ArrayLike<number> {
  const n = values.length;
  let order = new Int32Array(n);
  let buffer = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = order[i] as number;
        const b = order[j] as number;
        if ((values[b] as number) < (values[a] as number)) {
          buffer[k++] = b;
          j++;
        } else {
          buffer[k++] = a;
          i++;
        }
      }
      while (i < mid) buffer[k++] = order[i++] as number;
      while (j < hi) buffer[k++] = order[j++] as number;
    }
    const swap = order;
    order = buffer;
    buffer = swap;
  }
  return order;
}

/** Average ranks (1-based), ties share their mean rank. */
export function ranks(values: readonly number[]): number[] {
  // NaN has no place in an order: keep the comparator sort's (implementation-defined) result then
  const order: ArrayLike<number> = values.some(Number.isNaN)
    ? values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
    : ascendingOrder(values);
  const result = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k] as number] = averageRank;
    i = j + 1;
  }
  return result;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return Number.NaN;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

// ---------------------------------------------------------------------------------------------
// Special functions (Numerical Recipes style; accurate to ~1e-14, enough for Φ and p-values).

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
  0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4, 0.158088703224912494e-3,
  -0.210264441724104883e-3, 0.217439618115212643e-3, -0.164318106536763890e-3, 0.844182239838527433e-4,
  -0.261908384015814087e-4, 0.368991826595316234e-5,
];

export function logGamma(x: number): number {
  let y = x;
  const tmp0 = x + 5.2421875;
  const tmp = (x + 0.5) * Math.log(tmp0) - tmp0;
  let ser = 0.999999999999997092;
  for (const c of LANCZOS) ser += c / ++y;
  return tmp + Math.log((2.5066282746310005 * ser) / x);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** logGamma(0.5), the only shape erfc uses (computed once: the same number every call). */
const LOG_GAMMA_HALF = logGamma(0.5);

/** Regularised upper incomplete gamma Q(a, x). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const gln = a === 0.5 ? LOG_GAMMA_HALF : logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let i = 0; i < 1000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x >= 0 ? gammaQ(0.5, x * x) : 2 - gammaQ(0.5, x * x);
}

export function erf(x: number): number {
  return 1 - erfc(x);
}

/** Standard normal CDF Φ(z) = 0.5·(1 + erf(z/√2)). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? Number.NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Inverse standard normal CDF (Acklam's algorithm with one Halley refinement step). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const at = (arr: number[], i: number): number => arr[i] as number;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) /
      (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
