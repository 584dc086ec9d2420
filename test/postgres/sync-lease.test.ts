// Several server processes on one PostgreSQL database: a run held by a live process (its lease
// renewed by the heartbeat) is never taken over; a run whose holder died (lease expired) is
// recovered by exactly one of the processes starting up.
import { createPubSub } from 'graphql-yoga';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.js';
import type { PubSubTopics } from '../../src/pubsub.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createSyncService, type SyncEngineService } from '../../src/sync/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { connectUser, FAST_RETRY, testEnv } from '../sync/helpers.js';

const LEASE_MS = 3_000;

describe('sync run leases across processes sharing PostgreSQL', () => {
  let sim: Simulator;
  let database: TestDatabase;
  const services: SyncEngineService[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, users: 2, days: 30, chrRangeShape: 'spec' });
    database = await createTestDatabase('postgresql');
    await applyMigrations(database.db.sql);
  });
  afterAll(async () => {
    for (const s of services) await s.close().catch(() => undefined);
    await sim?.close();
    await database?.dispose();
  });

  function service(fetchImpl?: typeof fetch): SyncEngineService {
    const s = createSyncService({
      db: database.db,
      env: testEnv(sim),
      pubsub: createPubSub<PubSubTopics>(),
      logger: pino({ level: process.env.SYNC_TEST_LOG ?? 'silent' }),
      clock: () => sim.clock.now(),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      tuning: { ...FAST_RETRY, leaseMs: LEASE_MS },
    });
    services.push(s);
    return s;
  }

  it('does not steal a live run, and recovers a dead one exactly once', async () => {
    const db = database.db;
    // Process A: its AccessLink requests hang until released, so its run stays RUNNING.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = service(async (input, init) => {
      await gate;
      return fetch(input, init);
    });
    await a.ready;
    const h = { sim, db, service: a };
    const live = await connectUser(h, 0);
    const dead = await connectUser(h, 1);
    const liveRun = await a.triggerSync({ userId: live.userId, trigger: 'MANUAL' });
    for (let i = 0; i < 200 && (await db.prisma.syncRun.findUniqueOrThrow({ where: { id: liveRun.id } })).status !== 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // A run left RUNNING by a process that died a minute ago.
    const deadRun = await db.prisma.syncRun.create({
      data: {
        userId: dead.userId,
        trigger: 'SCHEDULE',
        status: 'RUNNING',
        requestedTypes: [],
        startedAt: new Date(),
        leaseOwner: 'dead-host:1:00000000',
        leaseExpiresAt: new Date(Date.now() - 60_000),
      },
    });
    // Longer than a lease: only A's heartbeat keeps its run alive.
    await new Promise((r) => setTimeout(r, LEASE_MS * 2));

    // Processes B and C start at the same time and both look for orphaned runs.
    const b = service();
    const c = service();
    await Promise.all([b.ready, c.ready]);

    const liveNow = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: liveRun.id } });
    expect(liveNow.status).toBe('RUNNING');
    expect(liveNow.leaseOwner).toBe(liveRun.leaseOwner);
    expect(liveNow.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());

    const deadNow = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: deadRun.id } });
    expect(deadNow.status).toBe('FAILED');
    expect((deadNow.errors as { code: string }[])[0]!.code).toBe('INTERRUPTED');
    const resumed = await db.prisma.syncRun.findMany({ where: { userId: dead.userId, id: { not: deadRun.id } } });
    expect(resumed).toHaveLength(1); // taken by exactly one live process (A's periodic check, B or C)

    release();
    const finished = await a.waitForRun(liveRun.id);
    expect(finished.status).toBe('SUCCEEDED');
    await Promise.all([a.idle(), b.idle(), c.idle()]);
    const resumedDone = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: resumed[0]!.id } });
    expect(resumedDone.status).toBe('SUCCEEDED');
    // Nobody touched A's run: one run of the live user, finished by A.
    expect(await db.prisma.syncRun.count({ where: { userId: live.userId } })).toBe(1);
  });

  it('a live process recovers a peer that died while it was running (periodic check)', async () => {
    const db = database.db;
    const a = services[1]!;
    await a.ready;
    const user = await db.prisma.user.findFirstOrThrow({ where: { name: 'user 1' } });
    const orphan = await db.prisma.syncRun.create({
      data: { userId: user.id, trigger: 'MANUAL', status: 'QUEUED', requestedTypes: ['sleep'], leaseOwner: 'dead-host:2:00000000', leaseExpiresAt: new Date(Date.now() + LEASE_MS) },
    });
    // Not yet expired: nobody takes it.
    await new Promise((r) => setTimeout(r, LEASE_MS / 3));
    expect((await db.prisma.syncRun.findUniqueOrThrow({ where: { id: orphan.id } })).leaseOwner).toBe('dead-host:2:00000000');
    let run = orphan;
    for (let i = 0; i < 400 && (run.status === 'QUEUED' || run.status === 'RUNNING'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await db.prisma.syncRun.findUniqueOrThrow({ where: { id: orphan.id } });
    }
    if (run.status !== 'SUCCEEDED') console.log(await db.prisma.syncRun.findMany({ select: { id: true, status: true, leaseOwner: true, leaseExpiresAt: true, errors: true } }), new Date());
    expect(run.status).toBe('SUCCEEDED');
    expect(run.leaseOwner).not.toBe('dead-host:2:00000000');
  });
});
