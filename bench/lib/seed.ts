// Seeder: N users × D days of simulator data into PostgreSQL or PGlite, generated in worker threads
// and written with the sync's transforms + bulkUpsert (see seed-rows.ts).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SqlRunner } from '../../src/db/sql-runner.js';
import type { SeedJob, SeedReply, SeedWorkerData } from './seed-worker.js';
import { writeUserRows, type TypeSet } from './seed-rows.js';

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
  /** PostgreSQL: workers write themselves. Null: rows come back and are written here (PGlite). */
  databaseUrl: string | null;
  seed: number;
  from: string;
  to: string;
  types: TypeSet;
  start: number;
  end: number;
  workers: number;
  onProgress?: (done: number, total: number, rows: number) => void;
}

export async function seed(options: SeedOptions): Promise<SeedStats> {
  const started = performance.now();
  const ids = await ensureUsers(options.sql, options.start, options.end);
  const jobs: SeedJob[] = [...ids.entries()].sort((a, b) => a[0] - b[0]).map(([userIndex, userId]) => ({ userIndex, userId }));
  const total = jobs.length;
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
  const workerData: SeedWorkerData = { seed: options.seed, from: options.from, to: options.to, types: options.types, databaseUrl: options.databaseUrl };
  const workers = Array.from({ length: Math.max(1, Math.min(options.workers, total)) }, () => tsWorker(new URL('./seed-worker.ts', import.meta.url), workerData));
  let done = 0;
  /** Writes in this thread (PGlite) run one after another. */
  let writeChain: Promise<void> = Promise.resolve();
  let pendingWrites = 0;
  let failure: Error | null = null;
  const idle: Worker[] = [];

  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      failure ??= error;
      reject(failure);
    };
    const finishOne = () => {
      done++;
      options.onProgress?.(done, total, stats.rows);
      if (done === total) resolve();
    };
    const next = (worker: Worker) => {
      const job = jobs.shift();
      if (job) worker.postMessage(job);
    };
    for (const worker of workers) {
      worker.on('error', fail);
      worker.on('message', (reply: SeedReply) => {
        if (failure) return;
        if (reply.kind === 'error') return fail(new Error(`seeding user ${reply.userIndex} failed: ${reply.message}`));
        if (reply.kind === 'written') {
          stats.rows += reply.rows;
          stats.rejected += reply.rejected;
          stats.generateCpuMs += reply.generateMs;
          stats.writeMs += reply.writeMs;
          next(worker);
          finishOne();
          return;
        }
        stats.generateCpuMs += reply.data.generateMs;
        stats.rejected += reply.data.rejected;
        const userId = ids.get(reply.userIndex)!;
        pendingWrites++;
        writeChain = writeChain.then(async () => {
          if (failure) return;
          try {
            const written = await writeUserRows(options.sql, userId, reply.data);
            stats.rows += written.rows;
            stats.writeMs += written.writeMs;
          } catch (error) {
            fail(error as Error);
            return;
          }
          pendingWrites--;
          finishOne();
          const waiting = idle.shift();
          if (waiting) next(waiting);
        });
        // Keep the worker busy unless writes fall behind (bounded memory).
        if (pendingWrites <= workers.length) next(worker);
        else idle.push(worker);
      });
      next(worker);
    }
    if (total === 0) resolve();
  }).finally(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
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
