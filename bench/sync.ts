// Sync engine benchmark (npx tsx bench/sync.ts [--users N] [--days D]): AccessLink calls per
// user-day, backfill wall time per user and incremental wall time, against the in-process simulator
// on an in-memory PGlite.
import { parseArgs } from 'node:util';
import { createPubSub } from 'graphql-yoga';
import { pino } from 'pino';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { loadEnv } from '../src/env.js';
import type { PubSubTopics } from '../src/pubsub.js';
import { startSimulator } from '../src/simulator/index.js';
import { createSyncService } from '../src/sync/index.js';

const { values } = parseArgs({ options: { users: { type: 'string', default: '5' }, days: { type: 'string', default: '365' }, concurrency: { type: 'string', default: '4' } } });
const users = Number(values.users);
const days = Number(values.days);

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
console.log(`sync benchmark: ${users} users, ${days} days of history, concurrency ${values.concurrency}`);
console.log(`backfill:    ${backfillCalls} AccessLink calls (${b.callsPerUser.toFixed(1)}/user), wall ${(backfillWall / 1000).toFixed(2)} s for all users; per user mean ${b.meanMs} ms, p50 ${b.p50Ms} ms, max ${b.maxMs} ms`);
console.log(`incremental: ${(incrementalCalls / DAYS_SIMULATED).toFixed(0)} calls per daily pass (${inc.callsPerUser.toFixed(1)}/user/run), per user mean ${inc.meanMs} ms, p50 ${inc.p50Ms} ms, max ${inc.maxMs} ms; pass wall ${(incrementalWall / DAYS_SIMULATED / 1000).toFixed(2)} s`);
console.log(
  `AccessLink calls per user-day: ${perUserDaily.toFixed(1)} with one sync a day; ≈${(inc.callsPerUser * 4).toFixed(0)} with the default hourly schedule (each type re-polled at most every 6 h; webhooks fill the gaps)`,
);
console.log(`first-year cost per user: ${(b.callsPerUser + perUserDaily * 364).toFixed(0)} calls (backfill + daily syncs); Polar's long window grants 100 per user per day`);
await service.close();
await sim.close();
await db.close();
