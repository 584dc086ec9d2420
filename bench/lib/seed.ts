// Seeder: N users × D days of simulator data into PostgreSQL or PGlite. Worker threads generate,
// transform and encode users in small groups (jobs); this thread writes each job in one transaction
// with the sync's upsert statements (see seed-rows.ts) — on PostgreSQL over a few connections of its
// own, so generation never waits for the database and both sides keep the CPUs busy.
// `npx tsx bench/seed-only.ts` measures seeding alone.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { SqlRunner } from '../../src/db/sql-runner.js';
import { pgSqlRunner } from '../../src/db/sql-runner.js';
import type { SeedJob, SeedReply, SeedWorkerData } from './seed-worker.js';
import { SEED_BATCH, writeRows, type TypeSet, type UserRows } from './seed-rows.js';

/** A worker running a TypeScript module: tsx's loader is registered inside the worker first. */
export function tsWorker(module: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const code = `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(module.href)}); })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(code, { eval: true, workerData });
}

export interface SeedStats {
  users: number;
  days: number;
  types: TypeSet;
  rows: number;
  rejected: number;
  wallMs: number;
  /** Summed over workers: payload generation + transform. */
  generateCpuMs: number;
  /** Summed: time inside the write transactions. */
  writeMs: number;
  workers: number;
}

/** Creates users `bench user <i>` for i in [start, end) (existing ones are reused) and returns their ids by index. */
export async function ensureUsers(sql: Pick<SqlRunner, 'query'>, start: number, end: number): Promise<Map<number, string>> {
  await sql.query(
    `INSERT INTO "User" ("name") SELECT 'bench user ' || i FROM generate_series($1::int, $2::int) AS i
     WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u."name" = 'bench user ' || i)`,
    [start, end - 1],
  );
  const rows = await sql.query<{ id: string; name: string }>(`SELECT "id", "name" FROM "User" WHERE "name" LIKE 'bench user %'`);
  const ids = new Map<number, string>();
  for (const row of rows) {
    const index = Number(row.name.slice('bench user '.length));
    if (index >= start && index < end) ids.set(index, row.id);
  }
  return ids;
}

export interface SeedOptions {
  sql: SqlRunner;
  /** PostgreSQL: written over connections of the seeder's own (`pgSettings` applied). Null: written through `sql` (PGlite). */
  databaseUrl: string | null;
  seed: number;
  from: string;
  to: string;
  types: TypeSet;
  start: number;
  end: number;
  workers: number;
  onProgress?: (done: number, total: number, rows: number) => void;
  /**
   * Session settings (`name=value`) of the PostgreSQL seeding connections, besides
   * `synchronous_commit=off` (always: a crashed seeding is simply re-run). E.g.
   * `['default_toast_compression=lz4']`: ~10% less PostgreSQL CPU, same content, but not the TOAST
   * compression a default server writes.
   */
  pgSettings?: readonly string[];
}

/** User-days per job (one transaction): about two users × 3 years, fewer for short ranges' sake of balance. */
const JOB_USER_DAYS = 2200;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Concurrent write transactions on PostgreSQL (PGlite: one). */
const PG_WRITERS = 2;

export async function seed(options: SeedOptions): Promise<SeedStats> {
  const started = performance.now();
  const ids = await ensureUsers(options.sql, options.start, options.end);
  const users = [...ids.entries()].sort((a, b) => a[0] - b[0]).map(([userIndex, userId]) => ({ userIndex, userId }));
  const total = users.length;
  const workerCount = Math.max(1, Math.min(options.workers, total));
  // Several users per job (fewer transactions and statements), but enough jobs to keep every worker busy to the end.
  const perJob = Math.max(1, Math.min(Math.floor(JOB_USER_DAYS / Math.max(1, daysBetween(options.from, options.to))), Math.ceil(total / (workerCount * 4))));
  const jobs: SeedJob[] = [];
  for (let i = 0; i < total; i += perJob) jobs.push({ users: users.slice(i, i + perJob) });
  const stats: SeedStats = {
    users: total,
    days: 0,
    types: options.types,
    rows: 0,
    rejected: 0,
    wallMs: 0,
    generateCpuMs: 0,
    writeMs: 0,
    workers: options.workers,
  };
  // Session settings as connection options (`-c name=value`), in force before the first statement.
  const settings = ['synchronous_commit=off', ...(options.pgSettings ?? [])].map((s) => `-c ${s.replace(/\s+/g, '')}`).join(' ');
  const pool = options.databaseUrl && total > 0 ? new pg.Pool({ connectionString: options.databaseUrl, max: PG_WRITERS, options: settings }) : null;
  const writer: Pick<SqlRunner, 'transaction'> = pool ? pgSqlRunner(pool) : options.sql;
  const writeLimit = pool ? PG_WRITERS : 1;
  // PGlite keeps the sync's own statement size; PostgreSQL takes a few users' rows per statement.
  const batch = pool ? SEED_BATCH : {};

  const workerData: SeedWorkerData = { seed: options.seed, from: options.from, to: options.to, types: options.types };
  const workers = Array.from({ length: total === 0 ? 0 : workerCount }, () => tsWorker(new URL('./seed-worker.ts', import.meta.url), workerData));
  let done = 0;
  let failure: Error | null = null;
  /** Generated jobs waiting for a writer, and the number being written. */
  const queue: UserRows[][] = [];
  let writing = 0;
  /** Workers held back while enough generated rows wait (bounded memory). */
  const idle: Worker[] = [];
  const maxWaiting = workerCount + writeLimit;

  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      failure ??= error;
      reject(failure);
    };
    const next = (worker: Worker) => {
      const job = jobs.shift();
      if (job) worker.postMessage(job);
    };
    const pump = () => {
      while (!failure && writing < writeLimit && queue.length > 0) {
        const data = queue.shift()!;
        writing++;
        writeRows(writer, data, batch).then(
          (written) => {
            writing--;
            while (idle.length > 0 && queue.length + writing < maxWaiting) next(idle.shift()!);
            stats.rows += written.rows;
            stats.writeMs += written.writeMs;
            done += data.length;
            options.onProgress?.(done, total, stats.rows);
            if (done === total) resolve();
            pump();
          },
          (error: Error) => fail(new Error(`writing users ${data.map((d) => d.userId).join(', ')} failed: ${error.message}`)),
        );
      }
    };
    for (const worker of workers) {
      worker.on('error', fail);
      worker.on('message', (reply: SeedReply) => {
        if (failure) return;
        if (reply.kind === 'error') return fail(new Error(`seeding user ${reply.userIndex} failed: ${reply.message}`));
        for (const d of reply.data) {
          stats.generateCpuMs += d.generateMs;
          stats.rejected += d.rejected;
        }
        queue.push(reply.data);
        pump();
        if (queue.length + writing < maxWaiting) next(worker);
        else idle.push(worker);
      });
      next(worker);
    }
    if (total === 0) resolve();
  }).finally(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
    await pool?.end();
  });
  stats.wallMs = performance.now() - started;
  return stats;
}

/** Rows and bytes per table (pg_total_relation_size: heap + TOAST + indexes) and the database size. */
export async function pgSizes(sql: Pick<SqlRunner, 'query'>): Promise<{ databaseBytes: number; tables: { table: string; rows: number; bytes: number }[] }> {
  const tables = await sql.query<{ table: string; bytes: string }>(
    `SELECT c.relname AS "table", pg_total_relation_size(c.oid)::bigint::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
      ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  const out: { table: string; rows: number; bytes: number }[] = [];
  for (const t of tables) {
    const [count] = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${t.table}"`);
    const rows = Number(count?.n ?? 0);
    if (rows > 0) out.push({ table: t.table, rows, bytes: Number(t.bytes) });
  }
  const [db] = await sql.query<{ bytes: string }>(`SELECT pg_database_size(current_database())::bigint::text AS bytes`);
  return { databaseBytes: Number(db?.bytes ?? 0), tables: out };
}

export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
