// Every SDK query must pass the server's request limits (tokens, depth, breadth, complexity) at the
// sizes sdk/README.md documents, so an app using the SDK as documented is never refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, expect, test } from 'vitest';
import config from '../../codegen.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createTestServer, type TestServer } from '../graphql/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TO = '2025-12-31';
/** Documented sizes (sdk/README.md, "Request sizes"): days per request for the `days` documents. */
const DAY_RANGE: Record<string, number> = { Days: 366, DaysAnalytics: 366, DaysRecords: 366, DaysAnomalyChecks: 366, DaysBaseline: 366 };
const OTHER_RANGES = 366;
/** Documented page size for the range (connection) documents. */
const PAGE_SIZE = 400;

let server: TestServer;
let key: string;
let queries: { name: string; text: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'pfs-sdk-limits-'));

beforeAll(async () => {
  await generate({ ...config, cwd: ROOT, silent: true, generates: { [`${dir}/`]: config.generates['sdk/src/gql/']! } }, true);
  const manifest = JSON.parse(readFileSync(join(dir, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  queries = Object.values(manifest).flatMap((text) => {
    const match = /(?:^|\s)query (\w+)/.exec(text);
    return match ? [{ name: match[1]!, text }] : [];
  });
  server = await createTestServer();
  const user = await server.prisma.user.create({ data: { name: 'limits' } });
  key = (await createApiKey(server.prisma, { userId: user.id, name: 'limits' })).key;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('every SDK query passes the server limits at the documented sizes', async () => {
  expect(queries.length).toBeGreaterThan(30);
  const refused: string[] = [];
  for (const { name, text } of queries) {
    const days = DAY_RANGE[name] ?? OTHER_RANGES;
    const from = new Date(Date.parse(TO) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const variables = { from, to: TO, date: TO, first: PAGE_SIZE, id: 'x', polarExerciseId: '1', metric: 'LN_RMSSD', window: 'DAYS_60', a: 'LN_RMSSD', b: 'RESTING_HR' };
    const { status, body } = await server.gql(text, { key, variables });
    const limit = (body.errors ?? []).find((error) => /LIMIT|GRAPHQL_VALIDATION_FAILED|GRAPHQL_PARSE_FAILED|BAD_USER_INPUT/.test(String(error.extensions?.code)));
    if (limit) refused.push(`${name} (HTTP ${status}): ${String(limit.extensions?.code)} ${limit.message}`);
  }
  expect(refused).toEqual([]);
}, 180_000);
