import { describe, expect, it } from 'vitest';
import {
  PolarPayloadError,
  computeWebhookSignature,
  parseWebhookEvent,
  verifyAndParseWebhook,
  verifyWebhookSignature,
  type WebhookEvent,
} from '../../src/polar/index.js';
import { OFFICIAL_DIR, readJson, readText } from './fixtures.js';

interface Vector {
  case: string;
  secret: string;
  raw_body: string;
  headers: Record<string, string>;
}

const vectors = readJson<Vector[]>('webhook-signature-vectors.json');

describe('webhook signature', () => {
  it.each(vectors.map((v) => [v.case, v] as const))('accepts the %s vector (string and bytes)', (_name, v) => {
    const signature = v.headers['Polar-Webhook-Signature'];
    expect(computeWebhookSignature(v.raw_body, v.secret)).toBe(signature);
    expect(verifyWebhookSignature(v.raw_body, signature, v.secret)).toBe(true);
    expect(verifyWebhookSignature(new TextEncoder().encode(v.raw_body), signature, v.secret)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(v.raw_body), signature, v.secret)).toBe(true);
  });

  it.each(vectors.map((v) => [v.case, v] as const))('rejects forgeries of the %s vector', (_name, v) => {
    const signature = v.headers['Polar-Webhook-Signature']!;
    // Forged: well-formed signature made with another secret.
    expect(verifyWebhookSignature(v.raw_body, computeWebhookSignature(v.raw_body, 'not-the-secret'), v.secret)).toBe(false);
    // One hex digit flipped.
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    expect(verifyWebhookSignature(v.raw_body, flipped, v.secret)).toBe(false);
    // Wrong lengths and non-hex.
    expect(verifyWebhookSignature(v.raw_body, signature.slice(0, 62), v.secret)).toBe(false);
    expect(verifyWebhookSignature(v.raw_body, `${signature}00`, v.secret)).toBe(false);
    expect(verifyWebhookSignature(v.raw_body, '', v.secret)).toBe(false);
    expect(verifyWebhookSignature(v.raw_body, 'z'.repeat(64), v.secret)).toBe(false);
    expect(verifyWebhookSignature(v.raw_body, undefined, v.secret)).toBe(false);
    expect(verifyWebhookSignature(v.raw_body, signature, '')).toBe(false);
    // Tampered body: one character changed, re-serialised JSON, extra whitespace.
    expect(verifyWebhookSignature(v.raw_body.replace('Z"', 'Z "'), signature, v.secret)).toBe(false);
    expect(verifyWebhookSignature(JSON.stringify(JSON.parse(v.raw_body), null, 2), signature, v.secret)).toBe(false);
    expect(verifyWebhookSignature(`${v.raw_body}\n`, signature, v.secret)).toBe(false);
  });

  it('verifyAndParseWebhook checks the header, then parses', () => {
    const [ping, exercise] = vectors;
    const ok = verifyAndParseWebhook({ rawBody: exercise!.raw_body, headers: exercise!.headers, secret: exercise!.secret });
    expect(ok).toMatchObject({ ok: true, event: { type: 'EXERCISE', polarUserId: 48213977, entityId: 'QmZ9xLp' } });
    // Node's IncomingHttpHeaders are lower-case.
    const lower = { 'polar-webhook-signature': ping!.headers['Polar-Webhook-Signature'] };
    expect(verifyAndParseWebhook({ rawBody: ping!.raw_body, headers: lower, secret: ping!.secret })).toMatchObject({
      ok: true,
      event: { type: 'PING', timestamp: '2025-11-01T09:12:44.118Z' },
    });
    expect(verifyAndParseWebhook({ rawBody: ping!.raw_body, headers: {}, secret: ping!.secret })).toMatchObject({
      ok: false,
      reason: 'missing-signature',
    });
    expect(
      verifyAndParseWebhook({ rawBody: ping!.raw_body, headers: exercise!.headers, secret: ping!.secret }),
    ).toMatchObject({ ok: false, reason: 'invalid-signature' });
    const junk = '{"event":"SLEEP","user_id":1}';
    expect(
      verifyAndParseWebhook({
        rawBody: junk,
        headers: { 'Polar-Webhook-Signature': computeWebhookSignature(junk, 's') },
        secret: 's',
      }),
    ).toMatchObject({ ok: false, reason: 'invalid-body', message: expect.stringMatching(/^date: /) });
  });
});

