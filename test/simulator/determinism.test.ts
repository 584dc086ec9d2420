import { describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { addDays } from '../../src/simulator/util.js';
import { connectUser, FIXED_NOW, HAS_GENERATOR, startScenario } from './helpers.js';

async function transcript(start: () => Promise<Simulator>): Promise<string[]> {
  const sim = await start();
  try {
    const out: string[] = [];
    for (const u of sim.users) {
      const c = await connectUser(sim, u.polarUserId);
      out.push(c.token);
      const today = sim.clock.today();
      for (const p of [
        '/v3/users/sleep',
        '/v3/users/nightly-recharge',
        '/v3/exercises?samples=true&zones=true&route=true',
        `/v3/users/activities?from=${addDays(today, -27)}&to=${today}&steps=true&activity_zones=true&inactivity_stamps=true`,
        `/v3/users/continuous-heart-rate?from=${addDays(today, -6)}&to=${today}`,
        '/v3/users/cardio-load/period/months/6',
        '/v3/users/sleepwise/alertness',
        '/v3/users/biosensing/bodytemperature',
        '/v3/users/biosensing/ecg',
        '/v3/users/physical-info',
        '/v3/users/sleep/1999-01-01',
      ]) {
        const res = await fetch(`${sim.url}${p}`, { headers: c.headers });
        out.push(`${res.status} ${p} ${await res.text()}`);
      }
    }
    return out;
  } finally {
    await sim.close();
  }
}

describe('determinism', () => {
  it('scenario: same options → byte-identical responses (tokens and error ids included)', async () => {
    const a = await transcript(() => startScenario());
    const b = await transcript(() => startScenario());
    expect(b).toEqual(a);
  });

  it.skipIf(!HAS_GENERATOR)('generated: same seed → byte-identical responses; another seed differs', async () => {
    const opts = (seed: number): SimulatorOptions => ({ seed, users: 2, days: 45, today: '2025-11-12', now: FIXED_NOW });
    const a = await transcript(() => startSimulator(opts(3)));
    const b = await transcript(() => startSimulator(opts(3)));
    expect(b).toEqual(a);
    expect(a.join('').length).toBeGreaterThan(100_000);
    const c = await transcript(() => startSimulator(opts(4)));
    expect(c).not.toEqual(a);
  });
});
