// computeUserAnalytics end to end: gating, statuses, sources, availability, combined signals.

import { describe as group, expect, it } from 'vitest';
import {
  AnalyticsInputError,
  baselineWindowAt,
  combinedSignals,
  combineReadiness,
  computeUserAnalytics,
  dateFromDayNumber,
  dayNumber,
  metricAnomaly,
  rollingWindowStats,
  type AnomalyChecks,
  type DailyRecord,
} from '../../src/analytics/index.js';
import { orderStatsAt, rollingMoments, rollingOrderStats } from '../../src/analytics/rolling.js';
import { syntheticDays } from './synthetic.js';

const START = dayNumber('2024-01-01');

group('gating and statuses (SPEC §0, §7)', () => {
  it('HRV band is CALIBRATING with a short history, INSUFFICIENT_WINDOW when the window thins out, NO_DATA without data', () => {
    const rows: DailyRecord[] = [];
    for (let i = 0; i < 10; i++) rows.push({ date: dateFromDayNumber(START + i), rmssd: 50 + (i % 3) });
    rows.push({ date: dateFromDayNumber(START + 100), steps: 5000 });
    const result = computeUserAnalytics({ days: rows });
    expect(result.days[9]!.hrv.normalBand.status).toBe('CALIBRATING');
    expect(result.days[100]!.hrv.normalBand.status).toBe('INSUFFICIENT_WINDOW');
    expect(result.days[100]!.restingHr.normalBand.status).toBe('NO_DATA');
    expect(result.days[9]!.hrv.rolling.status).toBe('OK');
    expect(result.days[100]!.hrv.rolling.status).toBe('INSUFFICIENT_WINDOW');
  });

  it('readiness needs 14 HRV nights before today and today’s HRV; a missing sleep component makes it partial', () => {
    const rows = syntheticDays({ days: 40, seed: 3, missingNightRate: 0 });
    const result = computeUserAnalytics({ days: rows });
    expect(result.days[5]!.readiness.status).toBe('CALIBRATING');
    const ready = result.days[30]!.readiness;
    expect(ready.status).toBe('OK');
    expect(ready.value!.partial).toBe(false);
    expect(ready.value!.components.map((c) => c.name)).toEqual(['hrv', 'restingHr', 'sleep']);
    const sum = ready.value!.components.reduce((s, c) => s + c.contribution, 0);
    expect(Math.abs(sum - ready.value!.composite)).toBeLessThan(1e-12);

    const withoutSleep = rows.map((r, i) => (i === 30 ? { ...r, lightSleepSeconds: null } : r));
    const partial = computeUserAnalytics({ days: withoutSleep }).days[30]!.readiness;
    expect(partial.value!.partial).toBe(true);
    expect(partial.value!.missingComponents).toEqual(['sleep']);

    const withoutHrv = rows.map((r, i) => (i === 30 ? { ...r, rmssd: null } : r));
    const gated = computeUserAnalytics({ days: withoutHrv }).days[30]!.readiness;
    expect(gated.status).toBe('INSUFFICIENT_WINDOW');
    expect(gated.value).toBeNull();
  });

  it('Polar scores pass through with source POLAR, ours are LOCAL', () => {
    const rows: DailyRecord[] = [{ date: '2025-11-12', ansCharge: 3.4, nightlyRechargeStatus: 4, sleepScore: 81, polarCardioLoadStatus: 'MAINTAINING', polarCardioLoadRatio: 0.96 }];
    const day = computeUserAnalytics({ days: rows }).days[0]!;
    expect(day.polar.ansCharge).toEqual({ status: 'OK', source: 'POLAR', value: 3.4 });
    expect(day.polar.cardioLoadStatus).toEqual({ status: 'OK', source: 'POLAR', value: 'MAINTAINING' });
    expect(day.trainingLoad.polarStatus.value).toBe('MAINTAINING');
    expect(day.polar.sleepCharge).toEqual({ status: 'NO_DATA', source: 'POLAR', value: null });
    expect(day.trainingLoad.ctl.source).toBe('LOCAL');
  });

  it('CTL, ACWR and monotony unlock at 42, 28 and 7 days', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ date: dateFromDayNumber(START + i), trainingLoad: i % 3 === 0 ? 0 : 60 + i }));
    const days = computeUserAnalytics({ days: rows }).days;
    expect(days[40]!.trainingLoad.ctl.status).toBe('CALIBRATING');
    expect(days[41]!.trainingLoad.ctl.status).toBe('OK');
    expect(days[26]!.trainingLoad.acwr.ratio.status).toBe('CALIBRATING');
    expect(days[27]!.trainingLoad.acwr.ratio.status).toBe('OK');
    expect(days[27]!.trainingLoad.acwr.band.status).toBe('OK');
    expect(days[5]!.trainingLoad.monotony.status).toBe('CALIBRATING');
    expect(days[6]!.trainingLoad.monotony.status).toBe('OK');
  });
});

