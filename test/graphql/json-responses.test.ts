// Responses are serialised into one UTF-8 buffer (json/json-buffer.ts): exactly the bytes
// JSON.stringify gives, for every selection a client can send, with a matching Content-Length.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.js';
import { jsonToBuffer } from '../../src/graphql/json/json-buffer.js';
import { createSyncedApp, rangeBack, type SyncedApp } from './synced-app.js';

describe('jsonToBuffer', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: true }), fc.constant(() => 1));
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(text, tie('value'), { maxKeys: 5 }),
      fc.array(fc.dictionary(text, tie('value'), { maxKeys: 4 }), { minLength: 2, maxLength: 30 }),
    ),
  }));

  test('gives the UTF-8 bytes of JSON.stringify for any JSON-able value', () => {
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 4 }), (v) => {
        expect(jsonToBuffer(v).toString('utf8')).toBe(JSON.stringify(v));
      }),
      { numRuns: 200 },
    );
  });

  test('long lists go in runs and still come out whole', () => {
    const days = Array.from({ length: 5000 }, (_, i) => ({ i, name: i % 7 === 0 ? 'Zoë 🏃 ☕' : 'x'.repeat(i % 300), skip: undefined, at: new Date(Date.UTC(2025, 0, 1 + (i % 365))) }));
    const result = { data: { viewer: { days, empty: [], numbers: days.map((d) => d.i / 3) } }, stringify: () => '' };
    expect(jsonToBuffer(result).toString('utf8')).toBe(JSON.stringify(result));
  });
});

describe('GraphQL responses as buffers', () => {
  let synced: SyncedApp;
  let key: string;
  let server: App;
  let range: string;

  beforeAll(async () => {
    synced = await createSyncedApp(11, 'json test');
    ({ key, app: server } = synced);
    range = rangeBack(synced.today, 44);
  }, 120_000);
  afterAll(async () => {
    await synced?.dispose();
  });

  async function post(query: string, variables?: Record<string, unknown>): Promise<string> {
    const response = await server.graphql.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(body.length));
    const text = body.toString('utf8');
    expect(JSON.parse(text)).not.toHaveProperty('errors');
    return text;
  }

  const baselineFields = 'status n mean median sd q1 q3 iqr mad min max backTransformedMean date metric windowDays';
  const readinessFields = 'status source score scoreExact band composite partial missingComponents components { metric z weight contribution }';
  const days = (baseline: string, readiness: string, head = '') =>
    `${head} { viewer { days(${range}) { date sleep { sleepScore }
      hrv: baseline(metric: LN_RMSSD, window: DAYS_30) { ${baseline} }
      rhr: baseline(metric: RESTING_HR, window: DAYS_7) { ${baseline} }
      readiness { ${readiness} } } } }`;

  test('repeated answers are byte for byte the same, and those of an equivalent selection', async () => {
    const reused = days(baselineFields, readinessFields);
    const first = await post(reused);
    const second = await post(reused);
    const fresh = await post(days(`${baselineFields} __typename @include(if: true)`, readinessFields));
    const withoutTypename = JSON.stringify(JSON.parse(fresh), (k, v: unknown) => (k === '__typename' ? undefined : v));
    expect(second).toBe(first);
    expect(first).toBe(withoutTypename);
    expect(JSON.parse(first).data.viewer.days.some((d: { hrv: { status: string } }) => d.hrv.status === 'OK')).toBe(true);
  });

  test('variables inside a selection are honoured on every request', async () => {
    const query = days(`status mean sd @include(if: $withSd)`, 'status score', 'query Days($withSd: Boolean!)');
    const withSd = JSON.parse(await post(query, { withSd: true })).data.viewer.days;
    const withoutSd = JSON.parse(await post(query, { withSd: false })).data.viewer.days;
    expect(Object.keys(withSd[0].hrv)).toEqual(['status', 'mean', 'sd']);
    expect(Object.keys(withoutSd[0].hrv)).toEqual(['status', 'mean']);
    expect(JSON.parse(await post(query, { withSd: true })).data.viewer.days).toEqual(withSd);
  });

  test('the same object under different selections keeps each selection', async () => {
    const query = `{ viewer { days(${range}) { date
      a: baseline(metric: LN_RMSSD, window: DAYS_30) { mean }
      b: baseline(metric: LN_RMSSD, window: DAYS_30) { sd n ...More }
      readiness { score } again: readiness { status } } } }
      fragment More on Baseline { status }`;
    for (let i = 0; i < 2; i++) {
      const list = JSON.parse(await post(query)).data.viewer.days as Record<string, Record<string, unknown>>[];
      for (const day of list) {
        expect(Object.keys(day.a!)).toEqual(['mean']);
        expect(Object.keys(day.b!)).toEqual(['sd', 'n', 'status']);
        expect(Object.keys(day.readiness!)).toEqual(['score']);
        expect(Object.keys(day.again!)).toEqual(['status']);
      }
    }
  });
});
