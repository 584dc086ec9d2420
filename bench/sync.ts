// Sync engine benchmark (npx tsx bench/sync.ts [--users N] [--days D]): AccessLink calls per
// user-day, backfill wall time per user and incremental wall time, against the in-process simulator
// on an in-memory PGlite. bench/run.ts calls runSyncBench() (scenario 4).
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createPubSub } from 'graphql-yoga';
import { pino } from 'pino';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { loadEnv } from '../src/env.js';
import type { PubSubTopics } from '../src/pubsub.js';
import { startSimulator } from '../src/simulator/index.js';
import { createSyncService } from '../src/sync/index.js';

export interface SyncBenchResult {
  users: number;
  days: number;
  concurrency: number;
  backfill: { calls: number; callsPerUser: number; wallMs: number; perUserMeanMs: number; perUserP50Ms: number; perUserMaxMs: number };
  incremental: { callsPerPass: number; callsPerUserRun: number; passWallMs: number; perUserMeanMs: number; perUserP50Ms: number; perUserMaxMs: number };
  callsPerUserDay: number;
  /** AccessLink requests per second the runner issued during the backfill (its consumption rate). */
  backfillCallsPerSec: number;
  firstYearCallsPerUser: number;
}

export async function runSyncBench(options: { users: number; days: number; concurrency: number; log?: (line: string) => void }): Promise<SyncBenchResult> {
  const { users, days } = options;
  const values = { concurrency: String(options.concurrency) };
  const log = options.log ?? (() => {});

  const sim = await startSimulator({ seed: 42, users, days, chrRangeShape: 'spec' });
  const db = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: '', inMemory: true });
  await applyMigrations(db.sql);
  const env = loadEnv({
    POLAR_CLIENT_ID: sim.clientId,
    POLAR_CLIENT_SECRET: sim.clientSecret,
    POLAR_API_BASE_URL: sim.url,
    ENCRYPTION_KEY: 'b'.repeat(64),
    SYNC_INTERVAL_MINUTES: '0',
    SYNC_CONCURRENCY: values.concurrency,
    DATA_DIR: '/tmp/pfs-bench',
  });
  const service = createSyncService({ db, env, pubsub: createPubSub<PubSubTopics>(), logger: pino({ level: 'silent' }), clock: () => sim.clock.now() });
  await service.ready;

  for (let i = 0; i < users; i++) {
    const user = await db.prisma.user.create({ data: { name: `bench ${i}` } });
    const polarUserId = sim.users[i]!.polarUserId;
    const token = sim.issueToken(polarUserId, { register: true, memberId: user.id });
    await db.prisma.polarConnection.create({
      data: { userId: user.id, polarUserId: BigInt(polarUserId), memberId: user.id, encryptedToken: service.cipher.encrypt(token.accessToken, user.id), status: 'ACTIVE' },
    });
  }

  const stats = (runs: { durationMs: number | null; apiCalls: number }[]) => {
    const d = runs.map((r) => r.durationMs ?? 0).sort((a, b) => a - b);
    return { meanMs: Math.round(d.reduce((a, b) => a + b, 0) / d.length), p50Ms: d[Math.floor(d.length / 2)]!, maxMs: d[d.length - 1]!, callsPerUser: runs.reduce((a, r) => a + r.apiCalls, 0) / runs.length };
  };

  sim.resetRequestCounts();
  let t0 = performance.now();
  const backfill = await service.syncAll({ trigger: 'INITIAL' });
  const backfillWall = performance.now() - t0;
  const backfillCalls = sim.requestCounts().total;

  const incrementals: { durationMs: number | null; apiCalls: number }[] = [];
  let incrementalCalls = 0;
  let incrementalWall = 0;
  const DAYS_SIMULATED = 3;
  for (let d = 0; d < DAYS_SIMULATED; d++) {
    await sim.clock.advance(1);
    sim.resetRequestCounts();
    t0 = performance.now();
    incrementals.push(...(await service.syncAll({ trigger: 'SCHEDULE' })));
    incrementalWall += performance.now() - t0;
    incrementalCalls += sim.requestCounts().total;
  }

  const b = stats(backfill);
  const inc = stats(incrementals);
  const perUserDaily = incrementalCalls / users / DAYS_SIMULATED;
  log(`sync benchmark: ${users} users, ${days} days of history, concurrency ${values.concurrency}`);
  log(`backfill:    ${backfillCalls} AccessLink calls (${b.callsPerUser.toFixed(1)}/user), wall ${(backfillWall / 1000).toFixed(2)} s for all users; per user mean ${b.meanMs} ms, p50 ${b.p50Ms} ms, max ${b.maxMs} ms`);
  log(`incremental: ${(incrementalCalls / DAYS_SIMULATED).toFixed(0)} calls per daily pass (${inc.callsPerUser.toFixed(1)}/user/run), per user mean ${inc.meanMs} ms, p50 ${inc.p50Ms} ms, max ${inc.maxMs} ms; pass wall ${(incrementalWall / DAYS_SIMULATED / 1000).toFixed(2)} s`);
  log(
    `AccessLink calls per user-day: ${perUserDaily.toFixed(1)} with one sync a day; ≈${(inc.callsPerUser * 4).toFixed(0)} with the default hourly schedule (each type re-polled at most every 6 h; webhooks fill the gaps)`,
  );
  log(`first-year cost per user: ${(b.callsPerUser + perUserDaily * 364).toFixed(0)} calls (backfill + daily syncs); Polar's long window grants 100 per user per day`);
  await service.close();
  await sim.close();
  await db.close();
  return {
    users,
    days,
    concurrency: options.concurrency,
    backfill: { calls: backfillCalls, callsPerUser: b.callsPerUser, wallMs: backfillWall, perUserMeanMs: b.meanMs, perUserP50Ms: b.p50Ms, perUserMaxMs: b.maxMs },
    incremental: {
      callsPerPass: incrementalCalls / DAYS_SIMULATED,
      callsPerUserRun: inc.callsPerUser,
      passWallMs: incrementalWall / DAYS_SIMULATED,
      perUserMeanMs: inc.meanMs,
      perUserP50Ms: inc.p50Ms,
      perUserMaxMs: inc.maxMs,
    },
    callsPerUserDay: perUserDaily,
    backfillCallsPerSec: backfillCalls / (backfillWall / 1000),
    firstYearCallsPerUser: b.callsPerUser + perUserDaily * 364,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '5' }, days: { type: 'string', default: '365' }, concurrency: { type: 'string', default: '4' } } });
  await runSyncBench({ users: Number(values.users), days: Number(values.days), concurrency: Number(values.concurrency), log: (line) => console.log(line) });
}
