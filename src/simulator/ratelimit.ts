import type { RateLimitOptions } from './types.js';

interface Window {
  start: number;
  count: number;
}

export interface RateLimitResult {
  allowed: boolean;
  headers: Record<string, string>;
}

/** Polar's per-client limits: fixed windows that start at the first request (not sliding). */
export class RateLimiter {
  private short: Window | null = null;
  private long: Window | null = null;
  private readonly cfg: Required<RateLimitOptions>;

  constructor(
    options: RateLimitOptions | undefined,
    private readonly now: () => number,
  ) {
    this.cfg = {
      shortBase: 500,
      shortPerUser: 20,
      longBase: 5000,
      longPerUser: 100,
      shortWindowSeconds: 15 * 60,
      longWindowSeconds: 24 * 60 * 60,
      ...options,
    };
  }

  limits(users: number): [number, number] {
    return [this.cfg.shortBase + this.cfg.shortPerUser * users, this.cfg.longBase + this.cfg.longPerUser * users];
  }

  private roll(w: Window | null, seconds: number, now: number): Window {
    return w && now < w.start + seconds * 1000 ? w : { start: now, count: 0 };
  }

  /** Counts one request (rejected ones too) and reports whether it is within both limits. */
  hit(users: number): RateLimitResult {
    const now = this.now();
    this.short = this.roll(this.short, this.cfg.shortWindowSeconds, now);
    this.long = this.roll(this.long, this.cfg.longWindowSeconds, now);
    this.short.count++;
    this.long.count++;
    const [sl, ll] = this.limits(users);
    return { allowed: this.short.count <= sl && this.long.count <= ll, headers: this.headers(users) };
  }

  /** Current header values without counting a request. */
  headers(users: number): Record<string, string> {
    const now = this.now();
    const [sl, ll] = this.limits(users);
    const reset = (w: Window | null, seconds: number) =>
      w && now < w.start + seconds * 1000 ? Math.max(0, Math.ceil((w.start + seconds * 1000 - now) / 1000)) : seconds;
    const used = (w: Window | null, seconds: number) => (w && now < w.start + seconds * 1000 ? w.count : 0);
    return {
      'RateLimit-Usage': `${used(this.short, this.cfg.shortWindowSeconds)}, ${used(this.long, this.cfg.longWindowSeconds)}`,
      'RateLimit-Limit': `${sl}, ${ll}`,
      'RateLimit-Reset': `${reset(this.short, this.cfg.shortWindowSeconds)}, ${reset(this.long, this.cfg.longWindowSeconds)}`,
    };
  }

  reset(): void {
    this.short = null;
    this.long = null;
  }
}
