// One request budget shared by every user's sync: it follows Polar's RateLimit-* headers (fixed
// short and long windows for the whole client) so the engine never sends a request that would
// exceed either window, and after a 429 it waits for the window to reset.
import type { RateLimitInfo } from '../polar/index.js';

interface WindowState {
  limit: number;
  used: number;
  /** Real time (ms) when the window resets, as announced by the last header. */
  resetAt: number;
}

export interface RequestBudgetOptions {
  /** Requests allowed in flight before any RateLimit header has been seen. Default 1. */
  probeConcurrency?: number;
  /** Requests kept in reserve below each limit. Default 0. */
  reserve?: number;
  /** Margin added to announced resets (header resets are whole seconds). Default 250 ms. */
  resetMarginMs?: number;
  now?: () => number;
}

export interface BudgetSnapshot {
  short: WindowState | null;
  long: WindowState | null;
  inFlight: number;
  pausedUntil: number;
  waits: number;
}

export class BudgetAbortedError extends Error {
  override readonly name = 'BudgetAbortedError';
}

export class RequestBudget {
  private short: WindowState | null = null;
  private long: WindowState | null = null;
  private inFlight = 0;
  private pausedUntil = 0;
  private waiters = new Set<() => void>();
  private readonly probeConcurrency: number;
  private readonly reserve: number;
  private readonly resetMarginMs: number;
  private readonly now: () => number;
  /** How many times a request had to wait for budget (for reports). */
  waits = 0;

  constructor(options: RequestBudgetOptions = {}) {
    this.probeConcurrency = options.probeConcurrency ?? 1;
    this.reserve = options.reserve ?? 0;
    this.resetMarginMs = options.resetMarginMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  snapshot(): BudgetSnapshot {
    return { short: this.short && { ...this.short }, long: this.long && { ...this.long }, inFlight: this.inFlight, pausedUntil: this.pausedUntil, waits: this.waits };
  }

  /** Milliseconds until a request may be sent, 0 when it may go now, or -1 to wait for a release. */
  private delayFor(now: number): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    for (const key of ['short', 'long'] as const) {
      const w = this[key];
      if (w && now >= w.resetAt) this[key] = null;
    }
    if (!this.short && !this.long) return this.inFlight < this.probeConcurrency ? 0 : -1;
    let delay = 0;
    for (const w of [this.short, this.long]) {
      if (!w) continue;
      if (w.used + this.inFlight + 1 + this.reserve > w.limit) {
        // Only the window's reset frees budget (releases wake waiters to re-check sooner).
        delay = Math.max(delay, w.resetAt - now);
      }
    }
    return delay <= 0 ? 0 : Math.max(1, delay);
  }

  /** Waits until one more request fits in both windows, then reserves it. Pair with `release`. */
  async acquire(signal?: AbortSignal): Promise<void> {
    let waited = false;
    for (;;) {
      if (signal?.aborted) throw new BudgetAbortedError('aborted while waiting for the request budget');
      const delay = this.delayFor(this.now());
      if (delay === 0) {
        this.inFlight++;
        if (waited) this.waits++;
        return;
      }
      waited = true;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = delay > 0 ? setTimeout(done, delay) : setTimeout(done, 1000);
        this.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Ends a reserved request; `info` is the response's rate-limit state, when it had headers. */
  release(info: RateLimitInfo | null | undefined): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (info) this.observe(info);
    this.wake();
  }

  /** Records a response's headers (also usable for responses outside acquire/release). */
  observe(info: RateLimitInfo): void {
    const now = this.now();
    this.short = this.merge(this.short, info.short, now);
    this.long = this.merge(this.long, info.long, now);
  }

  /** After a 429: no request until `seconds` from now. */
  pause(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000 + this.resetMarginMs);
  }

  private merge(current: WindowState | null, header: { used: number; limit: number; resetSeconds: number }, now: number): WindowState {
    const resetAt = now + header.resetSeconds * 1000 + this.resetMarginMs;
    if (!current || now >= current.resetAt) return { limit: header.limit, used: header.used, resetAt };
    // Same window (responses may arrive out of order): keep the highest usage seen. A header whose
    // reset is much later than ours belongs to a new window that started early; take it.
    if (resetAt > current.resetAt + 2000 && header.used < current.used) return { limit: header.limit, used: header.used, resetAt };
    return { limit: header.limit, used: Math.max(current.used, header.used), resetAt: Math.min(current.resetAt, resetAt) };
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