group('combined illness-style signal (SPEC §1.3, §2)', () => {
  it('HRV down with resting HR and skin temperature up is flagged as ILLNESS_PATTERN', () => {
    const rows = syntheticDays({ days: 60, seed: 9, missingNightRate: 0 });
    const sick = rows.length - 1;
    rows[sick] = { ...rows[sick]!, rmssd: 25, restingHr: 64, skinTemperatureDeviation: 0.9 };
    const day = computeUserAnalytics({ days: rows }).days.at(-1)!;
    const illness = day.anomalies.find((a) => a.kind === 'ILLNESS_PATTERN');
    expect(illness?.severity).toBe('CRITICAL');
    expect(illness?.metrics).toEqual(expect.arrayContaining(['lnRmssd', 'restingHr', 'skinTemperatureDeviation']));
    expect(day.anomalies.find((a) => a.kind === 'METRIC' && a.metrics[0] === 'restingHr')?.direction).toBe('HIGH');
  });

  it('HRV up and resting HR down is not an illness signal, and a high HRV is not a bad-side anomaly', () => {
    const rows = syntheticDays({ days: 60, seed: 9, missingNightRate: 0 });
    rows[rows.length - 1] = { ...rows.at(-1)!, rmssd: 140, restingHr: 44 };
    const day = computeUserAnalytics({ days: rows }).days.at(-1)!;
    expect(day.anomalies.filter((a) => a.kind !== 'METRIC')).toEqual([]);
    expect(day.anomalyChecks.find((c) => c.metric === 'lnRmssd')!.value!.flagged).toBe(false);
  });
});

group('output shape', () => {
  it('range limits the returned days but uses the history before it', () => {
    const rows = syntheticDays({ days: 120, seed: 5 });
    const full = computeUserAnalytics({ days: rows });
    const ranged = computeUserAnalytics({ days: rows }, { range: { from: rows[100]!.date, to: rows[110]!.date } });
    expect(ranged.days.map((d) => d.date)).toEqual(full.days.slice(100, 111).map((d) => d.date));
    expect(ranged.days).toEqual(full.days.slice(100, 111));
    const b = ranged.baselines.findIndex((h) => h.metric === 'lnRmssd' && h.windowDays === 60);
    expect(baselineWindowAt(ranged.baselines[b]!, 0, ranged.days[0]!.date).value).toEqual(baselineWindowAt(full.baselines[b]!, 100, full.days[100]!.date).value);
  });

  it('availability is read off the same results the days carry', () => {
    const rows = syntheticDays({ days: 20, seed: 2, missingNightRate: 0 });
    const result = computeUserAnalytics({ days: rows });
    const last = result.days.at(-1)!;
    const feature = (name: string, metric: string | null = null) => result.availability.features.find((f) => f.feature === name && f.metric === metric)!;
    expect(result.availability.asOf).toBe(last.date);
    expect(feature('READINESS').status).toBe(last.readiness.status);
    expect(feature('CTL').status).toBe('CALIBRATING');
    expect(feature('CTL').requirements[0]).toMatchObject({ have: 20, need: 42 });
    expect(feature('HRV_NORMAL_BAND').unlocked).toBe(last.hrv.normalBand.status === 'OK');
    expect(feature('ANOMALIES', 'restingHr').status).toBe(last.anomalyChecks.find((c) => c.metric === 'restingHr')!.status);
    expect(feature('SLEEP_DEBT').unlocked).toBe(true);
  });

  it('trends and correlations are reported as of the last day with their gating', () => {
    const rows = syntheticDays({ days: 120, seed: 8 });
    const result = computeUserAnalytics({ days: rows });
    const hrv90 = result.trends.find((t) => t.metric === 'lnRmssd' && t.windowDays === 90)!;
    expect(hrv90.status).toBe('OK');
    expect(hrv90.value!.n).toBeGreaterThanOrEqual(45);
    const corr = result.correlations.find((c) => c.a === 'trainingLoad' && c.b === 'lnRmssd' && c.lag === 1)!;
    expect(corr.status).toBe('OK');
    expect(corr.value!.meaningful).toBe(true);
    expect(computeUserAnalytics({ days: rows.slice(0, 8) }).trends.every((t) => t.value === null)).toBe(true);
  });

  it('empty input gives an empty result', () => {
    const result = computeUserAnalytics({ days: [] });
    expect(result.days).toEqual([]);
    expect(result.availability).toEqual({ asOf: null, features: [] });
  });

  it('rejects malformed dates, duplicate dates and inverted sleep times with AnalyticsInputError', () => {
    expect(() => computeUserAnalytics({ days: [{ date: '2024-02-30' }] })).toThrow(AnalyticsInputError);
    expect(() => computeUserAnalytics({ days: [{ date: '2024-01-01' }, { date: '2024-01-01' }] })).toThrow(/duplicate/);
    expect(() => computeUserAnalytics({ days: [{ date: '2024-01-02', sleepStart: '2024-01-02T07:00:00+01:00', sleepEnd: '2024-01-01T23:00:00+01:00' }] })).toThrow(AnalyticsInputError);
  });

  it('a DST night is measured in real time while mid-sleep uses the wall clock', () => {
    // Europe: clocks go forward 2024-03-31 02:00 → 03:00
    const day = computeUserAnalytics({
      days: [{ date: '2024-03-31', sleepStart: '2024-03-30T23:00:00+01:00', sleepEnd: '2024-03-31T07:00:00+02:00', lightSleepSeconds: 7 * 3600, deepSleepSeconds: 0, remSleepSeconds: 0 }],
    }).days[0]!;
    expect(day.sleep.night.value!.spanMinutes).toBe(420);
    expect(day.values.midSleep).toBe(300 + 210);
  });
});

