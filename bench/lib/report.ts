// Renders bench/results/latest.json as BENCHMARKS.md (rewritten by every full `npm run bench`).
import type { LoadSummary } from './load.js';

interface TableSize {
  table: string;
  rows: number;
  bytes: number;
}
interface Results {
  startedAt: string;
  finishedAt: string;
  totalMs: number;
  mode: 'full' | 'quick';
  command: string;
  options: { users: number; days: number; runs: number; seconds: number; warmupSeconds: number; connections: number; workers: number; pgliteUsers: number; fullUsers: number };
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; postgres: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  phases: { name: string; ms: number; loadAvg: number }[];
  skipped: string[];
  postgraphile?: { node: string; postgraphile: string };
  analytics: { days: number; runs: number; medianMs: number; minMs: number; maxMs: number; cpuMedianMs: number; referenceLoopMs: [number, number]; targetMs: number; meetsTarget: boolean };
  sync: {
    users: number;
    days: number;
    concurrency: number;
    backfill: { calls: number; callsPerUser: number; wallMs: number; perUserMeanMs: number; perUserP50Ms: number };
    incremental: { callsPerPass: number; callsPerUserRun: number; passWallMs: number; perUserMeanMs: number; perUserP50Ms: number };
    callsPerUserDay: number;
    backfillCallsPerSec: number;
    firstYearCallsPerUser: number;
  };
  syncScale: {
    backfill: { users: number; historyDays: number; concurrency: number; rateLimits: string; wallMs: number; calls: number; callsPerSec: number; callsPerUser: number; rowsStored: number; syncCpuMs: number; simulatorCpuMs: number; loadAvg: number[] } | null;
    incremental: { users: number; concurrency: number; rateLimits: string; setup: string; wallMs: number; calls: number; callsPerUser: number; status429: number; budgetWaits: number; rowsStored: number; syncCpuMs: number; simulatorCpuMs: number; loadAvg: number[] } | null;
    backfillTargetMs: number;
    meetsBackfillTarget: boolean | null;
    incrementalTargetMs: number;
    meetsIncrementalTarget: boolean | null;
  };
  simulator: { seconds: number; concurrency: number; scenarios: { name: string; requestsPerSec: number; p50Ms: number; p95Ms: number; p99Ms: number; avgBodyKiB: number; non200: number }[]; mixRequestsPerSec: number; runnerCallsPerSec: number; headroom: number; target: number; meetsTarget: boolean };
  seeding: {
    postgres: {
      users: number;
      days: number;
      from: string;
      to: string;
      types: string;
      workers: number;
      rows: number;
      rejected: number;
      wallMs: number;
      vacuumAnalyzeMs: number;
      rowsPerSec: number;
      userYearsPerMin: number;
      generateCpuMsPerUserYear: number;
      writeMsPerUserYear: number;
      databaseBytes: number;
      tables: TableSize[];
      bytesPerUserYear: number;
      extrapolated1000x3: { seedMinutes: number; bytes: number };
    };
    pglite: { users: number; days: number; rows: number; wallMs: number; rowsPerSec: number; userYearsPerMin: number; folderBytes: number; emptyFolderBytes: number; bytesPerUserYear: number };
    fullFootprint: { users: number; days: number; rows: number; wallMs: number; userYearsPerMin: number; generateCpuMsPerUserYear: number; tables: TableSize[]; bytesPerUserYear: number; extrapolated1000x3Bytes: number };
  };
  rawQuery: { from: string; to: string; rows: { sleeps: number; recharges: number }; responseBytes: Record<string, number>; servers: Record<string, LoadSummary>; ratios: Record<string, { throughput: number; p50: number; p99: number; peakRss: number }> };
  days: {
    from: string;
    to: string;
    connections: number;
    records: Record<string, number>;
    analyticsFields: string[];
    note: string | null;
    responseBytes: Record<string, number>;
    servers: Record<string, LoadSummary>;
    ratios: Record<string, { throughput: number; p50: number; p95: number; peakRss: number } | null>;
    postgraphileTarget: number;
    meetsPostgraphileTarget: boolean | null;
    peakRssMiB: number;
    rssTargetMiB: number;
    meetsRssTarget: boolean;
    costRatio: number | null;
    /** The same with ANALYTICS_CACHE_ENTRIES=0 (every request computes, like the first after a sync); absent in older results. */
    uncachedCostRatio?: number | null;
    p50Ratio: number | null;
    target: number;
    meetsTarget: boolean | null;
  };
  dashboard: { small: LoadSummary & { users: number }; large: LoadSummary & { users: number }; p50Ratio: number; p95Ratio: number; throughputRatio: number; target: number; meetsTarget: boolean };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const size = (bytes: number) => (bytes >= 2 ** 30 ? gib(bytes) : mib(bytes));
const n = (value: number) => value.toLocaleString('en-US');
const ok = (met: boolean | null) => (met === null ? 'n/a' : met ? '✅ met' : '❌ not met');
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Spread of req/s across repeated runs: "±x % (min–max req/s)". */
function spread(s: LoadSummary): string {
  const rps = s.runs.map((run) => run.requestsPerSec);
  if (rps.length < 2) return 'n/a (one run)';
  const lo = Math.min(...rps);
  const hi = Math.max(...rps);
  return `±${Math.round(((hi - lo) / 2 / s.requestsPerSec) * 100)} % (${lo}–${hi} req/s)`;
}

function loadRow(name: string, s: LoadSummary, extra: string[] = []): string {
  const cells = [name, n(s.requestsPerSec), s.p50Ms, s.p95Ms, s.p99Ms, s.errors, s.peakRssMiB, ...extra];
  return `| ${cells.join(' | ')} |`;
}

export function renderMarkdown(r: Results): string {
  const pgs = r.seeding.postgres;
  const userYears = (pgs.users * pgs.days) / 365;
  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  const ours = r.rawQuery.servers['polar-flow-server']!;

  p(
    '# Benchmarks',
    '',
    `Generated by \`${r.command}\` on ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC (${r.mode} run, ${s1(r.totalMs)} in total). This file is rewritten by every full run;`,
    'the raw figures are in `bench/results/latest.json` (gitignored).',
    '',
    '## Machine',
    '',
    `- ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB memory, ${r.machine.platform}`,
    `- Node ${r.machine.node} (servers under test, load generator), PostgreSQL ${r.machine.postgres} on 127.0.0.1 (stock settings)${r.postgraphile ? `, PostGraphile ${r.postgraphile.postgraphile} on Node ${r.postgraphile.node}` : ''}`,
    `- load average (1 min) ${r.machine.loadAverageAtStart[0]} at the start, ${r.machine.loadAverageAtEnd[0]} at the end: the machine was shared with other work, so absolute`,
    '  figures are pessimistic and noisy; ratios measured in interleaved runs (A B C A B C …) are the more trustworthy numbers.',
    '- everything runs on these cores at once: PostgreSQL, the server under test (its own process), the autocannon load generator.',
    '',
    '## Commands',
    '',
    '```sh',
    'npm run bench                          # full suite, 1,000 users × 3 years (this file + bench/results/latest.json), < 20 min',
    'npm run bench -- --quick               # CI smoke run: 20 users × 60 days, 1 × 2 s per figure, < 3 min; fails only on errors',
    '# other knobs: --users N, --years Y, --days D, --runs R, --seconds S, --connections C, --days-connections C, --workers W,',
    '#              --pglite-users N, --full-users N,',
    '#              --pg-url postgres://user@host:port (BENCH_PG_URL), --skip-postgraphile, --write-md',
    'npx tsx bench/analytics.ts             # scenario 3 alone',
    'npx tsx bench/sync.ts --users 5 --days 365    # scenario 4 (sync, calls per user-day) alone',
    'npx tsx bench/sync.ts --scale [--quick]       # scenario 4 (sync at scale on PostgreSQL) alone',
    'npx tsx bench/seed-only.ts --users 50 --years 3   # seeding alone',
    'npx tsx bench/simulator.ts --seconds 5        # scenario 4 (simulator) alone',
    'npx tsx bench/compare.ts --checkout . --checkout ../other   # scenario 2 A/B of built checkouts, interleaved',
    '```',
    '',
    `This run: ${n(pgs.users)} users × ${pgs.days} days (${pgs.from} … ${pgs.to}) in PostgreSQL; load figures are the median of ${r.options.runs} × ${r.options.seconds} s autocannon runs at ${r.options.connections} connections after a ${r.options.warmupSeconds} s warm-up per target.`,
    '',
    '## Summary',
    '',
    '| # | figure | measured | target | |',
    '|---|---|---|---|---|',
  );
  for (const [name, ratios] of Object.entries(r.rawQuery.ratios)) {
    p(`| 1 | raw query (90 nights): polar-flow-server throughput vs ${name} | ${ratios.throughput}× (p50 ${ratios.p50}× its latency) | — (comparison) | |`);
  }
  const pgDays = r.days.ratios['PostGraphile v5'];
  const rawDays = r.days.ratios['raw floor'];
  p(
    `| 2 | \`days\` over 365 days, ${r.days.connections} clients: throughput vs PostGraphile v5 | ${pgDays ? `${pgDays.throughput}× (p95 ${pgDays.p95}× its latency)` : 'skipped'} | ≥ ${r.days.postgraphileTarget}× | ${ok(r.days.meetsPostgraphileTarget)} |`,
    `| 2 | \`days\` over 365 days, ${r.days.connections} clients: throughput vs raw floor | ${rawDays ? `${rawDays.throughput}× (p95 ${rawDays.p95}× its latency)` : 'skipped'} | — (comparison) | |`,
    `| 2 | server peak RSS under that load | ${r.days.peakRssMiB} MiB (${(r.days.peakRssMiB * 1.048576).toFixed(0)} MB) | ≤ ${r.days.rssTargetMiB} MB | ${ok(r.days.meetsRssTarget)} |`,
    `| 2 | \`days\` over 365 days: cost with analytics / without | ${r.days.costRatio === null ? `skipped — ${r.days.note ?? ''}` : `${r.days.costRatio}× (p50 ${r.days.p50Ratio}×)`} | ≤ ${r.days.target}× | ${ok(r.days.meetsTarget)} |`,
    `| 3 | analytics in-process, one user, 5 years (median) | ${r.analytics.medianMs.toFixed(1)} ms | ≤ ${r.analytics.targetMs} ms | ${ok(r.analytics.meetsTarget)} |`,
    `| 4 | simulator throughput / sync runner consumption | ${r.simulator.headroom}× (${n(Math.round(r.simulator.mixRequestsPerSec))} req/s vs ${r.simulator.runnerCallsPerSec.toFixed(1)} calls/s) | ≥ ${r.simulator.target}× | ${ok(r.simulator.meetsTarget)} |`,
    `| 4 | AccessLink calls per user-day (steady-state daily incremental sync) | ${r.sync.callsPerUserDay.toFixed(1)} | ≤ 12 | ${ok(r.sync.callsPerUserDay <= 12)} |`,
    ...(r.syncScale.backfill
      ? [`| 4 | initial backfill of ${n(r.syncScale.backfill.users)} users, all types, PostgreSQL | ${s1(r.syncScale.backfill.wallMs)} wall (${n(r.syncScale.backfill.calls)} calls) | ≤ ${s1(r.syncScale.backfillTargetMs)} | ${ok(r.syncScale.meetsBackfillTarget)} |`]
      : []),
    ...(r.syncScale.incremental
      ? [`| 4 | incremental sync of ${n(r.syncScale.incremental.users)} users, one new day each, rate limits on | ${s1(r.syncScale.incremental.wallMs)} wall, ${r.syncScale.incremental.callsPerUser.toFixed(2)} calls/user, ${r.syncScale.incremental.status429} × 429 | ≤ ${s1(r.syncScale.incrementalTargetMs)}, no 429 | ${ok(r.syncScale.meetsIncrementalTarget)} |`]
      : []),
    `| 5 | dashboard p50 at ${n(r.dashboard.large.users)} users / at ${r.dashboard.small.users} users | ${r.dashboard.p50Ratio}× (p95 ${r.dashboard.p95Ratio}×) | ≤ ${r.dashboard.target}× | ${ok(r.dashboard.meetsTarget)}${r.dashboard.large.users < 1000 ? ` (at ${n(r.dashboard.large.users)}, not 1,000 users)` : ''} |`,
    `| — | seeding ${n(pgs.users)} users × ${pgs.days} days (PostgreSQL, ${pgs.workers} generator threads) | ${s1(pgs.wallMs)}: ${n(pgs.rowsPerSec)} rows/s, ${pgs.userYearsPerMin} user-years/min | — | |`,
    `| — | the whole \`npm run bench\` at ${n(pgs.users)} users × ${pgs.days} days | ${s1(r.totalMs)} | < 20 min | ${ok(r.totalMs < 20 * 60_000)} |`,
    '',
  );

  p(
    '## Data at scale',
    '',
    `Seeded through the sync's own code path: \`generateUser\` (simulator) → the per-type \`toRow\` transforms of \`src/sync/transforms\` → \`bulkUpsert\` (\`src/db/upsert.ts\`), generation (summary payloads only: the exercise samples/route and activity samples the seeded tables never store are not built, with the same random draws) in ${pgs.workers} worker threads, writes from the main thread on 2 connections with \`synchronous_commit=off\` (a crashed seeding is simply re-run), ≈2 users per transaction, one statement per table. Skipped versus a real sync: the HTTP hop and the zod validation of the AccessLink client.`,
    '',
    `Types seeded at scale (\`${pgs.types}\` set): everything \`Day\`, dashboards and analytics read — sleep (with hypnogram and HR samples), Nightly Recharge (with HRV/breathing samples), daily activity summary, exercises (summary, without samples/route), cardio load, skin temperature, SpO2. The dense-only series (continuous HR, activity samples, exercise samples/route, SleepWise, body temperature, skin contacts, ECG) are measured separately below for the full footprint.`,
    '',
    `### PostgreSQL: ${n(pgs.users)} users × ${pgs.days} days (${userYears.toFixed(0)} user-years)`,
    '',
    '| table | rows | on disk (heap + TOAST + indexes) | bytes/row |',
    '|---|---:|---:|---:|',
    ...pgs.tables.map((t) => `| ${t.table} | ${n(t.rows)} | ${size(t.bytes)} | ${n(Math.round(t.bytes / t.rows))} |`),
    `| **total** | **${n(pgs.tables.reduce((a, t) => a + t.rows, 0))}** | **${size(pgs.tables.reduce((a, t) => a + t.bytes, 0))}** (database ${size(pgs.databaseBytes)}) | |`,
    '',
    `- seeding: ${n(pgs.rows)} rows in ${s1(pgs.wallMs)} = **${n(pgs.rowsPerSec)} rows/s, ${pgs.userYearsPerMin} user-years/min**; VACUUM ANALYZE afterwards ${s1(pgs.vacuumAnalyzeMs)}; ${pgs.rejected} records rejected by the transforms.`,
    `- per user-year: ${n(pgs.generateCpuMsPerUserYear)} ms of generation + transform CPU (summed over workers), ${n(pgs.writeMsPerUserYear)} ms inside write transactions, ${size(pgs.bytesPerUserYear)} on disk.`,
    `- with every type (next table), 1,000 users × 3 years would take ${size(r.seeding.fullFootprint.extrapolated1000x3Bytes)} on disk; the dense series dominate.`,
    '',
    `### Every type (PostgreSQL): ${r.seeding.fullFootprint.users} user(s) × ${r.seeding.fullFootprint.days} days`,
    '',
    '| table | rows | on disk | bytes/row |',
    '|---|---:|---:|---:|',
    ...r.seeding.fullFootprint.tables.map((t) => `| ${t.table} | ${n(t.rows)} | ${size(t.bytes)} | ${n(Math.round(t.bytes / t.rows))} |`),
    '',
    `- ${size(r.seeding.fullFootprint.bytesPerUserYear)} per user-year with every type (dense series dominate); seeding ${r.seeding.fullFootprint.userYearsPerMin} user-years/min (${n(r.seeding.fullFootprint.generateCpuMsPerUserYear)} ms generation CPU per user-year).`,
    '',
    `### PGlite (embedded): ${r.seeding.pglite.users} users × ${r.seeding.pglite.days} days, same types as PostgreSQL`,
    '',
    `- ${n(r.seeding.pglite.rows)} rows in ${s1(r.seeding.pglite.wallMs)} = ${n(r.seeding.pglite.rowsPerSec)} rows/s, ${r.seeding.pglite.userYearsPerMin} user-years/min (PGlite runs in the main thread; workers only generate).`,
    `- data folder ${size(r.seeding.pglite.folderBytes)} (${size(r.seeding.pglite.emptyFolderBytes)} when freshly migrated and empty); tables ${size(r.seeding.pglite.bytesPerUserYear)} per user-year.`,
    '',
  );

  p(
    '## Scenario 1 — raw data query: one user, 90 nights of sleep + Nightly Recharge',
    '',
    `The same ${r.rawQuery.rows.sleeps} sleep and ${r.rawQuery.rows.recharges} Nightly Recharge rows (${r.rawQuery.from} … ${r.rawQuery.to}, 10 + 6 typed columns) from each server:`,
    '',
    '- **polar-flow-server**: `viewer { sleeps(from, to) { edges { node {…} } } nightlyRecharges(from, to) {…} }` with a user API key (key lookup, scopes, complexity limits, per-request SQL loaders, graphql-jit).',
    '- **PostGraphile v5** (amber preset, `--schema public`, simple collections): `allSleepsList(condition: {userId}, orderBy: DATE_DESC, first: n)` + the same for Nightly Recharge, no auth (it has no notion of our API keys) and no date-range filter without a plugin, so `first: n` with n = the rows in the range.',
    '- **raw floor**: node:http + `pg` (pool of 10) running the two SELECTs and `JSON.stringify` — no GraphQL, no auth, no validation.',
    '',
    '| server | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MiB | response bytes | polar-flow-server vs it (throughput / p50) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    loadRow('polar-flow-server', ours, [n(r.rawQuery.responseBytes['polar-flow-server'] ?? 0), '—']),
    ...Object.entries(r.rawQuery.servers)
      .filter(([name]) => name !== 'polar-flow-server')
      .map(([name, s]) => loadRow(name, s, [n(r.rawQuery.responseBytes[name] ?? 0), `${r.rawQuery.ratios[name]!.throughput}× / ${r.rawQuery.ratios[name]!.p50}×`])),
    '',
    ...(r.skipped.filter((s) => s.startsWith('PostGraphile')).map((s) => `Skipped: ${s}`)),
    '',
    `## Scenario 2 — \`days(from, to)\` over 365 days at ${r.days.connections} concurrent clients: vs PostGraphile v5 and the raw floor, without and with analytics`,
    '',
    `- **polar-flow-server**: \`viewer { days(from: "${r.days.from}", to: "${r.days.to}") { date sleep {6 fields} nightlyRecharge {4} dailyActivity {3} cardioLoad {4} } }\` — 365 \`Day\` objects, one batched query per data type; the user's records in the range: ${Object.entries(r.days.records).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '- **PostGraphile v5**: the same four record types and columns as four plain lists (`allSleepsList(condition: {userId}, orderBy: DATE_DESC, first: n)` …, n = the records in the range); it returns the records only, not one object per calendar day, and checks no API key.',
    '- **raw floor**: node:http + `pg`: the four SELECTs, joined into 365 day objects in JavaScript, `JSON.stringify`.',
    '- **with analytics**: our query plus the analytics fields below, on a second server process (so its memory is not counted in the RSS figure above). The analytics are computed by the first request and then kept until the user\'s data changes (`User.dataVersion`, bumped by sync commits), as between two syncs in production.',
    '- **with analytics, cache off**: the same on a third process started with `ANALYTICS_CACHE_ENTRIES=0`: every request reads the user\'s history and computes, as the first request after a sync does.',
    '',
    '| server | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MiB | response bytes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(r.days.servers).map(([name, s]) => loadRow(name, s, [n(r.days.responseBytes[name] ?? 0)])),
    '',
    ...Object.entries(r.days.ratios)
      .filter((entry): entry is [string, { throughput: number; p50: number; p95: number; peakRss: number }] => entry[1] !== null)
      .map(([name, v]) => `- polar-flow-server vs ${name}: throughput ${v.throughput}×, p50 ${v.p50}×, p95 ${v.p95}× its latency, peak RSS ${v.peakRss}×.`),
    `- Target ≥ ${r.days.postgraphileTarget}× PostGraphile's throughput: ${ok(r.days.meetsPostgraphileTarget)}; peak RSS ${r.days.peakRssMiB} MiB vs ≤ ${r.days.rssTargetMiB} MB: ${ok(r.days.meetsRssTarget)}.`,
    '',
    r.days.analyticsFields.length > 0 ? `With analytics adds: ${r.days.analyticsFields.map((f) => `\`${f}\``).join(', ')} (their scalar and enum fields, found by introspection).` : `With analytics: **skipped** — ${r.days.note ?? ''} Rerun once the analytics fields land; the suite detects them by introspection.`,
    '',
    `Cost with analytics / without: ${r.days.costRatio === null ? 'n/a' : `${r.days.costRatio}× (throughput), ${r.days.p50Ratio}× (p50)`}; target ≤ ${r.days.target}×: ${ok(r.days.meetsTarget)}.${r.days.uncachedCostRatio ? ` With the cache off (every request computing): ${r.days.uncachedCostRatio}×.` : ''}`,
    '',
    '## Scenario 3 — analytics in-process, one user, 5 years',
    '',
    `\`computeUserAnalytics\` over ${r.analytics.days} synthetic days (bench/analytics.ts): median **${r.analytics.medianMs.toFixed(1)} ms** (min ${r.analytics.minMs.toFixed(1)}, max ${r.analytics.maxMs.toFixed(1)}, CPU ${r.analytics.cpuMedianMs.toFixed(1)} ms) over ${r.analytics.runs} runs; target ≤ ${r.analytics.targetMs} ms: ${ok(r.analytics.meetsTarget)}. Reference CPU loop ${r.analytics.referenceLoopMs[0].toFixed(0)} / ${r.analytics.referenceLoopMs[1].toFixed(0)} ms before/after (≈100 ms on an idle core).`,
    '',
    '## Scenario 4 — sync and simulator',
    '',
    `Sync engine against the in-process simulator on an in-memory PGlite (bench/sync.ts), ${r.sync.users} users × ${r.sync.days} days, concurrency ${r.sync.concurrency}:`,
    '',
    '| figure | value |',
    '|---|---|',
    `| backfill | ${n(r.sync.backfill.calls)} AccessLink calls (${r.sync.backfill.callsPerUser.toFixed(1)}/user), ${s1(r.sync.backfill.wallMs)} wall for all users, per user mean ${n(r.sync.backfill.perUserMeanMs)} ms |`,
    `| incremental (daily pass) | ${r.sync.incremental.callsPerPass.toFixed(0)} calls (${r.sync.incremental.callsPerUserRun.toFixed(1)}/user), pass wall ${s1(r.sync.incremental.passWallMs)}, per user mean ${n(r.sync.incremental.perUserMeanMs)} ms |`,
    `| AccessLink calls per user-day | ${r.sync.callsPerUserDay.toFixed(1)} (one sync a day) |`,
    `| first-year calls per user | ${n(Math.round(r.sync.firstYearCallsPerUser))} (backfill + daily syncs) |`,
    `| runner consumption during backfill | ${r.sync.backfillCallsPerSec.toFixed(1)} calls/s |`,
    '',
    'Sync at scale (bench/sync.ts `runSyncScaleBench`): the real sync service (this process) against the simulator in a child process, on PostgreSQL:',
    '',
    '| part | users | wall | calls | calls/user | rows stored | sync CPU | simulator CPU | load average |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...(r.syncScale.backfill
      ? [`| initial backfill (${r.syncScale.backfill.historyDays} days of history, simulator limits raised: 500 + 20·N per 15 min would not allow ≈40 calls × N at once) | ${n(r.syncScale.backfill.users)} | ${s1(r.syncScale.backfill.wallMs)} | ${n(r.syncScale.backfill.calls)} | ${r.syncScale.backfill.callsPerUser.toFixed(1)} | ${n(r.syncScale.backfill.rowsStored)} | ${s1(r.syncScale.backfill.syncCpuMs)} | ${s1(r.syncScale.backfill.simulatorCpuMs)} | ${r.syncScale.backfill.loadAvg.map((l) => l.toFixed(1)).join(' / ')} |`]
      : []),
    ...(r.syncScale.incremental
      ? [`| incremental, one new day, ${r.syncScale.incremental.rateLimits} (${r.syncScale.incremental.status429} × 429, ${r.syncScale.incremental.budgetWaits} budget waits) | ${n(r.syncScale.incremental.users)} | ${s1(r.syncScale.incremental.wallMs)} | ${n(r.syncScale.incremental.calls)} | ${r.syncScale.incremental.callsPerUser.toFixed(2)} | ${n(r.syncScale.incremental.rowsStored)} | ${s1(r.syncScale.incremental.syncCpuMs)} | ${s1(r.syncScale.incremental.simulatorCpuMs)} | ${r.syncScale.incremental.loadAvg.map((l) => l.toFixed(1)).join(' / ')} |`]
      : []),
    '',
    ...(r.syncScale.incremental ? [`Set-up of the incremental pass (not timed): ${r.syncScale.incremental.setup}`, ''] : []),
    `Simulator (child process, bench/simulator.ts), ${r.simulator.concurrency} concurrent fetch loops, ${r.simulator.seconds} s per request kind:`,
    '',
    '| request | req/s | p50 ms | p95 ms | p99 ms | avg body KiB | non-200 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.simulator.scenarios.map((s) => `| ${s.name} | ${n(Math.round(s.requestsPerSec))} | ${s.p50Ms.toFixed(1)} | ${s.p95Ms.toFixed(1)} | ${s.p99Ms.toFixed(1)} | ${s.avgBodyKiB.toFixed(1)} | ${s.non200} |`),
    '',
    `Simulator (mix) ${n(Math.round(r.simulator.mixRequestsPerSec))} req/s vs the runner's ${r.simulator.runnerCallsPerSec.toFixed(1)} calls/s: **${r.simulator.headroom}×**, target ≥ ${r.simulator.target}×: ${ok(r.simulator.meetsTarget)}.`,
    '',
    `## Scenario 5 — one-user dashboard at ${r.dashboard.small.users} users vs ${n(r.dashboard.large.users)} users`,
    '',
    '`viewer { days(last 30 days) { date sleep { sleepScore } nightlyRecharge { heartRateVariabilityAvg } dailyActivity { steps } } }` for the same user, from two server processes at once: one on a copy of the database taken when only the first users were seeded (`CREATE DATABASE … TEMPLATE`, after VACUUM ANALYZE), one on the full database (VACUUM ANALYZE after seeding); runs interleaved so both see the same machine load.',
    '',
    '| users in the database | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MiB |',
    '|---|---:|---:|---:|---:|---:|---:|',
    loadRow(String(r.dashboard.small.users), r.dashboard.small),
    loadRow(n(r.dashboard.large.users), r.dashboard.large),
    '',
    `p50 ratio ${r.dashboard.p50Ratio}× (p95 ${r.dashboard.p95Ratio}×, throughput ${r.dashboard.throughputRatio}×); target ≤ ${r.dashboard.target}×: ${ok(r.dashboard.meetsTarget)}.`,
    '',
    '## What limits each figure',
    '',
    `- **All load figures**: ${r.machine.cpus} cores shared by PostgreSQL, the server under test and autocannon (plus, when this file was generated, other people's test runs — see the load average). Servers are single Node processes, so throughput is CPU-bound; in this run polar-flow-server's scenario-1 throughput varied ${spread(ours)} between repeated runs, so compare ratios taken in the same interleaved run rather than absolute figures across runs.`,
    '- **Scenario 1**: polar-flow-server pays for GraphQL validation (cached per document), complexity and depth limits, the API-key lookup (one indexed query per request), Relay connection shaping (edges, cursors, pageInfo, totalCount) and its SQL loaders (one statement per record type); the raw floor pays only for two indexed range scans and `JSON.stringify`; PostGraphile compiles each operation once into a single SQL statement per root field and has no auth. Peak RSS is the server process alone (PostgreSQL excluded), started with the V8 flags of `npm start`.',
    '- **Scenario 2**: a 365-day `days` query resolves 365 `Day` objects with 18 leaves each (compiled by graphql-jit) from one SQL statement per data type over the whole range, then serialises them; PostGraphile returns only the existing records as four flat lists. With analytics the response is ≈3× larger (two baselines of 17 fields, readiness and anomalies per day), and those objects are flat, so graphql-jit reads their fields inline. The first request after a data change also reads the user\'s history from a year before the range (7 tables) and computes every day; later ones reuse that computation, and the JSON of each day\'s analytics that the first one rendered, until a sync changes the data (the cache-off row shows the cost without either).',
    '- **Scenario 3**: single-threaded CPU; the reference loop shows how much of the time was other processes\' (the figure is CPU-bound and scales with how busy the cores are).',
    '- **Scenario 4**: the sync is bounded by the simulator answering in the same process and by PGlite writes; the real-world limit is Polar\'s rate limit (calls per user-day), not CPU. Simulator throughput is bounded by payload generation and JSON serialisation of large bodies (activities with samples).',
    '- **Scenario 5**: the dashboard touches one user\'s 30 days through the (userId, date) unique indexes, so table size enters only through index depth and cache hit rates; at this scale the whole database fits in the OS page cache, which flatters the large case compared with a cold disk.',
    `- **Seeding**: payload generation is CPU-heavy (the generator builds every sample of a day, even for summary rows: ${n(pgs.generateCpuMsPerUserYear)} ms CPU per user-year) and competes for the same ${r.machine.cpus} cores as PostgreSQL's \`jsonb_to_recordset\` upserts (${n(pgs.writeMsPerUserYear)} ms per user-year inside write transactions).`,
    '',
    '## Phases of this run',
    '',
    '| phase | wall time | load average after |',
    '|---|---:|---:|',
    ...r.phases.map((ph) => `| ${ph.name} | ${s1(ph.ms)} | ${ph.loadAvg} |`),
    `| **total** | **${s1(r.totalMs)}** | |`,
    '',
  );
  if (r.skipped.length > 0) p('Skipped in this run:', '', ...r.skipped.map((s) => `- ${s}`), '');
  return out.join('\n');
}
