// Per-request GraphQL context: the authenticated viewer and per-request loaders. Authentication
// happens here, before execution: a key that is present but unknown or revoked is rejected with
// HTTP 401; no key gives `viewer: null`, which only introspection and `__typename` accept
// (see plugins/require-api-key.ts).
//
// The Prisma client is deliberately not on the Context type (it slows type checking, STYLE §4.3):
// the context carries an opaque handle and `prismaOf(ctx)` looks the client up.
import { GraphQLError } from './graphql.js';
import { hashApiKey, matchesSecret } from '../auth/api-keys.js';
import type { SqlRunner } from '../db/sql-runner.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { AppPubSub } from '../pubsub.js';
import type { SyncService } from '../sync/service.js';

export interface Viewer {
  /** The key's user; null for ADMIN_API_KEY and admin keys not tied to a user. */
  userId: string | null;
  isAdmin: boolean;
  /** The ApiKey row; null for ADMIN_API_KEY. */
  apiKeyId: string | null;
}

/** Everything resolvers need from the process, bound once per Yoga instance. */
export interface GraphQLDeps {
  prisma: PrismaClient;
  /**
   * Raw SQL on the same driver as `prisma` (db/client.ts), for the hot read paths: API-key lookup and
   * the health record loaders. Without it they go through Prisma (same results, more CPU).
   */
  sql?: Pick<SqlRunner, 'query'> | undefined;
  pubsub: AppPubSub;
  sync?: SyncService | undefined;
  adminApiKey?: string | undefined;
  /** Analytics computations kept across requests (modules/analytics/analytics.cache.ts); 0 disables. Default 32. */
  analyticsCacheEntries?: number | undefined;
}

/** Opaque: identifies a GraphQLDeps without putting its (large) type on the context. */
export interface DepsHandle {
  readonly __depsHandle: true;
}

export interface Context {
  readonly viewer: Viewer | null;
  readonly deps: DepsHandle;
  /** Per-request cache for loaders keyed by name (see loaders.ts). */
  readonly loaders: Map<string, unknown>;
}

const registry = new WeakMap<DepsHandle, GraphQLDeps>();

export function registerDeps(deps: GraphQLDeps): DepsHandle {
  const handle = Object.freeze({ __depsHandle: true as const });
  registry.set(handle, deps);
  return handle;
}

export function depsOf(ctx: Pick<Context, 'deps'>): GraphQLDeps {
  const deps = registry.get(ctx.deps);
  if (!deps) throw new Error('GraphQL context has no registered dependencies');
  return deps;
}

export function prismaOf(ctx: Pick<Context, 'deps'>): PrismaClient {
  return depsOf(ctx).prisma;
}

/**
 * One parameterised statement on the raw SQL runner (GraphQLDeps.sql), or through Prisma's raw API
 * when there is none: the loaders of the hot read paths (health records, analytics history).
 * `isoTimestamps`: see QueryOptions; timestamps may still arrive as Dates (Prisma, other runners).
 */
export function queryRows<Row>(ctx: Pick<Context, 'deps'>, sql: string, params: unknown[], options: { isoTimestamps?: boolean } = {}): Promise<Row[]> {
  const deps = depsOf(ctx);
  return deps.sql ? deps.sql.query<Row>(sql, params, { prepared: true, ...options }) : deps.prisma.$queryRawUnsafe<Row[]>(sql, ...params);
}

/** Reads the key from `Authorization: Bearer <key>` or `X-API-Key`; undefined when neither is sent. */
export function apiKeyFromHeaders(get: (name: string) => string | null | undefined): string | undefined {
  const authorization = get('authorization')?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match?.[1]) return match[1];
    throw unauthenticated('The Authorization header must be `Bearer <api key>`.');
  }
  const header = get('x-api-key')?.trim();
  return header ? header : undefined;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer realm="polar-flow-server"' } } },
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

interface KeyRecord {
  id: string;
  userId: string | null;
  isAdmin: boolean;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Resolves a presented key to its viewer, or throws a 401 GraphQLError. */
export async function authenticate(deps: GraphQLDeps, key: string | undefined): Promise<Viewer | null> {
  if (key === undefined) return null;
  if (deps.adminApiKey && matchesSecret(key, deps.adminApiKey)) return { userId: null, isAdmin: true, apiKeyId: null };
  const hash = hashApiKey(key);
  const record = deps.sql
    ? (await deps.sql.query<KeyRecord>('SELECT "id", "userId", "isAdmin", "revokedAt", "lastUsedAt" FROM "ApiKey" WHERE "hash" = $1', [hash], { prepared: true }))[0]
    : await deps.prisma.apiKey.findUnique({ where: { hash }, select: { id: true, userId: true, isAdmin: true, revokedAt: true, lastUsedAt: true } });
  if (!record || record.revokedAt !== null) throw unauthenticated('Unknown or revoked API key.');
  if (!record.isAdmin && record.userId === null) throw unauthenticated('This API key belongs to no user.');
  // lastUsedAt at one-minute resolution: at most one small write per key per minute, not awaited.
  const now = new Date();
  if (record.lastUsedAt === null || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    deps.prisma.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: now }, select: { id: true } }).catch(() => {});
  }
  return { userId: record.userId, isAdmin: record.isAdmin, apiKeyId: record.id };
}

export function createContext(handle: DepsHandle, viewer: Viewer | null): Context {
  return { viewer, deps: handle, loaders: new Map() };
}

/** Prisma `where` fragment restricting rows to what the viewer may read (nothing without a viewer). */
export function ownedBy(ctx: Pick<Context, 'viewer'>): { userId?: string | { in: string[] } } {
  if (ctx.viewer?.isAdmin) return {};
  if (ctx.viewer?.userId) return { userId: ctx.viewer.userId };
  return { userId: { in: [] } };
}

export function canReadUser(ctx: Pick<Context, 'viewer'>, userId: string): boolean {
  return ctx.viewer !== null && (ctx.viewer.isAdmin || ctx.viewer.userId === userId);
}
