// SPEC §3: TRIMP, the performance-management chart, ACWR, Foster monotony and strain.

import { ACWR_BANDS, TRIMP_FEMALE_B, TRIMP_MALE, type AcwrMethod, type PmcConstantForm } from './options.js';
import { mean, populationSd, sampleSd } from './stats.js';

export type Sex = 'MALE' | 'FEMALE';

/** x = (HR − HRrest)/(HRmax − HRrest) clipped to [0, 1]. */
export function heartRateReserveFraction(hr: number, hrRest: number, hrMax: number): number {
  return Math.min(1, Math.max(0, (hr - hrRest) / (hrMax - hrRest)));
}

export interface BanisterCoefficients {
  a: number;
  b: number;
}

/** SPEC §3.2: men a 0.64 b 1.92; women b 1.67 and a = femaleA (0.86 Morton/Banister or 0.64 GoldenCheetah). */
export function banisterCoefficients(sex: Sex, femaleA: number): BanisterCoefficients {
  return sex === 'MALE' ? { ...TRIMP_MALE } : { a: femaleA, b: TRIMP_FEMALE_B };
}

/** Banister TRIMP of a constant HR held for `minutes`. */
export function banisterTrimp(minutes: number, hr: number, hrRest: number, hrMax: number, coefficients: BanisterCoefficients): number {
  const x = heartRateReserveFraction(hr, hrRest, hrMax);
  return minutes * x * coefficients.a * Math.exp(coefficients.b * x);
}

/**
 * Per-sample Banister TRIMP (preferred over the average-HR shortcut, SPEC §3.2). `null` samples are
 * skipped (no interpolation).
 */
export function banisterTrimpFromSamples(
  samples: ReadonlyArray<number | null>,
  sampleIntervalSeconds: number,
  hrRest: number,
  hrMax: number,
  coefficients: BanisterCoefficients,
): number {
  const minutes = sampleIntervalSeconds / 60;
  let total = 0;
  for (const hr of samples) {
    if (hr === null || !Number.isFinite(hr)) continue;
    total += banisterTrimp(minutes, hr, hrRest, hrMax, coefficients);
  }
  return total;
}

/** Edwards TRIMP: minutes in the 50–60 … 90–100 %HRmax zones weighted 1…5 (SPEC §3.2). */
export function edwardsTrimp(minutesInZones: readonly number[]): number {
  return minutesInZones.reduce((sum, minutes, i) => sum + minutes * (i + 1), 0);
}

export interface ExerciseLoadInput {
  /** Local calendar date of the exercise start_time. */
  date: string;
  /** training_load_pro cardio-load, when Polar computed it. */
  cardioLoad?: number | null;
  /** Fallback TRIMP for this exercise (computed with one variant for the whole series). */
  trimp?: number | null;
}

/**
 * SPEC §3.1: L_d = Σ cardio load of exercises starting on d. Never mixes variants in one series:
 * if any exercise lacks a cardio load but has a TRIMP, the whole series uses TRIMP.
 */
export function dailyLoadsFromExercises(exercises: readonly ExerciseLoadInput[]): { variant: 'CARDIO_LOAD' | 'TRIMP'; loads: Map<string, number> } {
  const needsTrimp = exercises.some((e) => (e.cardioLoad === null || e.cardioLoad === undefined) && typeof e.trimp === 'number');
  const variant = needsTrimp ? 'TRIMP' : 'CARDIO_LOAD';
  const loads = new Map<string, number>();
  for (const exercise of exercises) {
    const value = variant === 'TRIMP' ? exercise.trimp : exercise.cardioLoad;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    loads.set(exercise.date, (loads.get(exercise.date) ?? 0) + value);
  }
  return { variant, loads };
}

/** SPEC §3.3 table: the smoothing constant for a time constant of N days. */
export function pmcConstant(days: number, form: PmcConstantForm): number {
  switch (form) {
    case 'simple':
      return 1 / days;
    case 'exp':
      return 1 - Math.exp(-1 / days);
    case 'ema':
      return 2 / (days + 1);
  }
}

