// Invariants of the analytics, checked with fast-check on random series.

import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import {
  computeUserAnalytics,
  dateFromDayNumber,
  dayNumber,
  describe,
  madSorted,
  medianAbsoluteDeviation,
  performanceManagement,
  quantile,
  rollingWindowStats,
  sleepDebt,
  type DailyRecord,
} from '../../src/analytics/index.js';

const START = dayNumber('2024-01-01');

/** A random gappy series: each entry is one calendar day, null = no row. */
const seriesArbitrary = (maxDays: number) =>
  fc.array(
    fc.option(
      fc.record({
        rmssd: fc.option(fc.integer({ min: 20, max: 120 }), { nil: null }),
        restingHr: fc.option(fc.integer({ min: 40, max: 75 }), { nil: null }),
        steps: fc.option(fc.integer({ min: 0, max: 25_000 }), { nil: null }),
        trainingLoad: fc.option(fc.integer({ min: 0, max: 250 }), { nil: null }),
        tst: fc.option(fc.integer({ min: 240, max: 600 }), { nil: null }),
        skinTemperatureDeviation: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
      }),
      { nil: null, freq: 5 },
    ),
    { minLength: 1, maxLength: maxDays },
  );

type Generated = ReturnType<typeof seriesArbitrary> extends fc.Arbitrary<infer T> ? T : never;

function toRows(generated: Generated): DailyRecord[] {
  const rows: DailyRecord[] = [];
  generated.forEach((entry, i) => {
    if (!entry) return;
    const row: DailyRecord = {
      date: dateFromDayNumber(START + i),
      rmssd: entry.rmssd,
      restingHr: entry.restingHr,
      steps: entry.steps,
      trainingLoad: entry.trainingLoad,
      skinTemperatureDeviation: entry.skinTemperatureDeviation,
    };
    if (entry.tst !== null) {
      row.lightSleepSeconds = entry.tst * 60;
      row.deepSleepSeconds = 0;
      row.remSleepSeconds = 0;
    }
    rows.push(row);
  });
  // keep the first day so that prefixes share the same series start
  if (rows.length === 0 || rows[0]!.date !== dateFromDayNumber(START)) rows.unshift({ date: dateFromDayNumber(START) });
  return rows;
}

const smallOptions = { baselines: { minValid: { 7: 2, 30: 3, 60: 3, 90: 3 } }, hrv: { baselineMinNights: 3, kiviniemiMinNights: 3 }, readiness: { minNights: 3 } };

group('no look-ahead', () => {
  it('appending future days never changes any past per-day value', () => {
    fc.assert(
      fc.property(seriesArbitrary(80), fc.integer({ min: 1, max: 80 }), (generated, cut) => {
        const rows = toRows(generated);
        const cutDate = dateFromDayNumber(START + Math.min(cut, generated.length) - 1);
        const prefix = rows.filter((r) => r.date <= cutDate);
        const full = computeUserAnalytics({ days: rows }, smallOptions);
        const past = computeUserAnalytics({ days: prefix }, smallOptions);
        const k = past.days.length;
        expect(full.days.slice(0, k)).toEqual(past.days);
        for (let b = 0; b < past.baselines.length; b++) {
          const fullHistory = full.baselines[b]!;
          const pastHistory = past.baselines[b]!;
          expect(Array.from(fullHistory.mean.subarray(0, k))).toEqual(Array.from(pastHistory.mean));
          expect(Array.from(fullHistory.mad.subarray(0, k))).toEqual(Array.from(pastHistory.mad));
          expect(fullHistory.status.slice(0, k)).toEqual(pastHistory.status);
        }
      }),
      { numRuns: 40 },
    );
  });
});

group('order statistics', () => {
  it('quantiles, median, MAD, mean and SD do not depend on input order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.integer(), (values, seed) => {
        const shuffled = values
          .map((v, i) => ({ v, key: Math.sin(seed + i * 12.9898) }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.v);
        const a = describe(values);
        const b = describe(shuffled);
        expect(b.median).toBe(a.median);
        expect(b.q1).toBe(a.q1);
        expect(b.q3).toBe(a.q3);
        expect(b.mad).toBe(a.mad);
        expect(Math.abs(b.mean - a.mean)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(a.mean)));
        if (values.length > 1) expect(Math.abs(b.sd - a.sd)).toBeLessThanOrEqual(1e-9 * (1 + a.sd));
        for (const p of [0, 0.1, 0.25, 0.9, 1]) expect(quantile(shuffled, p)).toBe(quantile(values, p));
      }),
    );
  });

  it('the O(log n) MAD equals the textbook median of |x − median|', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const median = quantile(values, 0.5);
        expect(madSorted(sorted, median)).toBe(quantile(values.map((v) => Math.abs(v - median)), 0.5));
        expect(medianAbsoluteDeviation(values)).toBe(madSorted(sorted, median));
      }),
    );
  });

  it('row order of the input does not change the result', () => {
    fc.assert(
      fc.property(seriesArbitrary(40), (generated) => {
        const rows = toRows(generated);
        const reversed = [...rows].reverse();
        expect(computeUserAnalytics({ days: reversed }, smallOptions).days).toEqual(computeUserAnalytics({ days: rows }, smallOptions).days);
      }),
      { numRuns: 20 },
    );
  });
});

