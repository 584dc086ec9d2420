// Requests/s and latency the AccessLink simulator serves for typical sync requests.
// Run: npx tsx bench/simulator.ts [--seconds 5] [--concurrency 8] [--users 3] [--in-process]
// The simulator runs in a child process (like in real use) so the load generator does not share its CPU.
// bench/run.ts calls runSimulatorBench() (scenario 4).
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from '../src/simulator/index.js';
import { addDays } from '../src/simulator/util.js';

const today = '2025-11-12';

export interface SimulatorBenchOptions {
  seconds: number;
  concurrency: number;
  users: number;
  inProcess: boolean;
  log?: (line: string) => void;
}

export interface SimulatorScenarioResult {
  name: string;
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  avgBodyKiB: number;
  non200: number;
}

export interface SimulatorBenchResult {
  startupMs: number;
  users: number;
  seconds: number;
  concurrency: number;
  scenarios: SimulatorScenarioResult[];
}

interface Ready {
  url: string;
  tokens: string[];
  startupMs: number;
}

async function serve(users: number): Promise<Ready & { close(): Promise<void> }> {
  const startedAt = performance.now();
  const sim = await startSimulator({
    seed: 1,
    users,
    days: 90,
    today,
    autoRegister: true,
    rateLimits: { shortBase: 1e12, longBase: 1e12 },
  });
  const tokens = sim.users.map((u) => sim.issueToken(u.polarUserId).accessToken);
  return { url: sim.url, tokens, startupMs: performance.now() - startedAt, close: () => sim.close() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '8' },
      users: { type: 'string', default: '3' },
      child: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
    },
  });
  if (values.child) {
    const ready = await serve(Number(values.users));
    process.send!({ url: ready.url, tokens: ready.tokens, startupMs: ready.startupMs } satisfies Ready);
    process.on('disconnect', () => void ready.close().then(() => process.exit(0)));
  } else {
    await runSimulatorBench({
      seconds: Number(values.seconds),
      concurrency: Number(values.concurrency),
      users: Number(values.users),
      inProcess: values['in-process'],
      log: (line) => console.log(line),
    });
  }
}

export async function runSimulatorBench(options: SimulatorBenchOptions): Promise<SimulatorBenchResult> {
  const { seconds, concurrency } = options;
  const log = options.log ?? (() => {});
  let close: () => Promise<void>;
  let ready: Ready;
  if (options.inProcess) {
    const s = await serve(options.users);
    ready = s;
    close = s.close;
  } else {
    const child = fork(fileURLToPath(import.meta.url), ['--child', '--users', String(options.users)], { execArgv: ['--import', 'tsx'] });
    ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Ready));
      child.once('exit', (code) => reject(new Error(`simulator child exited with ${code}`)));
    });
    close = async () => {
      child.disconnect();
      await new Promise((r) => child.once('exit', r));
    };
  }
  const sim = { url: ready.url };
  const tokens = ready.tokens;
  log(`simulator up in ${(ready.startupMs / 1000).toFixed(2)} s (${tokens.length} users, 90 days generated) at ${sim.url}${options.inProcess ? ' (in-process)' : ' (child process)'}`);
  const results: SimulatorScenarioResult[] = [];

  const chrDate = addDays(today, -1);
  const scenarios: Record<string, (i: number) => string> = {
    'sleep list': () => '/v3/users/sleep',
    'continuous HR by date': (i) => `/v3/users/continuous-heart-rate/${addDays(chrDate, -(i % 20))}`,
    'activities 28-day range (steps+zones)': () => `/v3/users/activities?from=${addDays(today, -27)}&to=${today}&steps=true&activity_zones=true`,
    'exercises list': () => '/v3/exercises',
    'nightly recharge list': () => '/v3/users/nightly-recharge',
  };
  const names = Object.keys(scenarios);
  scenarios['mix of the above'] = (i) => scenarios[names[i % names.length]!]!(Math.floor(i / names.length));

  function pct(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  }

  for (const [name, path] of Object.entries(scenarios)) {
    const latencies: number[] = [];
    let bytes = 0;
    let errors = 0;
    let n = 0;
    const deadline = performance.now() + seconds * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (performance.now() < deadline) {
          const i = n++;
          const s = performance.now();
          const res = await fetch(`${sim.url}${path(i)}`, { headers: { Authorization: `Bearer ${tokens[(i + w) % tokens.length]}` } });
          const body = await res.arrayBuffer();
          latencies.push(performance.now() - s);
          bytes += body.byteLength;
          if (res.status !== 200) errors++;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    results.push({
      name,
      requestsPerSec: latencies.length / elapsed,
      p50Ms: pct(latencies, 50),
      p95Ms: pct(latencies, 95),
      p99Ms: pct(latencies, 99),
      avgBodyKiB: bytes / latencies.length / 1024,
      non200: errors,
    });
    log(
      `${name.padEnd(40)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} req/s  ` +
        `p50 ${pct(latencies, 50).toFixed(2)} ms  p95 ${pct(latencies, 95).toFixed(2)} ms  p99 ${pct(latencies, 99).toFixed(2)} ms  ` +
        `avg body ${(bytes / latencies.length / 1024).toFixed(1)} KiB  non-200 ${errors}`,
    );
  }
  log(`concurrency ${concurrency}, ${seconds} s per scenario, plain fetch (undici) over keep-alive`);
  await close();
  return { startupMs: ready.startupMs, users: tokens.length, seconds, concurrency, scenarios: results };
}