/** E_t = E_{t−1} + k·(L_t − E_{t−1}), seeded at E_{−1} = seed. */
export function exponentialAverage(loads: ArrayLike<number>, k: number, seed = 0): Float64Array {
  const result = new Float64Array(loads.length);
  let previous = seed;
  for (let t = 0; t < loads.length; t++) {
    previous += k * ((loads[t] as number) - previous);
    result[t] = previous;
  }
  return result;
}

export interface PmcSeries {
  ctl: Float64Array;
  atl: Float64Array;
  /** Previous-day convention (TrainingPeaks Form): CTL_{t−1} − ATL_{t−1}; day 0 uses the seeds. */
  tsb: Float64Array;
  tsbSameDay: Float64Array;
  /** CTL_t − CTL_{t−rampDays}; NaN for the first rampDays days. */
  rampRate: Float64Array;
}

export function performanceManagement(
  loads: ArrayLike<number>,
  params: { ctlDays: number; atlDays: number; form: PmcConstantForm; ctlSeed?: number; atlSeed?: number; rampDays?: number },
): PmcSeries {
  const ctlSeed = params.ctlSeed ?? 0;
  const atlSeed = params.atlSeed ?? 0;
  const ctl = exponentialAverage(loads, pmcConstant(params.ctlDays, params.form), ctlSeed);
  const atl = exponentialAverage(loads, pmcConstant(params.atlDays, params.form), atlSeed);
  const n = loads.length;
  const tsb = new Float64Array(n);
  const tsbSameDay = new Float64Array(n);
  const rampRate = new Float64Array(n).fill(Number.NaN);
  const rampDays = params.rampDays ?? 7;
  for (let t = 0; t < n; t++) {
    tsbSameDay[t] = (ctl[t] as number) - (atl[t] as number);
    tsb[t] = t === 0 ? ctlSeed - atlSeed : (ctl[t - 1] as number) - (atl[t - 1] as number);
    if (t >= rampDays) rampRate[t] = (ctl[t] as number) - (ctl[t - rampDays] as number);
  }
  return { ctl, atl, tsb, tsbSameDay, rampRate };
}

/** SPEC §3.3 alternative seed (our choice): mean daily load of the first `days` days. */
export function firstPeriodMeanLoad(loads: ArrayLike<number>, days = 28): number {
  const n = Math.min(days, loads.length);
  return n === 0 ? 0 : mean(loads, n);
}

export interface AcwrSeries {
  acute: Float64Array;
  chronic: Float64Array;
  /** NaN where chronic ≤ 0 (never ∞) or history is shorter than the chronic window. */
  ratio: Float64Array;
}

/** Coupled rolling-average ACWR: mean(t−a+1…t) / mean(t−c+1…t) (= Polar strain/tolerance). */
export function acwrRollingCoupled(loads: ArrayLike<number>, acuteDays = 7, chronicDays = 28): AcwrSeries {
  return rollingRatio(loads, acuteDays, chronicDays, false);
}

/** Uncoupled: mean(t−a+1…t) / mean(t−c+1…t−a) (SPEC §3.4). */
export function acwrRollingUncoupled(loads: ArrayLike<number>, acuteDays = 7, chronicDays = 28): AcwrSeries {
  return rollingRatio(loads, acuteDays, chronicDays, true);
}

