import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { addDays } from '../../src/simulator/util.js';
import { basicAuth, connectUser, FIXED_NOW, getJson, HAS_GENERATOR, startScenario } from './helpers.js';
import { itemSchemaOf, schemaOf, shapeDiff, type Schema, type ShapeOptions } from './shape.js';

// Exercises without distance (e.g. strength) or route legitimately lack these.
const EXERCISE_OPTIONAL = ['distance', 'running-index', 'route', 'samples'];
const ERROR = schemaOf('error.json', 'official/error.json');

interface Case {
  path: string;
  schema: Schema;
  options?: ShapeOptions;
  /** 200 or 204 (an empty result) both allowed: generated data may legitimately have none. */
  mayBeEmpty?: boolean;
}

function firstVisibleDate(sim: Simulator, userId: number, type: Parameters<Simulator['groundTruth']>[1]): string {
  const now = sim.clock.now();
  const today = sim.clock.today();
  const dates = sim
    .groundTruth(userId, type)
    .filter((r) => Date.parse(r.uploadedAt) <= now && r.date >= addDays(today, -20))
    .map((r) => r.date);
  if (dates.length === 0) throw new Error(`no visible ${type} in the last 20 days`);
  return dates[dates.length - 1]!;
}

function cases(sim: Simulator, userId: number): Case[] {
  const today = sim.clock.today();
  const sleepDate = firstVisibleDate(sim, userId, 'sleep');
  const nrDate = firstVisibleDate(sim, userId, 'nightlyRecharge');
  const actDate = firstVisibleDate(sim, userId, 'activity');
  const chrDate = firstVisibleDate(sim, userId, 'continuousHeartRate');
  const exId = sim
    .groundTruth(userId, 'exercise')
    .filter((r) => Date.parse(r.uploadedAt) <= sim.clock.now() && Date.parse(r.uploadedAt) > sim.clock.now() - 29 * 86_400_000)
    .at(-1)?.key;
  const week = `from=${addDays(today, -6)}&to=${today}`;
  const cardio = schemaOf('cardio-load-list.json', 'official/cardio-load-list.json', 'cardio-load.json', 'cardio-load-range.json');
  const flags = 'steps=true&activity_zones=true&inactivity_stamps=true';
  const list: Case[] = [
    { path: '/v3/users/sleep', schema: schemaOf('sleep-list.json', 'official/sleep-list.json') },
    { path: `/v3/users/sleep/${sleepDate}`, schema: schemaOf('sleep.json', 'official/sleep.json') },
    { path: '/v3/users/sleep/available', schema: schemaOf('sleep-available.json', 'official/sleep-available.json') },
    { path: '/v3/users/nightly-recharge', schema: schemaOf('nightly-recharge-list.json', 'official/nightly-recharge-list.json') },
    { path: `/v3/users/nightly-recharge/${nrDate}`, schema: schemaOf('nightly-recharge.json', 'official/nightly-recharge.json') },
    { path: '/v3/exercises', schema: schemaOf('exercises-list.json', 'official/exercises-list.json') },
    { path: '/v3/users/activities', schema: schemaOf('daily-activity-list.json', 'official/daily-activity-list.json') },
    { path: `/v3/users/activities?${week}`, schema: schemaOf('daily-activity-list.json', 'official/daily-activity-list.json') },
    { path: `/v3/users/activities/${actDate}?${flags}`, schema: schemaOf('daily-activity.json', 'official/daily-activity.json') },
    { path: `/v3/users/activities/${actDate}`, schema: schemaOf('daily-activity.json', 'official/daily-activity.json'), options: { optional: ['samples'] } },
    { path: '/v3/users/activities/samples', schema: schemaOf('activity-samples-list.json', 'official/activity-samples-list.json') },
    { path: `/v3/users/activities/samples?${week}`, schema: schemaOf('activity-samples-list.json', 'official/activity-samples-list.json') },
    { path: `/v3/users/activities/samples/${actDate}`, schema: schemaOf('activity-samples.json', 'official/activity-samples.json') },
    { path: `/v3/users/continuous-heart-rate/${chrDate}`, schema: schemaOf('continuous-hr.json', 'official/continuous-hr.json') },
    { path: `/v3/users/continuous-heart-rate?from=${addDays(chrDate, -1)}&to=${chrDate}`, schema: schemaOf('continuous-hr-range.json') },
    { path: '/v3/users/cardio-load', schema: cardio },
    { path: `/v3/users/cardio-load/${today}`, schema: cardio },
    { path: `/v3/users/cardio-load/date?${week}`, schema: cardio },
    { path: '/v3/users/cardio-load/period/days/30', schema: cardio },
    { path: '/v3/users/cardio-load/period/months/2', schema: cardio },
    { path: '/v3/users/sleepwise/alertness', schema: schemaOf('sleepwise-alertness.json', 'official/sleepwise-alertness.json'), mayBeEmpty: true },
    { path: `/v3/users/sleepwise/alertness/date?${week}`, schema: schemaOf('sleepwise-alertness.json', 'official/sleepwise-alertness.json'), mayBeEmpty: true },
    { path: '/v3/users/sleepwise/circadian-bedtime', schema: schemaOf('sleepwise-bedtime.json', 'official/sleepwise-bedtime.json'), mayBeEmpty: true },
    { path: `/v3/users/sleepwise/circadian-bedtime/date?${week}`, schema: schemaOf('sleepwise-bedtime.json', 'official/sleepwise-bedtime.json'), mayBeEmpty: true },
    { path: '/v3/users/biosensing/bodytemperature', schema: schemaOf('body-temperature.json', 'official/body-temperature.json'), mayBeEmpty: true },
    { path: '/v3/users/biosensing/skintemperature', schema: schemaOf('skin-temperature.json', 'official/skin-temperature.json'), mayBeEmpty: true },
    { path: `/v3/users/biosensing/skincontacts?${week}`, schema: schemaOf('skin-contacts.json', 'official/skin-contacts.json'), mayBeEmpty: true },
    { path: '/v3/users/biosensing/ecg', schema: schemaOf('ecg.json', 'official/ecg.json'), mayBeEmpty: true },
    { path: '/v3/users/biosensing/spo2', schema: schemaOf('spo2.json', 'official/spo2.json'), mayBeEmpty: true },
    { path: '/v3/users/physical-info', schema: schemaOf('physical-info-current.json', 'official/physical-info-current.json') },
    { path: `/v3/users/${userId}`, schema: schemaOf('user-info.json', 'official/user-info.json') },
  ];
  if (exId) list.push({ path: `/v3/exercises/${exId}?samples=true&zones=true&route=true`, schema: schemaOf('exercise.json', 'official/exercise.json'), options: { optional: EXERCISE_OPTIONAL } });
  return list;
}

