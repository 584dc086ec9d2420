// Tenancy: a user key reaches its own user's data and nothing else. For every field of `User`
// (enumerated from the schema, so new fields are covered automatically), every root field, and
// `node`/`nodes` with the other user's global IDs of every type, the second user's key is denied or
// gets nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GraphQLField, GraphQLObjectType, GraphQLOutputType } from 'graphql';
import { isEnumType, isListType, isNonNullType, isObjectType, isScalarType } from '../../src/graphql/graphql.js';
import { schema } from '../../src/graphql/schema.js';
import { encodeGlobalId } from '../../src/graphql/ids.js';
import { seedUser, type SeededUser } from '../helpers/seed.js';
import { createTestServer, type TestServer } from './harness.js';

let server: TestServer;
let alice: SeededUser;
let bob: SeededUser;

beforeAll(async () => {
  server = await createTestServer();
  alice = await seedUser(server.prisma, { name: 'Alice', index: 1, days: 5 });
  bob = await seedUser(server.prisma, { name: 'Bob', index: 2, days: 5 });
});
afterAll(async () => server?.close());

function unwrap(type: GraphQLOutputType): GraphQLOutputType {
  let current = type;
  while (isNonNullType(current) || isListType(current)) current = current.ofType;
  return current;
}

/** Arguments that make a field return data for the seeded range. */
function argsFor(field: GraphQLField<unknown, unknown>, user: SeededUser): string {
  const values: string[] = [];
  for (const arg of field.args) {
    if (arg.name === 'date') values.push(`date: "${user.start}"`);
    if (arg.name === 'from') values.push(`from: "${user.start}"`);
    if (arg.name === 'to') values.push(`to: "2025-01-31"`);
    if (arg.name === 'id' && isNonNullType(arg.type)) values.push(`id: "${encodeGlobalId('Exercise', user.ids.Exercise![0]!)}"`);
    if (arg.name === 'polarExerciseId') values.push('polarExerciseId: "ex-1-0"'); // Alice's id: must not be found
    if (arg.name === 'first') values.push('first: 50');
    // analytics: required enum arguments
    if (arg.name === 'metric') values.push('metric: RESTING_HR');
    if (arg.name === 'window') values.push('window: DAYS_7');
    if (arg.name === 'a') values.push('a: TRAINING_LOAD');
    if (arg.name === 'b') values.push('b: LN_RMSSD');
  }
  return values.length ? `(${values.join(', ')})` : '';
}

