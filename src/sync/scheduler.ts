// Durable schedule: every connection carries nextScheduledSyncAt. A tick claims the due ones with
// one UPDATE … WHERE nextScheduledSyncAt <= now RETURNING and creates their QUEUED runs in the same
// transaction, so a restart neither skips nor doubles a run and two processes never both take one.
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { SyncEngine } from './engine.js';

export interface SchedulerDeps {
  db: Database;
  engine: SyncEngine;
  logger: Logger;
  clock: () => number;
  intervalMinutes: number;
  tickMs: number;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    if (this.timer || this.deps.intervalMinutes <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.deps.logger.error({ err: error }, 'sync: scheduler tick failed')), this.deps.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Claims every due connection and queues its run; returns how many were claimed. */
  async tick(): Promise<number> {
    if (this.ticking) return this.ticking;
    this.ticking = this.claim().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async claim(): Promise<number> {
    if (this.deps.intervalMinutes <= 0) return 0;
    const now = new Date(this.deps.clock());
    const next = new Date(now.getTime() + this.deps.intervalMinutes * 60_000);
    const claimed = await this.deps.db.sql.transaction(async (tx) => {
      // Active connections that never had a schedule get one now.
      await tx.query(
        `UPDATE "PolarConnection" SET "nextScheduledSyncAt" = $1::timestamptz WHERE "status" = 'ACTIVE' AND "nextScheduledSyncAt" IS NULL`,
        [now.toISOString()],
      );
      const due = await tx.query<{ userId: string }>(
        `UPDATE "PolarConnection" SET "nextScheduledSyncAt" = $2::timestamptz, "updatedAt" = now()
         WHERE "status" = 'ACTIVE' AND "encryptedToken" IS NOT NULL AND "nextScheduledSyncAt" <= $1::timestamptz
         RETURNING "userId"`,
        [now.toISOString(), next.toISOString()],
      );
      if (due.length === 0) return [];
      return tx.query<{ id: string; userId: string }>(
        `INSERT INTO "SyncRun" ("userId", "trigger", "status", "requestedTypes", "queuedAt", "leaseOwner", "leaseExpiresAt")
         SELECT u, 'SCHEDULE', 'QUEUED', ARRAY[]::text[], $2::timestamptz, $3, $4::timestamptz FROM unnest($1::uuid[]) AS u
         RETURNING "id", "userId"`,
        [due.map((d) => d.userId), now.toISOString(), this.deps.engine.leaseOwner, this.deps.engine.leaseExpiry().toISOString()],
      );
    });
    for (const run of claimed) {
      await this.deps.engine.enqueue(run.userId, 'SCHEDULE', { types: null, range: null, exerciseIds: new Set() }, run.id);
    }
    return claimed.length;
  }
}
