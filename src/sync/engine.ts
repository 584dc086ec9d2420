// The runner: a p-queue with bounded concurrency where each user has at most one run executing and
// one waiting (later triggers coalesce into the waiting one). Every run is a SyncRun row; progress
// is published on `sync:progress`.
//
// Several server processes may share one PostgreSQL database. Each engine instance holds a lease on
// the QUEUED/RUNNING runs it owns (`leaseOwner`, `leaseExpiresAt`, renewed by a heartbeat every
// leaseMs/3). Only runs whose lease expired (their process died) are recovered — at start and then
// periodically by every live process — and recovery claims them with one conditional UPDATE, so two
// processes never both take one. Claiming a QUEUED run for execution is serialised per user with a
// transaction-scoped advisory lock. Lease instants use the real wall clock of the writing process
// (never the injected sync clock), so hosts' clocks must agree to well within leaseMs − leaseMs/3.
// The embedded PGlite data directory is single-process, so there every orphan is recovered at start.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SyncRun, SyncTrigger } from '../generated/prisma/client.js';
import { PolarAuthError, PolarConsentError, PolarError } from '../polar/index.js';
import type { AppPubSub, SyncProgressEvent } from '../pubsub.js';
import { addDays, isIsoDate, toIsoDate, type IsoDate } from './dates.js';
import { isFatalForUser, type PolarGateway } from './gateway.js';
import { RunAbortedError, RunContext, type RunRequest, type TypeCounts, type Watermark } from './run-context.js';
import { SYNC_DATA_TYPES, SyncUnavailableError, type SyncDataType, type TriggerSyncInput } from './service.js';
import { planSteps, type StepOptions } from './steps.js';
import { DEFAULT_CADENCE, notDueTypes, type CadenceOptions } from './cadence.js';
import type { TokenCipher } from './token-crypto.js';

export interface EngineOptions extends StepOptions {
  concurrency: number;
  /** Longest explicit range accepted by triggerSync (days). */
  maxRangeDays: number;
  /**
   * Scheduled runs skip a type synced successfully less than this long ago (ms): the schedule is a
   * safety net beside webhooks, and Polar's daily budget is ~100 calls per user. 0 disables.
   */
  scheduledMinRepollMs: number;
  /** How long a run's lease lasts without renewal (ms); renewed every third of it. Default 60 s. */
  leaseMs?: number;
  /** Poll cadence of slow / sparse types on scheduled runs (see cadence.ts). */
  cadence?: Partial<CadenceOptions>;
}

/** Running runs write their progress counts to their row at most this often (ms). */
const PROGRESS_SAVE_MS = 2_000;

export interface RunError {
  type: SyncDataType | null;
  code: string;
  message: string;
  retryable: boolean;
}

interface RunHandle {
  id: string;
  userId: string;
  trigger: SyncTrigger;
  request: RunRequest;
  abort: AbortController;
  done: Promise<SyncRun>;
  resolve: (run: SyncRun) => void;
}

interface UserSlot {
  running: RunHandle | null;
  queued: RunHandle | null;
}

function mergeRequests(a: RunRequest, b: RunRequest): RunRequest {
  const types = a.types === null || b.types === null ? null : new Set([...a.types, ...b.types]);
  // A full (incremental) request covers targeted ones; two targeted ones widen to their union.
  const aFull = a.range === null && a.exerciseIds.size === 0;
  const bFull = b.range === null && b.exerciseIds.size === 0;
  if (aFull || bFull) return { types, range: null, exerciseIds: new Set() };
  const range =
    a.range && b.range
      ? { from: a.range.from < b.range.from ? a.range.from : b.range.from, to: a.range.to > b.range.to ? a.range.to : b.range.to }
      : (a.range ?? b.range);
  return { types, range, exerciseIds: new Set([...a.exerciseIds, ...b.exerciseIds]) };
}

export interface EngineDeps {
  db: Database;
  pubsub: AppPubSub;
  logger: Logger;
  gateway: PolarGateway;
  cipher: TokenCipher;
  clock: () => number;
  options: EngineOptions;
  /** Connection status changes on 401/403 (NEEDS_REAUTHORIZATION / NEEDS_CONSENT). */
}

