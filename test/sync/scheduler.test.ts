import { createPubSub } from 'graphql-yoga';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PubSubTopics } from '../../src/pubsub.js';
import { createSyncService } from '../../src/sync/index.js';
import { connectUser, createHarness, type Harness } from './helpers.js';

describe('durable schedule', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: 4, users: 1, days: 30 }, { env: { SYNC_INTERVAL_MINUTES: '60' }, tuning: { autoStart: false } });
  });
  afterAll(async () => h?.dispose());

  it('claims a due connection once across two engines, moves the schedule, and skips freshly synced types', async () => {
    const { userId } = await connectUser(h, 0);
    const now = h.sim.clock.now();
    await h.db.prisma.polarConnection.update({ where: { userId }, data: { nextScheduledSyncAt: new Date(now - 60_000) } });
    const other = createSyncService({ db: h.db, env: h.env, pubsub: createPubSub<PubSubTopics>(), logger: pino({ level: 'silent' }), clock: () => h.sim.clock.now(), tuning: { autoStart: false } });
    const [a, b] = await Promise.all([h.service.runScheduledSyncs(), other.runScheduledSyncs()]);
    expect(a + b).toBe(1);
    expect(await h.service.runScheduledSyncs()).toBe(0);
    const connection = await h.db.prisma.polarConnection.findUniqueOrThrow({ where: { userId } });
    expect(connection.nextScheduledSyncAt!.getTime()).toBeGreaterThanOrEqual(now + 59 * 60_000);
    await h.service.idle();
    await other.idle();
    const runs = await h.db.prisma.syncRun.findMany({ where: { userId, trigger: 'SCHEDULE' } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('SUCCEEDED');
    expect(runs[0]!.apiCalls).toBeGreaterThan(10);
    // Due again right away: every type was synced minutes ago, so the scheduled run makes no calls.
    await h.db.prisma.polarConnection.update({ where: { userId }, data: { nextScheduledSyncAt: new Date(now - 1) } });
    h.sim.resetRequestCounts();
    expect(await h.service.runScheduledSyncs()).toBe(1);
    await h.service.idle();
    expect(h.sim.requestCounts().total).toBe(0);
    await other.close();
  });
});
