import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUser, createHarness, expectMatchesGroundTruth, type Harness } from './helpers.js';

describe('backfill', () => {
  let h: Harness;
  beforeAll(async () => {
    // The spec's range shape: per-day objects with every field (the `heart_rates` wrapper drops `polar_user`).
    h = await createHarness({ seed: 11, users: 2, days: 120, chrRangeShape: 'spec' });
  });
  afterAll(async () => h?.dispose());

  it('stores every type and every field of a seeded user exactly as the ground truth', async () => {
    const { userId, polarUserId } = await connectUser(h, 0);
    h.sim.resetRequestCounts();
    const run = await h.service.triggerSync({ userId, trigger: 'MANUAL' });
    expect(run.status).toBe('QUEUED');
    const done = await h.service.waitForRun(run.id);
    expect(done.errors).toEqual([]);
    expect(done.status).toBe('SUCCEEDED');
    const result = await expectMatchesGroundTruth(h, userId, polarUserId);
    console.log('backfill compared', result, 'apiCalls', done.apiCalls, 'durationMs', done.durationMs);
    expect(result.total).toBeGreaterThan(200);
    expect(done.apiCalls).toBe(h.sim.requestCounts().total);
    const kinds = new Set(h.events.filter((e) => e.runId === run.id).map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['RUN_FINISHED', 'RUN_QUEUED', 'RUN_STARTED', 'TYPE_FINISHED', 'TYPE_PROGRESS', 'TYPE_STARTED']);
  });
});
