import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUser, createHarness, type Harness } from './helpers.js';

describe('many users under lowered rate limits', () => {
  let h: Harness;
  const USERS = 30;
  beforeAll(async () => {
    h = await createHarness(
      // Short window: 60 + 2·N requests per 3 s (120 for 30 users); long window generous.
      { seed: 9, users: USERS, days: 20, rateLimits: { shortBase: 60, shortPerUser: 2, shortWindowSeconds: 3, longBase: 100_000 } },
      { tuning: { concurrency: 8 } },
    );
  });
  afterAll(async () => h?.dispose());

  it('never exceeds the short or long window (no 429) and every user completes', async () => {
    for (let i = 0; i < USERS; i++) await connectUser(h, i);
    h.sim.resetRequestCounts();
    const started = performance.now();
    const runs = await h.service.syncAll({ trigger: 'INITIAL' });
    const seconds = (performance.now() - started) / 1000;
    const counts = h.sim.requestCounts();
    console.log('rate limits', { users: USERS, requests: counts.total, byStatus: counts.byStatus, seconds: seconds.toFixed(1), budgetWaits: h.service.budget.snapshot().waits });
    expect(runs).toHaveLength(USERS);
    for (const run of runs) expect(run.status).toBe('SUCCEEDED');
    expect(counts.byStatus['429'] ?? 0).toBe(0);
    expect(counts.total).toBeGreaterThan(120); // more than one short window's worth: the budget had to wait
    expect(h.service.budget.snapshot().waits).toBeGreaterThan(0);
  });
});
