// Interleaved A/B of built server checkouts on scenario 2's query (`days` over 365 days, without and
// with analytics): one server process per checkout and query, rounds run A B A B …, so a slow moment
// of this shared machine hits every target alike. Per target: requests/s, the server's CPU per
// request (/proc, every thread of the process), page faults per request and peak RSS; per checkout:
// the with/without throughput ratio of every round.
//
//   npx tsx bench/compare.ts --checkout /work/main --checkout /work/other [--flags "--max-semi-space-size=48"]
//   npx tsx bench/compare.ts --checkout .@--max-semi-space-size=48 --checkout . --queries analytics
//
// A checkout is a built tree (`npm run build`) with node_modules; `dir@node flags` adds flags after
// the ones of its package.json `start` script (later V8 flags win). The database is one seeded by
// `bench/seed-only.ts --keep` (default pfs_seed_dev: `npx tsx bench/seed-only.ts --users 20 --years 3
// --db pfs_seed_dev --keep`); a fresh API key of bench user 0 is created for the run.
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../src/auth/api-keys.js';
import { openDatabase } from '../src/db/client.js';
import { startBuiltServer, type RunningChild } from './lib/servers.js';
import { loadOnce } from './lib/load.js';
import { analyticsFieldsOf, daysQuery, INTROSPECTION } from './lib/queries.js';
import { median } from './lib/stats.js';

const { values: args } = parseArgs({
  options: {
    checkout: { type: 'string', multiple: true, default: ['.'] },
    db: { type: 'string', default: 'pfs_seed_dev' },
    'pg-url': { type: 'string', default: process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    queries: { type: 'string', default: 'plain,analytics' },
    'end-date': { type: 'string', default: '2025-11-12' },
  },
  allowPositionals: false,
});

const QUERY_NAMES = ['plain', 'analytics'] as const;
type QueryName = (typeof QUERY_NAMES)[number];
const queries = args.queries.split(',') as QueryName[];
for (const q of queries) if (!QUERY_NAMES.includes(q)) throw new Error(`--queries: unknown query "${q}" (plain, analytics)`);
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const databaseUrl = `${args['pg-url'].replace(/\/+$/, '')}/${args.db}`;
const to = args['end-date'];
const from = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);

interface Checkout {
  label: string;
  dir: string;
  flags: string[];
}

const checkouts: Checkout[] = args.checkout.map((spec) => {
  const at = spec.indexOf('@');
  const dir = resolve(at < 0 ? spec : spec.slice(0, at));
  const flags = at < 0 ? [] : spec.slice(at + 1).split(/\s+/).filter(Boolean);
  return { label: [dir, ...flags].join(' '), dir, flags };
});

async function startServer(checkout: Checkout, label: string): Promise<RunningChild & { dataDir: string }> {
  const dataDir = join(os.tmpdir(), `pfs-compare-${process.pid}-${label.replace(/\W+/g, '-')}`);
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'warn' };
  const server = await startBuiltServer(label, env, 60_000, { root: checkout.dir, extraNodeFlags: checkout.flags });
  return { ...server, dataDir };
}

/** [CPU ms (user + system, all threads), major + minor page faults] of a process. */
function procCounters(pid: number): [number, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [(Number(fields[11]) + Number(fields[12])) * 10, Number(fields[7]) + Number(fields[9])];
}

