// The runner: a p-queue with bounded concurrency where each user has at most one run executing and
// one waiting (later triggers coalesce into the waiting one). Every run is a SyncRun row; progress
// is published on `sync:progress`. Runs left RUNNING/QUEUED by a dead process are recovered at start.
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
}

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

  constructor(private readonly deps: EngineDeps) {
    this.queue = new PQueue({ concurrency: deps.options.concurrency });
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
    const run = existingRunId
      ? await this.prisma.syncRun.update({ where: { id: existingRunId }, data: this.requestColumns(request) })
      : await this.prisma.syncRun.create({ data: { userId, trigger, status: 'QUEUED', ...this.requestColumns(request), queuedAt: this.now() } });
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
    const userId = handle.userId;
    try {
      // Claim: QUEUED → RUNNING only if no other run of this user is running (another process).
      const claimed = await db.sql.query<{ id: string }>(
        `UPDATE "SyncRun" SET "status" = 'RUNNING', "startedAt" = $2::timestamptz
         WHERE "id" = $1 AND "status" = 'QUEUED'
           AND NOT EXISTS (SELECT 1 FROM "SyncRun" o WHERE o."userId" = $3 AND o."status" = 'RUNNING' AND o."id" <> $1)
         RETURNING "id"`,
        [handle.id, started.toISOString(), userId],
      );
      if (claimed.length === 0) {
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
        marks.map((m) => [m.dataType, { lastDate: m.lastDate ? toIsoDate(m.lastDate) : null, lastSuccessAt: m.lastSuccessAt, cursor: m.cursor }]),
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
      let succeededTypes = 0;
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
          await this.saveProgress(handle.id, ctx).catch(() => undefined);
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
        run = await this.prisma.syncRun.update({
          where: { id: handle.id },
          data: {
            status,
            finishedAt: finished,
            durationMs,
            apiCalls: ctx?.apiCalls ?? 0,
            counts: ctx ? countsJson(ctx) : {},
            errors: errors.map((e) => ({ ...e })),
          },
        });
      } catch (error) {
        logger.error({ err: error, runId: handle.id }, 'sync: could not record the run result');
        run = (await this.prisma.syncRun.findUnique({ where: { id: handle.id } }).catch(() => null)) ?? ({ id: handle.id, status } as SyncRun);
      }
      this.publish(userId, {
        kind: 'RUN_FINISHED',
        runId: handle.id,
        userId,
        status,
        apiCalls: ctx?.apiCalls ?? 0,
        durationMs,
        at: finished.toISOString(),
      });
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
    await this.prisma.syncRun.update({ where: { id: runId }, data: { apiCalls: ctx.apiCalls, counts: countsJson(ctx) } });
  }

  private async markConnection(userId: string, error: PolarAuthError | PolarConsentError): Promise<void> {
    const status = error instanceof PolarAuthError ? 'NEEDS_REAUTHORIZATION' : 'NEEDS_CONSENT';
    await this.prisma.polarConnection.update({
      where: { userId },
      data: { status, statusReason: error.message.slice(0, 500) },
    });
    this.deps.logger.warn({ userId, status }, 'sync: Polar refused the user token; connection needs the user');
  }

  /** At start: RUNNING runs of a dead process are failed and re-queued; QUEUED runs are resumed. */
  async recover(): Promise<{ failed: number; resumed: number }> {
    const orphans = await this.prisma.syncRun.findMany({
      where: { status: { in: ['RUNNING', 'QUEUED'] }, id: { notIn: [...this.handles.keys()] } },
      orderBy: { queuedAt: 'asc' },
    });
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
    return { failed, resumed };
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