group('missing days never behave as zeros', () => {
  it('rolling window stats equal the stats of only the present values in the calendar window', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 1, max: 200 }), { nil: null, freq: 3 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (raw, windowDays) => {
        const values = Float64Array.from(raw, (v) => (v === null ? Number.NaN : v));
        const rolling = rollingWindowStats(values, windowDays);
        for (let t = 0; t < raw.length; t++) {
          const present = raw.slice(Math.max(0, t - windowDays + 1), t + 1).filter((v): v is number => v !== null);
          expect(rolling.n[t]).toBe(present.length);
          if (present.length === 0) continue;
          const expected = describe(present);
          expect(rolling.median[t]).toBe(expected.median);
          expect(rolling.mad[t]).toBe(expected.mad);
          expect(rolling.q1[t]).toBe(expected.q1);
          expect(Math.abs(rolling.mean[t]! - expected.mean)).toBeLessThanOrEqual(1e-9);
          expect(rolling.min[t]).toBeGreaterThanOrEqual(1); // a zero never slips in
          if (present.length > 1) expect(Math.abs(rolling.sd[t]! - expected.sd)).toBeLessThanOrEqual(1e-7);
        }
      }),
    );
  });

  it('a missing night leaves sleep debt as if the night did not exist, unlike a 0-minute night', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 240, max: 600 }), { nil: null }), { minLength: 14, maxLength: 14 }), (nights) => {
        const withMissing = sleepDebt(nights, 480);
        const present = nights.filter((n): n is number => n !== null);
        expect(withMissing.validNights).toBe(present.length);
        expect(withMissing.debtMinutes).toBe(Math.max(0, present.reduce((s, n) => s + 480 - n, 0)));
        if (present.length < 14) expect(sleepDebt(nights.map((n) => n ?? 0), 480).debtMinutes).toBeGreaterThan(withMissing.debtMinutes);
      }),
    );
  });

  it('physiological baselines through computeUserAnalytics ignore gaps; load gaps are 0', () => {
    fc.assert(
      fc.property(seriesArbitrary(60), (generated) => {
        const rows = toRows(generated);
        const result = computeUserAnalytics({ days: rows }, smallOptions);
        const hrv30 = result.baselines.find((b) => b.metric === 'restingHr' && b.windowDays === 30)!;
        result.days.forEach((day, t) => {
          const present = generated
            .slice(Math.max(0, t - 29), t + 1)
            .map((e) => e?.restingHr ?? null)
            .filter((v): v is number => v !== null);
          expect(hrv30.n[t]).toBe(present.length);
          if (hrv30.status[t] === 'OK') expect(hrv30.min[t]).toBe(Math.min(...present));
          expect(day.trainingLoad.load).toBe(generated[t]?.trainingLoad ?? 0);
        });
      }),
      { numRuns: 30 },
    );
  });
});

group('constant series', () => {
  it('has no anomalies on any day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 120 }), fc.integer({ min: 40, max: 70 }), fc.integer({ min: 300, max: 560 }), fc.integer({ min: 20, max: 90 }), (rmssd, restingHr, tst, days) => {
        const rows: DailyRecord[] = Array.from({ length: days }, (_, i) => ({
          date: dateFromDayNumber(START + i),
          rmssd,
          restingHr,
          steps: 8000,
          calories: 2300,
          breathingRate: 14,
          skinTemperature: 34.2,
          skinTemperatureDeviation: 0.1,
          spo2: 97,
          sleepScore: 80,
          lightSleepSeconds: tst * 60,
          deepSleepSeconds: 0,
          remSleepSeconds: 0,
          sleepStart: `${dateFromDayNumber(START + i - 1)}T23:00:00+01:00`,
          sleepEnd: `${dateFromDayNumber(START + i)}T07:00:00+01:00`,
        }));
        const result = computeUserAnalytics({ days: rows });
        for (const day of result.days) {
          expect(day.anomalies).toEqual([]);
          for (const check of day.anomalyChecks) expect(check.value?.flagged ?? false).toBe(false);
        }
      }),
      { numRuns: 15 },
    );
  });
});

group('training load', () => {
  it('CTL/ATL steady state: constant load seeded with itself stays exactly there, TSB 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom('simple', 'exp', 'ema' as const), (load, days, form) => {
        const pmc = performanceManagement(new Array(days).fill(load), { ctlDays: 42, atlDays: 7, form, ctlSeed: load, atlSeed: load });
        expect([...pmc.ctl].every((v) => v === load)).toBe(true);
        expect([...pmc.atl].every((v) => v === load)).toBe(true);
        expect([...pmc.tsb].every((v) => v === 0)).toBe(true);
        expect([...pmc.tsbSameDay].every((v) => v === 0)).toBe(true);
      }),
    );
  });

  it('CTL/ATL from seed 0 approach a constant load monotonically and never overshoot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (load) => {
        const pmc = performanceManagement(new Array(400).fill(load), { ctlDays: 42, atlDays: 7, form: 'exp' });
        let violations = 0;
        for (let t = 1; t < 400; t++) {
          if (pmc.ctl[t]! < pmc.ctl[t - 1]! || pmc.ctl[t]! > load || pmc.atl[t]! < pmc.ctl[t]!) violations++;
        }
        expect(violations).toBe(0);
        expect(Math.abs(pmc.ctl[399]! - load)).toBeLessThan(load * 1e-3);
      }),
    );
  });
});
