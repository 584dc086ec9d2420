// The HTTP surface of the server as one request handler, so tests can drive it without a port
// and server.ts only listens. Each route delegates to the module that owns it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from './db/client.js';
import { migrationState, readMigrations } from './db/migrate.js';
import { ConfigError, type Env } from './env.js';
import { loadPersistedDocuments } from './graphql/plugins/persisted-documents.js';
import { createGraphQLServer, GRAPHQL_PATH, type GraphQLServer } from './graphql/yoga.js';
import type { Logger } from './logger.js';
import type { AppPubSub } from './pubsub.js';
import { handleOAuthCallbackRequest, handleWebhookRequest } from './sync/http.js';
import type { SyncService } from './sync/service.js';
import { packageVersion } from './version.js';

export interface AppDeps {
  db: Database;
  env: Env;
  logger: Logger;
  pubsub: AppPubSub;
  /** The sync engine; without it the sync mutations answer SyncUnavailableError(NOT_CONFIGURED). */
  sync?: SyncService | undefined;
}

export interface App {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** The GraphQL server (HTTP + SSE); server.ts attaches the WebSocket transport to it. */
  graphql: GraphQLServer;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function persistedDocumentsFrom(path: string) {
  try {
    return loadPersistedDocuments(path);
  } catch (error) {
    throw new ConfigError('PERSISTED_DOCUMENTS', (error as Error).message);
  }
}

export function createApp(deps: AppDeps): App {
  const startedAt = Date.now();
  // Read and hashed once: /health is polled, and the files cannot change under a running process.
  const migrationFiles = readMigrations();
  const graphql = createGraphQLServer({
    prisma: deps.db.prisma,
    sql: deps.db.sql,
    pubsub: deps.pubsub,
    sync: deps.sync,
    adminApiKey: deps.env.ADMIN_API_KEY,
    analyticsCacheEntries: deps.env.ANALYTICS_CACHE_ENTRIES,
    logger: deps.logger,
    persistedDocuments: deps.env.PERSISTED_DOCUMENTS ? persistedDocumentsFrom(deps.env.PERSISTED_DOCUMENTS) : undefined,
  });

  async function health(response: ServerResponse): Promise<void> {
    try {
      const migrations = await migrationState(deps.db.sql, migrationFiles);
      const ok = migrations.pending.length === 0;
      sendJson(response, ok ? 200 : 503, {
        status: ok ? 'ok' : 'migrations-pending',
        version: packageVersion(),
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        database: {
          backend: deps.db.backend,
          location: deps.db.location,
          migrations: {
            applied: migrations.applied.length,
            pending: migrations.pending,
            latest: migrations.latest,
            modified: migrations.modified,
          },
        },
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'health check failed');
      sendJson(response, 503, { status: 'database-unavailable', database: { backend: deps.db.backend } });
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/health' && (request.method === 'GET' || request.method === 'HEAD')) return health(response);
    if (url.pathname === GRAPHQL_PATH) return graphql.requestListener(request, response);
    if (url.pathname === '/oauth/polar/callback' && request.method === 'GET') {
      if (!deps.sync) return sendJson(response, 503, { error: 'POLAR_NOT_CONFIGURED', message: 'set POLAR_CLIENT_ID and POLAR_CLIENT_SECRET to connect Polar accounts' });
      return handleOAuthCallbackRequest(deps.sync, request, response);
    }
    if (url.pathname === '/webhooks/polar' && request.method === 'POST') {
      if (!deps.sync) return sendJson(response, 503, { error: 'POLAR_NOT_CONFIGURED', message: 'set POLAR_CLIENT_ID and POLAR_CLIENT_SECRET to receive Polar webhooks' });
      return handleWebhookRequest(deps.sync, request, response);
    }
    sendJson(response, 404, { error: 'NOT_FOUND', message: `no route for ${request.method} ${url.pathname}` });
  }

  return {
    graphql,
    handle(request, response) {
      route(request, response).catch((error: unknown) => {
        deps.logger.error({ err: error, url: request.url }, 'request failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' });
        else response.destroy();
      });
    },
    async close() {},
  };
}
