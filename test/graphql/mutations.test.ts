// Mutations: API keys (shown once, revocable), admin user management (delete cascades through
// every table), and the sync mutations through an injected SyncService.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SyncRun } from '../../src/generated/prisma/client.js';
import { encodeGlobalId } from '../../src/graphql/ids.js';
import { SyncUnavailableError, type SyncService, type TriggerSyncInput } from '../../src/sync/service.js';
import { seedUser, type SeededUser } from '../helpers/seed.js';
import { createTestServer, type TestServer } from './harness.js';

let server: TestServer;
let alice: SeededUser;
const calls: Array<[string, unknown]> = [];

function fakeSync(): SyncService {
  return {
    async triggerSync(input: TriggerSyncInput): Promise<SyncRun> {
      calls.push(['triggerSync', input]);
      if (input.from === '2020-01-01') throw new SyncUnavailableError('INVALID_RANGE', 'Polar keeps only 28 days.');
      return server.prisma.syncRun.create({ data: { userId: input.userId, trigger: input.trigger, requestedTypes: input.types ?? [], ...(input.from ? { rangeFrom: new Date(`${input.from}T00:00:00Z`) } : {}) } });
    },
    async waitForRun() {
      throw new Error('unused');
    },
    async startConnection(userId: string) {
      calls.push(['startConnection', userId]);
      return { authorizationUrl: `https://flow.polar.com/oauth2/authorization?state=s-${userId}`, state: `s-${userId}` };
    },
    async completeConnection() {
      throw new Error('unused');
    },
    async disconnect(userId: string, options: { keepData: boolean }) {
      calls.push(['disconnect', { userId, ...options }]);
      if (userId === 'none') throw new SyncUnavailableError('NOT_CONNECTED', 'not connected');
    },
    async handleWebhook() {
      return { status: 200, body: '' };
    },
    async close() {},
  };
}

beforeAll(async () => {
  server = await createTestServer({ sync: fakeSync() });
  alice = await seedUser(server.prisma, { name: 'Alice', days: 3 });
});
afterAll(async () => server?.close());

describe('API keys', () => {
  test('createApiKey returns a working key once; it is listed without its secret; revokeApiKey disables it', async () => {
    const created = await server.gql<{ createApiKey: { key: string; apiKey: { id: string; name: string; prefix: string; isAdmin: boolean } } }>(
      'mutation { createApiKey(input: { name: "laptop" }) { __typename ... on CreateApiKeyPayload { key apiKey { id name prefix isAdmin } } } }',
      { key: alice.key },
    );
    const { key, apiKey } = created.body.data!.createApiKey;
    expect(key).toMatch(/^pfs_/);
    expect(apiKey).toMatchObject({ name: 'laptop', isAdmin: false, prefix: key.slice(0, 10) });
    const listed = await server.gql('{ viewer { apiKeys { edges { node { name prefix } } } } }', { key });
    expect(JSON.stringify(listed.body)).toContain('laptop');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const revoked = await server.gql('mutation($id: ID!) { revokeApiKey(input: { id: $id }) { ... on RevokeApiKeyPayload { apiKey { revokedAt } } } }', { key: alice.key, variables: { id: apiKey.id } });
    expect(revoked.body.data).toMatchObject({ revokeApiKey: { apiKey: { revokedAt: expect.any(String) as unknown as string } } });
    expect((await server.gql('{ viewer { name } }', { key })).status).toBe(401);
  });

  test('admins create keys for any user, and admin keys', async () => {
    const forAlice = await server.gql<{ createApiKey: { key: string } }>('mutation($u: ID!) { createApiKey(input: { name: "ops", userId: $u }) { ... on CreateApiKeyPayload { key } } }', {
      key: server.adminKey,
      variables: { u: encodeGlobalId('User', alice.id) },
    });
    const viewer = await server.gql('{ viewer { name } }', { key: forAlice.body.data!.createApiKey.key });
    expect(viewer.body.data).toEqual({ viewer: { name: 'Alice' } });
    const admin = await server.gql<{ createApiKey: { key: string; apiKey: { isAdmin: boolean; user: null } } }>('mutation { createApiKey(input: { name: "root", admin: true }) { ... on CreateApiKeyPayload { key apiKey { isAdmin user { id } } } } }', { key: server.adminKey });
    expect(admin.body.data!.createApiKey.apiKey).toEqual({ isAdmin: true, user: null });
    expect((await server.gql('{ users { totalCount } }', { key: admin.body.data!.createApiKey.key })).body.errors).toBeUndefined();
  });
});