export class SyncEngine {
  private readonly queue: PQueue;
  private readonly slots = new Map<string, UserSlot>();
  private readonly handles = new Map<string, RunHandle>();
  private closed = false;
  /** This engine instance (process) as a lease holder. */
  readonly leaseOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly leaseMs: number;
  private heartbeat: NodeJS.Timeout | null = null;
  private heartbeatRunning: Promise<void> | null = null;
  private recovering = false;
  private lastRecoveryAt = 0;

  constructor(private readonly deps: EngineDeps) {
    this.queue = new PQueue({ concurrency: deps.options.concurrency });
    this.leaseMs = deps.options.leaseMs ?? 60_000;
  }

  /** Lease expiry for a run taken or renewed now (real time). */
  leaseExpiry(): Date {
    return new Date(Date.now() + this.leaseMs);
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat || this.closed) return;
    this.heartbeat = setInterval(() => {
      if (this.heartbeatRunning) return;
      this.heartbeatRunning = this.beat()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'sync: lease heartbeat failed'))
        .finally(() => (this.heartbeatRunning = null));
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  /** Renews this instance's leases; aborts runs whose lease another process took; recovers expired ones. */
  private async beat(): Promise<void> {
    if (this.handles.size > 0) {
      const renewed = await this.deps.db.sql.query<{ id: string }>(
        `UPDATE "SyncRun" SET "leaseExpiresAt" = $2::timestamptz WHERE "leaseOwner" = $1 AND "status" IN ('QUEUED', 'RUNNING') RETURNING "id"`,
        [this.leaseOwner, this.leaseExpiry().toISOString()],
      );
      const held = new Set(renewed.map((r) => r.id));
      for (const handle of this.handles.values()) {
        const slot = this.slots.get(handle.userId);
        if (slot?.running === handle && !held.has(handle.id) && !handle.abort.signal.aborted) {
          // Checked once more: the run may just have finished.
          const row = await this.prisma.syncRun.findUnique({ where: { id: handle.id }, select: { status: true, leaseOwner: true } });
          if (row && row.leaseOwner !== this.leaseOwner) {
            this.deps.logger.warn({ runId: handle.id, owner: row.leaseOwner }, 'sync: lost the lease of a running run; stopping it');
            handle.abort.abort();
          }
        }
      }
    }
    if (this.lastRecoveryAt > 0 && this.deps.db.backend === 'postgresql' && Date.now() - this.lastRecoveryAt >= this.leaseMs && !this.closed) {
      await this.recover();
    }
  }

  private get prisma() {
    return this.deps.db.prisma;
  }

