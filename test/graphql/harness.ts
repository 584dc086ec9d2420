// Test harness: an in-memory PGlite database with migrations applied, a Prisma client whose driver
// adapter counts every SQL statement (as does the raw SQL runner beside it), and the app (createApp) around it, driven through
// `yoga.fetch` or app.handle without a port.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createApp, type App } from '../../src/app.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import type { SqlRunner } from '../../src/db/sql-runner.js';
import { loadEnv } from '../../src/env.js';
import { PrismaClient } from '../../src/generated/prisma/client.js';
import { createLogger } from '../../src/logger.js';
import { createAppPubSub, type AppPubSub } from '../../src/pubsub.js';
import type { SyncService } from '../../src/sync/service.js';

export const ADMIN_API_KEY = 'test-admin-key-0123456789abcdef';

export interface StatementRecorder {
  statements: string[];
  reset(): void;
}

type AnyFn = (...args: unknown[]) => unknown;

function counting<T extends object>(target: T, recorder: StatementRecorder): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'queryRaw' || property === 'executeRaw') {
        return (query: { sql: string }) => {
          recorder.statements.push(query.sql);
          return (value as AnyFn).call(object, query);
        };
      }
      if (property === 'startTransaction') {
        return async (...args: unknown[]) => counting((await (value as AnyFn).apply(object, args)) as object, recorder);
      }
      return (value as AnyFn).bind(object);
    },
  });
}

/** The raw SQL runner beside Prisma (db/client.ts); its statements are counted too (loaders use it). */
function pgliteRunner(pglite: PGlite, recorder: StatementRecorder): SqlRunner {
  const runner = (target: Pick<PGlite, 'exec' | 'query'>): Omit<SqlRunner, 'transaction'> => ({
    async exec(sql) {
      recorder.statements.push(sql);
      await target.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      recorder.statements.push(sql);
      return (await target.query<Row>(sql, params)).rows;
    },
  });
  return { ...runner(pglite), transaction: (work) => pglite.transaction((tx) => work(runner(tx))) };
}

export interface TestServer {
  app: App;
  db: Database;
  prisma: PrismaClient;
  pubsub: AppPubSub;
  recorder: StatementRecorder;
  adminKey: string;
  /** POST a GraphQL request through yoga.fetch. */
  gql<T = Record<string, unknown>>(query: string, options?: { variables?: Record<string, unknown>; key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> } }>;
  close(): Promise<void>;
}

export async function createTestServer(options: { sync?: SyncService } = {}): Promise<TestServer> {
  const pglite = await PGlite.create();
  const recorder: StatementRecorder = {
    statements: [],
    reset() {
      this.statements.length = 0;
    },
  };
  const sql = pgliteRunner(pglite, recorder);
  await applyMigrations(sql);
  const inner = new PrismaPGlite(pglite);
  const adapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => counting(await inner.connect(), recorder),
  };
  const prisma = new PrismaClient({ adapter: adapter as unknown as PrismaPGlite });
  const db: Database = {
    prisma,
    sql,
    backend: 'pglite',
    location: 'memory://',
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
  const env = loadEnv({ ADMIN_API_KEY, LOG_LEVEL: 'silent' });
  const { pubsub, close: closePubsub } = await createAppPubSub();
  const app = createApp({ db, env, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), pubsub, ...(options.sync ? { sync: options.sync } : {}) });
  const admin = await createApiKey(prisma, { admin: true, name: 'test admin' });
  return {
    app,
    db,
    prisma,
    pubsub,
    recorder,
    adminKey: admin.key,
    async gql(query, { variables, key, headers } = {}) {
      const response = await app.graphql.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async close() {
      await app.close();
      await closePubsub();
      // Let fire-and-forget writes (lastUsedAt) settle before the database goes away.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await db.close();
    },
  };
}