function rollingRatio(loads: ArrayLike<number>, acuteDays: number, chronicDays: number, uncoupled: boolean): AcwrSeries {
  const n = loads.length;
  const prefix = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) prefix[t + 1] = (prefix[t] as number) + (loads[t] as number);
  const sum = (from: number, toInclusive: number): number => (prefix[toInclusive + 1] as number) - (prefix[from] as number);
  const acute = new Float64Array(n).fill(Number.NaN);
  const chronic = new Float64Array(n).fill(Number.NaN);
  const ratio = new Float64Array(n).fill(Number.NaN);
  for (let t = 0; t < n; t++) {
    if (t + 1 >= acuteDays) acute[t] = sum(t - acuteDays + 1, t) / acuteDays;
    if (t + 1 < chronicDays) continue;
    chronic[t] = uncoupled ? sum(t - chronicDays + 1, t - acuteDays) / (chronicDays - acuteDays) : sum(t - chronicDays + 1, t) / chronicDays;
    if ((chronic[t] as number) > 0) ratio[t] = (acute[t] as number) / (chronic[t] as number);
  }
  return { acute, chronic, ratio };
}

/** Williams et al. 2017 EWMA ACWR, λ = 2/(N+1), seeded with 0 or the first day's load. */
export function acwrEwma(loads: ArrayLike<number>, acuteDays = 7, chronicDays = 28, seed: 'zero' | 'firstLoad' = 'zero'): AcwrSeries {
  const seedValue = seed === 'firstLoad' && loads.length > 0 ? (loads[0] as number) : 0;
  const acute = exponentialAverage(loads, 2 / (acuteDays + 1), seedValue);
  const chronic = exponentialAverage(loads, 2 / (chronicDays + 1), seedValue);
  const ratio = new Float64Array(loads.length).fill(Number.NaN);
  for (let t = chronicDays - 1; t < loads.length; t++) {
    if ((chronic[t] as number) > 0) ratio[t] = (acute[t] as number) / (chronic[t] as number);
  }
  return { acute, chronic, ratio };
}

export function acwr(loads: ArrayLike<number>, method: AcwrMethod, acuteDays = 7, chronicDays = 28, ewmaSeed: 'zero' | 'firstLoad' = 'zero'): AcwrSeries {
  if (method === 'ewma') return acwrEwma(loads, acuteDays, chronicDays, ewmaSeed);
  return method === 'ra' ? acwrRollingCoupled(loads, acuteDays, chronicDays) : acwrRollingUncoupled(loads, acuteDays, chronicDays);
}

export type AcwrBand = 'UNDER_PREPARED' | 'SWEET_SPOT' | 'ELEVATED' | 'DANGER';

/** Gabbett 2016 labels: descriptive, not injury probabilities (SPEC §3.4). 1.3–1.5 is unnamed there: ELEVATED. */
export function acwrBand(ratio: number, bands: { underPrepared: number; sweetSpotMax: number; danger: number } = ACWR_BANDS): AcwrBand {
  if (ratio < bands.underPrepared) return 'UNDER_PREPARED';
  if (ratio <= bands.sweetSpotMax) return 'SWEET_SPOT';
  if (ratio <= bands.danger) return 'ELEVATED';
  return 'DANGER';
}

export interface MonotonyResult {
  mean: number;
  sd: number;
  /** null when SD is 0 and no cap is configured. */
  monotony: number | null;
  strain: number | null;
  total: number;
  capped: boolean;
}

/** Foster monotony = mean/SD over the week (rest days 0), strain = Σ L · monotony (SPEC §3.6). */
export function fosterMonotony(week: ArrayLike<number>, sd: 'sample' | 'population' = 'sample', cap: number | null = null): MonotonyResult {
  const n = week.length;
  const weekMean = mean(week, n);
  const weekSd = sd === 'sample' ? sampleSd(week, n) : populationSd(week, n);
  const total = weekMean * n;
  let monotony: number | null = weekSd > 0 ? weekMean / weekSd : null;
  let capped = false;
  // A week of rest has no monotony to cap.
  if (cap !== null && weekMean > 0 && (monotony === null || monotony > cap)) {
    monotony = cap;
    capped = true;
  }
  return { mean: weekMean, sd: weekSd, monotony, strain: monotony === null ? null : total * monotony, total, capped };
}
