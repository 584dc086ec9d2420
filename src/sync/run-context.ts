// What a per-type step sees while a run executes: the user's token, "today", its watermark, a
// metered AccessLink call, batch validation + transform with rejections, and an all-or-nothing
// commit (upserts, reconciliation deletes, rejected records and the watermark in one transaction).
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SqlRunner } from '../db/sql-runner.js';
import { bulkInsert, bulkUpsert, type Row } from '../db/upsert.js';
import type { AccessLinkClient, BatchResult } from '../polar/index.js';
import { dateColumn, type IsoDate } from './dates.js';
import type { PolarGateway } from './gateway.js';
import type { SyncDataType } from './service.js';
import { TransformError, type Transform } from './transforms/index.js';

export interface TypeCounts {
  fetched: number;
  stored: number;
  rejected: number;
  deleted: number;
  apiCalls: number;
  /** Rows actually inserted or changed (stored ones that were identical are not rewritten). */
  changed: number;
  error?: { code: string; message: string; retryable: boolean } | null;
  mode?: 'backfill' | 'incremental' | 'range';
}

export interface Watermark {
  lastDate: IsoDate | null;
  lastSuccessAt: Date | null;
  /** When a poll last returned a record of this type (poll cadence). */
  lastDataAt?: Date | null;
  cursor: unknown;
}

export interface RunRequest {
  /** All types when null. */
  types: Set<SyncDataType> | null;
  range: { from: IsoDate; to: IsoDate } | null;
  exerciseIds: Set<string>;
}

export interface Rejection {
  raw: unknown;
  reason: string;
}

export type Tx = Omit<SqlRunner, 'transaction'>;

export interface Writer {
  readonly tx: Tx;
  upsert(transform: Transform<never, Row>, rows: Row[]): Promise<void>;
  /**
   * Deletes the user's rows of `transform`'s table whose `date` is within [from, to] and whose
   * natural key is not in `keep` (records Polar no longer has inside a complete window).
   */
  reconcileDates(transform: Transform<never, Row>, from: IsoDate, to: IsoDate, keep: Set<string>): Promise<number>;
}

export interface CommitOptions {
  rejected?: Rejection[];
  /** Written in the same transaction. `lastDate` undefined keeps the current one. */
  watermark?: { lastDate?: IsoDate | null; cursor?: unknown; success: boolean };
}

export class RunAbortedError extends Error {
  override readonly name = 'RunAbortedError';
}

export class RunContext {
  readonly counts = new Map<SyncDataType, TypeCounts>();
  apiCalls = 0;
  private current: SyncDataType | null = null;

  constructor(
    readonly deps: { db: Database; gateway: PolarGateway; logger: Logger; onProgress: (type: SyncDataType, counts: TypeCounts) => void },
    readonly runId: string,
    readonly userId: string,
    readonly token: string,
    readonly nowMs: number,
    readonly today: IsoDate,
    readonly request: RunRequest,
    readonly watermarks: Map<string, Watermark>,
    readonly signal: AbortSignal,
  ) {}

  get client(): AccessLinkClient {
    return this.deps.gateway.client;
  }

  begin(type: SyncDataType): TypeCounts {
    this.current = type;
    const counts: TypeCounts = { fetched: 0, stored: 0, rejected: 0, deleted: 0, apiCalls: 0, changed: 0, error: null };
    this.counts.set(type, counts);
    return counts;
  }

  countsOf(type: SyncDataType): TypeCounts {
    return this.counts.get(type) ?? this.begin(type);
  }