/** Selects `id` on every node and the scalars of plain objects, two levels deep. */
function selectionFor(type: GraphQLOutputType, depth = 0): string {
  const named = unwrap(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (!isObjectType(named) || depth > 3) return '{ __typename }';
  const fields = Object.values((named as GraphQLObjectType).getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type)));
  const parts = ['__typename'];
  for (const field of fields) {
    const inner = unwrap(field.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(field.name);
    else if (['edges', 'node', 'pageInfo', 'user', 'sleep', 'exercises', 'dailyActivity', 'heartRate'].includes(field.name)) parts.push(`${field.name} ${selectionFor(field.type, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function collectIds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectIds(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' && typeof inner === 'string') out.push(inner);
      else collectIds(inner, out);
    }
  }
  return out;
}

function ownIds(user: SeededUser): Set<string> {
  const ids = new Set<string>();
  for (const [type, list] of Object.entries(user.ids)) for (const id of list) ids.add(encodeGlobalId(type, id));
  return ids;
}

const userFields = Object.values((schema.getType('User') as GraphQLObjectType).getFields()).filter((field) => field.name !== 'id');

describe('every User field through `viewer` returns only the key’s own records', () => {
  test.each(userFields.map((field) => [field.name, field] as const))('%s', async (_name, field) => {
    const query = `{ viewer { id ${field.name}${argsFor(field, bob)} ${selectionFor(field.type)} } }`;
    const { status, body } = await server.gql(query, { key: bob.key });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const ids = collectIds(body.data);
    const mine = ownIds(bob);
    for (const id of ids) {
      if (id.startsWith(Buffer.from('User:').toString('base64').slice(0, 4))) continue;
      expect(mine.has(id) || !ownIds(alice).has(id), `${field.name} leaked ${id}`).toBe(true);
    }
    expect(JSON.stringify(body.data)).not.toContain('Alice');
    expect(JSON.stringify(body.data)).not.toMatch(/sleep-1-|ex-1-|"member-1-/);
  });
});

test('the seeded data is reachable by its owner (the leak checks above are not vacuous)', async () => {
  const { body } = await server.gql(`{ viewer { name sleeps { totalCount edges { node { raw } } } exercises { totalCount } days(from: "2025-01-01", to: "2025-01-05") { sleep { sleepScore } } } }`, { key: alice.key });
  expect(body.data).toMatchObject({ viewer: { name: 'Alice', sleeps: { totalCount: 5 }, exercises: { totalCount: 5 } } });
  expect(JSON.stringify(body.data)).toContain('sleep-1-0');
});

describe('node and nodes with the other user’s global IDs of every type', () => {
  test.each(Object.keys({ User: 1, ApiKey: 1, SyncRun: 1, Sleep: 1, NightlyRecharge: 1, DailyActivity: 1, ActivitySamples: 1, Exercise: 1, CardioLoad: 1, ContinuousHeartRate: 1, SleepWiseAlertness: 1, SleepWiseBedtime: 1, BodyTemperature: 1, SkinTemperature: 1, SkinContact: 1, EcgTest: 1, Spo2Test: 1, PhysicalInfo: 1 }))(
    '%s',
    async (type) => {
      const ids = alice.ids[type]!.map((id) => encodeGlobalId(type, id));
      expect(ids.length).toBeGreaterThan(0);
      const single = await server.gql(`query($id: ID!) { node(id: $id) { id __typename } }`, { key: bob.key, variables: { id: ids[0] } });
      expect(single.body).toEqual({ data: { node: null } });
      const many = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { key: bob.key, variables: { ids } });
      expect(many.body).toEqual({ data: { nodes: ids.map(() => null) } });
      // …while the owner gets them.
      const own = await server.gql(`query($id: ID!) { node(id: $id) { id __typename } }`, { key: alice.key, variables: { id: ids[0] } });
      expect(own.body).toEqual({ data: { node: { id: ids[0], __typename: type } } });
    },
  );
});

describe('admin-only roots deny user keys', () => {
  test('user(id)', async () => {
    const { body } = await server.gql(`query($id: ID!) { user(id: $id) { name } }`, { key: bob.key, variables: { id: encodeGlobalId('User', alice.id) } });
    expect(body.data).toEqual({ user: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
  test('users', async () => {
    const { body } = await server.gql(`{ users { edges { node { name } } } }`, { key: bob.key });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
  test('createUser and deleteUser', async () => {
    const created = await server.gql(`mutation { createUser(input: { name: "Eve" }) { __typename ... on Error { code } } }`, { key: bob.key });
    expect(created.body.data).toEqual({ createUser: { __typename: 'ForbiddenError', code: 'FORBIDDEN' } });
    const deleted = await server.gql(`mutation($id: ID!) { deleteUser(input: { id: $id }) { __typename } }`, { key: bob.key, variables: { id: encodeGlobalId('User', alice.id) } });
    expect(deleted.body.data).toEqual({ deleteUser: { __typename: 'ForbiddenError' } });
    expect(await server.prisma.user.count({ where: { id: alice.id } })).toBe(1);
  });
});

describe('mutations cannot act on another user', () => {
  const aliceId = () => encodeGlobalId('User', alice.id);
  test('createApiKey for another user', async () => {
    const { body } = await server.gql(`mutation($u: ID!) { createApiKey(input: { name: "x", userId: $u }) { __typename ... on CreateApiKeyPayload { key } } }`, { key: bob.key, variables: { u: aliceId() } });
    expect(body.data).toEqual({ createApiKey: { __typename: 'ForbiddenError' } });
  });
  test('createApiKey with admin: true', async () => {
    const { body } = await server.gql(`mutation { createApiKey(input: { name: "x", admin: true }) { __typename } }`, { key: bob.key });
    expect(body.data).toEqual({ createApiKey: { __typename: 'ForbiddenError' } });
  });
  test('revokeApiKey of another user’s key', async () => {
    const { body } = await server.gql(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`, { key: bob.key, variables: { id: encodeGlobalId('ApiKey', alice.apiKeyId) } });
    expect(body.data).toEqual({ revokeApiKey: { __typename: 'NotFoundError' } });
    expect((await server.prisma.apiKey.findUniqueOrThrow({ where: { id: alice.apiKeyId } })).revokedAt).toBeNull();
  });
  test.each(['startPolarConnection(input: { userId: $u })', 'disconnectPolar(input: { keepData: true, userId: $u })', 'triggerSync(input: { userId: $u })'])('%s', async (call) => {
    const { body } = await server.gql(`mutation($u: ID!) { result: ${call} { __typename } }`, { key: bob.key, variables: { u: aliceId() } });
    expect(body.data).toEqual({ result: { __typename: 'ForbiddenError' } });
  });
  test('syncProgress for another user', async () => {
    const response = await server.app.graphql.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${bob.key}` },
      body: JSON.stringify({ query: `subscription($u: ID!) { syncProgress(userId: $u) { kind } }`, variables: { u: aliceId() } }),
    });
    const text = await response.text();
    expect(text).toContain('FORBIDDEN');
    expect(text).not.toContain('"kind"');
  });
});
