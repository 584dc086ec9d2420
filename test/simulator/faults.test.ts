import { afterEach, describe, expect, it } from 'vitest';
import { ALL_FAULT_KINDS, type FaultKind, type Simulator } from '../../src/simulator/index.js';
import { startScenario } from './helpers.js';

const sims: Simulator[] = [];
afterEach(async () => {
  while (sims.length) await sims.pop()!.close();
});

async function faulty(seed: number): Promise<{ sim: Simulator; headers: Record<string, string> }> {
  const sim = await startScenario({ faults: 1, faultSeed: seed, clientTimeoutMs: 500, slowExtraMs: 500, autoRegister: true });
  sims.push(sim);
  const { accessToken } = sim.issueToken(48213977);
  return { sim, headers: { Authorization: `Bearer ${accessToken}` } };
}

// Slow faults answer after 1000 ms; the client gives up after 700 ms, far above normal latency.
/** What a client observes, classified into the fault kind that must have caused it. */
async function observe(sim: Simulator, path: string, headers: Record<string, string>, full: string): Promise<FaultKind | 'none'> {
  let res: Response;
  try {
    res = await fetch(`${sim.url}${path}`, { headers, signal: AbortSignal.timeout(700) });
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? 'slow' : 'reset';
  }
  const text = await res.text();
  if (res.status === 429) {
    expect(res.headers.get('ratelimit-usage')).toMatch(/^\d+, \d+$/);
    return 'rate_limit';
  }
  if (res.status >= 500) return `http_${res.status}` as FaultKind;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return full.startsWith(text) && text.length < full.length ? 'truncated' : 'malformed';
  }
  if (text === full) return 'none';
  // Same document except that a number became a string.
  expect(JSON.stringify(parsed).length).toBe(full.length + 2);
  return 'schema';
}

describe('fault injection', () => {
  it('rate 1 produces every fault kind, in the order the seeded sequence says', async () => {
    const { sim, headers } = await faulty(42);
    const path = '/v3/users/sleep/2025-11-12';
    const full = JSON.stringify(sim.groundTruth(48213977, 'sleep').find((r) => r.date === '2025-11-12')!.payload);
    const seen: (FaultKind | 'none')[] = [];
    for (let i = 0; i < 60; i++) seen.push(await observe(sim, path, headers, full));
    expect(seen).not.toContain('none');
    expect(new Set(seen)).toEqual(new Set(ALL_FAULT_KINDS));
    expect(seen).toEqual(sim.faultLog().map((f) => f.kind));
    // Faults never touch the admin API.
    for (let i = 0; i < 10; i++) expect((await fetch(`${sim.url}/__admin/clock`)).status).toBe(200);
  });

  it('the sequence is deterministic per seed', async () => {
    const kinds = async (seed: number) => {
      const { sim, headers } = await faulty(seed);
      sims.splice(sims.indexOf(sim), 1);
      const full = JSON.stringify(sim.groundTruth(48213977, 'sleep').find((r) => r.date === '2025-11-12')!.payload);
      for (let i = 0; i < 20; i++) await observe(sim, '/v3/users/sleep/2025-11-12', headers, full);
      await sim.close();
      return sim.faultLog().map((f) => f.kind);
    };
    const a = await kinds(7);
    expect(await kinds(7)).toEqual(a);
    expect(await kinds(8)).not.toEqual(a);
  });

  it('a low rate leaves most requests untouched', async () => {
    const sim = await startScenario({ faults: 0.1, faultSeed: 1, faultKinds: ['http_503'], autoRegister: true });
    sims.push(sim);
    const headers = { Authorization: `Bearer ${sim.issueToken(48213977).accessToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await fetch(`${sim.url}/v3/users/sleep`, { headers })).status);
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBe(sim.faultLog().length);
    expect(failed).toBeGreaterThan(2);
    expect(failed).toBeLessThan(25);
    expect(statuses.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);
  });
});
