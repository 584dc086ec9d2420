import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUser, createHarness, expectMatchesGroundTruth, tableCounts, type Harness } from './helpers.js';

describe('with 20 % injected faults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(
      { seed: 21, users: 2, days: 45, chrRangeShape: 'spec', faults: 0.2, clientTimeoutMs: 300, slowExtraMs: 300, mutationRate: 2 },
      { tuning: { requestTimeoutMs: 300, retry: { minTimeoutMs: 5, maxTimeoutMs: 40, retries: 8 } } },
    );
  });
  afterAll(async () => h?.dispose());

  it('still converges to the ground truth, with no duplicates', async () => {
    const users = [await connectUser(h, 0), await connectUser(h, 1)];
    const runs = await h.service.syncAll({ trigger: 'INITIAL' });
    const faultsAfterBackfill = h.sim.faultLog().length;
    await h.sim.clock.advance(2);
    const runs2 = await h.service.syncAll({ trigger: 'SCHEDULE' });
    const kinds: Record<string, number> = {};
    for (const f of h.sim.faultLog()) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
    console.log('faults', { injected: h.sim.faultLog().length, faultsAfterBackfill, kinds, statuses: [...runs, ...runs2].map((r) => r.status), apiCalls: [...runs, ...runs2].map((r) => r.apiCalls), requests: h.sim.requestCounts().total });
    expect(h.sim.faultLog().length).toBeGreaterThan(10);
    for (const run of [...runs, ...runs2]) expect(run.status === 'SUCCEEDED' || run.status === 'PARTIAL').toBe(true);
    // Whatever a faulty run missed, the next run completes.
    const final = await h.service.syncAll({ trigger: 'MANUAL' });
    for (const run of final) expect(run.status === 'SUCCEEDED' || run.status === 'PARTIAL').toBe(true);
    for (const u of users) {
      const cmp = await expectMatchesGroundTruth(h, u.userId, u.polarUserId);
      expect(cmp.total).toBeGreaterThan(100);
      const counts = await tableCounts(h.db, u.userId);
      const again = await h.service.waitForRun((await h.service.triggerSync({ userId: u.userId, trigger: 'MANUAL' })).id);
      expect(again.status === 'SUCCEEDED' || again.status === 'PARTIAL').toBe(true);
      expect(await tableCounts(h.db, u.userId)).toEqual(counts);
    }
    const rejected = await h.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RejectedRecord"`);
    console.log('rejected records kept', rejected[0]?.n);
  });
});
