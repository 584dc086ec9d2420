// Authentication at the HTTP edge: 401 without a valid key (health and the GraphiQL page
// excepted), both header forms, ADMIN_API_KEY, admin keys, revoked keys, lastUsedAt.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/ids.js';
import { seedUser, type SeededUser } from '../helpers/seed.js';
import { ADMIN_API_KEY, createTestServer, type TestServer } from './harness.js';

let server: TestServer;
let alice: SeededUser;

beforeAll(async () => {
  server = await createTestServer();
  alice = await seedUser(server.prisma, { name: 'Alice', days: 1 });
});
afterAll(async () => server?.close());

test('no key: 401 with an explanation and WWW-Authenticate', async () => {
  const response = await server.app.graphql.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ viewer { name } }' }),
  });
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toContain('Bearer');
  const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
  expect(body.data).toBeUndefined();
  expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  expect(body.errors[0]?.message).toMatch(/Authorization: Bearer/);
});

test('no key: mutations are 401 too, even ones that only ask for __typename', async () => {
  const { status } = await server.gql('mutation { createApiKey(input: { name: "x" }) { __typename } }');
  expect(status).toBe(401);
});

test('unknown, malformed and revoked keys: 401', async () => {
  expect((await server.gql('{ __typename }', { key: 'pfs_not-a-key' })).status).toBe(401);
  expect((await server.gql('{ viewer { name } }', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  const created = await server.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>('mutation { createApiKey(input: { name: "temp" }) { ... on CreateApiKeyPayload { key apiKey { id } } } }', { key: alice.key });
  const temp = created.body.data!.createApiKey;
  expect((await server.gql('{ viewer { name } }', { key: temp.key })).status).toBe(200);
  await server.gql('mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }', { key: alice.key, variables: { id: temp.apiKey.id } });
  expect((await server.gql('{ viewer { name } }', { key: temp.key })).status).toBe(401);
});

test('introspection and __typename need no key (GraphiQL, audits) but reveal no user data', async () => {
  const { status, body } = await server.gql('{ __typename __schema { queryType { name } } }');
  expect(status).toBe(200);
  expect(body.data).toEqual({ __typename: 'Query', __schema: { queryType: { name: 'Query' } } });
  expect((await server.gql('{ __typename viewer { name } }')).status).toBe(401);
  expect((await server.gql('query Q { ...F } fragment F on Query { viewer { name } }')).status).toBe(401);
});

test('Authorization: Bearer and X-API-Key both work', async () => {
  expect((await server.gql<{ viewer: { name: string } }>('{ viewer { name } }', { key: alice.key })).body.data).toEqual({ viewer: { name: 'Alice' } });
  expect((await server.gql('{ viewer { name } }', { headers: { 'x-api-key': alice.key } })).body.data).toEqual({ viewer: { name: 'Alice' } });
});

test('ADMIN_API_KEY and isAdmin keys reach user(id) and users; viewer is null for them', async () => {
  for (const key of [ADMIN_API_KEY, server.adminKey]) {
    const { body } = await server.gql('query($id: ID!) { viewer { name } user(id: $id) { name } users { totalCount } }', { key, variables: { id: encodeGlobalId('User', alice.id) } });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data).toEqual({ viewer: null, user: { name: 'Alice' }, users: { totalCount: 1 } });
  }
});

test('lastUsedAt is recorded', async () => {
  await server.prisma.apiKey.update({ where: { id: alice.apiKeyId }, data: { lastUsedAt: null } });
  await server.gql('{ viewer { name } }', { key: alice.key });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const key = await server.prisma.apiKey.findUniqueOrThrow({ where: { id: alice.apiKeyId } });
  expect(key.lastUsedAt).toBeInstanceOf(Date);
});

test('over HTTP: /health needs no key, GET /graphql from a browser serves GraphiQL, a GET query needs a key', async () => {
  const http = createServer((request, response) => server.app.handle(request, response));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('query LastWeek');
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ viewer { name } }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(401);
    const ok = await fetch(`${base}/graphql?query=${encodeURIComponent('{ viewer { name } }')}`, { headers: { accept: 'application/json', 'x-api-key': alice.key } });
    expect(await ok.json()).toEqual({ data: { viewer: { name: 'Alice' } } });
  } finally {
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  }
});
