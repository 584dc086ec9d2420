// Analytics kept across requests (analytics.cache.ts) must never outlive the data they were computed
// from: a real sync from the simulator that rescored and deleted records bumps the user's data
// version, and the warm server then answers exactly what a server with an empty cache answers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { Database } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { createAppPubSub, type AppPubSub } from '../../src/pubsub.js';
import { connectUser, createHarness, type Harness } from '../sync/helpers.js';

let h: Harness;
let userId: string;
let key: string;
let statements = 0;
let pubsub: { pubsub: AppPubSub; close: () => Promise<void> };

/** The harness database, counting the raw SQL statements the GraphQL loaders run. */
function countingDb(db: Database): Database {
  return {
    ...db,
    sql: {
      ...db.sql,
      query: (...args: Parameters<Database['sql']['query']>) => {
        statements++;
        return db.sql.query(...args);
      },
    } as Database['sql'],
  };
}

function app(): App {
  return createApp({ db: countingDb(h.db), env: h.env, logger: createLogger('silent'), pubsub: pubsub.pubsub, sync: h.service });
}

const ANALYTICS = `readiness { status score band composite }
  hrvBaseline: baseline(metric: LN_RMSSD, window: DAYS_7) { status n mean median sd }
  sleepBaseline: baseline(metric: SLEEP_SCORE, window: DAYS_7) { status n mean median sd }
  anomalies { metric severity z }
  sleep { sleepScore }`;

async function days(server: App, from: string, to: string): Promise<unknown[]> {
  const response = await server.graphql.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: `{ viewer { days(from: "${from}", to: "${to}") { date ${ANALYTICS} } } }` }),
  });
  const body = (await response.json()) as { data?: { viewer: { days: unknown[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.viewer.days;
}

const dataVersion = async () => (await h.db.sql.query<{ dataVersion: number }>('SELECT "dataVersion" FROM "User" WHERE "id" = $1', [userId]))[0]!.dataVersion;

beforeAll(async () => {
  // mutationRate 4: Polar rescores nights and deletes records often enough within a few days.
  pubsub = await createAppPubSub();
  h = await createHarness({ seed: 5, users: 1, days: 60, chrRangeShape: 'spec', mutationRate: 4 });
  ({ userId } = await connectUser(h, 0));
  key = (await createApiKey(h.db.prisma, { userId, name: 'cache test' })).key;
  const run = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'INITIAL' })).id);
  expect(run.status).toBe('SUCCEEDED');
}, 120_000);
afterAll(async () => {
  await h?.dispose();
  await pubsub?.close();
});

describe('analytics cache', () => {
  test('a repeated question is answered from the cache; a sync that changes data invalidates it', async () => {
    const today = new Date(h.sim.clock.now()).toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10);
    const warm = app();
    const versionBefore = await dataVersion();
    expect(versionBefore).toBeGreaterThan(0); // the backfill's commits

    statements = 0;
    const first = await days(warm, from, today);
    const coldStatements = statements;
    statements = 0;
    const second = await days(warm, from, today);
    expect(second).toEqual(first);
    // Without the 7 history reads of the analytics: the key, the viewer, the data version, the sleep rows.
    expect(statements).toBeLessThan(coldStatements);
    expect(coldStatements - statements).toBeGreaterThanOrEqual(7);

    // Six days later Polar has new nights, rescored ones and deletions; the scheduled sync stores them.
    await h.sim.clock.advance(6);
    const run = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'SCHEDULE' })).id);
    expect(run.status).toBe('SUCCEEDED');
    expect(await dataVersion()).toBeGreaterThan(versionBefore);

    const afterSync = await days(warm, from, today);
    const fresh = await days(app(), from, today);
    expect(afterSync).toEqual(fresh);
    // The range's data did change (rescored or deleted nights), so a stale answer would differ.
    expect(fresh).not.toEqual(first);
  }, 120_000);

  test('a sync that changes nothing keeps the data version (and the cache)', async () => {
    const before = await dataVersion();
    const run = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'MANUAL' })).id);
    expect(run.status).toBe('SUCCEEDED');
    expect(await dataVersion()).toBe(before);
  }, 120_000);
});
