import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { connectUser, getJson, startScenario } from './helpers.js';
import { schemaOf, shapeDiff } from './shape.js';

let sim: Simulator;
afterEach(() => sim?.close());

function rl(res: Response): [string | null, string | null, string | null] {
  return [res.headers.get('ratelimit-usage'), res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-reset')];
}

describe('rate limits', () => {
  it('default limits scale with registered users and headers are on every response', async () => {
    sim = await startScenario();
    const c = await connectUser(sim);
    const r = await getJson(sim, '/v3/users/sleep', c.headers);
    expect(rl(r.res)).toEqual(['2, 2', '520, 5100', '900, 86400']);
    const bad = await getJson(sim, '/v3/users/sleep', {});
    expect(bad.status).toBe(401);
    expect(bad.res.headers.get('ratelimit-usage')).toBe('3, 3');
  });

  it('fixed windows from the first request; 429 past the short limit; rejections count toward the long limit', async () => {
    let real = Date.parse('2030-01-01T00:00:00Z');
    sim = await startScenario({ now: () => real, rateLimits: { shortBase: 5, shortPerUser: 1, longBase: 8, longPerUser: 1 } });
    const c = await connectUser(sim); // 1 request, 1 registered user → limits 6 / 9
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      real += 1000;
      const r = await getJson(sim, '/v3/users/sleep', c.headers);
      statuses.push(r.status);
      last = r.res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(rl(last!)).toEqual(['7, 7', '6, 9', '894, 86394']);
    const body = (await getJson(sim, '/v3/users/sleep', c.headers)).body;
    expect(shapeDiff(body, schemaOf('error.json', 'official/error.json'))).toEqual([]);

    // The short window resets 15 min after its first request; the long one keeps counting.
    real += 15 * 60_000;
    const a = await getJson(sim, '/v3/users/sleep', c.headers);
    expect([a.status, ...rl(a.res)]).toEqual([200, '1, 9', '6, 9', '900, 85494']);
    const b = await getJson(sim, '/v3/users/sleep', c.headers);
    expect([b.status, b.res.headers.get('ratelimit-usage')]).toEqual([429, '2, 10']);
    real += 24 * 3_600_000;
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).status).toBe(200);
  });

  it('advancing the simulator clock by a day resets both windows', async () => {
    sim = await startScenario({ rateLimits: { shortBase: 1, shortPerUser: 0, longBase: 1, longPerUser: 0 }, today: '2025-11-11' });
    const c = await connectUser(sim);
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).status).toBe(429);
    await sim.clock.advance(1);
    expect((await getJson(sim, '/v3/users/sleep', c.headers)).status).toBe(200);
  });
});
