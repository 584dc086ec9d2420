#!/usr/bin/env node
// The one command-line entry. It parses arguments and calls the modules; no logic lives here.
import { parseArgs } from 'node:util';
import { createApiKey } from './auth/api-keys.js';
import { openDatabase } from './db/client.js';
import { applyMigrations, MigrationError } from './db/migrate.js';
import { ConfigError, loadEnv } from './env.js';
import { startServer } from './server.js';

const USAGE = `Usage: polar-flow-server <command> [options]

Commands:
  serve                         start the HTTP server (GraphQL, OAuth callback, webhooks, /health)
  migrate                       apply pending database migrations and exit
  keys create [--admin] [--user ID] [--name NAME]
                                create an API key (printed once)
  demo [--users N] [--history-days D] [--seed S] [--port P] [--data-dir DIR]
                                simulator + server with demo users connected and synced; prints
                                the GraphiQL URL and an API key (the quickest way to try it)
  sync [--user ID]              sync every connected user (or one) now and wait for the result
  simulator [--port P] [--users N] [--days D] [--seed S] [--scenario DIR] [--faults RATE]
                                run the fake Polar AccessLink API alone

Configuration comes from environment variables; see README.md.`;

class UsageError extends Error {}

async function serve(): Promise<void> {
  const env = loadEnv();
  const server = await startServer(env);
  console.log(`polar-flow-server listening on ${server.url} (database: ${server.db.backend}, ${server.db.location})`);
  const stop = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function migrate(): Promise<void> {
  const env = loadEnv();
  const db = await openDatabase(env);
  try {
    const { applied, state } = await applyMigrations(db.sql);
    console.log(
      applied.length > 0
        ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
        : `database is up to date (${state.applied.length} migration(s) applied)`,
    );
  } finally {
    await db.close();
  }
}

async function keys(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'create') throw new UsageError(`unknown keys action ${JSON.stringify(action ?? '')}; use: keys create`);
  const { values } = parseArgs({
    args: rest,
    options: { admin: { type: 'boolean', default: false }, user: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.admin && !values.user) throw new UsageError('keys create needs --user ID (a user key) or --admin');
  const env = loadEnv();
  const db = await openDatabase(env);
  try {
    await applyMigrations(db.sql);
    if (values.user) {
      const user = await db.prisma.user.findUnique({ where: { id: values.user } }).catch(() => null);
      if (!user) throw new UsageError(`no user with id ${values.user}`);
    }
    const created = await createApiKey(db.prisma, { userId: values.user ?? null, admin: values.admin, name: values.name });
    console.log(created.key);
    console.error(`created ${created.isAdmin ? 'admin' : 'user'} key ${created.prefix}… (id ${created.id}); it is shown only this once`);
  } finally {
    await db.close();
  }
}

async function sync(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { user: { type: 'string' } } });
  const env = loadEnv();
  const { createLogger } = await import('./logger.js');
  const { createAppPubSub } = await import('./pubsub.js');
  const { createSyncService } = await import('./sync/index.js');
  if (!env.POLAR_CLIENT_ID || !env.POLAR_CLIENT_SECRET) {
    throw new ConfigError('POLAR_CLIENT_ID', 'sync needs POLAR_CLIENT_ID and POLAR_CLIENT_SECRET (your AccessLink client)');
  }
  const db = await openDatabase(env);
  const pubsub = await createAppPubSub({ redisUrl: env.REDIS_URL });
  const service = createSyncService({ db, env, pubsub: pubsub.pubsub, logger: createLogger(env.LOG_LEVEL), tuning: { autoStart: false } });
  try {
    await applyMigrations(db.sql);
    await service.start();
    const runs = await service.syncAll({ trigger: 'CLI', ...(values.user ? { userId: values.user } : {}) });
    for (const run of runs) {
      const counts = run.counts as Record<string, { fetched?: number; stored?: number; rejected?: number; deleted?: number }>;
      const stored = Object.values(counts).reduce((sum, c) => sum + (c.stored ?? 0), 0);
      console.log(`user ${run.userId}: ${run.status}, ${stored} records stored, ${run.apiCalls} AccessLink calls, ${run.durationMs ?? 0} ms`);
    }
    if (runs.length === 0) console.log('no connected users to sync');
    if (runs.some((run) => run.status === 'FAILED')) process.exitCode = 1;
  } finally {
    await service.close();
    await pubsub.close();
    await db.close();
  }
}

async function demo(args: string[]): Promise<void> {
  const { runDemoCommand } = await import('./demo/index.js');
  await runDemoCommand(args);
}

async function simulator(args: string[]): Promise<void> {
  const { runSimulatorCommand } = await import('./simulator/index.js');
  await runSimulatorCommand(args);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrate();
    case 'keys':
      return keys(args);
    case 'simulator':
      return simulator(args);
    case 'sync':
      return sync(args);
    case 'demo':
      return demo(args);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`polar-flow-server: configuration error: ${error.message}`);
    process.exit(78);
  }
  if (error instanceof UsageError || error instanceof RangeError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`polar-flow-server: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(64);
  }
  if (error instanceof MigrationError) {
    console.error(`polar-flow-server: migration error: ${error.message}`);
    process.exit(1);
  }
  console.error(`polar-flow-server: ${(error as Error).message ?? String(error)}`);
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') console.error(error);
  process.exit(1);
});
