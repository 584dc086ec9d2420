// SPEC §1: HRV (ln rMSSD) rolling mean and CV, the SWC normal band, the Kiviniemi rule.
// The band construction is shared with resting HR (SPEC §1.3, direction reversed).

import { describe, mean, sampleSd } from './stats.js';

/** SPEC §1.2 on one 7-day window of ln rMSSD values. */
export interface HrvWeek {
  nights: number;
  /** Mean of ln rMSSD. */
  lnMean: number;
  /** exp(mean ln) in ms: the geometric mean. */
  geometricMeanMs: number;
}

export function hrvWeek(lnValues: readonly number[]): HrvWeek {
  const lnMean = mean(lnValues);
  return { nights: lnValues.length, lnMean, geometricMeanMs: Math.exp(lnMean) };
}

/** CV of ln rMSSD in % (`cvLnRmssd7`); not comparable with raw-rMSSD CV cut-offs (SPEC §1.2). */
export function coefficientOfVariationPercent(values: readonly number[]): number {
  return (100 * sampleSd(values)) / mean(values);
}

export type BandPosition = 'BELOW' | 'WITHIN' | 'ABOVE';

export interface NormalBand {
  /** Baseline mean (μ) and sample SD (σ) of the band window. */
  mean: number;
  sd: number;
  k: number;
  lower: number;
  upper: number;
  /** Valid points in the band window. */
  n: number;
  /** The value classified (7-day mean), its position, and which side is bad for this metric. */
  current: number;
  position: BandPosition;
  badSide: 'LOW' | 'HIGH';
}

export function classifyAgainstBand(value: number, lower: number, upper: number): BandPosition {
  if (value < lower) return 'BELOW';
  if (value > upper) return 'ABOVE';
  return 'WITHIN';
}

/** SPEC §1.3: [μ − k·σ, μ + k·σ] of the baseline set, and where the 7-day mean falls. */
export function normalBand(baselineMean: number, baselineSd: number, n: number, current: number, k: number, badSide: 'LOW' | 'HIGH'): NormalBand {
  const lower = baselineMean - k * baselineSd;
  const upper = baselineMean + k * baselineSd;
  return { mean: baselineMean, sd: baselineSd, k, lower, upper, n, current, position: classifyAgainstBand(current, lower, upper), badSide };
}

export function normalBandFromValues(baseline: readonly number[], current: number, k: number, badSide: 'LOW' | 'HIGH'): NormalBand {
  const stats = describe(baseline);
  return normalBand(stats.mean, stats.sd, stats.n, current, k, badSide);
}

export type TrainingPrescription = 'LOW_INTENSITY' | 'HIGH_INTENSITY';

export interface KiviniemiResult {
  /** Mean of the prior window minus `sdMultiplier`·SD (same scale as the inputs: ln rMSSD in the entry point). */
  reference: number;
  priorMean: number;
  priorSd: number;
  today: number;
  belowReference: boolean;
  /** today < yesterday < the day before (two consecutive decreases). */
  decreasingTwoDays: boolean;
  prescription: TrainingPrescription;
}

/**
 * SPEC §1.4 (Kiviniemi 2007): prior = the valid values of the days before today (today excluded).
 * `yesterday`/`dayBefore` are null when missing, which cannot count as a decrease.
 */
export function kiviniemi(prior: readonly number[], today: number, yesterday: number | null, dayBefore: number | null, sdMultiplier = 1): KiviniemiResult {
  return kiviniemiFromStats(mean(prior), sampleSd(prior), today, yesterday, dayBefore, sdMultiplier);
}

export function kiviniemiFromStats(priorMean: number, priorSd: number, today: number, yesterday: number | null, dayBefore: number | null, sdMultiplier = 1): KiviniemiResult {
  const reference = priorMean - sdMultiplier * priorSd;
  const belowReference = today < reference;
  const decreasingTwoDays = yesterday !== null && dayBefore !== null && today < yesterday && yesterday < dayBefore;
  return {
    reference,
    priorMean,
    priorSd,
    today,
    belowReference,
    decreasingTwoDays,
    prescription: belowReference || decreasingTwoDays ? 'LOW_INTENSITY' : 'HIGH_INTENSITY',
  };
}
