import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessLinkAdminClient,
  DEFAULT_AUTH_URL,
  PolarAuthError,
  PolarBadRequestError,
  PolarConflictError,
  PolarError,
  PolarOAuthError,
  PolarPayloadError,
  PolarServerError,
  basicAuthHeader,
  buildAuthorizationUrl,
  exchangeAuthorizationCode,
  parseAuthorizationCallback,
} from '../../src/polar/index.js';
import { OFFICIAL_DIR, readText } from './fixtures.js';
import { reply, startTestServer, type TestServer } from './http-server.js';

const CLIENT_ID = 'c0ffee00-1234-4abc-9def-000000000001';
const CLIENT_SECRET = 's3cr3t';
const EXPECTED_BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

async function caught(promise: Promise<unknown>): Promise<PolarError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PolarError) return error;
    throw error;
  }
  throw new Error('expected the call to throw');
}

describe('authorization URL', () => {
  it('has response_type, client_id, redirect_uri, scope and state', () => {
    const url = new URL(
      buildAuthorizationUrl({ clientId: CLIENT_ID, redirectUri: 'http://localhost:4000/oauth/polar/callback', state: 'st@te/1' }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(DEFAULT_AUTH_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: 'http://localhost:4000/oauth/polar/callback',
      scope: 'accesslink.read_all',
      state: 'st@te/1',
    });
  });

  it('honours a custom auth URL (simulator) and omits optional parameters', () => {
    const url = new URL(buildAuthorizationUrl({ authUrl: 'http://127.0.0.1:9999/oauth2/authorization', clientId: 'x', state: 's', scope: null }));
    expect(url.host).toBe('127.0.0.1:9999');
    expect([...url.searchParams.keys()]).toEqual(['response_type', 'client_id', 'state']);
  });

  it('parses the callback', () => {
    expect(parseAuthorizationCallback('/oauth/polar/callback?code=abc&state=s1')).toEqual({ code: 'abc', state: 's1' });
    expect(parseAuthorizationCallback(new URLSearchParams('code=abc'))).toEqual({ code: 'abc', state: null });
    try {
      parseAuthorizationCallback(new URL('http://x/cb?error=access_denied&state=s1'));
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(PolarOAuthError);
      expect(error).toMatchObject({ oauthError: 'access_denied', retryable: false, code: 'POLAR_OAUTH_ERROR' });
    }
    expect(() => parseAuthorizationCallback('?error=temporarily_unavailable')).toThrow(
      expect.objectContaining({ retryable: true }) as Error,
    );
    expect(() => parseAuthorizationCallback('?state=s')).toThrow(PolarOAuthError);
  });

  it('builds the Basic header', () => {
    expect(basicAuthHeader({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })).toBe(EXPECTED_BASIC);
  });
});

describe('token exchange', () => {
  const tokenUrl = () => `${server.baseUrl}/v2/oauth2/token`;

  it('posts the form with Basic auth and parses the token', async () => {
    server.route('POST', '/v2/oauth2/token', reply(200, readText('token-response.json')));
    const token = await exchangeAuthorizationCode({
      tokenUrl: tokenUrl(),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      code: 'the-code',
      redirectUri: 'http://localhost:4000/oauth/polar/callback',
    });
    expect(token).toEqual({
      access_token: 'b5c1a7e2f94d4d0c8e3a6f21d07c9b33',
      token_type: 'bearer',
      expires_in: 31535999,
      x_user_id: 48213977,
    });
    const req = server.requests.at(-1)!;
    expect(req.headers['authorization']).toBe(EXPECTED_BASIC);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers['accept']).toBe('application/json;charset=UTF-8');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'http://localhost:4000/oauth/polar/callback',
    });
  });

  it('parses the official example and omits redirect_uri when not given', async () => {
    server.route('POST', '/v2/oauth2/token', reply(200, readText('token-response.json', OFFICIAL_DIR)));
    const token = await exchangeAuthorizationCode({ tokenUrl: tokenUrl(), clientId: 'a', clientSecret: 'b', code: 'c' });
    expect(token.x_user_id).toBe(10579);
    expect(new URLSearchParams(server.requests.at(-1)!.body).has('redirect_uri')).toBe(false);
  });

  it('documented errors → PolarOAuthError', async () => {
    server.route('POST', '/v2/oauth2/token', reply(400, readText('token-error.json')));
    const error = await caught(exchangeAuthorizationCode({ tokenUrl: tokenUrl(), clientId: 'a', clientSecret: 'b', code: 'used' }));
    expect(error).toBeInstanceOf(PolarOAuthError);
    expect(error).toMatchObject({ oauthError: 'invalid_grant', status: 400, retryable: false });

    server.route('POST', '/v2/oauth2/token', reply(401, '{"error":"invalid_client"}'));
    expect(await caught(exchangeAuthorizationCode({ tokenUrl: tokenUrl(), clientId: 'a', clientSecret: 'b', code: 'c' }))).toMatchObject({
      oauthError: 'invalid_client',
    });
  });

  it('other failures keep the transport error types', async () => {
    const call = () => exchangeAuthorizationCode({ tokenUrl: tokenUrl(), clientId: 'a', clientSecret: 'b', code: 'c' });
    server.route('POST', '/v2/oauth2/token', reply(400, 'bad'));
    expect(await caught(call())).toBeInstanceOf(PolarBadRequestError);
    server.route('POST', '/v2/oauth2/token', reply(401, ''));
    expect(await caught(call())).toBeInstanceOf(PolarAuthError);
    server.route('POST', '/v2/oauth2/token', reply(503, ''));
    expect(await caught(call())).toBeInstanceOf(PolarServerError);
    server.route('POST', '/v2/oauth2/token', reply(200, '{"token_type":"bearer"}'));
    const payload = (await caught(call())) as PolarPayloadError;
    expect(payload).toBeInstanceOf(PolarPayloadError);
    expect(payload.reason).toContain('access_token');
  });
});

