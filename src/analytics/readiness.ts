// SPEC §5: transparent readiness composite from personal z-scores.

import { normalCdf } from './stats.js';

export type ReadinessComponentName = 'hrv' | 'restingHr' | 'sleep' | 'skinTemperature' | 'ansCharge';
export type ReadinessBand = 'HIGH' | 'MODERATE' | 'LOW';

export interface ReadinessComponent {
  name: ReadinessComponentName;
  /** Today's value in the component's own unit (ln rMSSD, bpm, minutes or score, °C, ANS charge). */
  value: number;
  /** Clipped z-score, oriented so that higher = better recovered. */
  z: number;
  /** The configured weight and its share after renormalisation over the available components. */
  weight: number;
  normalizedWeight: number;
  /** normalizedWeight · z; the contributions sum to the composite C. */
  contribution: number;
  baselineCentre: number | null;
  baselineSpread: number | null;
}

export interface Readiness {
  /** round(100·Φ(C)), 50 = usual. */
  score: number;
  /** 100·Φ(C) before rounding. */
  scoreExact: number;
  band: ReadinessBand;
  composite: number;
  /** True when a weighted non-HRV component was unavailable and the weights were renormalised. */
  partial: boolean;
  components: ReadinessComponent[];
  missingComponents: ReadinessComponentName[];
}

export interface ReadinessComponentInput {
  name: ReadinessComponentName;
  weight: number;
  value: number;
  /** Already oriented and unclipped z. */
  z: number;
  baselineCentre: number | null;
  baselineSpread: number | null;
}

export function clip(x: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, x));
}

/** z of a value against a baseline; `higherIsBetter` = false flips it (resting HR, SPEC §5.1). */
export function baselineZ(value: number, centre: number, spread: number, higherIsBetter = true): number {
  const z = (value - centre) / spread;
  return higherIsBetter ? z : -z;
}

export function readinessBand(score: number, bands: { highAtLeast: number; lowAtMost: number }): ReadinessBand {
  if (score >= bands.highAtLeast) return 'HIGH';
  if (score <= bands.lowAtMost) return 'LOW';
  return 'MODERATE';
}

/**
 * Combines the available components (SPEC §5.2–5.3). The caller has already gated HRV; every
 * other component with a positive weight that is absent makes the result `partial`.
 * `compositeScale` divides C (the optional calibration step of §5.3; 1 = off).
 * computeUserAnalytics performs the same steps inline for every day (readinessAt in compute.ts,
 * without the input objects); test/analytics/compute.test.ts checks that both agree.
 */
export function combineReadiness(
  available: readonly ReadinessComponentInput[],
  missingComponents: readonly ReadinessComponentName[],
  zClip: number,
  bands: { highAtLeast: number; lowAtMost: number },
  compositeScale = 1,
): Readiness {
  const totalWeight = available.reduce((sum, c) => sum + c.weight, 0);
  const components: ReadinessComponent[] = available.map((c) => {
    const z = clip(c.z, zClip);
    const normalizedWeight = c.weight / totalWeight;
    return { name: c.name, value: c.value, z, weight: c.weight, normalizedWeight, contribution: normalizedWeight * z, baselineCentre: c.baselineCentre, baselineSpread: c.baselineSpread };
  });
  const rawComposite = components.reduce((sum, c) => sum + c.contribution, 0);
  const composite = rawComposite / compositeScale;
  const scoreExact = 100 * normalCdf(composite);
  const score = Math.round(scoreExact);
  return { score, scoreExact, band: readinessBand(score, bands), composite, partial: missingComponents.length > 0, components, missingComponents: [...missingComponents] };
}