  /** A metered AccessLink call (budget, retries) charged to the current type. */
  async call<T>(fn: (client: AccessLinkClient, token: string, signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    if (this.signal.aborted) throw new RunAbortedError('run aborted');
    const type = this.current;
    return this.deps.gateway.call((client, signal) => fn(client, this.token, signal), {
      signal: this.signal,
      onAttempt: () => {
        this.apiCalls++;
        if (type) this.countsOf(type).apiCalls++;
      },
    });
  }

  /**
   * A list call whose records failed validation is asked again (up to `refetches` times): a corrupted
   * record is usually a transient fault. The answer with the fewest rejections wins.
   */
  async callList<T>(fn: (client: AccessLinkClient, token: string, signal: AbortSignal | undefined) => Promise<BatchResult<T>>, refetches = 2): Promise<BatchResult<T>> {
    let best = await this.call(fn);
    for (let i = 0; i < refetches && best.rejected.length > 0; i++) {
      const again = await this.call(fn);
      if (again.rejected.length < best.rejected.length) best = again;
    }
    return best;
  }

  /** Transforms validated payloads into rows; records that cannot be stored become rejections. */
  transform<P>(type: SyncDataType, transform: Transform<P, Row>, payloads: readonly P[], rejected: readonly Rejection[] = []): { rows: Row[]; rejected: Rejection[] } {
    const rows: Row[] = [];
    const out: Rejection[] = [...rejected];
    for (const payload of payloads) {
      try {
        rows.push(transform.toRow(payload, this.userId));
      } catch (error) {
        if (!(error instanceof TransformError)) throw error;
        out.push({ raw: payload, reason: error.message });
      }
    }
    const counts = this.countsOf(type);
    counts.fetched += payloads.length + rejected.length;
    return { rows, rejected: out };
  }

  watermark(type: SyncDataType): Watermark | null {
    return this.watermarks.get(type) ?? null;
  }

  /** One transaction: the step's writes, its rejected records, its watermark. */
  async commit(type: SyncDataType, work: (writer: Writer) => Promise<void>, options: CommitOptions = {}): Promise<void> {
    if (this.signal.aborted) throw new RunAbortedError('run aborted');
    const counts = this.countsOf(type);
    const userId = this.userId;
    const delta = { stored: 0, changed: 0, deleted: 0, rejected: 0 };
    await this.deps.db.sql.transaction(async (tx) => {
      const writer: Writer = {
        tx,
        async upsert(transform, rows) {
          if (rows.length === 0) return;
          const result = await bulkUpsert(tx, transform.table, rows);
          delta.stored += result.written;
          delta.changed += result.inserted + result.updated;
        },
        async reconcileDates(transform, from, to, keep) {
          if (from > to) return 0;
          const table = transform.table.table;
          // Only the id and the natural key (keyOf reads the key columns): never the payloads.
          const keyColumns = transform.table.conflict.filter((c) => c !== 'userId').map((c) => `"${c}"`);
          const existing = await tx.query<Row & { id: string }>(
            `SELECT "id", ${keyColumns.join(', ')} FROM "${table}" WHERE "userId" = $1 AND "date" BETWEEN $2::date AND $3::date`,
            [userId, from, to],
          );
          const doomed = existing.filter((row) => !keep.has(transform.keyOf(row))).map((row) => row.id);
          if (doomed.length === 0) return 0;
          await tx.query(`DELETE FROM "${table}" WHERE "userId" = $1 AND "id" = ANY($2::uuid[])`, [userId, doomed]);
          delta.deleted += doomed.length;
          return doomed.length;
        },
      };
      const deletedBefore = counts.deleted;
      await work(writer);
      if (delta.changed + delta.deleted > 0 || counts.deleted > deletedBefore) {
        await tx.query('UPDATE "User" SET "dataVersion" = "dataVersion" + 1 WHERE "id" = $1', [userId]);
      }
      const rejected = options.rejected ?? [];
      if (rejected.length > 0) {
        await bulkInsert(
          tx,
          'RejectedRecord',
          { userId: 'uuid', syncRunId: 'uuid', dataType: 'text', reason: 'text', raw: 'jsonb' },
          rejected.map((r) => ({ userId, syncRunId: this.runId, dataType: type, reason: r.reason.slice(0, 2000), raw: r.raw ?? null })),
        );
        delta.rejected += rejected.length;
      }
      const dataSeen = counts.fetched > 0;
      if (options.watermark) await writeWatermark(tx, userId, type, options.watermark, new Date(this.nowMs), dataSeen);
      else if (dataSeen) {
        await tx.query(
          `INSERT INTO "SyncWatermark" ("userId", "dataType", "lastDataAt") VALUES ($1, $2, $3::timestamptz)
           ON CONFLICT ("userId", "dataType") DO UPDATE SET "lastDataAt" = EXCLUDED."lastDataAt"`,
          [userId, type, new Date(this.nowMs).toISOString()],
        );
      }
    });
    counts.stored += delta.stored;
    counts.changed += delta.changed;
    counts.deleted += delta.deleted;
    counts.rejected += delta.rejected;
    this.deps.onProgress(type, counts);
  }

  /** Reconciliation by an arbitrary key column (exercises), inside a writer transaction. */
  static async deleteByIds(tx: Tx, table: string, userId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    await tx.query(`DELETE FROM "${table}" WHERE "userId" = $1 AND "id" = ANY($2::uuid[])`, [userId, ids]);
    return ids.length;
  }
}

async function writeWatermark(
  tx: Tx,
  userId: string,
  type: SyncDataType,
  mark: { lastDate?: IsoDate | null; cursor?: unknown; success: boolean },
  now: Date,
  dataSeen: boolean,
): Promise<void> {
  const lastDate = mark.lastDate === undefined ? undefined : mark.lastDate === null ? null : dateColumn(mark.lastDate).toISOString().slice(0, 10);
  await tx.query(
    `INSERT INTO "SyncWatermark" ("userId", "dataType", "lastDate", "lastSyncedAt", "lastSuccessAt", "cursor", "lastDataAt")
     VALUES ($1, $2, $3::date, $4::timestamptz, CASE WHEN $5::boolean THEN $4::timestamptz END, $6::jsonb, CASE WHEN $9::boolean THEN $4::timestamptz END)
     ON CONFLICT ("userId", "dataType") DO UPDATE SET
       "lastDate" = CASE WHEN $7::boolean THEN EXCLUDED."lastDate" ELSE "SyncWatermark"."lastDate" END,
       "lastSyncedAt" = EXCLUDED."lastSyncedAt",
       "lastSuccessAt" = COALESCE(EXCLUDED."lastSuccessAt", "SyncWatermark"."lastSuccessAt"),
       "lastDataAt" = COALESCE(EXCLUDED."lastDataAt", "SyncWatermark"."lastDataAt"),
       "cursor" = CASE WHEN $8::boolean THEN EXCLUDED."cursor" ELSE "SyncWatermark"."cursor" END`,
    [
      userId,
      type,
      lastDate ?? null,
      now.toISOString(),
      mark.success,
      mark.cursor === undefined || mark.cursor === null ? null : JSON.stringify(mark.cursor),
      lastDate !== undefined,
      mark.cursor !== undefined,
      dataSeen,
    ],
  );
}