function errorCases(sim: Simulator, userId: number): { path: string; status: number; headers?: 'none' }[] {
  const today = sim.clock.today();
  return [
    { path: '/v3/users/sleep', status: 401, headers: 'none' },
    { path: '/v3/users/sleep/not-a-date', status: 400 },
    { path: '/v3/users/sleep/2000-01-01', status: 404 },
    { path: '/v3/users/nightly-recharge/2000-01-01', status: 404 },
    { path: '/v3/users/continuous-heart-rate/2000-01-01', status: 404 },
    { path: '/v3/users/continuous-heart-rate/2025-13-01', status: 400 },
    { path: `/v3/users/continuous-heart-rate?from=${today}`, status: 400 },
    { path: `/v3/users/continuous-heart-rate?from=${addDays(today, -28)}&to=${today}`, status: 400 },
    { path: '/v3/exercises/doesNotExist', status: 404 },
    { path: `/v3/users/activities?from=${addDays(today, -28)}&to=${today}`, status: 400 },
    { path: `/v3/users/activities?from=${addDays(today, -400)}&to=${addDays(today, -390)}`, status: 400 },
    { path: `/v3/users/activities?from=${today}&to=${addDays(today, -1)}`, status: 400 },
    { path: `/v3/users/activities/${addDays(today, -365)}`, status: 400 },
    { path: '/v3/users/activities/bad', status: 400 },
    { path: `/v3/users/activities/samples/${addDays(today, -365)}`, status: 400 },
    { path: '/v3/users/cardio-load/period/days/0', status: 400 },
    { path: '/v3/users/cardio-load/period/days/181', status: 400 },
    { path: '/v3/users/cardio-load/period/months/7', status: 400 },
    { path: '/v3/users/cardio-load/date?from=2025-01-01', status: 400 },
    { path: '/v3/users/cardio-load/nope', status: 400 },
    { path: '/v3/users/sleepwise/alertness/date', status: 400 },
    { path: `/v3/users/sleepwise/circadian-bedtime/date?from=${addDays(today, -28)}&to=${today}`, status: 400 },
    { path: `/v3/users/biosensing/ecg?from=${addDays(today, -28)}&to=${today}`, status: 400 },
    { path: `/v3/users/${userId + 1}/physical-information-transactions/1`, status: 403 },
  ];
}

