// Bad input gives typed, actionable errors (never a 500); abusive documents are rejected before
// execution with a clear error; unexpected failures are masked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/ids.js';
import { LIMITS } from '../../src/graphql/limits.js';
import type { SyncService } from '../../src/sync/service.js';
import { seedUser, type SeededUser } from '../helpers/seed.js';
import { createTestServer, type TestServer } from './harness.js';

let server: TestServer;
let alice: SeededUser;

const brokenSync = {
  triggerSync: async () => {
    throw new Error('database password is hunter2');
  },
} as unknown as SyncService;

beforeAll(async () => {
  server = await createTestServer({ sync: brokenSync });
  alice = await seedUser(server.prisma, { name: 'Alice', days: 2 });
});
afterAll(async () => server?.close());

type Issue = { path: string[]; message: string };

describe('date ranges and arguments', () => {
  test('from > to on a connection: 400 VALIDATION_ERROR naming the argument', async () => {
    const { status, body } = await server.gql('{ viewer { name sleeps(from: "2025-02-01", to: "2025-01-01") { totalCount } } }', { key: alice.key });
    expect(status).toBe(400);
    const error = body.errors![0]!;
    expect(error.extensions?.code).toBe('VALIDATION_ERROR');
    expect(error.extensions?.issues).toEqual([{ path: ['viewer', 'sleeps', 'to'], message: expect.stringMatching(/before `from`/) as unknown as string }]);
    // the same through variables
    const viaVariables = await server.gql('query($f: Date, $t: Date) { viewer { s: sleeps(from: $f, to: $t) { totalCount } } }', { key: alice.key, variables: { f: '2025-02-01', t: '2025-01-01' } });
    expect(viaVariables.status).toBe(400);
    expect((viaVariables.body.errors![0]!.extensions?.issues as Issue[])[0]!.path).toEqual(['viewer', 's', 'to']);
  });

  test(`days() over more than ${LIMITS.maxDayRange} days`, async () => {
    const { status, body } = await server.gql('{ viewer { days(from: "2000-01-01", to: "2025-01-01") { date } } }', { key: alice.key });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('VALIDATION_ERROR');
    expect(body.errors![0]!.message).toMatch(/maximum is 3660/);
  });

  test('days() with from > to', async () => {
    const { status, body } = await server.gql('{ viewer { days(from: "2025-01-02", to: "2025-01-01") { date } } }', { key: alice.key });
    expect(status).toBe(400);
    expect((body.errors![0]!.extensions?.issues as Issue[])[0]!.path).toEqual(['viewer', 'days', 'to']);
  });

  test.each(['2025-13-01', '2025-02-30', '20250101', 'yesterday'])('malformed date %s: 400 with the expected format', async (date) => {
    const literal = await server.gql(`{ viewer { sleep(date: "${date}") { id } } }`, { key: alice.key });
    expect(literal.status).toBe(400);
    expect(literal.body.errors![0]!.message).toMatch(/YYYY-MM-DD/);
    const variable = await server.gql('query($d: Date!) { viewer { sleep(date: $d) { id } } }', { key: alice.key, variables: { d: date } });
    expect(variable.status).toBe(400);
    expect(variable.body.errors![0]!.message).toMatch(/YYYY-MM-DD/);
  });

  test.each([['not-base64!'], [Buffer.from('Sleep:42').toString('base64')], [Buffer.from('nothing').toString('base64')]])('malformed node ID %s: VALIDATION_ERROR', async (id) => {
    const { status, body } = await server.gql('query($id: ID!) { node(id: $id) { id } }', { key: alice.key, variables: { id } });
    expect(status).toBe(200);
    expect(body.errors![0]!.extensions?.code).toBe('VALIDATION_ERROR');
    expect(body.errors![0]!.message).toMatch(/not a valid ID/);
  });

  test('an ID of the wrong type: VALIDATION_ERROR', async () => {
    const { body } = await server.gql('query($id: ID!) { viewer { exercise(id: $id) { id } } }', { key: alice.key, variables: { id: encodeGlobalId('Sleep', alice.ids.Sleep![0]!) } });
    expect(body.errors![0]!.extensions?.code).toBe('VALIDATION_ERROR');
    expect(body.errors![0]!.message).toMatch(/Expected a Exercise ID/);
    expect(body.errors![0]!.path).toEqual(['viewer', 'exercise']);
  });

  test('unknown enum value: 400 naming the value', async () => {
    const { status, body } = await server.gql('mutation { triggerSync(input: { types: [SLEEPS] }) { __typename } }', { key: alice.key });
    expect(status).toBe(400);
    expect(body.errors![0]!.message).toMatch(/SLEEPS/);
  });

  test('mutation input errors are typed results with the field path', async () => {
    const { body } = await server.gql('mutation { triggerSync(input: { from: "2025-03-01", to: "2025-01-01" }) { __typename ... on ValidationError { issues { path message } } } }', { key: alice.key });
    expect(body.data).toEqual({ triggerSync: { __typename: 'ValidationError', issues: [{ path: ['input', 'to'], message: expect.stringMatching(/before/) as unknown as string }] } });
    const key = await server.gql('mutation { createApiKey(input: { name: "  " }) { __typename ... on ValidationError { issues { path } } } }', { key: alice.key });
    expect(key.body.data).toEqual({ createApiKey: { __typename: 'ValidationError', issues: [{ path: ['input', 'name'] }] } });
  });

  test('page size above the maximum: a clear error, not a 500', async () => {
    const { status, body } = await server.gql(`{ viewer { sleeps(first: ${LIMITS.maxPageSize + 1}) { totalCount } } }`, { key: alice.key });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('VALIDATION_ERROR');
    expect(body.errors![0]!.message).toMatch(/maximum page size/);
  });

  test('a year of daily records fits one page', async () => {
    const { body } = await server.gql('{ viewer { sleeps(first: 366) { totalCount } } }', { key: alice.key });
    expect(body.errors).toBeUndefined();
  });
});

