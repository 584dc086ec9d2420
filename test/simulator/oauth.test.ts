import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { basicAuth, connectUser, getJson, oauthToken, REDIRECT_URI, SCENARIO_USER, startScenario } from './helpers.js';
import { schemaOf, shapeDiff } from './shape.js';

let sim: Simulator;
afterEach(() => sim?.close());

function authorizeUrl(s: Simulator, params: Record<string, string>): string {
  return `${s.url}/oauth2/authorization?${new URLSearchParams(params)}`;
}

async function tokenRequest(s: Simulator, form: Record<string, string>, auth = basicAuth(s)) {
  const res = await fetch(`${s.url}/v2/oauth2/token`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function code(s: Simulator, extra: Record<string, string> = {}): Promise<string> {
  const res = await fetch(authorizeUrl(s, { response_type: 'code', client_id: s.clientId, redirect_uri: REDIRECT_URI, ...extra }), { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!).searchParams.get('code')!;
}

describe('OAuth2 authorization code flow', () => {
  it('round trip with plain fetch: 302 with code and state, token response like the docs', async () => {
    sim = await startScenario();
    const res = await fetch(authorizeUrl(sim, { response_type: 'code', client_id: sim.clientId, redirect_uri: REDIRECT_URI, state: 'abc 123', scope: 'accesslink.read_all' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT_URI);
    expect(loc.searchParams.get('state')).toBe('abc 123');
    const c = loc.searchParams.get('code')!;
    const t = await tokenRequest(sim, { grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT_URI });
    expect(t.status).toBe(200);
    expect(shapeDiff(t.body, schemaOf('token-response.json', 'official/token-response.json'))).toEqual([]);
    expect(t.body.x_user_id).toBe(SCENARIO_USER);
    expect(t.body.token_type).toBe('bearer');
  });

  it('documented error redirects and 400 bodies', async () => {
    sim = await startScenario();
    const redirectError = async (params: Record<string, string>) => {
      const res = await fetch(authorizeUrl(sim, { client_id: sim.clientId, redirect_uri: REDIRECT_URI, state: 'st', ...params }), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(loc.searchParams.get('state')).toBe('st');
      return loc.searchParams.get('error');
    };
    expect(await redirectError({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await redirectError({})).toBe('invalid_request');
    expect(await redirectError({ response_type: 'code', scope: 'everything' })).toBe('invalid_scope');
    expect(await redirectError({ response_type: 'code', decision: 'deny' })).toBe('access_denied');
    expect(await redirectError({ response_type: 'code', user: '999' })).toBe('access_denied');
    // Never redirect to an unregistered URI or for an unknown client.
    const bad = await fetch(authorizeUrl(sim, { response_type: 'code', client_id: sim.clientId, redirect_uri: 'http://evil.test/cb' }), { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const unknown = await fetch(authorizeUrl(sim, { response_type: 'code', client_id: 'nope' }), { redirect: 'manual' });
    expect(unknown.status).toBe(400);

    const tokenErr = schemaOf('token-error.json');
    const c = await code(sim);
    const cases: [Record<string, string>, string, string?][] = [
      [{ grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT_URI }, 'invalid_client', 'Basic ' + Buffer.from('sim-client:wrong').toString('base64')],
      [{ grant_type: 'password', code: c }, 'unsupported_grant_type'],
      [{ code: c }, 'invalid_request'],
      [{ grant_type: 'authorization_code' }, 'invalid_request'],
      [{ grant_type: 'authorization_code', code: 'bogus', redirect_uri: REDIRECT_URI }, 'invalid_grant'],
    ];
    for (const [form, error, auth] of cases) {
      const r = await tokenRequest(sim, form, auth);
      expect([r.status, r.body.error]).toEqual([400, error]);
      expect(shapeDiff(r.body, tokenErr)).toEqual([]);
    }
    // redirect_uri must repeat the one sent to the authorization endpoint.
    const r = await tokenRequest(sim, { grant_type: 'authorization_code', code: c });
    expect([r.status, r.body.error]).toEqual([400, 'invalid_grant']);
  });

  it('a code is single-use; reusing it fails and revokes the tokens issued from it', async () => {
    sim = await startScenario();
    const c = await code(sim);
    const first = await tokenRequest(sim, { grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT_URI });
    expect(first.status).toBe(200);
    const headers = { Authorization: `Bearer ${String(first.body.access_token)}`, 'Content-Type': 'application/json' };
    expect((await fetch(`${sim.url}/v3/users`, { method: 'POST', headers, body: '{"member-id":"m"}' })).status).toBe(200);
    expect((await getJson(sim, '/v3/users/sleep', headers)).status).toBe(200);
    const again = await tokenRequest(sim, { grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT_URI });
    expect([again.status, again.body.error]).toEqual([400, 'invalid_grant']);
    expect((await getJson(sim, '/v3/users/sleep', headers)).status).toBe(401);
  });

  it('a code expires after 10 minutes of simulated time', async () => {
    let real = Date.parse('2030-01-01T00:00:00Z');
    sim = await startScenario({ now: () => real });
    const c = await code(sim);
    real += 10 * 60_000 + 1000;
    const r = await tokenRequest(sim, { grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT_URI });
    expect([r.status, r.body.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('users', () => {
  it('register 200 / 409, get 200 / 204, consent 403, delete 204 revokes the token', async () => {
    sim = await startScenario();
    const t = await oauthToken(sim);
    const headers = { Authorization: `Bearer ${t.access_token}`, 'Content-Type': 'application/json' };
    const post = (body: unknown) => fetch(`${sim.url}/v3/users`, { method: 'POST', headers, body: JSON.stringify(body) });
    // Unregistered: data endpoints refuse; GET user says "not found".
    expect((await getJson(sim, '/v3/users/sleep', headers)).status).toBe(403);
    expect((await getJson(sim, `/v3/users/${t.x_user_id}`, headers)).status).toBe(204);
    expect((await post({})).status).toBe(400);

    sim.setConsent(t.x_user_id, false);
    expect((await post({ 'member-id': 'acme-1' })).status).toBe(403);
    sim.setConsent(t.x_user_id, true);

    const reg = await post({ 'member-id': 'acme-1' });
    expect(reg.status).toBe(200);
    const user = (await reg.json()) as Record<string, unknown>;
    expect(shapeDiff(user, schemaOf('user-info.json', 'official/user-info.json'))).toEqual([]);
    expect(user['member-id']).toBe('acme-1');
    expect((await post({ 'member-id': 'acme-1' })).status).toBe(409);

    const got = await getJson(sim, `/v3/users/${t.x_user_id}`, headers);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(user);
    expect((await getJson(sim, `/v3/users/${t.x_user_id + 1}`, headers)).status).toBe(204);

    // Consent withdrawn: 403 on every user-data endpoint.
    sim.setConsent(t.x_user_id, false);
    for (const p of ['/v3/users/sleep', '/v3/exercises', '/v3/users/activities', '/v3/users/cardio-load', `/v3/users/${t.x_user_id}`, '/v3/users/physical-info']) {
      expect([p, (await getJson(sim, p, headers)).status]).toEqual([p, 403]);
    }
    sim.setConsent(t.x_user_id, true);

    const del = await fetch(`${sim.url}/v3/users/${t.x_user_id}`, { method: 'DELETE', headers });
    expect(del.status).toBe(204);
    expect((await getJson(sim, '/v3/users/sleep', headers)).status).toBe(401);
    expect(sim.users[0]!.registered).toBe(false);
  });

  it('admin revoke → 401; admin consent toggle over HTTP', async () => {
    sim = await startScenario();
    const c = await connectUser(sim);
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).status).toBe(200);
    const consent = await fetch(`${sim.url}/__admin/users/${c.userId}/consent`, { method: 'POST', body: JSON.stringify({ consent: false }) });
    expect(consent.status).toBe(200);
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).status).toBe(403);
    await fetch(`${sim.url}/__admin/users/${c.userId}/consent`, { method: 'POST', body: JSON.stringify({ consent: true }) });
    expect((await fetch(`${sim.url}/__admin/users/${c.userId}/revoke`, { method: 'POST' })).status).toBe(204);
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).status).toBe(401);
    // Re-authorizing gives a working token; the user stays registered.
    const again = await oauthToken(sim);
    expect((await getJson(sim, '/v3/users/sleep', { Authorization: `Bearer ${again.access_token}` })).status).toBe(200);
  });

  it('counts requests per endpoint and user', async () => {
    sim = await startScenario();
    const c = await connectUser(sim);
    await getJson(sim, '/v3/users/sleep/2025-11-12', c.headers);
    await getJson(sim, '/v3/users/sleep/2025-11-11', c.headers);
    const counts = sim.requestCounts();
    expect(counts.byEndpoint['GET /v3/users/sleep/{date}']).toBe(2);
    expect(counts.byUser[String(c.userId)]!['GET /v3/users/sleep/{date}']).toBe(2);
    expect(counts.byEndpoint['POST /v2/oauth2/token']).toBe(1);
    const viaHttp = (await (await fetch(`${sim.url}/__admin/requests`)).json()) as typeof counts;
    expect(viaHttp).toEqual(counts);
    await fetch(`${sim.url}/__admin/requests/reset`, { method: 'POST' });
    expect(sim.requestCounts().total).toBe(0);
  });
});

describe('admin: bulk token issuing', () => {
  const state = async (s: Simulator) => (await (await fetch(`${s.url}/__admin/state`)).json()) as { users: { polarUserId: number; registered: boolean }[] };
  const issue = (s: Simulator, body: unknown) => fetch(`${s.url}/__admin/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses the whole batch, registering no one, when one id is unknown; issues working tokens otherwise', async () => {
    sim = await startScenario();
    const user = (await state(sim)).users.find((u) => u.polarUserId === SCENARIO_USER)!;
    expect(user.registered).toBe(false);

    const refused = await issue(sim, { register: true, users: [{ id: SCENARIO_USER }, { id: 987654321 }] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain('987654321');
    expect((await state(sim)).users.find((u) => u.polarUserId === SCENARIO_USER)!.registered).toBe(false);
    expect((await issue(sim, { users: 'all' })).status).toBe(400);

    const issued = await issue(sim, { register: true, users: [{ id: SCENARIO_USER, memberId: 'm-1' }] });
    expect(issued.status).toBe(200);
    const [token] = (await issued.json()) as { accessToken: string; polarUserId: number }[];
    expect(token!.polarUserId).toBe(SCENARIO_USER);
    expect((await state(sim)).users.find((u) => u.polarUserId === SCENARIO_USER)!.registered).toBe(true);
    const me = await fetch(`${sim.url}/v3/users/${SCENARIO_USER}`, { headers: { Authorization: `Bearer ${token!.accessToken}`, Accept: 'application/json' } });
    expect(me.status).toBe(200);
  });
});
