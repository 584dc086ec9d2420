// N+1 guard: the number of SQL statements a request runs does not depend on the number of rows.
// Statements are counted at the Prisma driver adapter and at the raw SQL runner the loaders use
// (harness.ts), so batching inside Prisma counts as what it is.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedUser, type SeededUser } from '../helpers/seed.js';
import { createTestServer, type TestServer } from './harness.js';

let server: TestServer;
let user: SeededUser;

beforeAll(async () => {
  server = await createTestServer();
  user = await seedUser(server.prisma, { name: 'Year', index: 1, days: 365, start: '2025-01-01' });
  for (let i = 0; i < 19; i++) await seedUser(server.prisma, { name: `U${i}`, index: i + 2, days: 3, start: '2025-01-01' });
}, 120_000);
afterAll(async () => server?.close());

const DAYS_QUERY = `query($from: Date!, $to: Date!) {
  viewer {
    name
    days(from: $from, to: $to) {
      date
      sleep { id sleepScore hypnogram raw }
      nightlyRecharge { ansCharge }
      dailyActivity { steps }
      cardioLoad { cardioLoad }
      skinTemperature { deviationFromBaselineCelsius }
      heartRate { sampleCount minHeartRate maxHeartRate avgHeartRate }
      exercises { id sport samples route }
    }
  }
}`;

async function statementsFor(query: string, variables: Record<string, unknown>, key: string): Promise<{ count: number; data: unknown }> {
  await server.gql(query, { variables, key }); // warm-up: key lookup + lastUsedAt write
  await new Promise((resolve) => setTimeout(resolve, 20));
  server.recorder.reset();
  const { body } = await server.gql(query, { variables, key });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return { count: server.recorder.statements.length, data: body.data };
}

test('days() over 365 days runs as many statements as over 30 days', async () => {
  const month = await statementsFor(DAYS_QUERY, { from: '2025-01-01', to: '2025-01-30' }, user.key);
  const year = await statementsFor(DAYS_QUERY, { from: '2025-01-01', to: '2025-12-31' }, user.key);
  const days = (year.data as { viewer: { days: Array<{ sleep: unknown; exercises: unknown[] }> } }).viewer.days;
  expect(days).toHaveLength(365);
  expect(days.every((day) => day.sleep !== null && day.exercises.length === 1)).toBe(true);
  expect(year.count).toBe(month.count);
  // key lookup, user, one per data type (7), exercise samples: a constant.
  expect(year.count).toBeLessThanOrEqual(11);
});

test('nested connections under viewer do not grow with the page size', async () => {
  const query = `query($n: Int!) { viewer { sleeps(first: $n) { edges { node { sleepScore } } } exercises(first: $n) { edges { node { sport route } } } syncRuns { edges { node { status } } } polarConnection { status } } }`;
  const small = await statementsFor(query, { n: 5 }, user.key);
  const large = await statementsFor(query, { n: 365 }, user.key);
  expect(large.count).toBe(small.count);
});

const USERS_QUERY = `query($n: Int!) {
  users(first: $n) {
    edges { node {
      name
      polarConnection { status }
      sleeps(first: 3) { edges { node { sleepScore } } }
      exercises(first: 3) { edges { node { sport samples } } }
      days(from: "2025-01-01", to: "2025-01-03") { sleep { sleepScore } heartRate { maxHeartRate } exercises { sport } }
    } }
  }
}`;

test('a nested admin users list runs as many statements for 20 users as for 2', async () => {
  const two = await statementsFor(USERS_QUERY, { n: 2 }, server.adminKey);
  const twenty = await statementsFor(USERS_QUERY, { n: 20 }, server.adminKey);
  const edges = (twenty.data as { users: { edges: Array<{ node: { days: unknown[] } }> } }).users.edges;
  expect(edges).toHaveLength(20);
  expect(edges.every((edge) => edge.node.days.length === 3)).toBe(true);
  expect(twenty.count).toBe(two.count);
});
