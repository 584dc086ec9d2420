import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AccessLinkClient,
  PolarAbortedError,
  PolarAuthError,
  PolarBadRequestError,
  PolarConsentError,
  PolarError,
  PolarHttpError,
  PolarNetworkError,
  PolarNotFoundError,
  PolarPayloadError,
  PolarRateLimitError,
  PolarServerError,
  PolarTimeoutError,
  type BatchResult,
  type ResponseInfo,
} from '../../src/polar/index.js';
import { OFFICIAL_DIR, readText } from './fixtures.js';
import { RATE_LIMIT_HEADERS, reply, sleep, startTestServer, type TestServer } from './http-server.js';

const TOKEN = 'b5c1a7e2f94d4d0c8e3a6f21d07c9b33';

let server: TestServer;
let responses: ResponseInfo[];
let client: AccessLinkClient;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  responses = [];
  client = new AccessLinkClient({ apiBaseUrl: server.baseUrl, timeoutMs: 2_000, onResponse: (i) => responses.push(i) });
});

async function caught(promise: Promise<unknown>): Promise<PolarError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PolarError) return error;
    throw error;
  }
  throw new Error('expected the call to throw');
}

function lastRequest() {
  const req = server.requests.at(-1);
  if (!req) throw new Error('no request reached the server');
  return req;
}

function batch<T>(value: unknown): BatchResult<T> {
  return value as BatchResult<T>;
}

interface Case {
  name: string;
  path: string;
  query?: Record<string, string>;
  file: string;
  dir?: string;
  call: (c: AccessLinkClient) => Promise<unknown>;
  check: (result: unknown) => void;
}

const range = { from: '2025-11-06', to: '2025-11-12' };

