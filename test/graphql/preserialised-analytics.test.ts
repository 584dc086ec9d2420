// Day analytics are spliced into responses pre-serialised (modules/analytics/analytics.members.ts).
// Every answer must be the very bytes of executing the query as written: the same server with the
// splicing switched off is the reference, on real synced data, for every shape of selection.
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.js';
import WebSocket from 'ws';
import { RawJsonMembers, jsonToBuffer } from '../../src/graphql/json/json-buffer.js';
import { rewriteDayAnalytics } from '../../src/graphql/modules/analytics/analytics.members.js';
import { schema } from '../../src/graphql/schema.js';
import { attachGraphQLWebSocket, type GraphQLWebSocket } from '../../src/graphql/websocket.js';
import { createGraphQLServer, type GraphQLServer } from '../../src/graphql/yoga.js';
import { createSyncedApp, rangeBack, type SyncedApp } from './synced-app.js';

describe('RawJsonMembers in jsonToBuffer', () => {
  const text = fc.string({ unit: 'binary', maxLength: 8 });
  const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
  const dict = (prefix: string) => fc.dictionary(text.map((k) => `${prefix}${k}`), leaf, { maxKeys: 4 });
  // An object with a marker at some position, and the object it must serialise as.
  const holder = fc.tuple(dict('o'), dict('m'), fc.nat(), fc.boolean()).map(([own, members, at, nested]) => {
    const entries = Object.entries(own);
    const position = at % (entries.length + 1);
    const marker = new RawJsonMembers(Buffer.from(JSON.stringify(members).slice(1, -1)));
    const withMarker = Object.fromEntries([...entries.slice(0, position), ['marker', marker], ...entries.slice(position)]);
    const expected = Object.fromEntries([...entries.slice(0, position), ...Object.entries(members), ...entries.slice(position)]);
    return nested ? { actual: { inner: withMarker }, expected: { inner: expected } } : { actual: withMarker, expected };
  });

  test('members take the place of the marker, in lists of any length and in single objects', () => {
    fc.assert(
      fc.property(fc.array(holder, { maxLength: 40 }), holder, (list, single) => {
        const actual = { data: { list: list.map((h) => h.actual), single: single.actual } };
        const expected = { data: { list: list.map((h) => h.expected), single: single.expected } };
        expect(jsonToBuffer(actual).toString('utf8')).toBe(JSON.stringify(expected));
      }),
      { numRuns: 300 },
    );
  });

  test('a marker cannot be serialised by anything else', () => {
    expect(() => JSON.stringify({ a: new RawJsonMembers(Buffer.from('"x":1')) })).toThrow(/only be serialised by jsonToBuffer/);
  });
});

