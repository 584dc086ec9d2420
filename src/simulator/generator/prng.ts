// Small deterministic PRNG (mulberry32) plus 32-bit hashing to derive independent streams.
// Every stream is keyed by (seed, userIndex, label, ...numbers), so a record's randomness never
// depends on how many other records were generated before it.

export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

const HASH_SEED = 0x9e3779b9;

/** One step of `hashNumbers`: folds the number `p` into the hash `h`. */
function hashStep(h: number, p: number): number {
  const lo = p >>> 0;
  const hi = Math.floor(p / 4294967296) >>> 0;
  h = mix32(h ^ mix32(lo + 0x632be5ab));
  return mix32(h ^ mix32(hi + 0x85ebca6b));
}

/** Hash a list of numbers (any finite JS numbers; integers up to 2^53 keep all their bits). */
export function hashNumbers(parts: readonly number[]): number {
  let h = HASH_SEED;
  for (const p of parts) h = hashStep(h, p);
  return h;
}

const labelCache = new Map<string, number>();
function labelHash(label: string): number {
  let h = labelCache.get(label);
  if (h === undefined) {
    h = hashString(label);
    labelCache.set(label, h);
  }
  return h;
}

/** Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

const NORMAL_TABLE = Float64Array.from({ length: 4096 }, (_, i) => inverseNormal((i + 0.5) / 4096));

export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * Advances the stream by `n` draws without computing them: mulberry32's state moves by a constant
   * per draw and the output never feeds back, so this equals calling `next()` n times.
   */
  skip(n: number): void {
    this.s = (this.s + Math.imul(n, 0x6d2b79f5)) >>> 0;
  }

  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** Integer in [a, b] inclusive. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal via a 4096-quantile table: one PRNG step per draw (tails cut at ±3.5 sd). */
  normal(mean = 0, sd = 1): number {
    return mean + sd * (NORMAL_TABLE[Math.floor(this.next() * 4096)] as number);
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new RangeError('pick from empty list');
    return v;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from empty list');
    return last[0];
  }
}

/** Factory of independent streams for one user. */
export class Streams {
  private readonly base: number;

  constructor(seed: number, userIndex: number) {
    this.base = hashNumbers([seed, userIndex]);
  }

  /** `hashNumbers([base, labelHash(label), ...keys])`, without building the list. */
  hash(label: string, ...keys: number[]): number {
    let h = hashStep(hashStep(HASH_SEED, this.base), labelHash(label));
    for (let i = 0; i < keys.length; i++) h = hashStep(h, keys[i] as number);
    return h;
  }

  rng(label: string, ...keys: number[]): Rng {
    return new Rng(this.hash(label, ...keys));
  }
}