const db = await openDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: '' });
const user = (await db.sql.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "name" = 'bench user 0'`))[0];
if (!user) throw new Error(`${args.db} has no bench user 0: seed it with bench/seed-only.ts --keep`);
const key = await createApiKey(db.prisma, { userId: user.id, name: 'bench compare' });
await db.close();
const headers = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };

interface Target {
  checkout: Checkout;
  query: QueryName;
  server: RunningChild & { dataDir: string };
  body: string;
  rps: number[];
  cpuMs: number[];
  faults: number[];
  rssMiB: number[];
}

const targets: Target[] = [];
/** The first checkout's response per query: every other checkout's must be the same bytes. */
const firstResponses = new Map<QueryName, string>();
try {
  let selection: string | null = null;
  for (const checkout of checkouts) {
    for (const query of queries) {
      const server = await startServer(checkout, `${checkout.label} ${query}`);
      targets.push({ checkout, query, server, body: '', rps: [], cpuMs: [], faults: [], rssMiB: [] });
      if (query === 'analytics' && selection === null) {
        const intro = (await (await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: INTROSPECTION }) })).json()) as { data: never };
        selection = analyticsFieldsOf(intro.data).selection;
      }
      const body = JSON.stringify({ query: daysQuery(from, to, query === 'analytics' ? (selection ?? '') : '') });
      const text = await (await fetch(`${server.url}/graphql`, { method: 'POST', headers, body })).text();
      if (text.includes('"errors"')) throw new Error(`${checkout.label} ${query}: ${text.slice(0, 300)}`);
      for (let i = 0; i < 20; i++) await (await fetch(`${server.url}/graphql`, { method: 'POST', headers, body })).arrayBuffer();
      targets.at(-1)!.body = body;
      const first = firstResponses.get(query);
      if (first === undefined) firstResponses.set(query, text);
      const same = first === undefined ? '' : first === text ? ', the same bytes as the first checkout' : ', DIFFERENT from the first checkout';
      console.log(`${checkout.label} ${query}: ${Buffer.byteLength(text)} bytes per response${same}`);
    }
  }
  const fixed = (n: number, digits = 2) => n.toFixed(digits);
  for (let round = 1; round <= rounds; round++) {
    for (const t of targets) {
      const [cpu0, faults0] = procCounters(t.server.pid);
      const run = await loadOnce({ name: t.query, url: `${t.server.url}/graphql`, pid: t.server.pid, method: 'POST', headers, body: t.body, serverErrors: t.server.errorLines }, { seconds, connections });
      const [cpu1, faults1] = procCounters(t.server.pid);
      t.rps.push(run.requestsPerSec);
      t.cpuMs.push((cpu1 - cpu0) / run.requests);
      t.faults.push((faults1 - faults0) / run.requests);
      t.rssMiB.push(run.peakRssMiB);
      if (run.errors > 0) console.log(`  ${run.errors} errors`);
      console.log(`round ${round} ${t.checkout.label} ${t.query}: ${run.requestsPerSec} req/s, CPU ${fixed(t.cpuMs.at(-1)!)} ms/request, ${fixed(t.faults.at(-1)!, 0)} faults/request, peak RSS ${run.peakRssMiB} MiB`);
    }
  }
  console.log(`\nmedians of ${rounds} rounds × ${seconds} s at ${connections} connections`);
  for (const t of targets) {
    console.log(`${t.checkout.label} ${t.query}: ${fixed(median(t.rps), 1)} req/s, CPU ${fixed(median(t.cpuMs))} ms/request, ${fixed(median(t.faults), 0)} faults/request, peak RSS ${Math.max(...t.rssMiB)} MiB`);
  }
  for (const checkout of checkouts) {
    const plain = targets.find((t) => t.checkout === checkout && t.query === 'plain');
    const withAnalytics = targets.find((t) => t.checkout === checkout && t.query === 'analytics');
    if (!plain || !withAnalytics) continue;
    const ratios = plain.rps.map((rps, i) => rps / withAnalytics.rps[i]!);
    console.log(
      `${checkout.label}: with analytics / without ${fixed(median(ratios))}× (rounds ${ratios.map((r) => fixed(r)).join(', ')}), CPU per request ${fixed(median(withAnalytics.cpuMs) / median(plain.cpuMs))}×`,
    );
  }
} finally {
  for (const t of targets) {
    await t.server.stop();
    rmSync(t.server.dataDir, { recursive: true, force: true });
  }
}
