// Sync engine benchmarks.
//
// runSyncBench (npx tsx bench/sync.ts [--users N] [--days D]): AccessLink calls per user-day,
// backfill wall time per user and incremental wall time, against the in-process simulator on an
// in-memory PGlite. bench/run.ts calls it (scenario 4).
//
// runSyncScaleBench (npx tsx bench/sync.ts --scale [--quick]): (a) initial backfill of 100 users on
// PostgreSQL, (b) one incremental pass over 1,000 users with the simulator's real rate limits. The
// simulator runs in a child process (this file with --simulator-child) so it does not share the
// sync engine's core; see the function's comment for the set-up of each part.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createPubSub } from 'graphql-yoga';
import { pino } from 'pino';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { loadEnv } from '../src/env.js';
import type { PubSubTopics } from '../src/pubsub.js';
import { startSimulator } from '../src/simulator/index.js';
import { createSyncService, SYNC_DATA_TYPES, POLL_CLASS, DEFAULT_CADENCE, type SyncEngineService } from '../src/sync/index.js';
import type { Database } from '../src/db/client.js';
import type { SimulatorOptions } from '../src/simulator/index.js';
import pg from 'pg';

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

export async function runSyncBench(options: {
  users: number;
  days: number;
  concurrency: number;
  /** Simulated days of daily scheduled syncs after the backfill. Default 6: one full poll cadence (slow types every 3rd day, sparse every 6th), so the average is the steady-state cost. */
  incrementalDays?: number;
  log?: (line: string) => void;
}): Promise<SyncBenchResult> {
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
  const DAYS_SIMULATED = options.incrementalDays ?? DEFAULT_CADENCE.sparseDays;
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
    `AccessLink calls per user-day: ${perUserDaily.toFixed(1)} with one sync a day over ${DAYS_SIMULATED} days (daily types every day, slow ones every ${DEFAULT_CADENCE.slowDays}rd, sparse ones every ${DEFAULT_CADENCE.sparseDays}th; webhooks fetch at once)`,
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

// ---- scale benchmark ------------------------------------------------------------------------------

export interface SyncScaleBenchOptions {
  /** Users of the initial backfill (part a). Default 100 (4 with quick). */
  backfillUsers?: number;
  /** Days of simulated history for the backfill. Default 365 (60 with quick). */
  backfillDays?: number;
  /** Users of the incremental pass (part b). Default 1000 (20 with quick). */
  incrementalUsers?: number;
  /** SYNC_CONCURRENCY of the sync service. Default 32. */
  concurrency?: number;
  /** PostgreSQL server (any database on it); the bench creates and drops pfs_sync_bench_a_<pid> / _b_<pid> (one pair per process: several benches may share the server). Default postgres://postgres@127.0.0.1:5432/postgres. */
  postgresUrl?: string;
  /** Few users, seconds: for CI smoke runs. */
  quick?: boolean;
  /** Skip a part. */
  parts?: ('backfill' | 'incremental')[];
  /** Extra node flags for the simulator child (e.g. --cpu-prof --cpu-prof-dir=DIR). */
  simulatorNodeArgs?: string[];
  log?: (line: string) => void;
}

export interface SyncScaleBenchResult {
  backfill: {
    users: number;
    historyDays: number;
    concurrency: number;
    /** The simulator's rate limits were raised for this part (500 + 20·N per 15 min would not allow ~40 calls × N at once). */
    rateLimits: 'raised';
    wallMs: number;
    calls: number;
    callsPerSec: number;
    callsPerUser: number;
    rowsStored: number;
    statuses: Record<string, number>;
    /** CPU time of the sync process / the simulator child during the backfill. */
    syncCpuMs: number;
    simulatorCpuMs: number;
    loadAvg: [number, number, number];
    /** Wall time of the untimed set-up (simulator start, database, users, watermarks, clock). */
    setupMs: number;
    simulatorPeakRssMb: number;
  } | null;
  incremental: {
    users: number;
    concurrency: number;
    rateLimits: 'real (500 + 20·N per 15 min, 5000 + 100·N per 24 h)';
    /** How the users were brought to "synced up to yesterday". */
    setup: string;
    wallMs: number;
    calls: number;
    callsPerUser: number;
    status429: number;
    budgetWaits: number;
    rowsStored: number;
    statuses: Record<string, number>;
    syncCpuMs: number;
    simulatorCpuMs: number;
    loadAvg: [number, number, number];
    /** Wall time of the untimed set-up (simulator start, database, users, watermarks, clock). */
    setupMs: number;
    simulatorPeakRssMb: number;
  } | null;
}

interface SimChild {
  url: string;
  clientId: string;
  clientSecret: string;
  users: number[];
  proc: ChildProcess;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Simulated now − real now (ms). */
  offset(): Promise<number>;
  cpuMs(): number;
  /** Peak resident set size of the child (MB). */
  peakRssMb(): number;
  close(): Promise<void>;
}

async function startSimulatorChild(options: SimulatorOptions, nodeArgs: string[] = []): Promise<SimChild> {
  const proc = spawn(process.execPath, ['--max-old-space-size=12288', '--max-semi-space-size=64', ...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), '--simulator-child'], {
    env: { ...process.env, PFS_BENCH_SIM_OPTIONS: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<{ url: string; clientId: string; clientSecret: string; users: number[] }>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('SIMULATOR '));
      if (line) resolve(JSON.parse(line.slice('SIMULATOR '.length)) as { url: string; clientId: string; clientSecret: string; users: number[] });
    });
    proc.once('exit', (code) => reject(new Error(`simulator child exited (${code})`)));
  });
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${info.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }) });
    if (!res.ok) throw new Error(`simulator admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? null : await res.json()) as T;
  };
  return {
    ...info,
    proc,
    admin,
    async offset() {
      const before = Date.now();
      const clock = await admin<{ now: string }>('GET', '/__admin/clock');
      return Date.parse(clock.now) - Math.round((before + Date.now()) / 2);
    },
    cpuMs() {
      try {
        const fields = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ 100)
      } catch {
        return NaN;
      }
    },
    peakRssMb() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : NaN;
      } catch {
        return NaN;
      }
    },
    async close() {
      proc.stdin!.end();
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) resolve();
        else proc.once('exit', () => resolve());
        setTimeout(() => proc.kill('SIGTERM'), 5_000).unref();
      });
    },
  };
}

async function freshPostgres(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function connectUsers(db: Database, service: SyncEngineService, sim: SimChild, count: number): Promise<string[]> {
  const users = await db.prisma.user.createManyAndReturn({ data: Array.from({ length: count }, (_, i) => ({ name: `bench ${i}` })), select: { id: true } });
  const tokens = await sim.admin<{ accessToken: string; polarUserId: number }[]>('POST', '/__admin/tokens', {
    register: true,
    users: users.map((u, i) => ({ id: sim.users[i], memberId: u.id })),
  });
  await db.prisma.polarConnection.createMany({
    data: users.map((u, i) => ({
      userId: u.id,
      polarUserId: BigInt(tokens[i]!.polarUserId),
      memberId: u.id,
      encryptedToken: service.cipher.encrypt(tokens[i]!.accessToken, u.id),
      status: 'ACTIVE' as const,
    })),
  });
  return users.map((u) => u.id);
}

function storedRows(runs: { counts: unknown }[]): number {
  let n = 0;
  for (const run of runs) for (const c of Object.values(run.counts as Record<string, { stored?: number }>)) n += c.stored ?? 0;
  return n;
}

function statusCounts(runs: { status: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of runs) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

function load(): [number, number, number] {
  return loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];
}

/**
 * (a) Initial backfill of `backfillUsers` users (all types, `backfillDays` of history) on a fresh
 * PostgreSQL database, simulator rate limits raised (reported as such). Wall time of syncAll.
 *
 * (b) One incremental pass over `incrementalUsers` users with one new day each, with the
 * simulator's real rate limits. Set-up (not timed): users connected with simulator-issued tokens
 * (encrypted as the server does), exercises listed only after registration (the spec's wording),
 * and every type's watermark written as a finished sync would leave it: last date = day of the last
 * poll, last success = that day, data seen. The last polls are staggered over the cadence, as in
 * steady state (a third of the users are due for the slow types, a sixth for the sparse ones), so
 * calls/user is the steady-state average. The store starts empty, so the pass inserts the overlap
 * windows instead of finding them unchanged: more database work than a real steady state. Then the
 * clock advances one day and one scheduled pass over all users is timed.
 */
export async function runSyncScaleBench(options: SyncScaleBenchOptions = {}): Promise<SyncScaleBenchResult> {
  const quick = options.quick ?? false;
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 32;
  const adminUrl = options.postgresUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const parts = new Set(options.parts ?? ['backfill', 'incremental']);
  const result: SyncScaleBenchResult = { backfill: null, incremental: null };
  const logger = pino({ level: 'silent' });

  const open = async (name: string, sim: SimChild, offset: { ms: number }) => {
    const pgdb = await freshPostgres(adminUrl, name);
    const db = await openDatabase({ DATABASE_URL: pgdb.url, DATA_DIR: '', SYNC_CONCURRENCY: concurrency });
    await applyMigrations(db.sql);
    const env = loadEnv({
      DATABASE_URL: pgdb.url,
      POLAR_CLIENT_ID: sim.clientId,
      POLAR_CLIENT_SECRET: sim.clientSecret,
      POLAR_API_BASE_URL: sim.url,
      ENCRYPTION_KEY: 'b'.repeat(64),
      SYNC_INTERVAL_MINUTES: '0',
      SYNC_CONCURRENCY: String(concurrency),
      DATA_DIR: '/tmp/pfs-bench',
    });
    const service = createSyncService({ db, env, pubsub: createPubSub<PubSubTopics>(), logger, clock: () => Date.now() + offset.ms });
    await service.ready;
    return { db, service, pgdb };
  };

  if (parts.has('backfill')) {
    const users = options.backfillUsers ?? (quick ? 4 : 100);
    const days = options.backfillDays ?? (quick ? 60 : 365);
    const setup0 = performance.now();
    const sim = await startSimulatorChild({ seed: 42, users, days, chrRangeShape: 'spec', rateLimits: { shortBase: 1e9, longBase: 1e9 } }, options.simulatorNodeArgs);
    const offset = { ms: await sim.offset() };
    const { db, service, pgdb } = await open(`pfs_sync_bench_a_${process.pid}`, sim, offset);
    try {
      await connectUsers(db, service, sim, users);
      await sim.admin('POST', '/__admin/requests/reset');
      const setupMs = Math.round(performance.now() - setup0);
      const cpu0 = process.cpuUsage();
      const simCpu0 = sim.cpuMs();
      const t0 = performance.now();
      const runs = await service.syncAll({ trigger: 'INITIAL' });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const counts = await sim.admin<{ total: number }>('GET', '/__admin/requests');
      result.backfill = {
        users,
        historyDays: days,
        concurrency,
        rateLimits: 'raised',
        wallMs: Math.round(wallMs),
        calls: counts.total,
        callsPerSec: Math.round((counts.total / (wallMs / 1000)) * 10) / 10,
        callsPerUser: counts.total / users,
        rowsStored: storedRows(runs),
        statuses: statusCounts(runs),
        syncCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        simulatorCpuMs: Math.round(sim.cpuMs() - simCpu0),
        loadAvg: load(),
        setupMs,
        simulatorPeakRssMb: sim.peakRssMb(),
      };
      const b = result.backfill;
      log(`backfill: ${users} users × ${days} days on PostgreSQL, concurrency ${concurrency}, simulator rate limits raised`);
      log(`  wall ${(b.wallMs / 1000).toFixed(1)} s, ${b.calls} calls (${b.callsPerUser.toFixed(1)}/user, ${b.callsPerSec}/s), ${b.rowsStored} rows stored, runs ${JSON.stringify(b.statuses)}`);
      log(`  CPU: sync ${(b.syncCpuMs / 1000).toFixed(1)} s, simulator ${(b.simulatorCpuMs / 1000).toFixed(1)} s (per call ${(b.syncCpuMs / b.calls).toFixed(2)} / ${(b.simulatorCpuMs / b.calls).toFixed(2)} ms); load average ${b.loadAvg.join(' ')}`);
      log(`  set-up ${(b.setupMs / 1000).toFixed(1)} s, simulator peak RSS ${b.simulatorPeakRssMb} MB`);
    } finally {
      await service.close();
      await db.close();
      await sim.close();
      await pgdb.drop();
    }
  }

  if (parts.has('incremental')) {
    const users = options.incrementalUsers ?? (quick ? 20 : 1000);
    const setup0 = performance.now();
    const phases: string[] = [];
    let phase0 = setup0;
    const phase = (name: string) => {
      const t = performance.now();
      phases.push(`${name} ${((t - phase0) / 1000).toFixed(1)} s`);
      phase0 = t;
    };
    const sim = await startSimulatorChild({ seed: 43, users, days: 30, chrRangeShape: 'spec', exercisesAfterRegistrationOnly: true }, options.simulatorNodeArgs);
    const offset = { ms: await sim.offset() };
    phase('simulator');
    const { db, service, pgdb } = await open(`pfs_sync_bench_b_${process.pid}`, sim, offset);
    phase('database');
    try {
      const ids = await connectUsers(db, service, sim, users);
      phase('users');
      const nowMs = Date.now() + offset.ms;
      const today = new Date(nowMs).toISOString().slice(0, 10);
      // Watermarks as a finished daily sync leaves them, last polls staggered over the cadence.
      const rows: unknown[][] = [];
      ids.forEach((userId, i) => {
        for (const type of SYNC_DATA_TYPES) {
          const cls = POLL_CLASS[type];
          const ago = cls === 'slow' ? i % DEFAULT_CADENCE.slowDays : cls === 'sparse' ? i % DEFAULT_CADENCE.sparseDays : 0;
          const at = new Date(nowMs - ago * 86_400_000);
          rows.push([userId, type, at.toISOString().slice(0, 10), at.toISOString()]);
        }
      });
      await db.sql.query(
        `INSERT INTO "SyncWatermark" ("userId", "dataType", "lastDate", "lastSyncedAt", "lastSuccessAt", "lastDataAt")
         SELECT u, t, d::date, a::timestamptz, a::timestamptz, a::timestamptz
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(u, t, d, a)`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
      );
      phase('watermarks');
      await sim.admin('POST', '/__admin/clock', { advanceDays: 1 });
      phase('clock');
      offset.ms = await sim.offset();
      await sim.admin('POST', '/__admin/requests/reset');
      await sim.admin('POST', '/__admin/rate-limit/reset');
      const setupMs = Math.round(performance.now() - setup0);
      const cpu0 = process.cpuUsage();
      const simCpu0 = sim.cpuMs();
      const waits0 = service.budget.waits;
      const t0 = performance.now();
      const runs = await service.syncAll({ trigger: 'SCHEDULE' });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const counts = await sim.admin<{ total: number; byStatus: Record<string, number> }>('GET', '/__admin/requests');
      result.incremental = {
        users,
        concurrency,
        rateLimits: 'real (500 + 20·N per 15 min, 5000 + 100·N per 24 h)',
        setup: `users connected with simulator tokens; watermarks written as after a daily sync on ${today} (slow/sparse polls staggered over their cadence); exercises listed after registration only; empty store; clock advanced one day; rate-limit windows reset before the timed pass`,
        wallMs: Math.round(wallMs),
        calls: counts.total,
        callsPerUser: counts.total / users,
        status429: counts.byStatus['429'] ?? 0,
        budgetWaits: service.budget.waits - waits0,
        rowsStored: storedRows(runs),
        statuses: statusCounts(runs),
        syncCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        simulatorCpuMs: Math.round(sim.cpuMs() - simCpu0),
        loadAvg: load(),
        setupMs,
        simulatorPeakRssMb: sim.peakRssMb(),
      };
      const r = result.incremental;
      log(`incremental: ${users} users, one new day each, concurrency ${concurrency}, real rate limits`);
      log(`  wall ${(r.wallMs / 1000).toFixed(1)} s, ${r.calls} calls (${r.callsPerUser.toFixed(2)}/user), 429s ${r.status429}, budget waits ${r.budgetWaits}, ${r.rowsStored} rows stored, runs ${JSON.stringify(r.statuses)}`);
      log(`  CPU: sync ${(r.syncCpuMs / 1000).toFixed(1)} s, simulator ${(r.simulatorCpuMs / 1000).toFixed(1)} s (per call ${(r.syncCpuMs / r.calls).toFixed(2)} / ${(r.simulatorCpuMs / r.calls).toFixed(2)} ms); load average ${r.loadAvg.join(' ')}`);
      log(`  set-up ${(r.setupMs / 1000).toFixed(1)} s (${phases.join(', ')}), simulator peak RSS ${r.simulatorPeakRssMb} MB`);
    } finally {
      await service.close();
      await db.close();
      await sim.close();
      await pgdb.drop();
    }
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--simulator-child')) {
    const sim = await startSimulator(JSON.parse(process.env['PFS_BENCH_SIM_OPTIONS'] ?? '{}') as SimulatorOptions);
    process.stdout.write(`SIMULATOR ${JSON.stringify({ url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, users: sim.users.map((u) => u.polarUserId) })}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
  } else {
    const { values } = parseArgs({
      options: {
        users: { type: 'string', default: '5' },
        days: { type: 'string', default: '365' },
        concurrency: { type: 'string' },
        scale: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        'backfill-users': { type: 'string' },
        'incremental-users': { type: 'string' },
        part: { type: 'string', multiple: true },
        'sim-node-arg': { type: 'string', multiple: true },
      },
    });
    if (values.scale) {
      const result = await runSyncScaleBench({
        quick: values.quick,
        ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
        ...(values['backfill-users'] ? { backfillUsers: Number(values['backfill-users']) } : {}),
        ...(values['incremental-users'] ? { incrementalUsers: Number(values['incremental-users']) } : {}),
        ...(values.part ? { parts: values.part as ('backfill' | 'incremental')[] } : {}),
        ...(values['sim-node-arg'] ? { simulatorNodeArgs: values['sim-node-arg'] } : {}),
        log: (line) => console.log(line),
      });
      console.log(JSON.stringify(result, null, 2));
    } else {
      await runSyncBench({ users: Number(values.users), days: Number(values.days), concurrency: Number(values.concurrency ?? 4), log: (line) => console.log(line) });
    }
  }
}