describe('AccessLinkAdminClient (client credentials)', () => {
  const admin = () => new AccessLinkAdminClient({ apiBaseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs: 2_000 });

  it('creates a webhook', async () => {
    server.route('POST', '/v3/webhooks', reply(201, readText('webhook-created.json')));
    const created = await admin().createWebhook({ events: ['EXERCISE', 'SLEEP'], url: 'https://sync.example.test/polar/webhook' });
    expect(created).toMatchObject({ id: 'e7f8a1', signature_secret_key: '5f0c2b8e-3a4d-4c61-9e2f-7b1d6a9c0e44' });
    const req = server.requests.at(-1)!;
    expect(req.headers['authorization']).toBe(EXPECTED_BASIC);
    expect(JSON.parse(req.body)).toEqual({ events: ['EXERCISE', 'SLEEP'], url: 'https://sync.example.test/polar/webhook' });

    server.route('POST', '/v3/webhooks', reply(409, readText('error.json')));
    expect(await caught(admin().createWebhook({ events: ['SLEEP'], url: 'https://x' }))).toBeInstanceOf(PolarConflictError);
    server.route('POST', '/v3/webhooks', reply(400, ''));
    expect(await caught(admin().createWebhook({ events: ['SLEEP'], url: 'https://x' }))).toBeInstanceOf(PolarBadRequestError);
  });

  it('reads webhooks (and none in every plausible shape)', async () => {
    server.route('GET', '/v3/webhooks', reply(200, readText('webhook-info.json')));
    expect(await admin().getWebhooks()).toMatchObject([{ id: 'e7f8a1', active: true }]);
    server.route('GET', '/v3/webhooks', reply(200, readText('webhook-info.json', OFFICIAL_DIR)));
    expect(await admin().getWebhooks()).toMatchObject([{ id: 'abdf33' }]);
    for (const none of ['{"data":[]}', '{}', '{"data":null}']) {
      server.route('GET', '/v3/webhooks', reply(200, none));
      expect(await admin().getWebhooks()).toEqual([]);
    }
    server.route('GET', '/v3/webhooks', reply(204));
    expect(await admin().getWebhooks()).toEqual([]);
  });

  it('patches, deletes, activates and deactivates', async () => {
    server.route('PATCH', '/v3/webhooks/e7f8a1', reply(200, readText('webhook-info.json')));
    expect(await admin().patchWebhook('e7f8a1', { events: ['EXERCISE', 'PHYSICAL_INFORMATION'] })).toMatchObject({ id: 'e7f8a1' });
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('PATCH');
    expect(JSON.parse(req.body)).toEqual({ events: ['EXERCISE', 'PHYSICAL_INFORMATION'] });
    server.route('PATCH', '/v3/webhooks/zzz', reply(404, readText('error.json')));
    expect(await admin().patchWebhook('zzz', { url: 'https://y' })).toBeNull();

    server.route('DELETE', '/v3/webhooks/e7f8a1', reply(204));
    expect(await admin().deleteWebhook('e7f8a1')).toBe(true);
    server.route('DELETE', '/v3/webhooks/zzz', reply(404, readText('error.json')));
    expect(await admin().deleteWebhook('zzz')).toBe(false);

    server.route('POST', '/v3/webhooks/activate', reply(200));
    expect(await admin().activateWebhook()).toBe(true);
    server.route('POST', '/v3/webhooks/activate', reply(204));
    expect(await admin().activateWebhook()).toBe(false);
    server.route('POST', '/v3/webhooks/deactivate', reply(200));
    expect(await admin().deactivateWebhook()).toBe(true);
  });

  it('pull notifications: list, 204 empty', async () => {
    server.route('GET', '/v3/notifications', reply(200, readText('notifications.json')));
    const result = await admin().listNotifications();
    expect(result.valid.map((n) => n['data-type'])).toEqual(['EXERCISE', 'ACTIVITY_SUMMARY', 'PHYSICAL_INFORMATION']);
    expect(server.requests.at(-1)!.headers['authorization']).toBe(EXPECTED_BASIC);
    server.route('GET', '/v3/notifications', reply(204));
    expect(await admin().listNotifications()).toEqual({ valid: [], rejected: [] });
  });
});