describe('abuse limits', () => {
  test('depth', async () => {
    let selection = '__typename';
    for (let i = 0; i < LIMITS.maxDepth + 2; i++) selection = `user { apiKeys { edges { node { ${selection} } } } }`;
    const { status, body } = await server.gql(`{ viewer { apiKeys { edges { node { ${selection} } } } } }`, { key: alice.key });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('QUERY_DEPTH_LIMIT');
    expect(body.errors![0]!.message).toMatch(/depth \d+ exceeds the limit of 14/);
  });

  test('cost: connection multipliers come from first/last', async () => {
    const ok = await server.gql('{ viewer { exercises(first: 400) { edges { node { sport } } } } }', { key: alice.key });
    expect(ok.status).toBe(200);
    const { status, body } = await server.gql(
      `{ viewer { ${['a', 'b', 'c', 'd', 'e'].map((alias) => `${alias}: days(from: "2016-01-01", to: "2025-12-31") { sleep { sleepScore sleepCharge deepSleep remSleep raw } exercises { sport samples route raw heartRateZones } dailyActivity { steps raw } nightlyRecharge { ansCharge raw } }`).join(' ')} } }`,
      { key: alice.key },
    );
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('QUERY_COMPLEXITY_LIMIT');
    expect(body.errors![0]!.message).toMatch(/smaller pages|shorter date ranges/);
  });

  test('aliases', async () => {
    const fields = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    const { status, body } = await server.gql(`{ ${fields} }`, { key: alice.key });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('QUERY_ALIAS_LIMIT');
  });

  test('tokens', async () => {
    const fields = Array.from({ length: LIMITS.maxTokens }, () => '__typename').join(' ');
    const { status, body } = await server.gql(`{ ${fields} }`, { key: alice.key });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('QUERY_TOKEN_LIMIT');
  });
});

test('unexpected errors are masked', async () => {
  const { status, body } = await server.gql('mutation { triggerSync { __typename } }', { key: alice.key });
  expect(status).toBe(200);
  expect(body.errors![0]!.message).toBe('Unexpected error.');
  expect(body.errors![0]!.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(JSON.stringify(body)).not.toContain('hunter2');
});
