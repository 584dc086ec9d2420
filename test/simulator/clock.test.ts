import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { basicAuth, connectUser, FIXED_NOW, getJson, HAS_GENERATOR, startReceiver, startScenario } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('clock and visibility (scenario data)', () => {
  it('new uploads become visible as days pass and fire webhook events', async () => {
    const sim = await startScenario({ today: '2025-11-11' });
    const rx = await startReceiver();
    cleanups.push(() => sim.close(), () => rx.close());
    const c = await connectUser(sim);
    await fetch(`${sim.url}/v3/webhooks`, {
      method: 'POST',
      headers: { Authorization: basicAuth(sim), 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: ['EXERCISE', 'SLEEP', 'CONTINUOUS_HEART_RATE', 'ACTIVITY_SUMMARY'], url: rx.url }),
    });
    expect(sim.clock.today()).toBe('2025-11-11');
    const nights = (await getJson(sim, '/v3/users/sleep', c.headers)).body as { nights: { date: string }[] };
    expect(nights.nights.map((n) => n.date)).toEqual(['2025-11-11']);
    expect((await getJson(sim, '/v3/users/sleep/2025-11-12', c.headers)).status).toBe(404);
    expect((await getJson(sim, '/v3/exercises/QmZ9xLp', c.headers)).status).toBe(404);
    expect((await getJson(sim, '/v3/users/activities/2025-11-12', c.headers)).status).toBe(204);

    const result = await sim.clock.advance(1);
    expect(result.today).toBe('2025-11-12');
    const summary = result.events.map((e) => `${e.event}:${e.date ?? e.entityId ?? `${e.from}..${e.to}`}`);
    expect(summary).toEqual(expect.arrayContaining(['SLEEP:2025-11-12', 'EXERCISE:QmZ9xLp', 'CONTINUOUS_HEART_RATE:2025-11-12', 'ACTIVITY_SUMMARY:2025-11-12']));
    const delivered = rx.received.slice(1).map((r) => JSON.parse(r.body) as { event: string });
    expect(delivered.map((d) => d.event).sort()).toEqual(['ACTIVITY_SUMMARY', 'CONTINUOUS_HEART_RATE', 'EXERCISE', 'SLEEP']);
    expect((await getJson(sim, '/v3/users/sleep/2025-11-12', c.headers)).status).toBe(200);
    expect((await getJson(sim, '/v3/exercises/QmZ9xLp', c.headers)).status).toBe(200);

    // Five weeks later: the 28-day types are gone, daily activity (365 days) is not.
    await fetch(`${sim.url}/__admin/clock`, { method: 'POST', body: JSON.stringify({ date: '2025-12-17' }) });
    expect(sim.clock.today()).toBe('2025-12-17');
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).body).toEqual({ nights: [] });
    expect((await getJson(sim, '/v3/users/sleep/2025-11-12', c.headers)).status).toBe(404);
    expect((await getJson(sim, '/v3/exercises', c.headers)).body).toEqual([]);
    expect((await getJson(sim, '/v3/users/activities/2025-11-12', c.headers)).status).toBe(200);
    expect((await getJson(sim, '/v3/users/biosensing/spo2', c.headers)).status).toBe(204);
  });
});

describe.skipIf(!HAS_GENERATOR)('clock with generated users', () => {
  async function start(): Promise<Simulator> {
    const sim = await startSimulator({ seed: 5, users: 3, days: 40, today: '2025-11-12', now: FIXED_NOW, autoRegister: true });
    cleanups.push(() => sim.close());
    return sim;
  }

  it('advancing adds new days, rescores or deletes some recent records, deterministically', async () => {
    const sim = await start();
    const before = sim.users.map((u) => ({
      sleep: sim.groundTruth(u.polarUserId, 'sleep'),
      nr: sim.groundTruth(u.polarUserId, 'nightlyRecharge'),
      ex: sim.groundTruth(u.polarUserId, 'exercise'),
    }));
    const result = await sim.clock.advance(7);
    expect(sim.clock.today()).toBe('2025-11-19');
    expect(result.events.length).toBeGreaterThan(0);
    const rescoredSleep: string[] = [];
    let rescored = 0;
    let deleted = 0;
    let added = 0;
    sim.users.forEach((u, i) => {
      const after = sim.groundTruth(u.polarUserId, 'sleep');
      added += after.filter((r) => r.date > '2025-11-12').length;
      for (const old of before[i]!.sleep) {
        const now = after.find((r) => r.key === old.key);
        if (!now) deleted++;
        else if (now.payload.sleep_score !== old.payload.sleep_score) {
          rescored++;
          rescoredSleep.push(`${u.polarUserId}:${now.date}`);
          expect(Date.parse(now.uploadedAt)).toBeGreaterThan(Date.parse(old.uploadedAt));
        }
      }
      const nrAfter = sim.groundTruth(u.polarUserId, 'nightlyRecharge');
      rescored += before[i]!.nr.filter((o) => nrAfter.find((r) => r.key === o.key)?.payload.ans_charge !== o.payload.ans_charge).length;
      deleted += before[i]!.ex.filter((o) => !sim.groundTruth(u.polarUserId, 'exercise').some((r) => r.key === o.key)).length;
    });
    expect(added).toBeGreaterThan(10);
    expect(rescored).toBeGreaterThan(0);
    expect(deleted).toBeGreaterThanOrEqual(0);
    // Rescored nights are announced again by a SLEEP webhook event.
    const sleepEvents = new Set(result.events.filter((e) => e.event === 'SLEEP').map((e) => `${e.userId}:${e.date}`));
    for (const k of rescoredSleep) expect(sleepEvents.has(k)).toBe(true);

    const twin = await start();
    await twin.clock.advance(7);
    for (const u of sim.users)
      for (const t of ['sleep', 'nightlyRecharge', 'exercise', 'activity'] as const)
        expect(JSON.stringify(twin.groundTruth(u.polarUserId, t))).toBe(JSON.stringify(sim.groundTruth(u.polarUserId, t)));
  });
});

describe.skipIf(!HAS_GENERATOR)('incremental generation on advance', () => {
  it('equals generating the longer range at once', async () => {
    const opts = { seed: 9, users: 2, days: 20, now: FIXED_NOW, mutationRate: 0 };
    const a = await startSimulator({ ...opts, today: '2025-11-12' });
    cleanups.push(() => a.close());
    await a.clock.advance(3);
    const b = await startSimulator({ ...opts, days: 23, today: '2025-11-15' });
    cleanups.push(() => b.close());
    for (const u of a.users)
      for (const t of ['sleep', 'activity', 'exercise', 'cardioLoad', 'continuousHeartRate', 'spo2'] as const)
        expect(JSON.stringify(a.groundTruth(u.polarUserId, t))).toBe(JSON.stringify(b.groundTruth(u.polarUserId, t)));
  });
});
