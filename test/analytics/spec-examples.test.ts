// Every worked example of shared/analytics/SPEC.md, section by section, within its stated tolerance.

import { describe as group, expect, it } from 'vitest';
import {
  AnalyticsStatus,
  acwrEwma,
  acwrRollingCoupled,
  acwrRollingUncoupled,
  banisterCoefficients,
  banisterTrimp,
  banisterTrimpFromSamples,
  baselineZ,
  coefficientOfVariationPercent,
  combineReadiness,
  computeUserAnalytics,
  deriveSleep,
  describe,
  edwardsTrimp,
  evaluateAnomaly,
  fosterMonotony,
  hrvWeek,
  kiviniemi,
  laggedCorrelation,
  mannKendall,
  mean,
  modifiedZScore,
  normalBandFromValues,
  performanceManagement,
  quantile,
  resolveOptions,
  sampleSd,
  sleepDebt,
  sleepEfficiency,
  sleepRegularityIndex,
  summarizeHistory,
  tukeyClassify,
  tukeyFences,
  type DailyRecord,
  type ReadinessComponentInput,
} from '../../src/analytics/index.js';

const TOL = 1e-4;
const close = (actual: number | null | undefined, expected: number, tolerance = TOL): void => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
};
const thresholds = resolveOptions().anomalies;
const dateAt = (start: string, offset: number): string => new Date(Date.parse(`${start}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

group('SPEC §0 conventions', () => {
  it('quantiles are type 7 (exclusive method would give 51.0 / 53.25)', () => {
    const rhr = [52, 53, 51, 54, 52, 50, 53, 52, 51, 65];
    expect(quantile(rhr, 0.25)).toBeCloseTo(51.25, 10);
    expect(quantile(rhr, 0.75)).toBeCloseTo(53.0, 10);
  });

  it('SD is the sample SD (n − 1)', () => {
    close(sampleSd([52, 53, 51, 54, 52, 50, 53, 52, 51, 65]), 4.2701);
  });

  it('a missing night is absent while a day without exercise has load 0, and values are null unless OK', () => {
    const days: DailyRecord[] = [
      { date: '2024-03-01', rmssd: 50, trainingLoad: 100 },
      { date: '2024-03-03', rmssd: 54 },
    ];
    const result = computeUserAnalytics({ days }, { baselines: { windows: [7], minValid: { 7: 2 } } });
    expect(result.days.map((d) => d.date)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03']);
    expect(result.days[1]!.hasRecord).toBe(false);
    expect(result.days[1]!.values.lnRmssd).toBeNull();
    expect(result.days.map((d) => d.trainingLoad.load)).toEqual([100, 0, 0]);
    const hrv = result.baselines.find((b) => b.metric === 'lnRmssd')!;
    expect(hrv.n[2]).toBe(2);
    close(hrv.mean[2], (Math.log(50) + Math.log(54)) / 2, 1e-12);
    expect(hrv.status[0]).toBe(AnalyticsStatus.CALIBRATING);
    expect(Number.isNaN(hrv.mean[0]!)).toBe(true);
    for (const day of result.days) {
      for (const gated of [day.readiness, day.hrv.normalBand, day.trainingLoad.ctl, day.sleep.debt]) {
        if (gated.status !== AnalyticsStatus.OK) expect(gated.value).toBeNull();
      }
    }
  });
});

group('SPEC §1.7 worked example A (HRV)', () => {
  const week = [46, 50, 48, 42, 50, 47, 46];
  const lnWeek = week.map(Math.log);
  const baseline = [50, 47, 53, 44, 49, 51, 46, 55, 48, 52, 45, 50, 49, 47];

  it('7-day ln mean, SD, CV of ln and raw, geometric mean', () => {
    const summary = hrvWeek(lnWeek);
    close(summary.lnMean, 3.848621);
    close(sampleSd(lnWeek), 0.060084);
    close(coefficientOfVariationPercent(lnWeek), 1.5612);
    close(coefficientOfVariationPercent(week), 5.8912);
    close(summary.geometricMeanMs, 46.93, 0.005);
  });

  it('SWC band: k = 0.5 → BELOW, k = 0.75 → WITHIN', () => {
    const lnBaseline = baseline.map(Math.log);
    const current = mean(lnWeek);
    const half = normalBandFromValues(lnBaseline, current, 0.5, 'LOW');
    close(half.mean, 3.89, 5e-5);
    close(half.sd, 0.0633, 5e-5);
    close(half.lower, 3.8583, 5e-5);
    close(half.upper, 3.9216, 5e-5);
    close(Math.exp(half.lower), 47.38, 0.005);
    close(Math.exp(half.upper), 50.48, 0.005);
    expect(half.position).toBe('BELOW');
    const wider = normalBandFromValues(lnBaseline, current, 0.75, 'LOW');
    close(wider.lower, 3.8425, 5e-5);
    close(wider.upper, 3.9374, 5e-5);
    expect(wider.position).toBe('WITHIN');
  });

  it('Kiviniemi reference = 10-day mean − 1 SD; 45 ms → low intensity', () => {
    const prior = baseline.slice(-10);
    const result = kiviniemi(prior, 45, null, null);
    close(result.priorMean, 49.2);
    close(result.priorSd, 2.974, 5e-5);
    close(result.reference, 46.226, 5e-4);
    expect(result.belowReference).toBe(true);
    expect(result.prescription).toBe('LOW_INTENSITY');
  });

  it('computeUserAnalytics gives the same HRV7 and cvLnRmssd7 for that week', () => {
    const days = week.map((rmssd, i) => ({ date: dateAt('2024-05-01', i), rmssd }));
    const last = computeUserAnalytics({ days }).days.at(-1)!;
    close(last.hrv.rolling.value?.lnMean, 3.848621);
    close(last.hrv.cvLnRmssd.value, 1.5612);
    expect(last.hrv.rolling.source).toBe('LOCAL');
  });

  it('computeUserAnalytics: band and Kiviniemi from a 14-night series', () => {
    const days = baseline.map((rmssd, i) => ({ date: dateAt('2024-05-01', i), rmssd }));
    const last = computeUserAnalytics({ days }).days.at(-1)!;
    close(last.hrv.normalBand.value?.mean, Math.log(baseline.reduce((a, b) => a * b, 1)) / 14, 1e-12);
    expect(last.hrv.normalBand.status).toBe('OK');
    // Kiviniemi on ln values: the 10 nights before the last one
    const prior = baseline.slice(3, 13).map(Math.log);
    close(last.hrv.kiviniemi.value?.reference, mean(prior) - sampleSd(prior), 1e-12);
  });
});

group('SPEC §2.5 worked example B (anomaly)', () => {
  const rhr = [52, 53, 51, 54, 52, 50, 53, 52, 51, 65];

  it('modified z of 65 is 8.7685 in-sample and leave-current-out', () => {
    const all = summarizeHistory(rhr);
    expect(all.median).toBe(52);
    expect(all.mad).toBe(1);
    close(modifiedZScore(65, all).z, 8.7685);
    const prior = summarizeHistory(rhr.slice(0, 9));
    expect(prior.median).toBe(52);
    expect(prior.mad).toBe(1);
    close(modifiedZScore(65, prior).z, 8.7685);
  });

  it('classic z on all 10 values misses it (2.74)', () => {
    const stats = describe(rhr);
    close(stats.mean, 53.3);
    close((65 - stats.mean) / stats.sd, 2.74, 0.005);
  });

  it('Tukey: Q1 51.25, Q3 53, inner [48.625, 55.625], outer [46, 58.25] → extreme', () => {
    const stats = describe(rhr);
    const fences = tukeyFences(stats.q1, stats.q3);
    close(fences.q1, 51.25);
    close(fences.q3, 53.0);
    close(fences.iqr, 1.75);
    close(fences.innerLower, 48.625);
    close(fences.innerUpper, 55.625);
    close(fences.outerLower, 46.0);
    close(fences.outerUpper, 58.25);
    expect(tukeyClassify(65, fences)).toBe('EXTREME');
  });

  it('MAD = 0: MeanAD fallback gives 5.5852; leave-one-out of six 60s flags with z null', () => {
    const inSample = summarizeHistory([60, 60, 60, 60, 61, 60, 60]);
    expect(inSample.mad).toBe(0);
    close(inSample.meanAd, 0.142857, 1e-6);
    const fallback = modifiedZScore(61, inSample);
    expect(fallback.rule).toBe('MEAN_AD_FALLBACK');
    close(fallback.z, 5.5852);
    const loo = evaluateAnomaly(61, summarizeHistory([60, 60, 60, 60, 60, 60]), 'HIGH', { ...thresholds, modZMinN: 6 });
    expect(loo.value?.rule).toBe('ZERO_DISPERSION');
    expect(loo.value?.z).toBeNull();
    expect(loo.value?.flagged).toBe(true);
  });

  const weeks = [
    [9000, 9500, 8800, 9200, 9100, 5000, 4200],
    [9300, 9100, 9000, 8700, 9400, 5200, 4000],
    [8900, 9600, 9200, 9000, 8800, 4800, 4500],
    [9100, 9200, 8900, 9300, 9000, 5100, 4300],
  ];

  it('weekday: all-days M = −11.6014 (false alarm), Saturday-only M = −2.3607', () => {
    const all = summarizeHistory(weeks.flat());
    expect(all.median).toBe(9000);
    expect(all.mad).toBe(250);
    close(modifiedZScore(4700, all).z, -11.6014);
    const saturdays = summarizeHistory(weeks.map((w) => w[5]!), 'SAME_WEEKDAY');
    expect(saturdays.median).toBe(5050);
    expect(saturdays.mad).toBe(100);
    close(modifiedZScore(4700, saturdays).z, -2.3607);
  });

  it('weekday through computeUserAnalytics: same-weekday basis is used and does not flag', () => {
    // 2024-01-01 is a Monday; "today" is Saturday 2024-02-03.
    const days: DailyRecord[] = weeks.flat().map((steps, i) => ({ date: dateAt('2024-01-01', i), steps }));
    days.push({ date: '2024-02-03', steps: 4700 });
    const rule = { badDirection: 'BOTH' as const, windowDays: 34, method: 'modifiedZ' as const };
    const weekday = computeUserAnalytics({ days }, { anomalies: { rules: { ...resolveOptions().anomalies.rules, steps: { ...rule, weekdayAware: true } } } });
    const check = weekday.days.at(-1)!.anomalyChecks.find((c) => c.metric === 'steps')!;
    expect(check.value?.basis).toBe('SAME_WEEKDAY');
    close(check.value?.z, -2.3607);
    expect(check.value?.flagged).toBe(false);
    const allDays = computeUserAnalytics({ days }, { anomalies: { rules: { ...resolveOptions().anomalies.rules, steps: { ...rule, weekdayAware: false } } } });
    const last = allDays.days.at(-1)!;
    const plain = last.anomalyChecks.find((c) => c.metric === 'steps')!;
    expect(plain.value?.basis).toBe('ALL_DAYS');
    close(plain.value?.z, -11.6014);
    expect(last.anomalies.map((a) => a.metrics[0])).toContain('steps');
  });
});

group('SPEC §3.2 TRIMP (examples C1–C3)', () => {
  it('C1: 30 min at 130 bpm, HRrest 40, HRmax 200', () => {
    close(banisterTrimp(30, 130, 40, 200, banisterCoefficients('MALE', 0.86)), 31.8025);
    close(banisterTrimp(30, 130, 40, 200, banisterCoefficients('FEMALE', 0.86)), 37.1285);
    close(banisterTrimp(30, 130, 40, 200, banisterCoefficients('FEMALE', 0.64)), 27.6305);
  });

  it('C2: per-minute sum 10.2994 vs average-HR shortcut 9.3534', () => {
    const samples = [100, 120, 140, 150, 160, 150, 130, 110];
    const male = banisterCoefficients('MALE', 0.86);
    close(banisterTrimpFromSamples(samples, 60, 50, 190, male), 10.2994);
    close(banisterTrimp(8, 132.5, 50, 190, male), 9.3534);
    // null samples are skipped, not read as 0 bpm
    close(banisterTrimpFromSamples([...samples, null], 60, 50, 190, male), 10.2994);
  });

  it('C3: Edwards zones [10, 20, 15, 5, 2] → 125', () => {
    expect(edwardsTrimp([10, 20, 15, 5, 2])).toBe(125);
  });
});

group('SPEC §3.3 performance management chart (example D)', () => {
  const loads = [100, 0, 80, 120, 0, 60, 150, 0, 90, 110];
  const table = {
    simple: { ctl1: 2.381, atl1: 14.2857, ctl10: 15.3289, atl10: 59.1064, same: -43.7776, prev: -37.6044 },
    exp: { ctl1: 2.3528, atl1: 13.3122, ctl10: 15.1651, atl10: 56.9255, same: -41.7604, prev: -35.895 },
    ema: { ctl1: 4.6512, atl1: 25.0, ctl10: 27.3518, atl10: 74.8276, same: -47.4757, prev: -39.7832 },
  } as const;
  for (const [form, row] of Object.entries(table)) {
    it(`variant ${form}`, () => {
      const pmc = performanceManagement(loads, { ctlDays: 42, atlDays: 7, form: form as keyof typeof table });
      close(pmc.ctl[0], row.ctl1);
      close(pmc.atl[0], row.atl1);
      close(pmc.ctl[9], row.ctl10);
      close(pmc.atl[9], row.atl10);
      close(pmc.tsbSameDay[9], row.same);
      close(pmc.tsb[9], row.prev);
    });
  }

  it('default options use 1 − e^(−1/N) through computeUserAnalytics', () => {
    const days = loads.map((trainingLoad, i) => ({ date: dateAt('2024-01-01', i), trainingLoad }));
    const result = computeUserAnalytics({ days });
    const last = result.days.at(-1)!.trainingLoad;
    expect(last.ctl.status).toBe('CALIBRATING');
    expect(last.ctl.value).toBeNull();
    close(last.estimates.ctl, 15.1651);
    close(last.estimates.tsb, -35.895);
  });

  it('steady state: constant L seeded with L gives CTL = ATL = L and TSB = 0 exactly', () => {
    const pmc = performanceManagement(new Array(200).fill(75), { ctlDays: 42, atlDays: 7, form: 'exp', ctlSeed: 75, atlSeed: 75 });
    expect([...pmc.ctl].every((v) => v === 75)).toBe(true);
    expect([...pmc.atl].every((v) => v === 75)).toBe(true);
    expect([...pmc.tsb].every((v) => v === 0)).toBe(true);
  });
});

group('SPEC §3.4 ACWR (example E)', () => {
  const block = [50, 0, 60, 40, 0, 70, 30];
  const loads = [...block, ...block, ...block, 80, 0, 90, 60, 0, 100, 50];

  it('rolling coupled 1.345133, uncoupled 1.52', () => {
    const coupled = acwrRollingCoupled(loads);
    close(coupled.acute[27], 54.285714);
    close(coupled.chronic[27], 40.357143);
    close(coupled.ratio[27], 1.345133);
    const uncoupled = acwrRollingUncoupled(loads);
    close(uncoupled.chronic[27], 35.714286);
    close(uncoupled.ratio[27], 1.52);
  });

  it('EWMA: seed = first load → 1.1772; seed 0 → 1.3840', () => {
    const first = acwrEwma(loads, 7, 28, 'firstLoad');
    close(first.acute[27], 53.162);
    close(first.chronic[27], 45.1602);
    close(first.ratio[27], 1.1772);
    const zero = acwrEwma(loads, 7, 28, 'zero');
    close(zero.acute[27], 53.1461);
    close(zero.chronic[27], 38.3992);
    close(zero.ratio[27], 1.384);
  });

  it('chronic = 0 → null, never ∞', () => {
    const days = new Array(30).fill(0).map((_, i) => ({ date: dateAt('2024-01-01', i), trainingLoad: 0 }));
    const last = computeUserAnalytics({ days }).days.at(-1)!.trainingLoad.acwr;
    expect(last.ratio.value).toBeNull();
    expect(last.rollingCoupled.value).toBeNull();
  });
});

group('SPEC §3.6 Foster monotony and strain (example F)', () => {
  it('sample and population SD variants', () => {
    const sample = fosterMonotony([50, 0, 60, 40, 0, 70, 30], 'sample');
    close(sample.mean, 35.714286);
    close(sample.sd, 27.6026);
    close(sample.monotony, 1.2939);
    close(sample.strain, 323.47, 0.005);
    const population = fosterMonotony([50, 0, 60, 40, 0, 70, 30], 'population');
    close(population.sd, 25.5551);
    close(population.monotony, 1.3975);
    close(population.strain, 349.39, 0.005);
    const harder = fosterMonotony([80, 0, 90, 60, 0, 100, 50]);
    close(harder.monotony, 1.3316);
    close(harder.strain, 506.02, 0.005);
  });

  it('near-uniform week: 26.0795, capped to 10 when capping is on; SD 0 → null', () => {
    close(fosterMonotony([50, 50, 50, 50, 50, 50, 45]).monotony, 26.0795);
    expect(fosterMonotony([50, 50, 50, 50, 50, 50, 45], 'sample', 10).monotony).toBe(10);
    expect(fosterMonotony([50, 50, 50, 50, 50, 50, 50]).monotony).toBeNull();
  });
});

group('SPEC §4 sleep', () => {
  it('§4.2 example G: span 470 min, interruptions 35 min → SE 92.5532 %', () => {
    close(sleepEfficiency(470 - 35, 470), 92.5532);
    const { sleep } = deriveSleep(
      {
        date: '2024-01-02',
        sleepStart: '2024-01-01T23:10:00+01:00',
        sleepEnd: '2024-01-02T07:00:00+01:00',
        lightSleepSeconds: 435 * 60 * 0.6,
        deepSleepSeconds: 435 * 60 * 0.2,
        remSleepSeconds: 435 * 60 * 0.2,
        interruptionSeconds: 35 * 60,
      },
      0,
      resolveOptions(),
    );
    close(sleep.efficiencyPercent, 92.5532);
    expect(sleep.spanConsistent).toBe(true);
  });

  it('§4.3 example H: debt 365, no-repay 385, weighted 449.9398, 11 valid nights, High', () => {
    const nights = [470, 455, null, 500, 430, 420, null, 480, 440, 410, 465, null, 450, 395];
    const debt = sleepDebt(nights, 480);
    expect(debt.validNights).toBe(11);
    close(debt.debtMinutes, 365);
    close(debt.debtNoRepayMinutes, 385);
    close(debt.debtWeightedMinutes, 449.9398);
    expect(debt.category).toBe('HIGH');
  });

  it('§4.3 example H through computeUserAnalytics (missing nights are absent rows)', () => {
    const nights = [470, 455, null, 500, 430, 420, null, 480, 440, 410, 465, null, 450, 395];
    const days: DailyRecord[] = [];
    nights.forEach((tst, i) => {
      if (tst !== null) days.push({ date: dateAt('2024-01-01', i), lightSleepSeconds: tst * 60, deepSleepSeconds: 0, remSleepSeconds: 0 });
    });
    const debt = computeUserAnalytics({ days }).days.at(-1)!.sleep.debt;
    close(debt.value?.debtMinutes, 365);
    close(debt.value?.debtWeightedMinutes, 449.9398);
  });

  it('§4.4 example I: hourly epochs, 46 of 48 pairs agree → SRI 91.6667 (95.8333 %)', () => {
    const day = (from: number, to: number): Uint8Array => Uint8Array.from({ length: 24 }, (_, h) => (h >= from && h < to ? 1 : 0));
    const sri = sleepRegularityIndex([day(0, 7), day(0, 8), day(1, 8)])!;
    close(sri.sri, 91.6667);
    close(sri.agreementPercent, 95.8333);
    expect(sri.dayPairs).toBe(2);
  });

  it('§4.4 example I through computeUserAnalytics (hourly epochs from sleep times)', () => {
    const nights: Array<[string, string]> = [
      ['2024-01-01T00:00:00+01:00', '2024-01-01T07:00:00+01:00'],
      ['2024-01-02T00:00:00+01:00', '2024-01-02T08:00:00+01:00'],
      ['2024-01-03T01:00:00+01:00', '2024-01-03T08:00:00+01:00'],
    ];
    const days = nights.map(([sleepStart, sleepEnd], i) => ({ date: dateAt('2024-01-01', i), sleepStart, sleepEnd }));
    const result = computeUserAnalytics({ days }, { sleep: { sriEpochMinutes: 60, sriMinPairs: 2 } });
    close(result.days.at(-1)!.sleep.regularity.value?.sri, 91.6667);
  });

  it('§4.4 example J: mid-sleep 545, 570, 620, 535, 670 min; SD 56.4137 / 50.4579', () => {
    const nights: Array<[string, string]> = [
      ['2024-01-01T23:10:00+01:00', '2024-01-02T07:00:00+01:00'],
      ['2024-01-02T23:40:00+01:00', '2024-01-03T07:20:00+01:00'],
      ['2024-01-04T00:30:00+01:00', '2024-01-04T08:10:00+01:00'],
      ['2024-01-04T23:05:00+01:00', '2024-01-05T06:45:00+01:00'],
      ['2024-01-06T01:15:00+01:00', '2024-01-06T09:05:00+01:00'],
    ];
    const days = nights.map(([sleepStart, sleepEnd], i) => ({ date: dateAt('2024-01-02', i), sleepStart, sleepEnd }));
    const result = computeUserAnalytics({ days });
    expect(result.days.map((d) => d.values.midSleep)).toEqual([545, 570, 620, 535, 670]);
    const variability = result.days.at(-1)!.sleep.midSleepVariability.value!;
    close(variability.meanMinutesSince18, 588);
    close(variability.sdSample, 56.4137);
    close(variability.sdPopulation, 50.4579);
  });
});

group('SPEC §5 readiness (example K)', () => {
  const components = (rmssd: number, rhr: number, tst: number): ReadinessComponentInput[] => [
    { name: 'hrv', weight: 0.5, value: Math.log(rmssd), z: baselineZ(Math.log(rmssd), 3.9, 0.15), baselineCentre: 3.9, baselineSpread: 0.15 },
    { name: 'restingHr', weight: 0.3, value: rhr, z: baselineZ(rhr, 52, 2.5, false), baselineCentre: 52, baselineSpread: 2.5 },
    { name: 'sleep', weight: 0.2, value: tst, z: baselineZ(tst, 450, 40), baselineCentre: 450, baselineSpread: 40 },
  ];
  const bands = resolveOptions().readiness.bands;

  it('bad day: z = (−1.082203, −1.2, −0.75), C = −1.051101 → 15 (14.6606), low', () => {
    const inputs = components(42, 55, 420);
    close(inputs[0]!.z, -1.082203);
    close(inputs[1]!.z, -1.2);
    close(inputs[2]!.z, -0.75);
    const readiness = combineReadiness(inputs, [], 3, bands);
    close(readiness.composite, -1.051101);
    close(readiness.scoreExact, 14.6606);
    expect(readiness.score).toBe(15);
    expect(readiness.band).toBe('LOW');
    expect(readiness.partial).toBe(false);
    close(readiness.components.reduce((s, c) => s + c.contribution, 0), readiness.composite, 1e-12);
  });

  it('without sleep: C = −1.126377 → 13 (13.0003), partial', () => {
    const readiness = combineReadiness(components(42, 55, 420).slice(0, 2), ['sleep'], 3, bands);
    close(readiness.composite, -1.126377);
    close(readiness.scoreExact, 13.0003);
    expect(readiness.score).toBe(13);
    expect(readiness.partial).toBe(true);
  });

  it('good day: z = (0.715555, 0.8, 0.75), C = 0.747777 → 77 (77.2703), high', () => {
    const inputs = components(55, 50, 480);
    close(inputs[0]!.z, 0.715555);
    const readiness = combineReadiness(inputs, [], 3, bands);
    close(readiness.composite, 0.747777);
    close(readiness.scoreExact, 77.2703);
    expect(readiness.score).toBe(77);
    expect(readiness.band).toBe('HIGH');
  });
});

group('SPEC §6 trends and correlation', () => {
  it('§6.1 example L: S −30, Var 122, Z −2.6255, p 0.0087, τ −0.6667, Sen −0.5, intercept 51.75', () => {
    const x = [52, 51, 53, 50, 50, 49, 51, 48, 47, 48];
    const result = mannKendall(x.map((v, t) => ({ t, x: v })));
    expect(result.s).toBe(-30);
    close(result.variance, 122);
    close(result.z, -2.6255);
    close(result.pValue, 0.0087);
    close(result.tau, -0.6667);
    close(result.senSlope, -0.5);
    close(result.intercept, 51.75);
    close(result.slopePerWeek, -3.5);
  });

  it('§6.1 missing days use real day gaps, not zeros', () => {
    const points = [0, 1, 2, 5, 6, 9].map((t) => ({ t, x: 10 + 2 * t }));
    const result = mannKendall(points);
    expect(result.senSlope).toBe(2);
    expect(result.intercept).toBe(10);
  });

  it('§6.2 example M: lagged Pearson, Spearman, t and Fisher CI', () => {
    const load = [120, 30, 90, 150, 0, 60, 140, 20, 100, 0, 80, 130];
    const lnRmssd = [60, 52, 58, 55, 48, 62, 57, 50, 58, 53, 63, 56].map(Math.log);
    const options = { minPairs: 10 };
    const lag0 = laggedCorrelation(load, lnRmssd, 0, options)!;
    expect(lag0.n).toBe(12);
    close(lag0.pearson, 0.5752);
    const lag1 = laggedCorrelation(load, lnRmssd, 1, options)!;
    expect(lag1.n).toBe(11);
    close(lag1.pearson, -0.9749);
    close(lag1.spearman, -0.9954);
    close(lag1.t, -13.1382);
    close(lag1.ciLower, -0.9937);
    close(lag1.ciUpper, -0.9033);
    expect(lag1.meaningful).toBe(false);
    const lag2 = laggedCorrelation(load, lnRmssd, 2, options)!;
    expect(lag2.n).toBe(10);
    close(lag2.pearson, 0.3674);
    expect(laggedCorrelation(load, lnRmssd, 0)).toBeNull(); // < 14 pairs: not shown
  });
});
