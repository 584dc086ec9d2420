/** One Polar rate-limit window (15-minute "short" or 24-hour "long"). */
export interface RateLimitWindow {
  used: number;
  limit: number;
  resetSeconds: number;
}

export interface RateLimitInfo {
  short: RateLimitWindow;
  long: RateLimitWindow;
}

export type HeaderSource =
  | Headers
  | Record<string, string | string[] | number | undefined | null>;

export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== wanted || value == null) continue;
    if (Array.isArray(value)) return value.join(',');
    return String(value);
  }
  return undefined;
}

const PAIR = /^\s*(\d+)\s*,\s*(\d+)\s*$/;

function parsePair(value: string | undefined): [number, number] | null {
  if (value === undefined) return null;
  const m = PAIR.exec(value);
  if (!m) return null;
  return [Number(m[1]), Number(m[2])];
}

/**
 * Parses `RateLimit-Usage`, `RateLimit-Limit` and `RateLimit-Reset` ("<short>, <long>" each).
 * Returns null unless all three are present and well formed.
 */
export function parseRateLimitHeaders(headers: HeaderSource): RateLimitInfo | null {
  const usage = parsePair(readHeader(headers, 'RateLimit-Usage'));
  const limit = parsePair(readHeader(headers, 'RateLimit-Limit'));
  const reset = parsePair(readHeader(headers, 'RateLimit-Reset'));
  if (!usage || !limit || !reset) return null;
  return {
    short: { used: usage[0], limit: limit[0], resetSeconds: reset[0] },
    long: { used: usage[1], limit: limit[1], resetSeconds: reset[1] },
  };
}

/**
 * `Retry-After` is not documented by Polar; honour it when present (delta-seconds or HTTP date).
 */
export function parseRetryAfterSeconds(headers: HeaderSource, now: number = Date.now()): number | null {
  const raw = readHeader(headers, 'Retry-After')?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw);
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Seconds to wait before the next request can succeed, from the rate-limit state:
 * the long window's reset when it is exhausted, else the short window's when that one is,
 * else 0. Null when nothing is known.
 */
export function secondsUntilAllowed(info: RateLimitInfo | null): number | null {
  if (!info) return null;
  if (info.long.used >= info.long.limit) return info.long.resetSeconds;
  if (info.short.used >= info.short.limit) return info.short.resetSeconds;
  return 0;
}
