import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, parseRetryAfterSeconds, secondsUntilAllowed } from '../../src/polar/index.js';
import { readJson } from './fixtures.js';

describe('parseRateLimitHeaders', () => {
  it('parses the example headers (Headers instance)', () => {
    const headers = new Headers(readJson<Record<string, string>>('rate-limit-headers.json'));
    expect(parseRateLimitHeaders(headers)).toEqual({
      short: { used: 37, limit: 700, resetSeconds: 541 },
      long: { used: 412, limit: 6000, resetSeconds: 61298 },
    });
  });

  it('accepts plain header records in any case, with or without spaces', () => {
    expect(
      parseRateLimitHeaders({ 'ratelimit-usage': '1,2', 'RATELIMIT-LIMIT': ' 500 ,  5000 ', 'RateLimit-Reset': '900,86400' }),
    ).toEqual({
      short: { used: 1, limit: 500, resetSeconds: 900 },
      long: { used: 2, limit: 5000, resetSeconds: 86400 },
    });
  });

  it('returns null when a header is missing or malformed', () => {
    expect(parseRateLimitHeaders(new Headers())).toBeNull();
    expect(parseRateLimitHeaders({ 'RateLimit-Usage': '1, 2', 'RateLimit-Limit': '500, 5000' })).toBeNull();
    const base = { 'RateLimit-Usage': '1, 2', 'RateLimit-Limit': '500, 5000', 'RateLimit-Reset': '900, 86400' };
    for (const bad of ['1', '1, 2, 3', 'a, b', '-1, 2', '1.5, 2', '']) {
      expect(parseRateLimitHeaders({ ...base, 'RateLimit-Usage': bad })).toBeNull();
    }
  });

  it('Retry-After and time until allowed', () => {
    expect(parseRetryAfterSeconds({ 'Retry-After': '120' })).toBe(120);
    expect(parseRetryAfterSeconds({ 'retry-after': new Date(10_000 + 30_000).toUTCString() }, 10_000)).toBe(30);
    expect(parseRetryAfterSeconds({})).toBeNull();
    const info = {
      short: { used: 700, limit: 700, resetSeconds: 100 },
      long: { used: 10, limit: 6000, resetSeconds: 5000 },
    };
    expect(secondsUntilAllowed(info)).toBe(100);
    expect(secondsUntilAllowed({ ...info, long: { used: 6000, limit: 6000, resetSeconds: 5000 } })).toBe(5000);
    expect(secondsUntilAllowed({ ...info, short: { used: 1, limit: 700, resetSeconds: 100 } })).toBe(0);
    expect(secondsUntilAllowed(null)).toBeNull();
  });
});
