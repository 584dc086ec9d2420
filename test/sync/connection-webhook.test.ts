import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/simulator/index.js';
import { handleOAuthCallbackRequest, handleWebhookRequest, SyncUnavailableError } from '../../src/sync/index.js';
import { connectUser, createHarness, WEBHOOK_SECRET, type Harness } from './helpers.js';

describe('connection, webhooks and revoked tokens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: 3, users: 3, days: 40, chrRangeShape: 'spec' });
  });
  afterAll(async () => h?.dispose());

  it('connects through OAuth: state consumed, user registered, token encrypted, initial backfill queued', async () => {
    const user = await h.db.prisma.user.create({ data: { name: 'oauth' } });
    const { authorizationUrl, state } = await h.service.startConnection(user.id);
    expect(authorizationUrl).toContain('redirect_uri=http%3A%2F%2Fpfs.test%2Foauth%2Fpolar%2Fcallback');
    const redirect = await fetch(`${authorizationUrl}&user=${h.sim.users[2]!.polarUserId}`, { redirect: 'manual' });
    const location = new URL(redirect.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe(state);
    // Through the node:http handler the lead mounts on /oauth/polar/callback.
    const server = createServer((req, res) => void handleOAuthCallbackRequest(h.service, req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ok = await fetch(`${base}/oauth/polar/callback${location.search}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Polar connected');
    const replay = await fetch(`${base}/oauth/polar/callback${location.search}`);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('not valid');
    server.close();
    const connection = await h.db.prisma.polarConnection.findUniqueOrThrow({ where: { userId: user.id } });
    expect(connection.status).toBe('ACTIVE');
    expect(connection.polarUserId).toBe(BigInt(h.sim.users[2]!.polarUserId));
    expect(connection.encryptedToken).toMatch(/^[^.]+\.[^.]+\.[^.]+$/);
    expect(h.service.cipher.decrypt(connection.encryptedToken!, user.id)).toMatch(/\S+/);
    expect(h.sim.users[2]!.registered).toBe(true);
    const initial = await h.db.prisma.syncRun.findFirstOrThrow({ where: { userId: user.id, trigger: 'INITIAL' } });
    const done = await h.service.waitForRun(initial.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(await h.db.prisma.oAuthState.count()).toBe(0);
  });

  it('rejects a forged webhook with 401 and stores nothing; a valid one triggers a targeted sync', async () => {
    const { userId, polarUserId } = await connectUser(h, 0);
    await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'INITIAL' })).id);
    const date = h.sim.clock.today();
    const body = JSON.stringify({ event: 'SLEEP', user_id: polarUserId, date, timestamp: `${date}T06:00:00Z`, url: `${h.sim.url}/v3/users/sleep/${date}` });
    const runsBefore = await h.db.prisma.syncRun.count();

    const forged = await h.service.handleWebhook({ headers: { 'polar-webhook-signature': signWebhook('not-the-secret', body), 'polar-webhook-event': 'SLEEP' }, rawBody: Buffer.from(body) });
    expect(forged.status).toBe(401);
    const unsigned = await h.service.handleWebhook({ headers: {}, rawBody: Buffer.from(body) });
    expect(unsigned.status).toBe(401);
    expect(await h.db.prisma.webhookEvent.count()).toBe(0);
    expect(await h.db.prisma.syncRun.count()).toBe(runsBefore);

    const ping = JSON.stringify({ event: 'PING', timestamp: `${date}T06:00:00Z` });
    expect((await h.service.handleWebhook({ headers: { 'Polar-Webhook-Signature': signWebhook(WEBHOOK_SECRET, ping) }, rawBody: Buffer.from(ping) })).status).toBe(200);

    h.sim.resetRequestCounts();
    // Through the node:http handler mounted on POST /webhooks/polar.
    const server = createServer((req, res) => void handleWebhookRequest(h.service, req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/polar`;
    const post = () =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Polar-Webhook-Event': 'SLEEP', 'Polar-Webhook-Signature': signWebhook(WEBHOOK_SECRET, body) }, body });
    const valid = await post();
    expect(valid.status).toBe(200);
    const { syncRunId } = (await valid.json()) as { syncRunId: string };
    const duplicate = await post();
    expect(duplicate.status).toBe(200);
    expect(((await duplicate.json()) as { duplicate?: boolean }).duplicate).toBe(true);
    const tooBig = await fetch(url, { method: 'POST', body: 'x'.repeat(1_100_000) });
    expect(tooBig.status).toBe(413);
    server.close();

    const run = await h.service.waitForRun(syncRunId);
    expect(run.trigger).toBe('WEBHOOK');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.requestedTypes.sort()).toEqual(['nightlyRecharge', 'sleep']);
    expect(run.rangeFrom?.toISOString().slice(0, 10)).toBe(date);
    expect(await h.db.prisma.webhookEvent.count()).toBe(1);
    const counts = h.sim.requestCounts();
    console.log('webhook targeted sync', counts.byEndpoint);
    expect(counts.total).toBe(2); // sleep/{date} + nightly-recharge/{date}
    expect(Object.keys(counts.byEndpoint).sort()).toEqual(['GET /v3/users/nightly-recharge/{date}', 'GET /v3/users/sleep/{date}']);
  });

  it('turns a revoked token into NEEDS_REAUTHORIZATION without repeated calls', async () => {
    const { userId, polarUserId } = await connectUser(h, 1);
    h.sim.revokeToken(polarUserId);
    h.sim.resetRequestCounts();
    const run = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'MANUAL' })).id);
    expect(run.status).toBe('FAILED');
    expect((run.errors as { code: string }[])[0]?.code).toBe('POLAR_UNAUTHORIZED');
    const counts = h.sim.requestCounts();
    expect(counts.total).toBe(1);
    expect(counts.byStatus['401']).toBe(1);
    const connection = await h.db.prisma.polarConnection.findUniqueOrThrow({ where: { userId } });
    expect(connection.status).toBe('NEEDS_REAUTHORIZATION');
    await expect(h.service.triggerSync({ userId, trigger: 'MANUAL' })).rejects.toMatchObject({ code: 'NEEDS_REAUTHORIZATION' });
    await expect(h.service.triggerSync({ userId, trigger: 'MANUAL' })).rejects.toBeInstanceOf(SyncUnavailableError);
    expect(h.sim.requestCounts().total).toBe(1);
  });

  it('disconnects: de-registers at Polar, deletes the token and, without keepData, the data', async () => {
    const user = await h.db.prisma.polarConnection.findFirstOrThrow({ where: { status: 'ACTIVE', polarUserId: BigInt(h.sim.users[0]!.polarUserId) } });
    expect(await h.db.prisma.sleep.count({ where: { userId: user.userId } })).toBeGreaterThan(0);
    await h.service.disconnect(user.userId, { keepData: false });
    const after = await h.db.prisma.polarConnection.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(after.status).toBe('DISCONNECTED');
    expect(after.encryptedToken).toBeNull();
    expect(h.sim.users[0]!.registered).toBe(false);
    expect(await h.db.prisma.sleep.count({ where: { userId: user.userId } })).toBe(0);
    expect(await h.db.prisma.exercise.count({ where: { userId: user.userId } })).toBe(0);
  });
});
