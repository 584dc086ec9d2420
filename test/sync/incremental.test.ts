import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUser, createHarness, expectMatchesGroundTruth, tableCounts, type Harness } from './helpers.js';

describe('incremental sync after the clock advances', () => {
  let h: Harness;
  beforeAll(async () => {
    // mutationRate 4: Polar rescoring nights and deleting records happens often enough to observe.
    h = await createHarness({ seed: 5, users: 1, days: 60, chrRangeShape: 'spec', mutationRate: 4 });
  });
  afterAll(async () => h?.dispose());

  it('fetches only new and changed data, updates rescored nights and reconciles deletions', async () => {
    const { userId, polarUserId } = await connectUser(h, 0);
    h.sim.resetRequestCounts();
    const backfill = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'INITIAL' })).id);
    expect(backfill.status).toBe('SUCCEEDED');
    const backfillCalls = h.sim.requestCounts().total;
    const sleepBefore = new Map(h.sim.groundTruth(polarUserId, 'sleep').map((r) => [r.key, JSON.stringify(r.payload)]));
    const exBefore = new Set(h.sim.groundTruth(polarUserId, 'exercise').map((r) => r.key));
    const storedSleepBefore = await h.db.sql.query<{ date: Date; sleepScore: number; updatedAt: Date }>(`SELECT "date", "sleepScore", "updatedAt" FROM "Sleep" WHERE "userId" = $1`, [userId]);

    // Six days: one full poll cadence (cadence.ts), so the scheduled run is due for every type.
    await h.sim.clock.advance(6);
    const sleepAfter = new Map(h.sim.groundTruth(polarUserId, 'sleep').map((r) => [r.key, JSON.stringify(r.payload)]));
    const rescored = [...sleepAfter].filter(([k, v]) => sleepBefore.has(k) && sleepBefore.get(k) !== v).map(([k]) => k);
    const deletedSleeps = [...sleepBefore.keys()].filter((k) => !sleepAfter.has(k) && storedSleepBefore.some((s) => s.date.toISOString().slice(0, 10) === k));
    const exAfter = new Set(h.sim.groundTruth(polarUserId, 'exercise').map((r) => r.key));
    const deletedExercises = [...exBefore].filter((k) => !exAfter.has(k));
    const newExercises = [...exAfter].filter((k) => !exBefore.has(k));

    h.sim.resetRequestCounts();
    const incremental = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'SCHEDULE' })).id);
    expect(incremental.status).toBe('SUCCEEDED');
    const counts = h.sim.requestCounts();
    console.log('incremental', { backfillCalls, incrementalCalls: counts.total, byEndpoint: counts.byEndpoint, rescored, deletedSleeps, deletedExercises, newExercises: newExercises.length });

    // Only new and changed data: one call per type (14 endpoints; activity + samples share one) and
    // one more for the new exercises' details (by id for one, one list with details for several).
    expect(counts.total).toBeLessThanOrEqual(14 + Math.min(newExercises.length, 1));
    expect(counts.total).toBeLessThan(backfillCalls / 2);
    const endpoints = Object.keys(counts.byEndpoint).join(' ');
    expect(endpoints).not.toMatch(/period\/days/); // no 180-day cardio backfill again
    const activityCalls = Object.entries(counts.byEndpoint).filter(([k]) => k.includes('/v3/users/activities')).reduce((a, [, n]) => a + n, 0);
    expect(activityCalls).toBe(1); // not 365 days in 28-day slices again

    // A rescored night is updated.
    expect(rescored.length).toBeGreaterThan(0);
    for (const date of rescored) {
      const row = (await h.db.sql.query<{ raw: Record<string, unknown> }>(`SELECT raw FROM "Sleep" WHERE "userId" = $1 AND "date" = $2::date`, [userId, date]))[0];
      const truth = JSON.parse(sleepAfter.get(date)!) as Record<string, unknown>;
      expect(row?.raw['sleep_score']).toBe(truth['sleep_score']);
    }
    // Deleted records are reconciled.
    expect(deletedSleeps.length + deletedExercises.length).toBeGreaterThan(0);
    for (const date of deletedSleeps) {
      expect(await h.db.sql.query(`SELECT 1 FROM "Sleep" WHERE "userId" = $1 AND "date" = $2::date`, [userId, date])).toEqual([]);
    }
    for (const id of deletedExercises) {
      expect(await h.db.sql.query(`SELECT 1 FROM "Exercise" WHERE "userId" = $1 AND "polarExerciseId" = $2`, [userId, id])).toEqual([]);
    }
    const cmp = await expectMatchesGroundTruth(h, userId, polarUserId);
    expect(cmp.total).toBeGreaterThan(100);

    // Idempotent: running again changes nothing and duplicates nothing.
    const before = await tableCounts(h.db, userId);
    const again = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'MANUAL' })).id);
    expect(again.status).toBe('SUCCEEDED');
    const changed = Object.values(again.counts as Record<string, { changed: number }>).reduce((a, c) => a + c.changed, 0);
    expect(changed).toBe(0);
    expect(await tableCounts(h.db, userId)).toEqual(before);
  });
});