group('up-front shortcuts agree with the full computations', () => {
  const rows = syntheticDays({ days: 400, seed: 11, missingNightRate: 0.25 });

  it('each day’s anomalies are exactly the flagged checks plus the combined signals of all checks (the pre-test hides nothing)', () => {
    for (const options of [{}, { anomalies: { modZThreshold: 2, combinedSignalZ: 1 } }, { anomalies: { madFloors: { restingHr: { absolute: 1 }, steps: { relativeToMedian: 0.05 } } } }]) {
      const result = computeUserAnalytics({ days: rows }, options);
      let flagged = 0;
      for (const day of result.days) {
        const checks: AnomalyChecks = {};
        const expected = [];
        for (const check of day.anomalyChecks) {
          checks[check.metric] = check.value;
          const finding = check.value ? metricAnomaly(check.metric, check.value) : null;
          if (finding) expected.push(finding);
        }
        expected.push(...combinedSignals(checks, result.options.anomalies.combinedSignalZ));
        expect(day.anomalies).toEqual(expected);
        flagged += expected.length;
      }
      expect(flagged).toBeGreaterThan(0);
    }
  });

  it('readiness equals combineReadiness of its own components', () => {
    const weights = { hrv: 0.5, restingHr: 0.3, sleep: 0.2, skinTemperature: 0.1, ansCharge: 0.1 };
    for (const options of [{}, { readiness: { robust: true, weights } }, { readiness: { weights, sleepComponent: 'sleepScore' as const } }]) {
      const result = computeUserAnalytics({ days: rows }, options);
      const r = result.options.readiness;
      let ok = 0;
      for (const day of result.days) {
        const value = day.readiness.value;
        if (!value) continue;
        ok++;
        const inputs = value.components.map((c) => ({ name: c.name, weight: c.weight, value: c.value, z: c.z, baselineCentre: c.baselineCentre, baselineSpread: c.baselineSpread }));
        // components carry clipped z: clipping again is a no-op
        expect(combineReadiness(inputs, value.missingComponents, r.zClip, r.bands)).toEqual(value);
      }
      expect(ok).toBeGreaterThan(200);
    }
  });

  it('whole-series order statistics equal the single-window ones, and moments equal rollingWindowStats', () => {
    const values = new Float64Array(300);
    for (let t = 0; t < values.length; t++) values[t] = t % 7 === 3 || (t * 37) % 11 === 5 ? Number.NaN : Math.round(50 + 10 * Math.sin(t * 1.7) + ((t * 13) % 5)) / (t % 3 === 0 ? 1 : 4);
    for (const windowDays of [1, 7, 28, 90]) {
      const whole = rollingOrderStats(values, windowDays);
      const moments = rollingMoments(values, windowDays);
      const stats = rollingWindowStats(values, windowDays);
      const out = { n: 0, median: 0, q1: 0, q3: 0, mad: 0, meanAd: 0, min: 0, max: 0 };
      for (let t = 0; t < values.length; t++) {
        const one = orderStatsAt(values, windowDays, t, out);
        expect([one.n, one.median, one.q1, one.q3, one.mad, one.min, one.max, one.meanAd]).toEqual([
          whole.n[t],
          whole.median[t],
          whole.q1[t],
          whole.q3[t],
          whole.mad[t],
          whole.min[t],
          whole.max[t],
          whole.meanAdWhereMadZero[t] ?? Number.NaN,
        ]);
        expect([moments.n[t], moments.mean[t], moments.sd[t]]).toEqual([stats.n[t], stats.mean[t], stats.sd[t]]);
      }
    }
  });
});
