import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhook, type Simulator } from '../../src/simulator/index.js';
import { basicAuth, connectUser, startReceiver, startScenario } from './helpers.js';
import { itemSchemaOf, schemaOf, shapeDiff } from './shape.js';

interface Vector {
  case: string;
  secret: string;
  raw_body: string;
  headers: Record<string, string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(options: Parameters<typeof startScenario>[0] = {}, status: () => number = () => 200) {
  const sim = await startScenario(options);
  const rx = await startReceiver(status);
  cleanups.push(() => sim.close(), () => rx.close());
  const headers = { Authorization: basicAuth(sim), 'Content-Type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { sim, rx, call };
}

const ALL_EVENTS = ['EXERCISE', 'SLEEP', 'CONTINUOUS_HEART_RATE', 'SLEEP_WISE_CIRCADIAN_BEDTIME', 'SLEEP_WISE_ALERTNESS', 'ACTIVITY_SUMMARY', 'PHYSICAL_INFORMATION'];

describe('webhook signatures', () => {
  it('match the shared test vectors', () => {
    const vectors = JSON.parse(readFileSync('/work/shared/accesslink/webhook-signature-vectors.json', 'utf8')) as Vector[];
    for (const v of vectors) expect(signWebhook(v.secret, v.raw_body)).toBe(v.headers['Polar-Webhook-Signature']);
  });
});

describe('webhooks', () => {
  it('create PINGs the URL, returns the secret once, and signed deliveries reach the receiver', async () => {
    const { sim, rx, call } = await setup();
    const created = await call('POST', '/v3/webhooks', { events: ALL_EVENTS, url: rx.url });
    expect(created.status).toBe(201);
    expect(shapeDiff(created.body, schemaOf('webhook-created.json', 'official/webhook-created.json'))).toEqual([]);
    const secret = (created.body!.data as { signature_secret_key: string }).signature_secret_key;

    expect(rx.received).toHaveLength(1);
    const ping = rx.received[0]!;
    expect(ping.headers['polar-webhook-event']).toBe('PING');
    expect(ping.headers['content-type']).toBe('application/json');
    expect(ping.headers['polar-webhook-signature']).toBe(signWebhook(secret, ping.body));
    expect(shapeDiff(JSON.parse(ping.body), schemaOf('webhook-ping.json', 'official/webhook-ping.json'))).toEqual([]);

    const info = await call('GET', '/v3/webhooks');
    expect(info.status).toBe(200);
    expect(shapeDiff(info.body, schemaOf('webhook-info.json', 'official/webhook-info.json'))).toEqual([]);
    expect(JSON.stringify(info.body)).not.toContain(secret);

    // One delivery per event type, each signed over its exact raw body and shaped like the examples.
    const examples = JSON.parse(readFileSync('/work/shared/accesslink/webhook-events-all-types.json', 'utf8')) as { event: string }[];
    const inputs = [
      { event: 'EXERCISE', userId: 48213977, entityId: 'QmZ9xLp' },
      { event: 'SLEEP', userId: 48213977, date: '2025-11-12' },
      { event: 'CONTINUOUS_HEART_RATE', userId: 48213977, date: '2025-11-12' },
      { event: 'SLEEP_WISE_CIRCADIAN_BEDTIME', userId: 48213977, from: '2025-11-12', to: '2025-11-13' },
      { event: 'SLEEP_WISE_ALERTNESS', userId: 48213977, from: '2025-11-12', to: '2025-11-12' },
      { event: 'ACTIVITY_SUMMARY', userId: 48213977, date: '2025-11-12' },
      { event: 'PHYSICAL_INFORMATION', userId: 48213977 },
    ] as const;
    for (const input of inputs) {
      const [d] = await sim.emitWebhook({ ...input });
      expect(d?.status).toBe(200);
    }
    const deliveries = rx.received.slice(1);
    expect(deliveries.map((d) => d.headers['polar-webhook-event'])).toEqual(inputs.map((i) => i.event));
    const all = itemSchemaOf('webhook-events-all-types.json', 'official/webhook-events-all-types.json');
    for (const d of deliveries) {
      expect(d.headers['polar-webhook-signature']).toBe(signWebhook(secret, d.body));
      const body = JSON.parse(d.body) as { event: string; url: string };
      expect(shapeDiff(body, all, { optional: ['entity_id', 'date', 'from', 'to'] })).toEqual([]);
      const example = examples.find((e) => e.event === body.event)!;
      expect(Object.keys(body)).toEqual(Object.keys(example));
      expect(body.url.startsWith(`${sim.url}/v3/`)).toBe(true);
    }
    // The delivered URL is fetchable with the user's token.
    const conn = await connectUser(sim);
    const sleepEvent = JSON.parse(deliveries[1]!.body) as { url: string };
    expect((await fetch(sleepEvent.url, { headers: conn.headers })).status).toBe(200);
  });

  it('one webhook per client (409), PATCH pings a new URL, DELETE 204/404, activate/deactivate', async () => {
    const { rx, call } = await setup();
    const created = await call('POST', '/v3/webhooks', { events: ['EXERCISE'], url: rx.url });
    const id = (created.body!.data as { id: string }).id;
    expect((await call('POST', '/v3/webhooks', { events: ['SLEEP'], url: rx.url })).status).toBe(409);
    expect((await call('POST', '/v3/webhooks', { events: ['NOPE'], url: rx.url })).status).toBe(400);

    const patched = await call('PATCH', `/v3/webhooks/${id}`, { events: ALL_EVENTS });
    expect(patched.status).toBe(200);
    expect(shapeDiff(patched.body, schemaOf('webhook-info.json', 'official/webhook-info.json'))).toEqual([]);
    const rx2 = await startReceiver();
    cleanups.push(() => rx2.close());
    expect((await call('PATCH', `/v3/webhooks/${id}`, { url: rx2.url })).status).toBe(200);
    expect(rx2.received.map((r) => r.headers['polar-webhook-event'])).toEqual(['PING']);
    expect((await call('PATCH', '/v3/webhooks/zzz', { events: ['SLEEP'] })).status).toBe(404);

    expect((await call('POST', '/v3/webhooks/deactivate')).status).toBe(200);
    expect(((await call('GET', '/v3/webhooks')).body!.data as { active: boolean }[])[0]!.active).toBe(false);
    expect((await call('POST', '/v3/webhooks/activate')).status).toBe(200);
    expect(((await call('GET', '/v3/webhooks')).body!.data as { active: boolean }[])[0]!.active).toBe(true);

    const del404 = await call('DELETE', '/v3/webhooks/zzz');
    expect(del404.status).toBe(404);
    expect(shapeDiff(del404.body, schemaOf('error.json', 'official/error.json'))).toEqual([]);
    expect((await call('DELETE', `/v3/webhooks/${id}`)).status).toBe(204);
    expect((await call('GET', '/v3/webhooks')).body).toEqual({ data: [] });
    expect((await call('POST', '/v3/webhooks/activate')).status).toBe(204);
    expect((await call('POST', '/v3/webhooks/deactivate')).status).toBe(204);
  });

  it('creation fails when the PING is not answered with 200; Bearer auth is refused', async () => {
    const { sim, rx, call } = await setup({}, () => 500);
    expect((await call('POST', '/v3/webhooks', { events: ['SLEEP'], url: rx.url })).status).toBe(400);
    expect((await call('GET', '/v3/webhooks')).body).toEqual({ data: [] });
    const conn = await connectUser(sim);
    const res = await fetch(`${sim.url}/v3/webhooks`, { headers: conn.headers });
    expect(res.status).toBe(401);
  });

  it('duplicate deliveries when enabled; inactive or unsubscribed webhooks get nothing', async () => {
    const { sim, rx, call } = await setup({ duplicateWebhooks: true });
    await call('POST', '/v3/webhooks', { events: ['SLEEP'], url: rx.url });
    await sim.emitWebhook({ event: 'SLEEP', userId: 48213977, date: '2025-11-12' });
    await sim.emitWebhook({ event: 'EXERCISE', userId: 48213977, entityId: 'QmZ9xLp' });
    const events = rx.received.map((r) => r.headers['polar-webhook-event']);
    expect(events).toEqual(['PING', 'SLEEP', 'SLEEP']);
    expect(rx.received[1]!.body).toBe(rx.received[2]!.body);
    await call('POST', '/v3/webhooks/deactivate');
    await sim.emitWebhook({ event: 'SLEEP', userId: 48213977, date: '2025-11-12' });
    expect(rx.received).toHaveLength(3);
    // Admin HTTP endpoint emits too.
    await call('POST', '/v3/webhooks/activate');
    const emitted = await fetch(`${sim.url}/__admin/webhooks/emit`, { method: 'POST', body: JSON.stringify({ event: 'SLEEP', userId: 48213977, date: '2025-11-11' }) });
    expect(emitted.status).toBe(200);
    expect(rx.received.filter((r) => r.headers['polar-webhook-event'] === 'SLEEP')).toHaveLength(4);
  });
});
