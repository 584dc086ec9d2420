import { createHmac, timingSafeEqual } from 'node:crypto';
import { PolarPayloadError } from './errors.js';
import { readHeader, type HeaderSource } from './rate-limit.js';
import {
  WebhookDateEventSchema,
  WebhookExerciseEventSchema,
  WebhookPhysicalInfoEventSchema,
  WebhookPingSchema,
  WebhookRangeEventSchema,
  isoDateTime,
} from './schemas.js';
import { formatZodError } from './validate.js';
import { z } from 'zod';

export const WEBHOOK_SIGNATURE_HEADER = 'Polar-Webhook-Signature';
export const WEBHOOK_EVENT_HEADER = 'Polar-Webhook-Event';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

function toBytes(body: string | Uint8Array): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** Lowercase hex HMAC-SHA256 of the raw body bytes keyed with the webhook's `signature_secret_key`. */
export function computeWebhookSignature(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(toBytes(rawBody)).digest('hex');
}

/**
 * Checks `Polar-Webhook-Signature` against the exact bytes received (verify before any JSON
 * parsing/re-serialising). Constant-time; anything that is not 64 hex digits is rejected up front.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  secret: string,
): boolean {
  if (typeof signature !== 'string' || secret === '') return false;
  const candidate = signature.trim();
  if (!SHA256_HEX.test(candidate)) return false;
  const expected = createHmac('sha256', secret).update(toBytes(rawBody)).digest();
  const given = Buffer.from(candidate, 'hex');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}

interface EventBase {
  /** The delivery body as parsed, unknown keys included. */
  raw: Record<string, unknown>;
  /** When Polar sent it (UTC). */
  timestamp: string | null;
}

interface UserEventBase extends EventBase {
  polarUserId: number;
  /** Absolute AccessLink URL of the changed data. */
  url: string | null;
}

export type WebhookEvent =
  | (EventBase & { type: 'PING' })
  | (UserEventBase & { type: 'EXERCISE'; entityId: string })
  | (UserEventBase & { type: 'SLEEP' | 'CONTINUOUS_HEART_RATE' | 'ACTIVITY_SUMMARY'; date: string })
  | (UserEventBase & { type: 'SLEEP_WISE_CIRCADIAN_BEDTIME' | 'SLEEP_WISE_ALERTNESS'; from: string; to: string })
  | (UserEventBase & { type: 'PHYSICAL_INFORMATION' })
  /** An event name this code does not know yet; acknowledge it and move on. */
  | (EventBase & { type: 'UNKNOWN'; event: string; polarUserId: number | null; url: string | null });

const EventNameSchema = z.looseObject({ event: z.string().min(1) });
const UnknownEventSchema = z.looseObject({
  event: z.string(),
  user_id: z.int().nullish(),
  timestamp: isoDateTime.nullish(),
  url: z.string().nullish(),
});

function invalid(reason: string): PolarPayloadError {
  return new PolarPayloadError(`Invalid Polar webhook body: ${reason}`, { reason });
}

function parseWith<S extends z.ZodType>(schema: S, json: unknown): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalid(formatZodError(parsed.error));
  return parsed.data;
}

/**
 * Parses a webhook delivery body (raw string/bytes or already-parsed JSON) into a typed event.
 * Throws PolarPayloadError when the body is not JSON or a known event lacks its fields.
 */
export function parseWebhookEvent(body: string | Uint8Array | unknown): WebhookEvent {
  let json: unknown = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : toBytes(body).toString('utf8');
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw invalid(`malformed JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const { event } = parseWith(EventNameSchema, json);
  const raw = json as Record<string, unknown>;
  switch (event) {
    case 'PING': {
      const p = parseWith(WebhookPingSchema, json);
      return { type: 'PING', timestamp: p.timestamp ?? null, raw };
    }
    case 'EXERCISE': {
      const p = parseWith(WebhookExerciseEventSchema, json);
      return { type: 'EXERCISE', polarUserId: p.user_id, entityId: p.entity_id, timestamp: p.timestamp ?? null, url: p.url ?? null, raw };
    }
    case 'SLEEP':
    case 'CONTINUOUS_HEART_RATE':
    case 'ACTIVITY_SUMMARY': {
      const p = parseWith(WebhookDateEventSchema, json);
      return { type: p.event, polarUserId: p.user_id, date: p.date, timestamp: p.timestamp ?? null, url: p.url ?? null, raw };
    }
    case 'SLEEP_WISE_CIRCADIAN_BEDTIME':
    case 'SLEEP_WISE_ALERTNESS': {
      const p = parseWith(WebhookRangeEventSchema, json);
      return {
        type: p.event,
        polarUserId: p.user_id,
        from: p.from,
        to: p.to,
        timestamp: p.timestamp ?? null,
        url: p.url ?? null,
        raw,
      };
    }
    case 'PHYSICAL_INFORMATION': {
      const p = parseWith(WebhookPhysicalInfoEventSchema, json);
      return { type: 'PHYSICAL_INFORMATION', polarUserId: p.user_id, timestamp: p.timestamp ?? null, url: p.url ?? null, raw };
    }
    default: {
      const p = parseWith(UnknownEventSchema, json);
      return { type: 'UNKNOWN', event, polarUserId: p.user_id ?? null, timestamp: p.timestamp ?? null, url: p.url ?? null, raw };
    }
  }
}

export type WebhookVerification =
  | { ok: true; event: WebhookEvent }
  | { ok: false; reason: 'missing-signature' | 'invalid-signature' | 'invalid-body'; message: string };

/**
 * What the `/webhooks/polar` route needs: signature check over the raw bytes, then parsing.
 * Answer 401 on a signature failure, 400 on an invalid body, 200 otherwise (PING included).
 */
export function verifyAndParseWebhook(input: {
  rawBody: string | Uint8Array;
  headers: HeaderSource;
  secret: string;
}): WebhookVerification {
  const signature = readHeader(input.headers, WEBHOOK_SIGNATURE_HEADER);
  if (!signature) return { ok: false, reason: 'missing-signature', message: `${WEBHOOK_SIGNATURE_HEADER} header is missing` };
  if (!verifyWebhookSignature(input.rawBody, signature, input.secret)) {
    return { ok: false, reason: 'invalid-signature', message: `${WEBHOOK_SIGNATURE_HEADER} does not match the body` };
  }
  try {
    return { ok: true, event: parseWebhookEvent(input.rawBody) };
  } catch (error) {
    if (error instanceof PolarPayloadError) return { ok: false, reason: 'invalid-body', message: error.reason };
    throw error;
  }
}