const cases: Case[] = [
  {
    name: 'listSleep',
    path: '/v3/users/sleep',
    file: 'sleep-list.json',
    call: (c) => c.listSleep(TOKEN),
    check: (r) => expect(batch<{ date: string }>(r).valid.map((n) => n.date)).toEqual(['2025-11-11', '2025-11-12']),
  },
  {
    name: 'getSleep',
    path: '/v3/users/sleep/2025-11-12',
    file: 'sleep.json',
    call: (c) => c.getSleep(TOKEN, '2025-11-12'),
    check: (r) => expect(r).toMatchObject({ date: '2025-11-12', sleep_score: 81 }),
  },
  {
    name: 'listAvailableSleep',
    path: '/v3/users/sleep/available',
    file: 'sleep-available.json',
    call: (c) => c.listAvailableSleep(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'listNightlyRecharge',
    path: '/v3/users/nightly-recharge',
    file: 'nightly-recharge-list.json',
    call: (c) => c.listNightlyRecharge(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'getNightlyRecharge',
    path: '/v3/users/nightly-recharge/2025-11-12',
    file: 'nightly-recharge.json',
    call: (c) => c.getNightlyRecharge(TOKEN, '2025-11-12'),
    check: (r) => expect(r).toMatchObject({ ans_charge: 3.4 }),
  },
  {
    name: 'listActivities',
    path: '/v3/users/activities',
    file: 'daily-activity-list.json',
    call: (c) => c.listActivities(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(3),
  },
  {
    name: 'getActivitiesRange with flags',
    path: '/v3/users/activities',
    query: { from: '2025-11-10', to: '2025-11-12', steps: 'true', activity_zones: 'true' },
    file: 'daily-activity-list.json',
    call: (c) => c.getActivitiesRange(TOKEN, { from: '2025-11-10', to: '2025-11-12' }, { steps: true, activityZones: true }),
    check: (r) => expect(batch(r).rejected).toEqual([]),
  },
  {
    name: 'getActivity with all flags',
    path: '/v3/users/activities/2025-11-12',
    query: { steps: 'true', activity_zones: 'true', inactivity_stamps: 'true' },
    file: 'daily-activity.json',
    call: (c) => c.getActivity(TOKEN, '2025-11-12', { steps: true, activityZones: true, inactivityStamps: true }),
    check: (r) => expect(r).toMatchObject({ steps: 17120, samples: { date: '2025-11-12' } }),
  },
  {
    name: 'listActivitySamples',
    path: '/v3/users/activities/samples',
    file: 'activity-samples-list.json',
    call: (c) => c.listActivitySamples(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'getActivitySamplesRange',
    path: '/v3/users/activities/samples',
    query: { from: '2025-11-11', to: '2025-11-12' },
    file: 'activity-samples-list.json',
    call: (c) => c.getActivitySamplesRange(TOKEN, { from: '2025-11-11', to: '2025-11-12' }),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'getActivitySamples',
    path: '/v3/users/activities/samples/2025-11-12',
    file: 'activity-samples.json',
    call: (c) => c.getActivitySamples(TOKEN, '2025-11-12'),
    check: (r) => expect(r).toMatchObject({ date: '2025-11-12', steps: { total_steps: 17120 } }),
  },
  {
    name: 'listExercises',
    path: '/v3/exercises',
    file: 'exercises-list.json',
    call: (c) => c.listExercises(TOKEN),
    check: (r) => expect(batch<{ id: string }>(r).valid.map((e) => e.id)).toEqual(['7Hs2KdW', 'QmZ9xLp']),
  },
  {
    name: 'getExercise with flags',
    path: '/v3/exercises/QmZ9xLp',
    query: { samples: 'true', zones: 'true', route: 'true' },
    file: 'exercise.json',
    call: (c) => c.getExercise(TOKEN, 'QmZ9xLp', { samples: true, zones: true, route: true }),
    check: (r) => expect(r).toMatchObject({ id: 'QmZ9xLp', 'running-index': 52 }),
  },
  {
    name: 'listCardioLoad',
    path: '/v3/users/cardio-load',
    file: 'cardio-load-list.json',
    call: (c) => c.listCardioLoad(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(28),
  },
  {
    name: 'getCardioLoad',
    path: '/v3/users/cardio-load/2025-11-12',
    file: 'cardio-load.json',
    call: (c) => c.getCardioLoad(TOKEN, '2025-11-12'),
    check: (r) => expect(batch(r).valid[0]).toMatchObject({ cardio_load: 118.6 }),
  },
  {
    name: 'getCardioLoadRange',
    path: '/v3/users/cardio-load/date',
    query: range,
    file: 'cardio-load-range.json',
    call: (c) => c.getCardioLoadRange(TOKEN, range),
    check: (r) => expect(batch(r).valid).toHaveLength(7),
  },
  {
    name: 'getCardioLoadPeriodDays',
    path: '/v3/users/cardio-load/period/days/180',
    file: 'cardio-load-range.json',
    call: (c) => c.getCardioLoadPeriodDays(TOKEN, 180),
    check: (r) => expect(batch(r).valid).toHaveLength(7),
  },
  {
    name: 'getCardioLoadPeriodMonths',
    path: '/v3/users/cardio-load/period/months/6',
    file: 'cardio-load-range.json',
    call: (c) => c.getCardioLoadPeriodMonths(TOKEN, 6),
    check: (r) => expect(batch(r).valid).toHaveLength(7),
  },
  {
    name: 'getContinuousHeartRate',
    path: '/v3/users/continuous-heart-rate/2025-11-12',
    file: 'continuous-hr.json',
    call: (c) => c.getContinuousHeartRate(TOKEN, '2025-11-12'),
    check: (r) => expect((r as { heart_rate_samples: unknown[] }).heart_rate_samples).toHaveLength(508),
  },
  {
    name: 'getContinuousHeartRateRange ({"heart_rates"} wrapper)',
    path: '/v3/users/continuous-heart-rate',
    query: { from: '2025-11-11', to: '2025-11-12' },
    file: 'continuous-hr-range.json',
    call: (c) => c.getContinuousHeartRateRange(TOKEN, { from: '2025-11-11', to: '2025-11-12' }),
    check: (r) => expect(batch<{ date: string }>(r).valid.map((d) => d.date)).toEqual(['2025-11-11', '2025-11-12']),
  },
  {
    name: 'getContinuousHeartRateRange (spec: single day object)',
    path: '/v3/users/continuous-heart-rate',
    query: { from: '2022-09-12', to: '2022-09-12' },
    file: 'continuous-hr-range.json',
    dir: OFFICIAL_DIR,
    call: (c) => c.getContinuousHeartRateRange(TOKEN, { from: '2022-09-12', to: '2022-09-12' }),
    check: (r) => expect(batch<{ date: string }>(r).valid.map((d) => d.date)).toEqual(['2022-09-12']),
  },
  {
    name: 'listSleepWiseAlertness',
    path: '/v3/users/sleepwise/alertness',
    file: 'sleepwise-alertness.json',
    call: (c) => c.listSleepWiseAlertness(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'getSleepWiseAlertnessRange',
    path: '/v3/users/sleepwise/alertness/date',
    query: range,
    file: 'sleepwise-alertness.json',
    call: (c) => c.getSleepWiseAlertnessRange(TOKEN, range),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'listSleepWiseBedtime',
    path: '/v3/users/sleepwise/circadian-bedtime',
    file: 'sleepwise-bedtime.json',
    call: (c) => c.listSleepWiseBedtime(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'getSleepWiseBedtimeRange',
    path: '/v3/users/sleepwise/circadian-bedtime/date',
    query: range,
    file: 'sleepwise-bedtime.json',
    call: (c) => c.getSleepWiseBedtimeRange(TOKEN, range),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'listBodyTemperature',
    path: '/v3/users/biosensing/bodytemperature',
    file: 'body-temperature.json',
    call: (c) => c.listBodyTemperature(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(1),
  },
  {
    name: 'listSkinTemperature with range',
    path: '/v3/users/biosensing/skintemperature',
    query: range,
    file: 'skin-temperature.json',
    call: (c) => c.listSkinTemperature(TOKEN, range),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'listSkinContacts',
    path: '/v3/users/biosensing/skincontacts',
    file: 'skin-contacts.json',
    call: (c) => c.listSkinContacts(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(1),
  },
  {
    name: 'listEcg',
    path: '/v3/users/biosensing/ecg',
    file: 'ecg.json',
    call: (c) => c.listEcg(TOKEN),
    check: (r) => expect(batch(r).valid[0]).toMatchObject({ test_time: 1762927960 }),
  },
  {
    name: 'listSpo2',
    path: '/v3/users/biosensing/spo2',
    file: 'spo2.json',
    call: (c) => c.listSpo2(TOKEN),
    check: (r) => expect(batch(r).valid).toHaveLength(2),
  },
  {
    name: 'getPhysicalInfo',
    path: '/v3/users/physical-info',
    file: 'physical-info-current.json',
    call: (c) => c.getPhysicalInfo(TOKEN),
    check: (r) => expect(r).toMatchObject({ vo2_max: 54 }),
  },
  {
    name: 'getUser',
    path: '/v3/users/48213977',
    file: 'user-info.json',
    call: (c) => c.getUser(TOKEN, 48213977),
    check: (r) => expect(r).toMatchObject({ 'polar-user-id': 48213977, 'member-id': 'acme-7f3c2a91' }),
  },
];

describe('AccessLinkClient: endpoints and example payloads', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    server.route('GET', c.path, reply(200, readText(c.file, c.dir)));
    const result = await c.call(client);
    const req = lastRequest();
    expect(req.method).toBe('GET');
    expect(req.pathname).toBe(c.path);
    expect(req.query).toEqual(c.query ?? {});
    expect(req.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['accept']).toBe('application/json');
    c.check(result);
    const r = result as Partial<BatchResult<unknown>>;
    if (r && Array.isArray(r.rejected)) expect(r.rejected).toEqual([]);
  });

  it('reports every response with status, rate limit, url and duration', async () => {
    server.route('GET', '/v3/users/sleep/2025-11-12', reply(200, readText('sleep.json')));
    server.route('GET', '/v3/users/sleep/2025-11-11', reply(500, ''));
    await client.getSleep(TOKEN, '2025-11-12');
    await caught(client.getSleep(TOKEN, '2025-11-11'));
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatchObject({
      method: 'GET',
      status: 200,
      url: `${server.baseUrl}/v3/users/sleep/2025-11-12`,
      rateLimit: { short: { used: 37, limit: 700, resetSeconds: 541 }, long: { used: 412, limit: 6000, resetSeconds: 61298 } },
    });
    expect(responses[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(responses[1]).toMatchObject({ status: 500 });
  });

  it('works with a base URL that has a path prefix and a trailing slash', async () => {
    const prefixed = new AccessLinkClient({ apiBaseUrl: `${server.baseUrl}/polar/`, timeoutMs: 2_000 });
    server.route('GET', '/polar/v3/users/physical-info', reply(200, readText('physical-info-current.json')));
    expect(await prefixed.getPhysicalInfo(TOKEN)).toMatchObject({ vo2_max: 54 });
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const injected = new AccessLinkClient({
      apiBaseUrl: 'https://accesslink.invalid',
      timeoutMs: 1_000,
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(readText('skin-temperature.json'), { status: 200 });
      },
    });
    expect((await injected.listSkinTemperature(TOKEN)).valid).toHaveLength(2);
    expect(seen).toEqual(['https://accesslink.invalid/v3/users/biosensing/skintemperature']);
  });
});

describe('users', () => {
  it('registerUser: 200 registered, 409 already registered, 204 unknown user', async () => {
    server.route('POST', '/v3/users', reply(200, readText('user-info.json')));
    expect(await client.registerUser(TOKEN, 'acme-7f3c2a91')).toMatchObject({
      outcome: 'registered',
      user: { 'polar-user-id': 48213977 },
    });
    const req = lastRequest();
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ 'member-id': 'acme-7f3c2a91' });

    server.route('POST', '/v3/users', reply(409, ''));
    expect(await client.registerUser(TOKEN, 'acme-7f3c2a91')).toEqual({ outcome: 'already-registered' });
    server.route('POST', '/v3/users', reply(204));
    expect(await client.registerUser(TOKEN, 'acme-7f3c2a91')).toEqual({ outcome: 'user-not-found' });
    server.route('POST', '/v3/users', reply(403, ''));
    expect(await caught(client.registerUser(TOKEN, 'acme-7f3c2a91'))).toBeInstanceOf(PolarConsentError);
  });

  it('getUser 204 → null; deleteUser 204 → true, 404 → false', async () => {
    server.route('GET', '/v3/users/1', reply(204));
    expect(await client.getUser(TOKEN, 1)).toBeNull();
    server.route('DELETE', '/v3/users/1', reply(204));
    expect(await client.deleteUser(TOKEN, 1)).toBe(true);
    expect(lastRequest().method).toBe('DELETE');
    server.route('DELETE', '/v3/users/1', reply(404, ''));
    expect(await client.deleteUser(TOKEN, 1)).toBe(false);
  });
});

describe('status mapping (API.md §4)', () => {
  it('204 → null for single reads and an empty batch for lists', async () => {
    server.route('GET', '/v3/users/activities/2025-11-12', reply(204));
    server.route('GET', '/v3/users/activities/samples/2025-11-12', reply(204));
    server.route('GET', '/v3/users/sleepwise/alertness/date', reply(204));
    server.route('GET', '/v3/users/biosensing/ecg', reply(204));
    server.route('GET', '/v3/users/activities', reply(204));
    expect(await client.getActivity(TOKEN, '2025-11-12')).toBeNull();
    expect(await client.getActivitySamples(TOKEN, '2025-11-12')).toBeNull();
    expect(await client.getSleepWiseAlertnessRange(TOKEN, range)).toEqual({ valid: [], rejected: [] });
    expect(await client.listEcg(TOKEN)).toEqual({ valid: [], rejected: [] });
    expect(await client.listActivities(TOKEN)).toEqual({ valid: [], rejected: [] });
  });

  it('404 on by-date / by-id reads → null', async () => {
    const notFound = reply(404, readText('error.json'));
    server.route('GET', '/v3/users/sleep/2025-11-01', notFound);
    server.route('GET', '/v3/users/nightly-recharge/2025-11-01', notFound);
    server.route('GET', '/v3/users/continuous-heart-rate/2025-11-01', notFound);
    server.route('GET', '/v3/exercises/nope', notFound);
    server.route('GET', '/v3/users/physical-info', notFound);
    server.route('GET', '/v3/users/cardio-load/2025-11-01', notFound);
    expect(await client.getSleep(TOKEN, '2025-11-01')).toBeNull();
    expect(await client.getNightlyRecharge(TOKEN, '2025-11-01')).toBeNull();
    expect(await client.getContinuousHeartRate(TOKEN, '2025-11-01')).toBeNull();
    expect(await client.getExercise(TOKEN, 'nope')).toBeNull();
    expect(await client.getPhysicalInfo(TOKEN)).toBeNull();
    expect(await client.getCardioLoad(TOKEN, '2025-11-01')).toEqual({ valid: [], rejected: [] });
  });

  it('404 on a list is an error', async () => {
    server.route('GET', '/v3/users/sleep', reply(404, readText('error.json')));
    const error = await caught(client.listSleep(TOKEN));
    expect(error).toBeInstanceOf(PolarNotFoundError);
    expect(error).toMatchObject({ code: 'POLAR_NOT_FOUND', retryable: false, status: 404 });
    expect(error.errorBody).toMatchObject({ errorType: 'NOT_FOUND', corrId: '0b7e5f3c-9d2a-4e1b-8c6f-2a4d9e1f7c30' });
    expect(error.message).toContain('Webhook not found');
  });

  it.each([
    [400, PolarBadRequestError, 'POLAR_BAD_REQUEST', false],
    [401, PolarAuthError, 'POLAR_UNAUTHORIZED', false],
    [403, PolarConsentError, 'POLAR_CONSENT_REQUIRED', false],
    [429, PolarRateLimitError, 'POLAR_RATE_LIMITED', true],
    [500, PolarServerError, 'POLAR_SERVER_ERROR', true],
    [502, PolarServerError, 'POLAR_SERVER_ERROR', true],
    [503, PolarServerError, 'POLAR_SERVER_ERROR', true],
    [418, PolarHttpError, 'POLAR_HTTP_ERROR', false],
  ] as const)('%i → %o', async (status, type, code, retryable) => {
    server.route('GET', '/v3/users/sleep/2025-11-12', reply(status, status === 400 ? '{"message":"Invalid date"}' : ''));
    server.route('GET', '/v3/users/biosensing/spo2', reply(status, ''));
    for (const call of [client.getSleep(TOKEN, '2025-11-12'), client.listSpo2(TOKEN)]) {
      const error = await caught(call);
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ code, retryable, status, method: 'GET' });
      expect(error.rateLimit).not.toBeNull();
      expect(error.message).not.toContain(TOKEN);
    }
  });

  it('429 carries parsed rate-limit info and a wait time', async () => {
    const exhausted = {
      'RateLimit-Usage': '700, 1200',
      'RateLimit-Limit': '700, 6000',
      'RateLimit-Reset': '312, 61298',
    };
    server.route('GET', '/v3/users/sleep', reply(429, '', exhausted));
    const error = await caught(client.listSleep(TOKEN));
    expect(error).toBeInstanceOf(PolarRateLimitError);
    const rl = error as PolarRateLimitError;
    expect(rl.rateLimit).toEqual({
      short: { used: 700, limit: 700, resetSeconds: 312 },
      long: { used: 1200, limit: 6000, resetSeconds: 61298 },
    });
    expect(rl.retryAfterSeconds).toBe(312);

    server.route('GET', '/v3/users/sleep', reply(429, '', { ...exhausted, 'Retry-After': '60' }));
    expect(((await caught(client.listSleep(TOKEN))) as PolarRateLimitError).retryAfterSeconds).toBe(60);

    server.route('GET', '/v3/users/sleep', (_req, res) => {
      res.writeHead(429).end();
    });
    const bare = (await caught(client.listSleep(TOKEN))) as PolarRateLimitError;
    expect(bare.rateLimit).toBeNull();
    expect(bare.retryAfterSeconds).toBeNull();
  });
});

describe('payload validation', () => {
  it('malformed JSON → PolarPayloadError', async () => {
    server.route('GET', '/v3/users/sleep/2025-11-12', reply(200, '{"date": "2025-11-12", '));
    server.route('GET', '/v3/users/sleep', reply(200, '<html>gateway</html>', { 'Content-Type': 'text/html' }));
    server.route('GET', '/v3/users/cardio-load', reply(200, ''));
    for (const call of [client.getSleep(TOKEN, '2025-11-12'), client.listSleep(TOKEN), client.listCardioLoad(TOKEN)]) {
      const error = await caught(call);
      expect(error).toBeInstanceOf(PolarPayloadError);
      expect(error).toMatchObject({ code: 'POLAR_PAYLOAD_INVALID', retryable: false, status: 200 });
    }
  });

  it('wrong envelope → PolarPayloadError with the reason', async () => {
    server.route('GET', '/v3/users/sleep', reply(200, readText('sleep.json')));
    const e1 = (await caught(client.listSleep(TOKEN))) as PolarPayloadError;
    expect(e1).toBeInstanceOf(PolarPayloadError);
    expect(e1.reason).toContain('"nights"');
    server.route('GET', '/v3/users/cardio-load', reply(200, '{"date":"2025-11-12"}'));
    expect(((await caught(client.listCardioLoad(TOKEN))) as PolarPayloadError).reason).toContain('array');
    server.route('GET', '/v3/users/continuous-heart-rate', reply(200, '{"something": []}'));
    expect(await caught(client.getContinuousHeartRateRange(TOKEN, range))).toBeInstanceOf(PolarPayloadError);
  });

  it('an invalid single record → PolarPayloadError naming the field', async () => {
    server.route('GET', '/v3/users/sleep/2025-11-12', reply(200, JSON.stringify({ date: '2025-11-12', sleep_score: 'high' })));
    const error = (await caught(client.getSleep(TOKEN, '2025-11-12'))) as PolarPayloadError;
    expect(error).toBeInstanceOf(PolarPayloadError);
    expect(error.reason).toMatch(/^sleep_score: /);
    expect(error.bodySnippet).toContain('high');
  });

  it('bad records in a list are rejected with reasons; good ones are kept', async () => {
    const nights = (JSON.parse(readText('sleep-list.json')) as { nights: Record<string, unknown>[] }).nights;
    const body = { nights: [nights[0], { ...nights[1], date: 'tomorrow' }, { ...nights[1], sleep_score: '9' }, nights[1]] };
    server.route('GET', '/v3/users/sleep', reply(200, JSON.stringify(body)));
    const result = await client.listSleep(TOKEN);
    expect(result.valid.map((n) => n.date)).toEqual(['2025-11-11', '2025-11-12']);
    expect(result.rejected.map((r) => [r.index, r.reason.split(':')[0]])).toEqual([
      [1, 'date'],
      [2, 'sleep_score'],
    ]);
    expect(result.rejected[0]?.raw).toMatchObject({ date: 'tomorrow' });
  });

  it('normalises a continuous HR range given as a plain array', async () => {
    const day = JSON.parse(readText('continuous-hr.json', OFFICIAL_DIR)) as object;
    server.route('GET', '/v3/users/continuous-heart-rate', reply(200, JSON.stringify([day, { ...day, date: '2022-09-13' }])));
    const result = await client.getContinuousHeartRateRange(TOKEN, { from: '2022-09-12', to: '2022-09-13' });
    expect(result.valid.map((d) => d.date)).toEqual(['2022-09-12', '2022-09-13']);
  });
});

describe('transport failures', () => {
  it('slow headers past the timeout → PolarTimeoutError', async () => {
    const fast = new AccessLinkClient({ apiBaseUrl: server.baseUrl, timeoutMs: 150 });
    server.route('GET', '/v3/users/sleep', async (_req, res) => {
      await sleep(1_000);
      if (!res.destroyed) reply(200, readText('sleep-list.json'))(_req, res, '');
    });
    const started = Date.now();
    const error = await caught(fast.listSleep(TOKEN));
    expect(error).toBeInstanceOf(PolarTimeoutError);
    expect(error).toMatchObject({ code: 'POLAR_TIMEOUT', retryable: true, timeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('a body that stalls past the timeout → PolarTimeoutError', async () => {
    const fast = new AccessLinkClient({ apiBaseUrl: server.baseUrl, timeoutMs: 200 });
    server.route('GET', '/v3/users/sleep', async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ...RATE_LIMIT_HEADERS });
      res.write('{"nights": [');
      await sleep(1_000);
      if (!res.destroyed) res.end(']}');
    });
    expect(await caught(fast.listSleep(TOKEN))).toBeInstanceOf(PolarTimeoutError);
  });

  it('socket destroyed before a response → PolarNetworkError', async () => {
    server.route('GET', '/v3/users/sleep', (req) => {
      req.socket.destroy();
    });
    const error = await caught(client.listSleep(TOKEN));
    expect(error).toBeInstanceOf(PolarNetworkError);
    expect(error).toMatchObject({ code: 'POLAR_NETWORK_ERROR', retryable: true });
  });

  it('socket destroyed mid-body → PolarNetworkError', async () => {
    server.route('GET', '/v3/users/sleep', async (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write('{"nights": [');
      await sleep(50);
      req.socket.destroy();
    });
    expect(await caught(client.listSleep(TOKEN))).toBeInstanceOf(PolarNetworkError);
  });

  it('connection refused → PolarNetworkError with the cause code', async () => {
    const other = await startTestServer();
    const url = other.baseUrl;
    await other.close();
    const refused = new AccessLinkClient({ apiBaseUrl: url, timeoutMs: 2_000 });
    const error = (await caught(refused.listSleep(TOKEN))) as PolarNetworkError;
    expect(error).toBeInstanceOf(PolarNetworkError);
    expect(error.causeCode).toBe('ECONNREFUSED');
  });

  it("the caller's signal → PolarAbortedError", async () => {
    server.route('GET', '/v3/users/sleep', async (_req, res) => {
      await sleep(1_000);
      if (!res.destroyed) reply(200, readText('sleep-list.json'))(_req, res, '');
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await caught(client.listSleep(TOKEN, { signal: controller.signal }));
    expect(error).toBeInstanceOf(PolarAbortedError);
    expect(error).toMatchObject({ code: 'POLAR_ABORTED', retryable: false });
  });
});

describe('argument checks (no request is sent)', () => {
  it('rejects bad dates and ranges wider than Polar allows', async () => {
    await expect(client.getSleep(TOKEN, '2025-11-31')).rejects.toThrow(RangeError);
    await expect(client.getActivitiesRange(TOKEN, { from: '2025-10-01', to: '2025-10-29' })).rejects.toThrow(/29 days/);
    await expect(client.getActivitiesRange(TOKEN, { from: '2025-11-12', to: '2025-11-11' })).rejects.toThrow(RangeError);
    await expect(client.listEcg(TOKEN, { from: '2025-10-01', to: '2025-11-01' })).rejects.toThrow(RangeError);
    await expect(client.getCardioLoadPeriodDays(TOKEN, 181)).rejects.toThrow(RangeError);
    await expect(client.getCardioLoadPeriodMonths(TOKEN, 0)).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  it('accepts exactly 28 days inclusive', async () => {
    server.route('GET', '/v3/users/activities', reply(200, '[]'));
    expect(await client.getActivitiesRange(TOKEN, { from: '2025-10-01', to: '2025-10-28' })).toEqual({ valid: [], rejected: [] });
  });
});
