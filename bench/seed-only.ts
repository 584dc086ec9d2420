// Seeding alone, for measuring the seeder without the whole suite:
//   npx tsx bench/seed-only.ts --users 50 --years 3 [--workers 2] [--types analytics|all] [--db pfs_seed_only]
//   npx tsx bench/seed-only.ts --pglite --users 5 --years 1
//   npx tsx bench/seed-only.ts --users 50 --years 3 --pg-setting default_toast_compression=lz4
// Recreates the database (PostgreSQL: DROP/CREATE + migrations; PGlite: a fresh temporary folder),
// seeds users 0…N-1 exactly as `npm run bench` does, and prints rows, wall, rows/s, user-years/min
// and where the CPU went: this process (main + workers, process.cpuUsage) and the PostgreSQL
// backends serving the seeding connections (/proc/<pid>/stat of the backends of this database,
// sampled while they live), with the load average at start and end.
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { seed } from './lib/seed.js';
import type { TypeSet } from './lib/seed-rows.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    start: { type: 'string', default: '0' },
    years: { type: 'string' },
    days: { type: 'string' },
    workers: { type: 'string', default: '2' },
    types: { type: 'string', default: 'analytics' },
    seed: { type: 'string', default: '1' },
    'end-date': { type: 'string', default: '2025-11-12' },
    db: { type: 'string', default: 'pfs_seed_only' },
    keep: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    /** Extra session setting of the seeding connections, repeatable: --pg-setting default_toast_compression=lz4 */
    'pg-setting': { type: 'string', multiple: true },
    'pg-url': { type: 'string', default: process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432' },
  },
  allowPositionals: false,
});

const users = Number(args.users);
const start = Number(args.start);
const days = args.days ? Number(args.days) : Math.round(Number(args.years ?? 3) * 365);
const workers = Number(args.workers);
const types = args.types as TypeSet;
const pgUrl = args['pg-url'].replace(/\/+$/, '');
const to = args['end-date'];
const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const TICK_MS = 1000 / 100; // USER_HZ

/** utime + stime of a process in ms, or null when it is gone / unreadable. */
function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const userYears = (users * days) / 365;
  console.log(`seed-only: ${users} users × ${days} days (${from} … ${to}) = ${userYears.toFixed(1)} user-years, types ${types}, ${workers} workers, ${args.pglite ? 'PGlite' : `PostgreSQL ${args.db}`}${args['pg-setting']?.length ? ` (${args['pg-setting'].join(', ')})` : ''}; load average ${load()}`);
  let databaseUrl: string | null = null;
  let dir: string | null = null;
  if (args.pglite) {
    dir = join(os.tmpdir(), `pfs-seed-only-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
  } else {
    if (!/^pfs_seed_[a-z0-9_]+$/.test(args.db) && args.db !== 'pfs_seed_only') throw new Error('--db must be named pfs_seed_*');
    const admin = new pg.Client({ connectionString: `${pgUrl}/postgres` });
    await admin.connect();
    if (start === 0) {
      await admin.query(`DROP DATABASE IF EXISTS ${args.db} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${args.db}`);
    }
    await admin.end();
    databaseUrl = `${pgUrl}/${args.db}`;
  }
  const db = await openDatabase({ DATABASE_URL: databaseUrl ?? undefined, DATA_DIR: dir ?? '' } as never);
  await applyMigrations(db.sql);

  // PostgreSQL backend CPU: sample the backends of this database (other than the main connection's) while seeding.
  const backendCpu = new Map<number, { first: number; last: number }>();
  let sampler: NodeJS.Timeout | null = null;
  let monitor: pg.Client | null = null;
  if (databaseUrl) {
    monitor = new pg.Client({ connectionString: `${pgUrl}/postgres` });
    await monitor.connect();
    const sample = async () => {
      const rows = (await monitor!.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [args.db])).rows;
      for (const { pid } of rows) {
        const ms = procCpuMs(pid);
        if (ms === null) continue;
        const seen = backendCpu.get(pid);
        if (seen) seen.last = ms;
        else backendCpu.set(pid, { first: ms, last: ms });
      }
    };
    await sample();
    sampler = setInterval(() => void sample().catch(() => {}), 100);
  }

  const cpu0 = process.cpuUsage();
  const pgSettings = args['pg-setting'] ?? [];
  const stats = await seed({ sql: db.sql, databaseUrl, seed: Number(args.seed), from, to, types, workers, start, end: start + users, pgSettings });
  const cpu = process.cpuUsage(cpu0);
  if (sampler) clearInterval(sampler);
  await monitor?.end();
  await db.close();
  if (dir && !args.keep) rmSync(dir, { recursive: true, force: true });

  const nodeCpuMs = (cpu.user + cpu.system) / 1000;
  const pgCpuMs = [...backendCpu.values()].reduce((a, b) => a + (b.last - b.first), 0);
  const wallS = stats.wallMs / 1000;
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);
  line('rows', `${stats.rows} (rejected ${stats.rejected})`);
  line('wall', `${wallS.toFixed(2)} s`);
  line('rows/s', `${Math.round(stats.rows / wallS)}`);
  line('user-years/min', `${(userYears / (wallS / 60)).toFixed(1)} (${(userYears / wallS).toFixed(2)}/s)`);
  line('node CPU (main + workers)', `${(nodeCpuMs / 1000).toFixed(2)} s = ${Math.round(nodeCpuMs / userYears)} ms/user-year (user ${Math.round(cpu.user / 1000)} ms, sys ${Math.round(cpu.system / 1000)} ms)`);
  line('  generate + transform (summed)', `${Math.round(stats.generateCpuMs / userYears)} ms/user-year`);
  line('  inside write transactions (summed)', `${Math.round(stats.writeMs / userYears)} ms/user-year (wall, incl. waiting on PostgreSQL)`);
  if (databaseUrl) line('PostgreSQL backend CPU (sampled)', `${(pgCpuMs / 1000).toFixed(2)} s = ${Math.round(pgCpuMs / userYears)} ms/user-year over ${backendCpu.size} backends`);
  line('total CPU per user-year', `${Math.round((nodeCpuMs + pgCpuMs) / userYears)} ms`);
  line('rows per CPU-second (node + pg)', `${Math.round(stats.rows / ((nodeCpuMs + pgCpuMs) / 1000))}`);
  line('projected 1,000 × 3 years wall', `${((3000 / (userYears / wallS)) / 60).toFixed(1)} min`);
  line('load average at end', load());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