async function runConformance(sim: Simulator, headers: Record<string, string>, userId: number, strict: boolean): Promise<void> {
  const failures: string[] = [];
  for (const c of cases(sim, userId)) {
    const { status, body } = await getJson(sim, c.path, headers);
    if (status === 204 && c.mayBeEmpty && !strict) continue;
    if (status !== 200) {
      failures.push(`${c.path}: status ${status}`);
      continue;
    }
    for (const e of shapeDiff(body, c.schema, c.options)) failures.push(`${c.path}: ${e}`);
  }
  for (const c of errorCases(sim, userId)) {
    const { status, body, res } = await getJson(sim, c.path, c.headers === 'none' ? {} : headers);
    if (status !== c.status) failures.push(`${c.path}: expected ${c.status}, got ${status}`);
    for (const e of shapeDiff(body, ERROR)) failures.push(`${c.path} (error body): ${e}`);
    if (!res.headers.get('ratelimit-usage')) failures.push(`${c.path}: no RateLimit-Usage header`);
  }
  expect(failures).toEqual([]);
}

describe('conformance: scenario built from the example payloads', () => {
  let sim: Simulator;
  let conn: Awaited<ReturnType<typeof connectUser>>;
  beforeAll(async () => {
    sim = await startScenario({ today: '2025-11-09' });
    conn = await connectUser(sim);
    await sim.clock.set('2025-11-12');
  });
  afterAll(() => sim.close());

  it('every endpoint matches the example shapes and documented status codes', async () => {
    await runConformance(sim, conn.headers, conn.userId, true);
  });

  it('empty results use 204 where documented and empty wrappers elsewhere', async () => {
    const far = 'from=2025-10-01&to=2025-10-05';
    for (const p of [`/v3/users/activities/2025-10-20`, `/v3/users/activities/samples/2025-10-20`, `/v3/users/sleepwise/alertness/date?${far}`, `/v3/users/sleepwise/circadian-bedtime/date?${far}`, `/v3/users/biosensing/bodytemperature?${far}`, `/v3/users/biosensing/skintemperature?${far}`, `/v3/users/biosensing/skincontacts?${far}`, `/v3/users/biosensing/ecg?${far}`, `/v3/users/biosensing/spo2?${far}`]) {
      const r = await getJson(sim, p, conn.headers);
      expect([p, r.status, r.text]).toEqual([p, 204, '']);
    }
    expect((await getJson(sim, `/v3/users/activities?${far}`, conn.headers)).body).toEqual([]);
    expect((await getJson(sim, `/v3/users/continuous-heart-rate?${far}`, conn.headers)).body).toEqual({ heart_rates: [] });
    const cl = (await getJson(sim, `/v3/users/cardio-load/date?${far}`, conn.headers)).body as { cardio_load_status: string }[];
    expect(cl).toHaveLength(5);
    expect(cl.every((x) => x.cardio_load_status === 'LOAD_STATUS_NOT_AVAILABLE')).toBe(true);
    for (const x of cl) expect(shapeDiff(x, itemSchemaOf('cardio-load-list.json', 'official/cardio-load-list.json'))).toEqual([]);
  });

  it('query flags add exactly the optional blocks', async () => {
    const plain = (await getJson(sim, '/v3/exercises/QmZ9xLp', conn.headers)).body as Record<string, unknown>;
    expect(Object.keys(plain)).not.toContain('samples');
    expect(Object.keys(plain)).not.toContain('route');
    expect(Object.keys(plain)).not.toContain('heart_rate_zones');
    const zones = (await getJson(sim, '/v3/exercises/QmZ9xLp?zones=true', conn.headers)).body as Record<string, unknown>;
    expect(Object.keys(zones)).toContain('heart_rate_zones');
    expect(Object.keys(zones)).not.toContain('samples');
    const list = (await getJson(sim, '/v3/exercises', conn.headers)).body as Record<string, unknown>[];
    expect(list.every((e) => !('samples' in e) && !('route' in e))).toBe(true);
    const act = (await getJson(sim, '/v3/users/activities/2025-11-12', conn.headers)).body as Record<string, unknown>;
    expect(act).not.toHaveProperty('samples');
    const steps = (await getJson(sim, '/v3/users/activities/2025-11-12?steps=true', conn.headers)).body as { samples: Record<string, unknown> };
    expect(Object.keys(steps.samples)).toEqual(['date', 'steps']);
  });

  it('physical-information transactions, pull notifications, token and user payloads', async () => {
    const basic = { Authorization: basicAuth(sim) };
    const n = await getJson(sim, '/v3/notifications', basic);
    expect(n.status).toBe(200);
    expect(shapeDiff(n.body, schemaOf('notifications.json', 'official/notifications.json'))).toEqual([]);
    const create = await fetch(`${sim.url}/v3/users/${conn.userId}/physical-information-transactions`, { method: 'POST', headers: conn.headers });
    expect(create.status).toBe(201);
    const created = (await create.json()) as { 'resource-uri': string };
    expect(shapeDiff(created, schemaOf('physical-info-transaction-created.json', 'official/physical-info-transaction-created.json'))).toEqual([]);
    const tx = await fetch(created['resource-uri'], { headers: conn.headers });
    const txBody = (await tx.json()) as { 'physical-informations': string[] };
    expect(shapeDiff(txBody, schemaOf('physical-info-transaction-list.json', 'official/physical-info-transaction-list.json'))).toEqual([]);
    const entity = await (await fetch(txBody['physical-informations'][0]!, { headers: conn.headers })).json();
    expect(shapeDiff(entity, schemaOf('physical-info.json', 'official/physical-info.json'))).toEqual([]);
    expect((await fetch(created['resource-uri'], { method: 'PUT', headers: conn.headers })).status).toBe(200);
    expect((await getJson(sim, '/v3/notifications', basic)).status).toBe(204);
    expect((await fetch(`${sim.url}/v3/users/${conn.userId}/physical-information-transactions`, { method: 'POST', headers: conn.headers })).status).toBe(204);
    expect((await getJson(sim, '/v3/notifications', {})).status).toBe(401);
    // Bearer tokens are not client credentials.
    expect((await getJson(sim, '/v3/notifications', conn.headers)).status).toBe(401);
  });

  it('continuous-HR range in the spec shape: per-day objects like the by-date payload', async () => {
    const spec = await startScenario({ chrRangeShape: 'spec' });
    try {
      const c = await connectUser(spec);
      const r = await getJson(spec, '/v3/users/continuous-heart-rate?from=2025-11-11&to=2025-11-12', c.headers);
      expect(Array.isArray(r.body)).toBe(true);
      expect(r.body).toHaveLength(2);
      const s = schemaOf('official/continuous-hr-range.json', 'continuous-hr.json');
      for (const day of r.body as unknown[]) expect(shapeDiff(day, s)).toEqual([]);
    } finally {
      await spec.close();
    }
  });
});

describe.skipIf(!HAS_GENERATOR)('conformance: generated users', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, users: 3, days: 60, today: '2025-11-12', now: FIXED_NOW });
  });
  afterAll(() => sim?.close());

  it('every endpoint of every generated user matches the example shapes', async () => {
    for (const u of sim.users) {
      const conn = await connectUser(sim, u.polarUserId);
      await runConformance(sim, conn.headers, conn.userId, false);
    }
  });
});