describe('users (admin)', () => {
  test('createUser, a duplicate email is a ConflictError', async () => {
    const first = await server.gql<{ createUser: { user: { id: string; name: string; email: string } } }>('mutation { createUser(input: { name: "Carol", email: "carol@example.com" }) { __typename ... on CreateUserPayload { user { id name email } } } }', { key: server.adminKey });
    expect(first.body.data!.createUser.user).toMatchObject({ name: 'Carol', email: 'carol@example.com' });
    const again = await server.gql('mutation { createUser(input: { name: "Carol 2", email: "carol@example.com" }) { __typename ... on Error { code message } } }', { key: server.adminKey });
    expect(again.body.data).toMatchObject({ createUser: { __typename: 'ConflictError', code: 'CONFLICT' } });
  });

  test('deleteUser removes every row of that user and nothing of others', async () => {
    const doomed = await seedUser(server.prisma, { name: 'Doomed', index: 9, days: 3 });
    const { body } = await server.gql('mutation($id: ID!) { deleteUser(input: { id: $id }) { __typename ... on DeleteUserPayload { deletedUserId } } }', { key: server.adminKey, variables: { id: encodeGlobalId('User', doomed.id) } });
    expect(body.data).toEqual({ deleteUser: { __typename: 'DeleteUserPayload', deletedUserId: encodeGlobalId('User', doomed.id) } });
    const prisma = server.prisma;
    const where = { where: { userId: doomed.id } };
    const counts = await Promise.all([
      prisma.user.count({ where: { id: doomed.id } }),
      prisma.polarConnection.count(where), prisma.oAuthState.count(where), prisma.apiKey.count(where), prisma.syncRun.count(where),
      prisma.syncWatermark.count(where), prisma.rejectedRecord.count(where), prisma.sleep.count(where), prisma.nightlyRecharge.count(where),
      prisma.dailyActivity.count(where), prisma.activitySamples.count(where), prisma.exercise.count(where), prisma.exerciseSamples.count(where),
      prisma.cardioLoad.count(where), prisma.continuousHeartRate.count(where), prisma.sleepWiseAlertness.count(where), prisma.sleepWiseBedtime.count(where),
      prisma.bodyTemperature.count(where), prisma.skinTemperature.count(where), prisma.skinContact.count(where), prisma.ecgTest.count(where),
      prisma.spo2Test.count(where), prisma.physicalInfo.count(where),
    ]);
    expect(counts.every((count) => count === 0)).toBe(true);
    expect(await prisma.sleep.count({ where: { userId: alice.id } })).toBe(3);
    const missing = await server.gql('mutation($id: ID!) { deleteUser(input: { id: $id }) { __typename } }', { key: server.adminKey, variables: { id: encodeGlobalId('User', doomed.id) } });
    expect(missing.body.data).toEqual({ deleteUser: { __typename: 'NotFoundError' } });
  });
});

describe('sync through the SyncService', () => {
  test('startPolarConnection returns the authorisation URL', async () => {
    const { body } = await server.gql('mutation { startPolarConnection { __typename ... on StartPolarConnectionPayload { authorizationUrl } } }', { key: alice.key });
    expect(body.data).toEqual({ startPolarConnection: { __typename: 'StartPolarConnectionPayload', authorizationUrl: `https://flow.polar.com/oauth2/authorization?state=s-${alice.id}` } });
  });

  test('triggerSync passes types and range and returns the SyncRun', async () => {
    const { body } = await server.gql<{ triggerSync: { syncRun: { id: string; status: string; requestedTypes: string[]; rangeFrom: string; trigger: string } } }>(
      'mutation { triggerSync(input: { types: [SLEEP, NIGHTLY_RECHARGE], from: "2025-01-01", to: "2025-01-07" }) { ... on TriggerSyncPayload { syncRun { id status trigger requestedTypes rangeFrom } } } }',
      { key: alice.key },
    );
    expect(body.data!.triggerSync.syncRun).toMatchObject({ status: 'QUEUED', trigger: 'MANUAL', requestedTypes: ['sleep', 'nightlyRecharge'], rangeFrom: '2025-01-01' });
    expect(calls).toContainEqual(['triggerSync', { userId: alice.id, trigger: 'MANUAL', types: ['sleep', 'nightlyRecharge'], from: '2025-01-01', to: '2025-01-07' }]);
    const node = await server.gql('query($id: ID!) { node(id: $id) { ... on SyncRun { status } } }', { key: alice.key, variables: { id: body.data!.triggerSync.syncRun.id } });
    expect(node.body.data).toEqual({ node: { status: 'QUEUED' } });
  });

  test('a SyncUnavailableError from the engine is a typed result', async () => {
    const { body } = await server.gql('mutation { triggerSync(input: { from: "2020-01-01" }) { __typename ... on SyncUnavailableError { reason message } } }', { key: alice.key });
    expect(body.data).toEqual({ triggerSync: { __typename: 'SyncUnavailableError', reason: 'INVALID_RANGE', message: 'Polar keeps only 28 days.' } });
  });

  test('disconnectPolar', async () => {
    const { body } = await server.gql('mutation { disconnectPolar(input: { keepData: false }) { ... on DisconnectPolarPayload { user { name } } } }', { key: alice.key });
    expect(body.data).toEqual({ disconnectPolar: { user: { name: 'Alice' } } });
    expect(calls).toContainEqual(['disconnect', { userId: alice.id, keepData: false }]);
  });

  test('an admin key without a user must name the user', async () => {
    const { body } = await server.gql('mutation { triggerSync { __typename ... on ValidationError { issues { path } } } }', { key: server.adminKey });
    expect(body.data).toEqual({ triggerSync: { __typename: 'ValidationError', issues: [{ path: ['input', 'userId'] }] } });
  });
});

test('without a SyncService the sync mutations answer SyncUnavailableError(NOT_CONFIGURED)', async () => {
  const bare = await createTestServer();
  try {
    const user = await seedUser(bare.prisma, { name: 'Dan', days: 1 });
    for (const mutation of ['startPolarConnection', 'triggerSync', 'disconnectPolar(input: { keepData: true })']) {
      const field = mutation.split('(')[0]!;
      const { body } = await bare.gql(`mutation { ${mutation} { __typename ... on SyncUnavailableError { reason } } }`, { key: user.key });
      expect(body.data).toEqual({ [field]: { __typename: 'SyncUnavailableError', reason: 'NOT_CONFIGURED' } });
    }
  } finally {
    await bare.close();
  }
});
