// SPEC §4: sleep debt, Sleep Regularity Index, mid-sleep variability and social jetlag.

import { SLEEP_DEBT_CATEGORY_MINUTES } from './options.js';
import type { SleepEpisode } from './series.js';
import { mean, populationSd, sampleSd } from './stats.js';

/** Sleep efficiency without time in bed: 100·TST/span (SPEC §4.2; overestimates PSG SE). */
export function sleepEfficiency(totalSleepMinutes: number, spanMinutes: number): number {
  return (100 * totalSleepMinutes) / spanMinutes;
}

export type SleepDebtCategory = 'NONE' | 'LOW' | 'MODERATE' | 'HIGH';

export interface SleepDebt {
  /** max(0, Σ (need − TST)) over valid nights: surplus repays deficit (SPEC §4.3 default). */
  debtMinutes: number;
  /** Σ max(0, need − TST): surplus never repays. */
  debtNoRepayMinutes: number;
  /** n_valid · Σ w_k (need − TST_k) / Σ w_k, w_k = (D − k)/D with k = calendar days before today (our choice). */
  debtWeightedMinutes: number;
  validNights: number;
  category: SleepDebtCategory;
}

export function sleepDebtCategory(minutes: number, bounds: { lowBelow: number; highAbove: number } = SLEEP_DEBT_CATEGORY_MINUTES): SleepDebtCategory {
  if (minutes <= 0) return 'NONE';
  if (minutes < bounds.lowBelow) return 'LOW';
  if (minutes <= bounds.highAbove) return 'MODERATE';
  return 'HIGH';
}

/**
 * `nights[i]` = TST in minutes (null = missing, never 0), oldest first, the last entry is today;
 * `need` is one value or one per night. A missing night is skipped, never counted as 0 sleep.
 */
export function sleepDebt(nights: ReadonlyArray<number | null>, need: number | ReadonlyArray<number>): SleepDebt {
  const days = nights.length;
  let debt = 0;
  let noRepay = 0;
  let weightedSum = 0;
  let weightTotal = 0;
  let valid = 0;
  for (let i = 0; i < days; i++) {
    const tst = nights[i];
    if (tst === null || tst === undefined || Number.isNaN(tst)) continue;
    const nightNeed = typeof need === 'number' ? need : (need[i] as number);
    const deficit = nightNeed - tst;
    const k = days - 1 - i;
    const weight = (days - k) / days;
    debt += deficit;
    noRepay += Math.max(0, deficit);
    weightedSum += weight * deficit;
    weightTotal += weight;
    valid++;
  }
  const debtMinutes = Math.max(0, debt);
  return {
    debtMinutes,
    debtNoRepayMinutes: noRepay,
    debtWeightedMinutes: valid === 0 ? 0 : (valid * weightedSum) / weightTotal,
    validNights: valid,
    category: sleepDebtCategory(debtMinutes),
  };
}

/** Asleep (1) / awake (0) for each epoch of one 18:00→18:00 day. */
export function sleepEpochs(episode: SleepEpisode, epochMinutes: number, reuse?: Uint8Array): Uint8Array {
  const epochs = Math.round(1440 / epochMinutes);
  const state = reuse && reuse.length === epochs ? reuse.fill(0) : new Uint8Array(epochs);
  // An epoch is asleep when its start lies inside the sleep span and outside every wake stretch.
  const fill = (from: number, to: number, value: number): void => {
    const first = Math.max(0, Math.ceil(from / epochMinutes - 1e-9));
    const last = Math.min(epochs, Math.ceil(to / epochMinutes - 1e-9));
    for (let e = first; e < last; e++) state[e] = value;
  };
  fill(episode.startMinute, episode.endMinute, 1);
  for (const [from, to] of episode.wakeIntervals) fill(from, to, 0);
  return state;
}

/** Number of epochs in the same state in two days. */
export function agreeingEpochs(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let e = 0; e < a.length; e++) if (a[e] === b[e]) same++;
  return same;
}

export interface SleepRegularity {
  /** Phillips 2017 scale: 100 = perfectly regular, 0 = random (−100 … 100). */
  sri: number;
  /** The raw probability × 100 that some apps call SRI. */
  agreementPercent: number;
  dayPairs: number;
}

/**
 * SRI = −100 + 200/(M·P) · Σ δ over the P pairs of consecutive days where both days are known
 * (SPEC §4.4; with no missing day P = N − 1 as in Phillips' formula).
 */
export function sleepRegularityIndex(days: ReadonlyArray<Uint8Array | null>): SleepRegularity | null {
  let pairs = 0;
  let agreements = 0;
  let epochs = 0;
  for (let i = 0; i + 1 < days.length; i++) {
    const a = days[i];
    const b = days[i + 1];
    if (!a || !b) continue;
    pairs++;
    epochs = a.length;
    agreements += agreeingEpochs(a, b);
  }
  if (pairs === 0) return null;
  const probability = agreements / (epochs * pairs);
  return { sri: -100 + 200 * probability, agreementPercent: 100 * probability, dayPairs: pairs };
}

export interface MidSleepVariability {
  meanMinutesSince18: number;
  sdSample: number;
  sdPopulation: number;
  nights: number;
}

/** Mid-sleep = start + span/2 in minutes since 18:00 (SPEC §4.4); SD over the given nights. */
export function midSleepVariability(midpoints: readonly number[]): MidSleepVariability {
  return { meanMinutesSince18: mean(midpoints), sdSample: sampleSd(midpoints), sdPopulation: populationSd(midpoints), nights: midpoints.length };
}

export interface SocialJetlag {
  /** |mean mid-sleep on free days − mean on workdays| in minutes. */
  minutes: number;
  freeDayMeanMinutesSince18: number;
  workdayMeanMinutesSince18: number;
  freeNights: number;
  workNights: number;
}

export function socialJetlag(freeDayMidpoints: readonly number[], workdayMidpoints: readonly number[]): SocialJetlag {
  const free = mean(freeDayMidpoints);
  const work = mean(workdayMidpoints);
  return { minutes: Math.abs(free - work), freeDayMeanMinutesSince18: free, workdayMeanMinutesSince18: work, freeNights: freeDayMidpoints.length, workNights: workdayMidpoints.length };
}