describe('parseWebhookEvent', () => {
  it('parses one body per event type (constructed and official)', () => {
    const events = readJson<unknown[]>('webhook-events-all-types.json').map((b) => parseWebhookEvent(b));
    expect(events.map((e) => e.type)).toEqual([
      'EXERCISE',
      'SLEEP',
      'CONTINUOUS_HEART_RATE',
      'SLEEP_WISE_CIRCADIAN_BEDTIME',
      'SLEEP_WISE_ALERTNESS',
      'ACTIVITY_SUMMARY',
      'PHYSICAL_INFORMATION',
    ]);
    const byType = Object.fromEntries(events.map((e) => [e.type, e])) as Record<WebhookEvent['type'], WebhookEvent>;
    expect(byType.EXERCISE).toMatchObject({ polarUserId: 48213977, entityId: 'QmZ9xLp', url: 'https://www.polaraccesslink.com/v3/exercises/QmZ9xLp' });
    expect(byType.SLEEP).toMatchObject({ date: '2025-11-12', timestamp: '2025-11-12T05:31:10Z' });
    expect(byType.SLEEP_WISE_CIRCADIAN_BEDTIME).toMatchObject({ from: '2025-11-12', to: '2025-11-13' });
    expect(byType.PHYSICAL_INFORMATION).toMatchObject({ polarUserId: 48213977, url: 'https://www.polaraccesslink.com/v3/users/physical-info' });

    const official = readJson<unknown[]>('webhook-events-all-types.json', OFFICIAL_DIR).map((b) => parseWebhookEvent(b));
    expect(official.every((e) => e.type !== 'UNKNOWN' && e.type !== 'PING' && e.polarUserId === 475)).toBe(true);
    expect(parseWebhookEvent(readText('webhook-event.json'))).toMatchObject({ type: 'EXERCISE', entityId: 'QmZ9xLp' });
    expect(parseWebhookEvent(readText('webhook-ping.json', OFFICIAL_DIR))).toMatchObject({ type: 'PING' });
  });

  it('keeps unknown event types and unknown keys instead of failing', () => {
    const event = parseWebhookEvent('{"event":"NEW_THING","user_id":5,"timestamp":"2025-11-12T05:31:10Z","x":1}');
    expect(event).toMatchObject({ type: 'UNKNOWN', event: 'NEW_THING', polarUserId: 5 });
    expect(event.raw['x']).toBe(1);
  });

  it('throws PolarPayloadError with a reason for bad bodies', () => {
    expect(() => parseWebhookEvent('{not json')).toThrow(PolarPayloadError);
    expect(() => parseWebhookEvent('[]')).toThrow(/expected object/);
    expect(() => parseWebhookEvent('{}')).toThrow(/event/);
    expect(() => parseWebhookEvent({ event: 'EXERCISE', user_id: 1 })).toThrow(/entity_id/);
    expect(() => parseWebhookEvent({ event: 'SLEEP', user_id: '1', date: '2025-11-12' })).toThrow(/user_id/);
    expect(() => parseWebhookEvent({ event: 'SLEEP_WISE_ALERTNESS', user_id: 1, from: '2025-11-12' })).toThrow(/to/);
    try {
      parseWebhookEvent({ event: 'SLEEP', user_id: 1, date: 'yesterday' });
    } catch (error) {
      expect(error).toBeInstanceOf(PolarPayloadError);
      expect((error as PolarPayloadError).code).toBe('POLAR_PAYLOAD_INVALID');
      expect((error as PolarPayloadError).reason).toMatch(/^date: /);
    }
  });
});
