import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { connectUser, getJson, SCENARIO_DIR, SCENARIO_USER, startScenario } from './helpers.js';

const dir = join(SCENARIO_DIR, String(SCENARIO_USER));
const file = (p: string): unknown => JSON.parse(readFileSync(join(dir, p), 'utf8'));

describe('scenario replay', () => {
  let sim: Simulator;
  let headers: Record<string, string>;
  beforeAll(async () => {
    sim = await startScenario();
    headers = (await connectUser(sim)).headers;
  });
  afterAll(() => sim.close());

  it('defaults "today" to the latest date in the scenario', () => {
    expect(sim.clock.today()).toBe('2025-11-12');
  });

  it('serves every fixture file as the exact payload (byte-for-byte as JSON)', async () => {
    const same = async (path: string, expected: unknown) => {
      const r = await getJson(sim, path, headers);
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.body).toEqual(JSON.parse(JSON.stringify(expected))); // -0 in the ECG file serializes as 0
      expect(r.text).toBe(JSON.stringify(expected));
    };
    for (const f of readdirSync(join(dir, 'sleep'))) await same(`/v3/users/sleep/${f.slice(0, 10)}`, file(`sleep/${f}`));
    for (const f of readdirSync(join(dir, 'nightlyRecharge'))) await same(`/v3/users/nightly-recharge/${f.slice(0, 10)}`, file(`nightlyRecharge/${f}`));
    for (const f of readdirSync(join(dir, 'continuousHeartRate')))
      await same(`/v3/users/continuous-heart-rate/${f.slice(0, 10)}`, file(`continuousHeartRate/${f}`));
    const flags = 'steps=true&activity_zones=true&inactivity_stamps=true';
    for (const f of readdirSync(join(dir, 'activity'))) await same(`/v3/users/activities/${f.slice(0, 10)}?${flags}`, file(`activity/${f}`));
    for (const f of readdirSync(join(dir, 'exercise'))) await same(`/v3/exercises/${f.slice(0, -5)}?samples=true&zones=true&route=true`, file(`exercise/${f}`));
    await same('/v3/users/cardio-load', file('cardioLoad/cardio-load-list.json'));
    await same('/v3/users/sleepwise/alertness', file('sleepwiseAlertness/alertness.json'));
    await same('/v3/users/sleepwise/circadian-bedtime', file('sleepwiseBedtime/circadian-bedtime.json'));
    await same('/v3/users/biosensing/bodytemperature', file('bodyTemperature/2025-11-12.json'));
    await same('/v3/users/biosensing/skintemperature', file('skinTemperature/skin-temperature.json'));
    await same('/v3/users/biosensing/skincontacts', file('skinContacts/2025-11-12.json'));
    await same('/v3/users/biosensing/ecg', file('ecg/ecg.json'));
    // SpO2 tests come back in date order.
    const spo2 = file('spo2/spo2.json') as { test_time: number }[];
    await same('/v3/users/biosensing/spo2', [...spo2].sort((a, b) => a.test_time - b.test_time));
    await same('/v3/users/physical-info', file('physicalInfo/2025-11-10.json'));
    const shared = (f: string): unknown => JSON.parse(readFileSync(`/work/shared/accesslink/${f}`, 'utf8'));
    await same('/v3/users/sleep', shared('sleep-list.json'));
    await same('/v3/users/nightly-recharge', shared('nightly-recharge-list.json'));
    await same('/v3/users/sleep/available', shared('sleep-available.json'));
    await same('/v3/users/activities', shared('daily-activity-list.json'));
    await same('/v3/users/activities/samples', shared('activity-samples-list.json'));
    await same('/v3/users/activities/samples/2025-11-12', shared('activity-samples.json'));
    await same('/v3/users/cardio-load/date?from=2025-11-06&to=2025-11-12', shared('cardio-load-range.json'));
    await same('/v3/users/cardio-load/2025-11-12', shared('cardio-load.json'));
    await same('/v3/exercises', shared('exercises-list.json'));
    await same('/v3/exercises/QmZ9xLp?samples=true&zones=true&route=true', shared('exercise.json'));
    await same('/v3/users/continuous-heart-rate?from=2025-11-11&to=2025-11-12', {
      heart_rates: (shared('continuous-hr-range.json') as { heart_rates: { date: string }[] }).heart_rates.map((d) =>
        d.date === '2025-11-12' ? { date: d.date, heart_rate_samples: (shared('continuous-hr.json') as { heart_rate_samples: unknown }).heart_rate_samples } : d,
      ),
    });
  });

  it('ground truth lists every record without visibility limits', async () => {
    expect(sim.groundTruth(SCENARIO_USER, 'cardioLoad')).toHaveLength(28);
    const gt = (await (await fetch(`${sim.url}/__admin/users/${SCENARIO_USER}/ground-truth/exercise`)).json()) as { key: string }[];
    expect(gt.map((r) => r.key)).toEqual(['7Hs2KdW', 'QmZ9xLp']);
  });

  it('exports GPX and gzipped TCX of an exercise with a route', async () => {
    const gpx = await fetch(`${sim.url}/v3/exercises/QmZ9xLp/gpx`, { headers });
    expect(gpx.headers.get('content-type')).toBe('application/gpx+xml');
    expect((await gpx.text()).match(/<trkpt /g)).toHaveLength(53);
    const tcx = await fetch(`${sim.url}/v3/exercises/QmZ9xLp/tcx`, { headers });
    expect(tcx.status).toBe(200);
    expect((await getJson(sim, '/v3/exercises/7Hs2KdW/gpx', headers)).status).toBe(404);
  });
});
