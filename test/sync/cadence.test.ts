import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE, type CadenceOptions } from '../../src/sync/index.js';
import { notDueTypes, pollEveryDays } from '../../src/sync/cadence.js';
import type { Watermark } from '../../src/sync/run-context.js';
import { connectUser, createHarness, expectMatchesGroundTruth, type Harness } from './helpers.js';

const DAILY = [
  'GET /v3/exercises',
  'GET /v3/users/activities',
  'GET /v3/users/cardio-load/date',
  'GET /v3/users/continuous-heart-rate',
  'GET /v3/users/nightly-recharge',
  'GET /v3/users/sleep',
  'GET /v3/users/sleepwise/alertness/date',
  'GET /v3/users/biosensing/skintemperature',
];
const SLOW = ['GET /v3/users/sleepwise/circadian-bedtime/date', 'GET /v3/users/biosensing/bodytemperature', 'GET /v3/users/biosensing/skincontacts'];
const SPARSE = ['GET /v3/users/biosensing/ecg', 'GET /v3/users/biosensing/spo2', 'GET /v3/users/physical-info'];

describe('poll cadence of scheduled runs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: 11, users: 1, days: 40, chrRangeShape: 'spec' });
  });
  afterAll(async () => h?.dispose());

  it('polls daily types every day, slow ones every 3rd day, sparse ones every 6th, and still converges', async () => {
    const { userId, polarUserId } = await connectUser(h, 0);
    await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'INITIAL' })).id);
    const perDay: string[][] = [];
    let total = 0;
    for (let day = 1; day <= DEFAULT_CADENCE.sparseDays; day++) {
      await h.sim.clock.advance(1);
      h.sim.resetRequestCounts();
      const run = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'SCHEDULE' })).id);
      expect(run.status).toBe('SUCCEEDED');
      const counts = h.sim.requestCounts();
      total += counts.total;
      perDay.push(Object.keys(counts.byEndpoint).filter((k) => k !== 'GET /v3/exercises/{id}').sort());
    }
    console.log('cadence', { callsPerDay: total / DEFAULT_CADENCE.sparseDays, perDay: perDay.map((d) => d.length) });
    for (let i = 0; i < perDay.length; i++) {
      const day = i + 1;
      const expected = [...DAILY, ...(day % DEFAULT_CADENCE.slowDays === 0 ? SLOW : []), ...(day % DEFAULT_CADENCE.sparseDays === 0 ? SPARSE : [])].sort();
      expect(perDay[i], `day ${day}`).toEqual(expected);
    }
    expect(total / DEFAULT_CADENCE.sparseDays).toBeLessThanOrEqual(11);
    // After one full cadence every type has caught up.
    const cmp = await expectMatchesGroundTruth(h, userId, polarUserId);
    expect(cmp.total).toBeGreaterThan(100);

    // Not due on a schedule, but a webhook-style or manual trigger fetches a sparse type at once.
    await h.sim.clock.advance(1);
    h.sim.resetRequestCounts();
    const targeted = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'WEBHOOK', types: ['physicalInfo', 'ecg'] })).id);
    expect(targeted.status).toBe('SUCCEEDED');
    expect(Object.keys(h.sim.requestCounts().byEndpoint).sort()).toEqual(['GET /v3/users/biosensing/ecg', 'GET /v3/users/physical-info']);
  });
});

describe('pollEveryDays', () => {
  const options: CadenceOptions = DEFAULT_CADENCE;
  const mark = (lastDataAt: string | null, lastSuccessAt = '2026-01-10T20:00:00Z'): Watermark => ({
    lastDate: '2026-01-10',
    lastSuccessAt: new Date(lastSuccessAt),
    lastDataAt: lastDataAt ? new Date(lastDataAt) : null,
    cursor: null,
  });

  it('polls a device type daily while it returns data and every sparseDays once it has been quiet', () => {
    expect(pollEveryDays('sleep', mark(null), '2026-01-11', options)).toBe(1);
    expect(pollEveryDays('skinTemperature', mark('2026-01-10T20:00:00Z'), '2026-01-11', options)).toBe(1);
    expect(pollEveryDays('skinTemperature', mark(null), '2026-01-11', options)).toBe(options.sparseDays);
    expect(pollEveryDays('skinTemperature', mark('2025-12-01T20:00:00Z'), '2026-01-11', options)).toBe(options.sparseDays);
    expect(pollEveryDays('bodyTemperature', mark('2026-01-10T20:00:00Z'), '2026-01-11', options)).toBe(options.slowDays);
    expect(pollEveryDays('ecg', mark('2026-01-10T20:00:00Z'), '2026-01-11', options)).toBe(options.sparseDays);
  });

  it('treats a type without a completed poll as due', () => {
    const marks = new Map<string, Watermark>([
      ['ecg', mark('2026-01-10T20:00:00Z')],
      ['spo2', { ...mark(null), lastSuccessAt: null }],
      ['bodyTemperature', mark('2026-01-10T20:00:00Z', '2026-01-07T20:00:00Z')],
    ]);
    expect(notDueTypes(['ecg', 'spo2', 'bodyTemperature', 'physicalInfo', 'sleep'], marks, '2026-01-11', options)).toEqual(['ecg']);
  });
});