describe('pre-serialised Day analytics over GraphQL', () => {
  let synced: SyncedApp;
  let key: string;
  let app: App;
  let asWritten: GraphQLServer;
  let http: Server;
  let socket: GraphQLWebSocket;
  let range: string;
  let today: string;

  beforeAll(async () => {
    synced = await createSyncedApp(23, 'members test');
    ({ key, app, today } = synced);
    const { h } = synced;
    asWritten = createGraphQLServer({ prisma: h.db.prisma, sql: h.db.sql, pubsub: synced.pubsub, sync: h.service, preserialisedAnalytics: false });
    // From before the first synced day: the early days have no analytics at all.
    range = rangeBack(today, 80);
    http = createServer((request, response) => app.handle(request, response));
    socket = attachGraphQLWebSocket(http, app.graphql);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  }, 120_000);
  afterAll(async () => {
    await socket?.close();
    await new Promise((resolve) => http?.close(resolve));
    await synced?.dispose();
  });

  async function post(server: GraphQLServer, query: string, variables?: Record<string, unknown>): Promise<string> {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(body.length));
    return body.toString('utf8');
  }

  /**
   * The answer, twice (rendered, then from the kept members), against the query as written; `spliced`:
   * whether the query is one whose analytics are spliced in, or one that runs as written.
   */
  async function expectSameBytes(query: string, variables?: Record<string, unknown>, spliced = true): Promise<Record<string, unknown>> {
    expect(rewriteDayAnalytics(schema, parse(query), undefined) !== null).toBe(spliced);
    const reference = await post(asWritten, query, variables);
    expect(JSON.parse(reference)).not.toHaveProperty('errors');
    expect(await post(app.graphql, query, variables)).toBe(reference);
    expect(await post(app.graphql, query, variables)).toBe(reference);
    return JSON.parse(reference) as Record<string, unknown>;
  }

  const baseline = 'status source n mean median sd q1 q3 iqr mad min max backTransformedMean date metric windowDays';
  const readiness = 'status source score scoreExact band composite partial missingComponents components { metric z weight contribution }';
  const everything = `readiness { ${readiness} }
    hrv30: baseline(metric: LN_RMSSD, window: DAYS_30) { ${baseline} }
    rhr7: baseline(metric: RESTING_HR, window: DAYS_7) { ${baseline} }
    anomalies { __typename metric severity }
    anomalyChecks { metric }
    trainingLoad { date status load ctl { value status } atl { value } tsb { value } acwr { method ratio { value } band { value } } monotony { monotony strain } polarStatus { value } }
    sleepDebt { status debtMinutes category }
    sleepMetrics { night { status totalSleepMinutes efficiencyPercent } debt { debtMinutes } }
    hrv { lnRmssd rollingLnMean { value status } }
    polarScores { ansCharge { value } cardioLoadStatus { value source } }`;

  test('a year-style list with every analytics field, records around them and days without data', async () => {
    const body = await expectSameBytes(`{ viewer { days(${range}) { date sleep { sleepScore } ${everything} nightlyRecharge { ansCharge } } } }`);
    const days = (body.data as { viewer: { days: { readiness: { status: string } }[] } }).viewer.days;
    expect(days).toHaveLength(81);
    expect(days[0]!.readiness.status).toBe('NO_DATA');
    expect(days.some((d) => d.readiness.status === 'OK')).toBe(true);
  });

  test('runs split by other fields, aliases, __typename, variables and directives inside a run', async () => {
    const query = `query Split($metric: AnalyticsMetric!, $withSd: Boolean!) { viewer { days(${range}) {
      first: readiness { score } __typename date
      b: baseline(metric: $metric, window: DAYS_60) { mean sd @include(if: $withSd) }
      dailyActivity { steps }
      anomalies { metric } trainingLoad { load } } } }`;
    for (const variables of [
      { metric: 'LN_RMSSD', withSd: true },
      { metric: 'LN_RMSSD', withSd: false },
      { metric: 'STEPS', withSd: true },
    ]) {
      const body = await expectSameBytes(query, variables);
      const day = (body.data as { viewer: { days: Record<string, unknown>[] } }).viewer.days.at(-1)!;
      expect(Object.keys(day)).toEqual(['first', '__typename', 'date', 'b', 'dailyActivity', 'anomalies', 'trainingLoad']);
      expect(Object.keys(day.b as object)).toEqual(variables.withSd ? ['mean', 'sd'] : ['mean']);
    }
  });

  test('a run that leaves no members (skipped) at the start, the end, or as the whole selection', async () => {
    for (const selection of ['readiness @skip(if: $skip) { score } date', 'date readiness @skip(if: $skip) { score }', 'readiness @skip(if: $skip) { score }']) {
      const query = `query Skip($skip: Boolean!) { viewer { days(${range}) { ${selection} } } }`;
      const skipped = await expectSameBytes(query, { skip: true });
      await expectSameBytes(query, { skip: false });
      expect(JSON.stringify(skipped)).not.toContain('readiness');
    }
  });

  test('a single day, fragments, repeated keys and several operations all answer as written', async () => {
    await expectSameBytes(`{ viewer { day(date: "${today}") { date ${everything} } } }`);
    await expectSameBytes(`{ viewer { days(${range}) { ...DayParts readiness { score } } } } fragment DayParts on Day { date anomalies { metric } }`, undefined, false);
    await expectSameBytes(`{ viewer { days(${range}) { readiness { score } date readiness { band } } } }`, undefined, false);
    await expectSameBytes(`{ viewer { a: days(${range}) { readiness { score } } b: days(${range}) { readiness { status } } } }`);
    const response = await app.graphql.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: `query A { viewer { name } } query B { viewer { days(${range}) { readiness { score } } } }`, operationName: 'B' }),
    });
    expect(await response.text()).toBe(await post(asWritten, `{ viewer { days(${range}) { readiness { score } } } }`));
  });

  test('the internal field is neither queryable nor visible to introspection', async () => {
    const direct = JSON.parse(await post(app.graphql, `{ viewer { days(${range}) { _analyticsMembers } } }`)) as { errors: { message: string }[] };
    expect(direct.errors[0]!.message).toMatch(/Day\._analyticsMembers/);
    const mixed = await expectSameBytes(`{ __type(name: "Day") { fields { name } } viewer { days(${range}) { readiness { score } } } }`, undefined, false);
    const fields = (mixed.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name);
    expect(fields).toContain('readiness');
    expect(fields).not.toContain('_analyticsMembers');
    expect(JSON.stringify(await expectSameBytes('{ __schema { types { name } } }', undefined, false))).not.toContain('InternalJsonMembers');
  });

  test('over the WebSocket the same query gives the same data', async () => {
    const { port } = http.address() as AddressInfo;
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0 });
    const query = `{ viewer { days(${range}) { date ${everything} } } }`;
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toEqual(JSON.parse(await post(asWritten, query)));
    } finally {
      await client.dispose();
    }
  });
});
