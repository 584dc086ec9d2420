// Starts the server process: open the database, apply pending migrations, listen on PORT.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app.js';
import { openDatabase, type Database } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { ConfigError, publicUrl, type Env } from './env.js';
import { attachGraphQLWebSocket } from './graphql/websocket.js';
import { createLogger, type Logger } from './logger.js';
import { createAppPubSub, type AppPubSub } from './pubsub.js';
import { createSyncService, type SyncEngineService, type SyncTuning } from './sync/index.js';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  app: App;
  server: Server;
  logger: Logger;
  pubsub: AppPubSub;
  /** The sync engine; undefined when POLAR_CLIENT_ID / POLAR_CLIENT_SECRET are not configured. */
  sync: SyncEngineService | undefined;
  close(): Promise<void>;
}

export interface StartServerOptions {
  port?: number;
  logger?: Logger;
  /** "Now" for the sync engine (the demo and tests follow the simulator's clock). */
  syncClock?: () => number;
  syncTuning?: Partial<SyncTuning>;
}

export async function startServer(env: Env, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const db = await openDatabase(env);
  try {
    const { applied } = await applyMigrations(db.sql);
    if (applied.length > 0) logger.info({ applied }, 'applied database migrations');
  } catch (error) {
    await db.close();
    throw error;
  }
  const pubsub = await createAppPubSub({ redisUrl: env.REDIS_URL, onError: (error) => logger.error({ err: error }, 'redis pub/sub error') });
  const sync =
    env.POLAR_CLIENT_ID && env.POLAR_CLIENT_SECRET
      ? createSyncService({
          db,
          env,
          pubsub: pubsub.pubsub,
          logger,
          ...(options.syncClock ? { clock: options.syncClock } : {}),
          ...(options.syncTuning ? { tuning: options.syncTuning } : {}),
        })
      : undefined;
  if (!sync) logger.warn('POLAR_CLIENT_ID / POLAR_CLIENT_SECRET are not set: Polar connections and sync are disabled');
  const app = createApp({ db, env, logger, pubsub: pubsub.pubsub, sync });
  const server = createServer((request, response) => app.handle(request, response));
  const graphqlWebSocket = attachGraphQLWebSocket(server, app.graphql);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? env.PORT, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await graphqlWebSocket.close();
    await sync?.close();
    await app.close();
    await pubsub.close();
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new ConfigError('PORT', `cannot listen on port ${options.port ?? env.PORT} (${code}); choose another PORT`);
    }
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = publicUrl(env, port);
  logger.info({ url, database: db.backend, location: db.location }, 'polar-flow-server listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    db,
    app,
    server,
    logger,
    pubsub: pubsub.pubsub,
    sync,
    close() {
      closing ??= (async () => {
        await graphqlWebSocket.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await sync?.close();
        await app.close();
        await pubsub.close();
        await db.close();
      })();
      return closing;
    },
  };
}