  private publish(userId: string, event: SyncProgressEvent): void {
    try {
      this.deps.pubsub.publish('sync:progress', userId, event);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'sync: publishing progress failed');
    }
  }

  private now(): Date {
    return new Date(this.deps.clock());
  }

  /** Validates the input into a run request (INVALID_RANGE on bad dates). */
  requestOf(input: TriggerSyncInput & { exerciseIds?: string[] }): RunRequest {
    const types = input.types && input.types.length > 0 ? new Set(input.types) : null;
    for (const t of types ?? []) {
      if (!(SYNC_DATA_TYPES as readonly string[]).includes(t)) throw new SyncUnavailableError('INVALID_RANGE', `unknown data type ${t}`);
    }
    let range: RunRequest['range'] = null;
    if (input.from !== undefined || input.to !== undefined) {
      const today = toIsoDate(this.deps.clock());
      const from = input.from ?? input.to!;
      const to = input.to ?? today;
      if (!isIsoDate(from) || !isIsoDate(to)) throw new SyncUnavailableError('INVALID_RANGE', 'from and to must be dates YYYY-MM-DD');
      if (from > to) throw new SyncUnavailableError('INVALID_RANGE', `from (${from}) is after to (${to})`);
      if (from < addDays(to, -(this.deps.options.maxRangeDays - 1)))
        throw new SyncUnavailableError('INVALID_RANGE', `range is longer than ${this.deps.options.maxRangeDays} days`);
      range = { from, to };
    }
    return { types, range, exerciseIds: new Set(input.exerciseIds ?? []) };
  }

  async trigger(input: TriggerSyncInput & { exerciseIds?: string[] }): Promise<SyncRun> {
    if (this.closed) throw new SyncUnavailableError('NOT_CONNECTED', 'the sync engine is shutting down');
    const request = this.requestOf(input);
    const connection = await this.prisma.polarConnection.findUnique({ where: { userId: input.userId } });
    if (!connection || connection.status === 'DISCONNECTED' || !connection.encryptedToken)
      throw new SyncUnavailableError('NOT_CONNECTED', 'the user has no Polar connection');
    if (connection.status === 'NEEDS_REAUTHORIZATION')
      throw new SyncUnavailableError('NEEDS_REAUTHORIZATION', 'Polar rejected the token; the user must connect Polar again');
    if (connection.status === 'NEEDS_CONSENT')
      throw new SyncUnavailableError('NEEDS_CONSENT', 'the user must accept Polar’s data-sharing consents');
    return this.enqueue(input.userId, input.trigger, request);
  }

  /** Adds a run for the user, or folds the request into the run already waiting. */
  async enqueue(userId: string, trigger: SyncTrigger, request: RunRequest, existingRunId?: string): Promise<SyncRun> {
    const slot = this.slots.get(userId) ?? { running: null, queued: null };
    this.slots.set(userId, slot);
    if (slot.queued) {
      const merged = mergeRequests(slot.queued.request, request);
      slot.queued.request = merged;
      const run = await this.prisma.syncRun.update({ where: { id: slot.queued.id }, data: this.requestColumns(merged) });
      if (existingRunId && existingRunId !== slot.queued.id) {
        await this.finishOrphan(existingRunId, 'COALESCED', `merged into run ${slot.queued.id}`);
      }
      return run;
    }
    const lease = { leaseOwner: this.leaseOwner, leaseExpiresAt: this.leaseExpiry() };
    const run = existingRunId
      ? await this.prisma.syncRun.update({ where: { id: existingRunId }, data: { ...this.requestColumns(request), ...lease } })
      : await this.prisma.syncRun.create({ data: { userId, trigger, status: 'QUEUED', ...this.requestColumns(request), queuedAt: this.now(), ...lease } });
    this.ensureHeartbeat();
    let resolve!: (run: SyncRun) => void;
    const done = new Promise<SyncRun>((r) => (resolve = r));
    const handle: RunHandle = { id: run.id, userId, trigger, request, abort: new AbortController(), done, resolve };
    this.handles.set(run.id, handle);
    slot.queued = handle;
    this.publish(userId, { kind: 'RUN_QUEUED', runId: run.id, userId, at: this.now().toISOString() });
    if (!slot.running) this.dispatch(userId);
    return run;
  }

  private requestColumns(request: RunRequest) {
    return {
      requestedTypes: request.types ? [...request.types] : [],
      rangeFrom: request.range ? new Date(`${request.range.from}T00:00:00Z`) : null,
      rangeTo: request.range ? new Date(`${request.range.to}T00:00:00Z`) : null,
    };
  }

  private dispatch(userId: string): void {
    const slot = this.slots.get(userId);
    if (!slot || slot.running || !slot.queued) return;
    const handle = slot.queued;
    slot.queued = null;
    slot.running = handle;
    void this.queue
      .add(() => this.execute(handle))
      .catch((error: unknown) => this.deps.logger.error({ err: error, runId: handle.id }, 'sync: run crashed'))
      .finally(() => {
        slot.running = null;
        if (slot.queued && !this.closed) this.dispatch(userId);
        else if (!slot.queued) this.slots.delete(userId);
      });
  }

  async waitForRun(runId: string): Promise<SyncRun> {
    const handle = this.handles.get(runId);
    if (handle) return handle.done;
    for (;;) {
      const run = await this.prisma.syncRun.findUnique({ where: { id: runId } });
      if (!run) throw new Error(`sync run ${runId} not found`);
      if (run.status === 'SUCCEEDED' || run.status === 'PARTIAL' || run.status === 'FAILED') return run;
      const again = this.handles.get(runId);
      if (again) return again.done;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Aborts the user's running run and drops the waiting one (disconnect). */
  async cancelUser(userId: string, reason: string): Promise<void> {
    const slot = this.slots.get(userId);
    if (!slot) return;
    const queued = slot.queued;
    slot.queued = null;
    if (queued) {
      const run = await this.finishOrphan(queued.id, 'CANCELLED', reason);
      this.handles.delete(queued.id);
      queued.resolve(run);
    }
    if (slot.running) {
      slot.running.abort.abort();
      await slot.running.done.catch(() => undefined);
    }
  }

  private async finishOrphan(runId: string, code: string, message: string): Promise<SyncRun> {
    const now = this.now();
    return this.prisma.syncRun.update({
      where: { id: runId },
      data: { status: 'FAILED', finishedAt: now, errors: [{ type: null, code, message, retryable: false }] },
    });
  }

  private async execute(handle: RunHandle): Promise<void> {
    const { db, logger } = this.deps;
    const started = this.now();
    const startedMono = performance.now();
    const errors: RunError[] = [];
    let ctx: RunContext | null = null;
    let status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED' = 'SUCCEEDED';
    let lostLease = false;
    const userId = handle.userId;
    try {
      // Claim: QUEUED → RUNNING only while this instance holds the run and no other run of this user
      // is running under a live lease (another process). The advisory lock makes the check-and-set
      // atomic across processes.
      const claimed = await db.sql.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`pfs-sync-user:${userId}`]);
        return tx.query<{ id: string }>(
          `UPDATE "SyncRun" SET "status" = 'RUNNING', "startedAt" = $2::timestamptz, "leaseExpiresAt" = $5::timestamptz
           WHERE "id" = $1 AND "status" = 'QUEUED' AND "leaseOwner" = $4
             AND NOT EXISTS (SELECT 1 FROM "SyncRun" o WHERE o."userId" = $3 AND o."status" = 'RUNNING' AND o."id" <> $1
                             AND (o."leaseExpiresAt" IS NULL OR o."leaseExpiresAt" > $6::timestamptz))
           RETURNING "id"`,
          [handle.id, started.toISOString(), userId, this.leaseOwner, this.leaseExpiry().toISOString(), new Date().toISOString()],
        );
      });
      if (claimed.length === 0) {
        const row = await this.prisma.syncRun.findUnique({ where: { id: handle.id }, select: { leaseOwner: true } });
        if (row && row.leaseOwner !== this.leaseOwner) {
          lostLease = true;
          return;
        }
        errors.push({ type: null, code: 'ALREADY_RUNNING', message: 'another sync of this user is running', retryable: true });
        status = 'FAILED';
        return;
      }
      this.publish(userId, { kind: 'RUN_STARTED', runId: handle.id, userId, at: started.toISOString() });
      const connection = await this.prisma.polarConnection.findUnique({ where: { userId } });
      if (!connection || connection.status !== 'ACTIVE' || !connection.encryptedToken) {
        errors.push({
          type: null,
          code: connection?.status === 'NEEDS_REAUTHORIZATION' || connection?.status === 'NEEDS_CONSENT' ? connection.status : 'NOT_CONNECTED',
          message: 'the Polar connection is not active',
          retryable: false,
        });
        status = 'FAILED';
        return;
      }
      const token = this.deps.cipher.decrypt(connection.encryptedToken, userId);
      const marks = await this.prisma.syncWatermark.findMany({ where: { userId } });
      const watermarks = new Map<string, Watermark>(
        marks.map((m) => [
          m.dataType,
          { lastDate: m.lastDate ? toIsoDate(m.lastDate) : null, lastSuccessAt: m.lastSuccessAt, lastDataAt: m.lastDataAt, cursor: m.cursor },
        ]),
      );
      const nowMs = this.deps.clock();
      ctx = new RunContext(
        {
          db,
          gateway: this.deps.gateway,
          logger,
          onProgress: (type, counts) => this.progress(handle, 'TYPE_PROGRESS', type, counts),
        },
        handle.id,
        userId,
        token,
        nowMs,
        toIsoDate(nowMs),
        handle.request,
        watermarks,
        handle.abort.signal,
      );
      const requested = new Set(handle.request.types ?? SYNC_DATA_TYPES);
      if (handle.trigger === 'SCHEDULE' && !handle.request.range && this.deps.options.scheduledMinRepollMs > 0) {
        for (const type of [...requested]) {
          const success = watermarks.get(type)?.lastSuccessAt;
          if (success && nowMs - success.getTime() < this.deps.options.scheduledMinRepollMs) requested.delete(type);
        }
      }
      if (handle.trigger === 'SCHEDULE' && !handle.request.range && handle.request.types === null) {
        // Slow and sparse types are polled every few days only (cadence.ts); webhooks and manual runs fetch them at once.
        const cadence = { ...DEFAULT_CADENCE, ...this.deps.options.cadence };
        for (const type of notDueTypes(requested, watermarks, ctx.today, cadence)) requested.delete(type);
      }
      let succeededTypes = 0;
      let lastSaved = startedMono;
      for (const plan of planSteps(requested)) {
        for (const type of plan.types) {
          ctx.begin(type);
          this.publish(userId, { kind: 'TYPE_STARTED', runId: handle.id, userId, dataType: type, at: this.now().toISOString() });
        }
        try {
          await plan.run(ctx, this.deps.options);
          succeededTypes++;
        } catch (error) {
          const first = plan.types[0]!;
          const typed = toRunError(first, error);
          for (const type of plan.types) ctx.countsOf(type).error = { code: typed.code, message: typed.message, retryable: typed.retryable };
          if (isFatalForUser(error)) {
            errors.push(typed);
            await this.markConnection(userId, error);
            status = 'FAILED';
            return;
          }
          if (error instanceof RunAbortedError || handle.abort.signal.aborted) {
            errors.push({ type: null, code: 'CANCELLED', message: 'the run was cancelled', retryable: false });
            status = 'FAILED';
            return;
          }
          logger.warn({ err: error, runId: handle.id, userId, type: first }, 'sync: data type failed');
          errors.push(typed);
        } finally {
          for (const type of plan.types) this.progress(handle, 'TYPE_FINISHED', type, ctx.countsOf(type));
          // The row's counts are for watching a long run (backfill); short runs write them once at the end.
          if (performance.now() - lastSaved >= PROGRESS_SAVE_MS) {
            lastSaved = performance.now();
            await this.saveProgress(handle.id, ctx).catch(() => undefined);
          }
        }
      }
      const rejected = [...ctx.counts.values()].some((c) => c.rejected > 0);
      status = errors.length === 0 ? (rejected ? 'PARTIAL' : 'SUCCEEDED') : succeededTypes > 0 ? 'PARTIAL' : 'FAILED';
    } catch (error) {
      logger.error({ err: error, runId: handle.id, userId }, 'sync: run failed');
      errors.push(toRunError(null, error));
      status = 'FAILED';
    } finally {
      const finished = this.now();
      const durationMs = Math.round(performance.now() - startedMono);
      let run: SyncRun;
      try {
        // Only while this instance still holds the run: a process that took it over owns its row now.
        const updated = lostLease
          ? { count: 0 }
          : await this.prisma.syncRun.updateMany({
              where: { id: handle.id, leaseOwner: this.leaseOwner },
              data: {
                status,
                finishedAt: finished,
                durationMs,
                apiCalls: ctx?.apiCalls ?? 0,
                counts: ctx ? countsJson(ctx) : {},
                errors: errors.map((e) => ({ ...e })),
              },
            });
        if (updated.count === 0) lostLease = true;
        run = (await this.prisma.syncRun.findUnique({ where: { id: handle.id } })) ?? ({ id: handle.id, status } as SyncRun);
      } catch (error) {
        logger.error({ err: error, runId: handle.id }, 'sync: could not record the run result');
        run = (await this.prisma.syncRun.findUnique({ where: { id: handle.id } }).catch(() => null)) ?? ({ id: handle.id, status } as SyncRun);
      }
      if (lostLease) {
        logger.warn({ runId: handle.id, owner: run.leaseOwner }, 'sync: another process took this run over; its result is theirs');
      } else {
        this.publish(userId, {
          kind: 'RUN_FINISHED',
          runId: handle.id,
          userId,
          status,
          apiCalls: ctx?.apiCalls ?? 0,
          durationMs,
          at: finished.toISOString(),
        });
      }
      this.handles.delete(handle.id);
      handle.resolve(run);
    }
  }

  private progress(handle: RunHandle, kind: 'TYPE_PROGRESS' | 'TYPE_FINISHED', type: SyncDataType, counts: TypeCounts): void {
    this.publish(handle.userId, {
      kind,
      runId: handle.id,
      userId: handle.userId,
      dataType: type,
      fetched: counts.fetched,
      stored: counts.stored,
      rejected: counts.rejected,
      deleted: counts.deleted,
      apiCalls: counts.apiCalls,
      error: counts.error ? { code: counts.error.code, message: counts.error.message } : null,
      at: this.now().toISOString(),
    });
  }

  private async saveProgress(runId: string, ctx: RunContext): Promise<void> {
    await this.prisma.syncRun.updateMany({ where: { id: runId, leaseOwner: this.leaseOwner }, data: { apiCalls: ctx.apiCalls, counts: countsJson(ctx) } });
  }

  private async markConnection(userId: string, error: PolarAuthError | PolarConsentError): Promise<void> {
    const status = error instanceof PolarAuthError ? 'NEEDS_REAUTHORIZATION' : 'NEEDS_CONSENT';
    await this.prisma.polarConnection.update({
      where: { userId },
      data: { status, statusReason: error.message.slice(0, 500) },
    });
    this.deps.logger.warn({ userId, status }, 'sync: Polar refused the user token; connection needs the user');
  }

  /**
   * RUNNING runs of a dead process are failed and re-queued; its QUEUED runs are resumed. On
   * PostgreSQL only runs whose lease expired are taken (a live peer keeps renewing its own); the
   * embedded PGlite directory is single-process, so at start every orphan is taken. Runs are claimed
   * with one conditional UPDATE, so two recovering processes never take the same run.
   */
  async recover(): Promise<{ failed: number; resumed: number }> {
    if (this.recovering || this.closed) return { failed: 0, resumed: 0 };
    this.recovering = true;
    try {
      const ignoreLeases = this.deps.db.backend === 'pglite' && this.lastRecoveryAt === 0;
      const nowIso = new Date().toISOString();
      const taken = await this.deps.db.sql.query<{ id: string }>(
        `UPDATE "SyncRun" SET "leaseOwner" = $1, "leaseExpiresAt" = $2::timestamptz
         WHERE "status" IN ('RUNNING', 'QUEUED') AND NOT ("id" = ANY($3::uuid[]))
           AND ($4::boolean OR "leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= $5::timestamptz)
         RETURNING "id"`,
        [this.leaseOwner, this.leaseExpiry().toISOString(), [...this.handles.keys()], ignoreLeases, nowIso],
      );
      this.lastRecoveryAt = Date.now();
      this.ensureHeartbeat();
      if (taken.length === 0) return { failed: 0, resumed: 0 };
      const orphans = await this.prisma.syncRun.findMany({ where: { id: { in: taken.map((t) => t.id) } }, orderBy: { queuedAt: 'asc' } });
      let failed = 0;
      let resumed = 0;
      for (const run of orphans) {
        const request: RunRequest = {
          types: run.requestedTypes.length > 0 ? new Set(run.requestedTypes as SyncDataType[]) : null,
          range: run.rangeFrom && run.rangeTo ? { from: toIsoDate(run.rangeFrom), to: toIsoDate(run.rangeTo) } : null,
          exerciseIds: new Set(),
        };
        const connection = await this.prisma.polarConnection.findUnique({ where: { userId: run.userId } });
        const active = connection?.status === 'ACTIVE' && !!connection.encryptedToken;
        if (run.status === 'RUNNING') {
          await this.finishOrphan(run.id, 'INTERRUPTED', 'the process running this sync stopped; a new run continues it');
          failed++;
          if (active) {
            await this.enqueue(run.userId, run.trigger, request);
            resumed++;
          }
        } else if (active) {
          await this.enqueue(run.userId, run.trigger, request, run.id);
          resumed++;
        } else {
          await this.finishOrphan(run.id, 'NOT_CONNECTED', 'the Polar connection is not active');
          failed++;
        }
      }
      if (failed + resumed > 0) this.deps.logger.info({ failed, resumed }, 'sync: recovered runs left by a stopped process');
      return { failed, resumed };
    } finally {
      this.recovering = false;
    }
  }

  /** Waits for every queued and running run. */
  async idle(): Promise<void> {
    while (this.handles.size > 0) {
      await Promise.all([...this.handles.values()].map((h) => h.done));
    }
    await this.queue.onIdle();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.heartbeatRunning;
    for (const [userId, slot] of this.slots) {
      if (slot.queued) await this.cancelUser(userId, 'server shutting down').catch(() => undefined);
    }
    await this.queue.onIdle();
  }
}

function toRunError(type: SyncDataType | null, error: unknown): RunError {
  if (error instanceof PolarError) return { type, code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof RunAbortedError) return { type, code: 'CANCELLED', message: error.message, retryable: false };
  const e = error instanceof Error ? error : new Error(String(error));
  return { type, code: e.name === 'Error' ? 'INTERNAL_ERROR' : e.name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), message: e.message, retryable: false };
}

function countsJson(ctx: RunContext): Record<string, Omit<TypeCounts, 'error'> & { error: TypeCounts['error'] }> {
  const out: Record<string, Omit<TypeCounts, 'error'> & { error: TypeCounts['error'] }> = {};
  for (const [type, c] of ctx.counts) out[type] = { ...c, error: c.error ?? null };
  return out;
}

export type { IsoDate };
