// Polar webhook intake: signature over the raw body (constant time), PING answered, forged
// deliveries refused with nothing stored, repeated deliveries stored once (sha256 of the body), and
// a targeted sync of the type and date the event names.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import type { Prisma } from '../generated/prisma/client.js';
import { verifyAndParseWebhook, type WebhookEvent } from '../polar/index.js';
import type { SyncEngine } from './engine.js';
import { SyncUnavailableError, type SyncDataType, type TriggerSyncInput } from './service.js';

export interface WebhookDeps {
  db: Database;
  env: Env;
  logger: Logger;
  engine: SyncEngine;
}

export interface WebhookResult {
  status: number;
  body: string;
}

const reply = (status: number, body: Record<string, unknown>): WebhookResult => ({ status, body: JSON.stringify(body) });

/** What to sync for an event: types plus the date range or exercise it names. */
export function targetOf(event: WebhookEvent): { types: SyncDataType[]; from?: string; to?: string; exerciseIds?: string[] } | null {
  switch (event.type) {
    case 'EXERCISE':
      return { types: ['exercise'], exerciseIds: [event.entityId] };
    case 'SLEEP':
      // Nightly Recharge has no webhook of its own and belongs to the same night.
      return { types: ['sleep', 'nightlyRecharge'], from: event.date, to: event.date };
    case 'CONTINUOUS_HEART_RATE':
      return { types: ['continuousHeartRate'], from: event.date, to: event.date };
    case 'ACTIVITY_SUMMARY':
      return { types: ['activity', 'activitySamples'], from: event.date, to: event.date };
    case 'SLEEP_WISE_ALERTNESS':
      return { types: ['sleepwiseAlertness'], from: event.from, to: event.to };
    case 'SLEEP_WISE_CIRCADIAN_BEDTIME':
      return { types: ['sleepwiseBedtime'], from: event.from, to: event.to };
    case 'PHYSICAL_INFORMATION':
      return { types: ['physicalInfo'] };
    default:
      return null;
  }
}

export async function handleWebhook(
  deps: WebhookDeps,
  request: { headers: Record<string, string | undefined>; rawBody: Buffer },
): Promise<WebhookResult> {
  const secret = deps.env.POLAR_WEBHOOK_SECRET;
  if (!secret) return reply(503, { error: 'POLAR_WEBHOOK_SECRET is not configured' });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers[k] = v;
  const verified = verifyAndParseWebhook({ rawBody: request.rawBody, headers, secret });
  if (!verified.ok) {
    if (verified.reason === 'invalid-body') return reply(400, { error: verified.message });
    deps.logger.warn({ reason: verified.reason }, 'sync: refused a webhook delivery with a bad signature');
    return reply(401, { error: 'invalid signature' });
  }
  const event = verified.event;
  if (event.type === 'PING') return reply(200, { ok: true, event: 'PING' });

  const dedupeKey = createHash('sha256').update(request.rawBody).digest('hex');
  const polarUserId = 'polarUserId' in event && event.polarUserId !== null ? BigInt(event.polarUserId) : null;
  const date = 'date' in event ? event.date : null;
  const inserted = await deps.db.sql.query<{ id: string }>(
    `INSERT INTO "WebhookEvent" ("dedupeKey", "eventType", "polarUserId", "entityId", "date", "rangeFrom", "rangeTo", "payload")
     VALUES ($1, $2, $3::bigint, $4, $5::date, $6::date, $7::date, $8::jsonb)
     ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`,
    [
      dedupeKey,
      event.type === 'UNKNOWN' ? event.event : event.type,
      polarUserId === null ? null : polarUserId.toString(),
      event.type === 'EXERCISE' ? event.entityId : null,
      date,
      'from' in event ? event.from : null,
      'to' in event ? event.to : null,
      JSON.stringify(event.raw),
    ],
  );
  const stored = inserted[0];
  if (!stored) return reply(200, { ok: true, duplicate: true });

  const target = targetOf(event);
  const connection = polarUserId === null ? null : await deps.db.prisma.polarConnection.findUnique({ where: { polarUserId } });
  let syncRunId: string | null = null;
  if (target && connection && connection.status === 'ACTIVE') {
    const input: TriggerSyncInput & { exerciseIds?: string[] } = { userId: connection.userId, trigger: 'WEBHOOK', ...target };
    try {
      syncRunId = (await deps.engine.trigger(input)).id;
    } catch (error) {
      if (!(error instanceof SyncUnavailableError)) throw error;
      deps.logger.info({ userId: connection.userId, code: error.code }, 'sync: webhook for a connection that cannot sync');
    }
  }
  await deps.db.prisma.webhookEvent.update({
    where: { id: stored.id },
    data: { processedAt: new Date(), syncRunId, payload: event.raw as Prisma.InputJsonValue },
  });
  return reply(200, { ok: true, syncRunId });
}
