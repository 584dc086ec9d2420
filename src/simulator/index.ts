import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { SimApp } from './app.js';
import { scenarioSource } from './scenario.js';
import { DataWorld, SimClock, type DataSource } from './state.js';
import type { ChrRangeShape, Simulator, SimulatorOptions } from './types.js';
import { isIsoDate, msToDate } from './util.js';

export type * from './types.js';
export type { GeneratorOptions, IsoDate, JsonObject, SimDataType, SimRecord, SimUserDataset } from './dataset.js';
export { signWebhook } from './webhooks.js';
export { ALL_FAULT_KINDS, WEBHOOK_EVENT_TYPES } from './types.js';

async function generatorSource(seed: number, users: number): Promise<DataSource> {
  // Loaded lazily: scenario replay never needs the generator.
  const { generateUser } = await import('./generator/index.js');
  return {
    kind: 'generator',
    userCount: users,
    load: (userIndex, from, to, opts) => Promise.resolve(generateUser({ seed, userIndex, from, to, materialize: opts?.materialize === true })),
  };
}

/** Starts the fake AccessLink v3 server (OAuth, user, data, webhook, admin endpoints on one port). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const realNow = options.now ?? Date.now;
  const source = options.scenarioDir ? scenarioSource(options.scenarioDir) : await generatorSource(seed, options.users ?? 3);
  const today = options.today ?? source.latestDate?.() ?? msToDate(realNow());
  if (!isIsoDate(today)) throw new Error(`simulator: invalid today ${today}`);
  const clock = new SimClock(today, options.timeOfDay ?? '20:00:00', realNow);
  const world = await DataWorld.create(
    source,
    clock,
    seed,
    options.days ?? 90,
    options.mutationRate ?? (source.kind === 'scenario' ? 0 : 1),
  );
  const app = new SimApp(world, options, seed);

  const auto = options.autoRegister;
  if (auto) {
    for (const u of world.users)
      if (auto === true || auto.includes(u.index) || auto.includes(u.polarUserId)) app.register(u, `member-${u.polarUserId}`);
  }

  const server: Server = createServer((req, res) => {
    app.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`simulator error: ${(err as Error).message}`);
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  app.baseUrl = url;

  return {
    url,
    port,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    clock: {
      today: () => clock.today(),
      now: () => clock.now(),
      set: (date) => app.moveClock(date),
      advance: (days) => app.advanceClock(days),
    },
    get users() {
      return app.summaries();
    },
    async close() {
      app.closed = true;
      app.cancelTimers();
      app.webhooks.abortAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    groundTruth: (userId, type) => app.groundTruth(userId, type),
    requestCounts: () => app.requestCounts(),
    resetRequestCounts: () => app.resetRequestCounts(),
    emitWebhook: (event) => app.emitWebhook(event),
    webhookDeliveries: () => app.webhooks.deliveries.slice(),
    setConsent: (userId, consent) => app.setConsent(userId, consent),
    revokeToken: (userId) => app.revokeToken(userId),
    issueToken: (userId, opts) => app.issueToken(userId, opts),
    faultLog: () => app.faultLog(),
  };
}

/** `polar-flow-server simulator [--port N] [--users N] [--days D] [--seed S] [--scenario DIR] [--faults RATE] ...` */
export async function runSimulatorCommand(argv: string[]): Promise<Simulator> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      users: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      scenario: { type: 'string' },
      faults: { type: 'string' },
      'fault-seed': { type: 'string' },
      today: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string' },
      'chr-range-shape': { type: 'string' },
      'duplicate-webhooks': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: polar-flow-server simulator [--port N] [--host H] [--users N] [--days D] [--seed S] [--scenario DIR]\n' +
        '       [--faults RATE] [--fault-seed S] [--today YYYY-MM-DD] [--client-id ID] [--client-secret S]\n' +
        '       [--redirect-uri URL] [--chr-range-shape spec|heart_rates] [--duplicate-webhooks]\n',
    );
    process.exit(0);
  }
  const num = (name: string, v: string | undefined, check: (n: number) => boolean): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || !check(n)) throw new Error(`simulator: invalid --${name} ${v}`);
    return n;
  };
  const shape = values['chr-range-shape'];
  if (shape !== undefined && shape !== 'spec' && shape !== 'heart_rates') throw new Error(`simulator: invalid --chr-range-shape ${shape}`);
  const sim = await startSimulator({
    port: num('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536) ?? 0,
    host: values.host,
    users: num('users', values.users, (n) => Number.isInteger(n) && n >= 1),
    days: num('days', values.days, (n) => Number.isInteger(n) && n >= 1),
    seed: num('seed', values.seed, Number.isInteger),
    scenarioDir: values.scenario,
    faults: num('faults', values.faults, (n) => n >= 0 && n <= 1),
    faultSeed: num('fault-seed', values['fault-seed'], Number.isInteger),
    today: values.today,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    redirectUri: values['redirect-uri'],
    chrRangeShape: shape as ChrRangeShape | undefined,
    duplicateWebhooks: values['duplicate-webhooks'],
  });
  const lines = [
    `AccessLink simulator listening on ${sim.url}`,
    `  today:          ${sim.clock.today()}`,
    `  client id:      ${sim.clientId}`,
    `  client secret:  ${sim.clientSecret}`,
    `  POLAR_AUTH_URL=${sim.url}/oauth2/authorization`,
    `  POLAR_TOKEN_URL=${sim.url}/v2/oauth2/token`,
    `  POLAR_API_BASE_URL=${sim.url}`,
    `  admin API:      ${sim.url}/__admin/state`,
    '  users (the authorization endpoint auto-approves; add &user=<polar id> to pick one):',
    ...sim.users.map((u) => `    #${u.index}  polar user ${u.polarUserId}  ${u.email} / ${u.password}  ${u.authorizeUrl}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return sim;
}
