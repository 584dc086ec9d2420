// The sync engine: `createSyncService` wires the runner, connection flow, webhook intake and the
// durable scheduler behind the SyncService interface (service.ts), plus `syncAll` for the CLI.
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import type { SyncRun, SyncTrigger } from '../generated/prisma/client.js';
import type { AppPubSub } from '../pubsub.js';
import { RequestBudget } from './budget.js';
import { completeConnection, disconnect, startConnection, type ConnectionDeps } from './connection.js';
import { SyncEngine } from './engine.js';
import { DEFAULT_RETRY_POLICY, PolarGateway, type RetryPolicy } from './gateway.js';
import { Scheduler } from './scheduler.js';
import { SyncUnavailableError, type SyncService, type TriggerSyncInput } from './service.js';
import { createTokenCipher, type TokenCipher } from './token-crypto.js';
import type { CadenceOptions } from './cadence.js';
import { handleWebhook } from './webhook.js';

export * from './service.js';
export { ConnectionError, HEALTH_TABLES, OAUTH_CALLBACK_PATH, redirectUri, type ConnectionErrorCode } from './connection.js';
export { handleOAuthCallbackRequest, handleWebhookRequest } from './http.js';
export { createTokenCipher, createTokenCipherFromKey, parseEncryptionKey, type TokenCipher } from './token-crypto.js';
export { RequestBudget } from './budget.js';
export { targetOf } from './webhook.js';
export { POLL_CLASS, DEFAULT_CADENCE, type CadenceOptions, type PollClass } from './cadence.js';
export * as transforms from './transforms/index.js';

export interface SyncTuning {
  /** Users synced at once. Default SYNC_CONCURRENCY. */
  concurrency: number;
  /** Days re-read before the watermark on incremental syncs. Default 7. */
  overlapDays: number;
  /** Per AccessLink request (headers and body). Default 30 s. */
  requestTimeoutMs: number;
  retry: Partial<RetryPolicy>;
  /** How often the scheduler looks for due connections. Default 30 s. */
  schedulerTickMs: number;
  /** Recover orphaned runs and start the scheduler right away. Default true. */
  autoStart: boolean;
  /** Longest explicit from..to range accepted (days). Default 366. */
  maxRangeDays: number;
  /** Scheduled runs skip types synced successfully within this many minutes. Default 360 (6 h). */
  scheduledMinRepollMinutes: number;
  /**
   * Lease of a QUEUED/RUNNING run (ms): renewed every third of it while the process lives; another
   * process recovers the run only after it expired. Default 60 s.
   */
  leaseMs: number;
  /** Poll cadence of slow and sparse types on scheduled runs (cadence.ts). */
  cadence: Partial<CadenceOptions>;
}

export interface CreateSyncServiceOptions {
  db: Database;
  env: Env;
  pubsub: AppPubSub;
  logger: Logger;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; "today" and instants come from it (tests pass the simulator's clock). */
  clock?: () => number;
  tuning?: Partial<SyncTuning>;
}

export interface SyncAllOptions {
  /** Only this user. */
  userId?: string;
  trigger?: SyncTrigger;
  types?: TriggerSyncInput['types'];
}

export interface SyncEngineService extends SyncService {
  /** Queues a run for every active connection (or one user) and waits for all of them. */
  syncAll(options?: SyncAllOptions): Promise<SyncRun[]>;
  /** Resolves once orphaned runs are recovered and the scheduler runs (with autoStart). */
  readonly ready: Promise<void>;
  /** Recovers orphaned runs and starts the scheduler (idempotent). */
  start(): Promise<void>;
  /** One scheduler pass now; returns the number of runs queued. */
  runScheduledSyncs(): Promise<number>;
  /** Waits until no run is queued or running. */
  idle(): Promise<void>;
  /** A webhook-style targeted trigger (types + dates or exercise ids). */
  triggerSync(input: TriggerSyncInput & { exerciseIds?: string[] }): Promise<SyncRun>;
  readonly budget: RequestBudget;
  readonly cipher: TokenCipher;
}

export function createSyncService(options: CreateSyncServiceOptions): SyncEngineService {
  const { db, env, pubsub, logger } = options;
  const clock = options.clock ?? Date.now;
  const tuning: SyncTuning = {
    concurrency: env.SYNC_CONCURRENCY,
    overlapDays: 7,
    requestTimeoutMs: 30_000,
    retry: {},
    schedulerTickMs: 30_000,
    autoStart: true,
    maxRangeDays: 366,
    scheduledMinRepollMinutes: 360,
    leaseMs: 60_000,
    cadence: {},
    ...options.tuning,
  };
  const cipher = createTokenCipher(env);
  const budget = new RequestBudget();
  const gateway = new PolarGateway(
    { apiBaseUrl: env.POLAR_API_BASE_URL, ...(options.fetch ? { fetch: options.fetch } : {}), timeoutMs: tuning.requestTimeoutMs },
    budget,
    { ...DEFAULT_RETRY_POLICY, ...tuning.retry },
  );
  const engine = new SyncEngine({
    db,
    pubsub,
    logger,
    gateway,
    cipher,
    clock,
    options: {
      concurrency: tuning.concurrency,
      overlapDays: tuning.overlapDays,
      maxRangeDays: tuning.maxRangeDays,
      scheduledMinRepollMs: tuning.scheduledMinRepollMinutes * 60_000,
      leaseMs: tuning.leaseMs,
      cadence: tuning.cadence,
    },
  });
  const connectionDeps: ConnectionDeps = {
    db,
    env,
    logger,
    gateway,
    cipher,
    engine,
    clock,
    requestTimeoutMs: tuning.requestTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const scheduler = new Scheduler({ db, engine, logger, clock, intervalMinutes: env.SYNC_INTERVAL_MINUTES, tickMs: tuning.schedulerTickMs });

  let started: Promise<void> | null = null;
  const start = () => {
    started ??= (async () => {
      await engine.recover();
      scheduler.start();
    })();
    return started;
  };
  const ready = tuning.autoStart ? start() : Promise.resolve();
  ready.catch((error: unknown) => logger.error({ err: error }, 'sync: start-up failed'));

  return {
    ready,
    start,
    budget,
    cipher,
    triggerSync: (input) => engine.trigger(input),
    waitForRun: (runId) => engine.waitForRun(runId),
    startConnection: (userId) => startConnection(connectionDeps, userId),
    completeConnection: (input) => completeConnection(connectionDeps, input),
    disconnect: (userId, opts) => disconnect(connectionDeps, userId, opts),
    handleWebhook: (request) => handleWebhook({ db, env, logger, engine }, request),
    runScheduledSyncs: () => scheduler.tick(),
    idle: () => engine.idle(),
    async syncAll(opts = {}) {
      const connections = await db.prisma.polarConnection.findMany({
        where: { status: 'ACTIVE', encryptedToken: { not: null }, ...(opts.userId ? { userId: opts.userId } : {}) },
        select: { userId: true },
      });
      if (opts.userId && connections.length === 0) throw new SyncUnavailableError('NOT_CONNECTED', `user ${opts.userId} has no active Polar connection`);
      const runs = await Promise.all(
        connections.map((c) => engine.trigger({ userId: c.userId, trigger: opts.trigger ?? 'CLI', ...(opts.types ? { types: opts.types } : {}) })),
      );
      return Promise.all([...new Set(runs.map((r) => r.id))].map((id) => engine.waitForRun(id)));
    },
    async close() {
      scheduler.stop();
      await started?.catch(() => undefined);
      await engine.close();
    },
  };
}
