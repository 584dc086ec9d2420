// `polar-flow-server demo`: the simulator and the server together, demo users connected through the
// real OAuth flow and synced with visible progress, then the GraphiQL URL and a ready API key.
// To show more than Polar's 28-day window, the simulator's clock starts in the past and advances in
// 28-day steps with an incremental sync after each, the way a long-running server accumulates data.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../auth/api-keys.js';
import { loadEnv } from '../env.js';
import { createLogger } from '../logger.js';
import { startServer, type RunningServer } from '../server.js';
import { startSimulator, type Simulator } from '../simulator/index.js';

export interface DemoOptions {
  users: number;
  historyDays: number;
  seed: number;
  port: number;
  dataDir: string;
  /** Print progress lines (the CLI); tests pass false. */
  verbose: boolean;
}

export interface RunningDemo {
  server: RunningServer;
  simulator: Simulator;
  graphiqlUrl: string;
  apiKey: string;
  adminKey: string;
  userIds: string[];
  close(): Promise<void>;
}

const STEP_DAYS = 28;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const say = (line: string) => options.verbose && console.log(line);
  const today = isoDate(Date.now());
  const startDay = isoDate(Date.now() - options.historyDays * 86_400_000);

  say(`starting the AccessLink simulator (${options.users} users, seed ${options.seed})…`);
  const simulator = await startSimulator({ port: 0, users: options.users, seed: options.seed, days: options.historyDays + 400, today: startDay });
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    DATA_DIR: options.dataDir,
    PORT: String(options.port),
    POLAR_CLIENT_ID: simulator.clientId,
    POLAR_CLIENT_SECRET: simulator.clientSecret,
    POLAR_API_BASE_URL: simulator.url,
    POLAR_AUTH_URL: `${simulator.url}/oauth2/authorization`,
    POLAR_TOKEN_URL: `${simulator.url}/v2/oauth2/token`,
    SYNC_INTERVAL_MINUTES: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const server = await startServer(env, { logger: createLogger(env.LOG_LEVEL), syncClock: () => simulator.clock.now() });
  const sync = server.sync;
  if (!sync) throw new Error('demo: the sync engine did not start');

  const userIds: string[] = [];
  const stopProgress: (() => void)[] = [];
  try {
    for (const simUser of simulator.users.slice(0, options.users)) {
      const user = await server.db.prisma.user.create({ data: { name: `Demo user ${simUser.index + 1}`, email: `demo${simUser.index + 1}@example.test` } });
      userIds.push(user.id);
      stopProgress.push(followProgress(server, user.id, user.name, say));
      const { authorizationUrl } = await sync.startConnection(user.id);
      // The simulator plays Polar's consent page: it approves the chosen user and redirects back.
      const approve = await fetch(`${authorizationUrl}&user=${simUser.polarUserId}`, { redirect: 'manual' });
      const callback = approve.headers.get('location');
      if (approve.status !== 302 || !callback) throw new Error(`demo: the simulator did not redirect (HTTP ${approve.status})`);
      const completed = await fetch(callback.replace(/^https?:\/\/[^/]+/, server.url));
      if (!completed.ok) throw new Error(`demo: connecting ${user.name} failed: ${await completed.text()}`);
      say(`connected ${user.name} to Polar user ${simUser.polarUserId} through OAuth`);
    }
    await sync.idle();
    while (simulator.clock.today() < today) {
      const remaining = Math.round((Date.parse(today) - Date.parse(simulator.clock.today())) / 86_400_000);
      await simulator.clock.advance(Math.min(STEP_DAYS, remaining));
      say(`simulator clock: ${simulator.clock.today()}; incremental sync…`);
      await sync.syncAll({ trigger: 'SCHEDULE' });
    }
  } finally {
    for (const stop of stopProgress) stop();
  }

  const key = await createApiKey(server.db.prisma, { userId: userIds[0]!, name: 'demo key' });
  const admin = await createApiKey(server.db.prisma, { admin: true, name: 'demo admin key' });
  const graphiqlUrl = `${server.url}/graphql`;
  return {
    server,
    simulator,
    graphiqlUrl,
    apiKey: key.key,
    adminKey: admin.key,
    userIds,
    async close() {
      await server.close();
      await simulator.close();
    },
  };
}

function followProgress(server: RunningServer, userId: string, name: string, say: (line: string) => void): () => void {
  const iterator = server.pubsub.subscribe('sync:progress', userId)[Symbol.asyncIterator]();
  let stopped = false;
  void (async () => {
    for (;;) {
      const { value: event, done } = await iterator.next();
      if (done || stopped) return;
      if (event.kind === 'TYPE_FINISHED') {
        say(`  ${name} · ${event.dataType}: ${event.fetched} fetched, ${event.stored} stored${event.rejected ? `, ${event.rejected} rejected` : ''}${event.error ? ` (${event.error.code})` : ''}`);
      } else if (event.kind === 'RUN_FINISHED') {
        say(`  ${name} · sync ${event.status} in ${(event.durationMs / 1000).toFixed(1)} s, ${event.apiCalls} AccessLink calls`);
      }
    }
  })().catch(() => undefined);
  return () => {
    stopped = true;
    void iterator.return?.();
  };
}

export async function runDemoCommand(argv: string[]): Promise<RunningDemo> {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string', default: '3' },
      'history-days': { type: 'string', default: '120' },
      seed: { type: 'string', default: '42' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const number = (name: string, value: string, min: number, max: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new RangeError(`--${name} must be a whole number from ${min} to ${max}`);
    return parsed;
  };
  const started = Date.now();
  const demo = await startDemo({
    users: number('users', values.users, 1, 50),
    historyDays: number('history-days', values['history-days'], 0, 1000),
    seed: number('seed', values.seed, 0, 2 ** 31),
    port: number('port', values.port ?? process.env.PORT ?? '4000', 0, 65535),
    dataDir: values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'polar-flow-demo-')),
    verbose: true,
  });
  console.log(`
polar-flow-server demo is ready (${((Date.now() - started) / 1000).toFixed(1)} s)

  GraphiQL:      ${demo.graphiqlUrl}
  API key:       ${demo.apiKey}        (user "Demo user 1")
  admin key:     ${demo.adminKey}
  simulator:     ${demo.simulator.url}

In GraphiQL, add the header  {"Authorization": "Bearer ${demo.apiKey}"}  and run the example query.
From a shell:
  curl -s ${demo.graphiqlUrl} -H 'authorization: Bearer ${demo.apiKey}' -H 'content-type: application/json' \\
    -d '{"query":"{ viewer { name days(from: \\"${isoDate(Date.now() - 6 * 86_400_000)}\\", to: \\"${isoDate(Date.now())}\\") { date sleep { sleepScore } nightlyRecharge { heartRateVariabilityAvg } } } }"}'

Press Ctrl-C to stop.`);
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return demo;
}
