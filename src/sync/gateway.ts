// Every AccessLink call of the runner goes through here: the shared request budget, retries with
// exponential backoff and jitter for transient failures (5xx, timeouts, resets, corrupted bodies),
// waiting out 429s, and no retry at all for 401/403/400.
import pRetry, { AbortError } from 'p-retry';
import {
  AccessLinkClient,
  PolarAuthError,
  PolarConsentError,
  PolarError,
  PolarPayloadError,
  PolarRateLimitError,
  secondsUntilAllowed,
  type ResponseInfo,
} from '../polar/index.js';
import { BudgetAbortedError, RequestBudget } from './budget.js';

export interface RetryPolicy {
  /** Retries after the first attempt for transient failures. Default 6. */
  retries: number;
  /** First backoff (ms); doubles each time, randomised ×1–2. Default 500. */
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** Longest wait accepted after a 429 before the call fails (ms). Default 16 min. */
  maxRateLimitWaitMs: number;
  /** 429s that do not consume a retry. Default 5. */
  freeRateLimitRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 6,
  minTimeoutMs: 500,
  maxTimeoutMs: 30_000,
  maxRateLimitWaitMs: 16 * 60_000,
  freeRateLimitRetries: 5,
};

export function isTransient(error: unknown): boolean {
  if (error instanceof PolarPayloadError) return true; // truncated / garbled body: ask again
  if (error instanceof PolarError) return error.retryable;
  return false;
}

export function isFatalForUser(error: unknown): error is PolarAuthError | PolarConsentError {
  return error instanceof PolarAuthError || error instanceof PolarConsentError;
}

export interface CallMeter {
  /** Called once per HTTP attempt. */
  onAttempt(): void;
  signal?: AbortSignal;
}

export class PolarGateway {
  readonly client: AccessLinkClient;

  constructor(
    options: { apiBaseUrl: string; fetch?: typeof fetch; timeoutMs?: number; onResponse?: (info: ResponseInfo) => void },
    readonly budget: RequestBudget,
    readonly policy: RetryPolicy,
  ) {
    this.client = new AccessLinkClient({
      apiBaseUrl: options.apiBaseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      userAgent: 'polar-flow-server',
      onResponse: (info) => {
        if (info.rateLimit) budget.observe(info.rateLimit);
        options.onResponse?.(info);
      },
    });
  }

  /** One logical call with budget, retries and backoff. Auth/consent/bad-request errors are thrown at once. */
  async call<T>(fn: (client: AccessLinkClient, signal: AbortSignal | undefined) => Promise<T>, meter: CallMeter): Promise<T> {
    let freeRateLimits = this.policy.freeRateLimitRetries;
    let lastRateLimited = false;
    return pRetry(
      async () => {
        try {
          await this.budget.acquire(meter.signal);
        } catch (error) {
          if (error instanceof BudgetAbortedError) throw new AbortError(error);
          throw error;
        }
        meter.onAttempt();
        try {
          return await fn(this.client, meter.signal);
        } finally {
          this.budget.release(null);
        }
      },
      {
        retries: this.policy.retries,
        factor: 2,
        minTimeout: this.policy.minTimeoutMs,
        maxTimeout: this.policy.maxTimeoutMs,
        randomize: true,
        ...(meter.signal ? { signal: meter.signal } : {}),
        onFailedAttempt: ({ error }) => {
          lastRateLimited = false;
          if (error instanceof PolarRateLimitError) {
            const seconds = error.retryAfterSeconds ?? secondsUntilAllowed(error.rateLimit) ?? 0;
            if (seconds * 1000 > this.policy.maxRateLimitWaitMs) throw error;
            if (seconds > 0) this.budget.pause(seconds);
            lastRateLimited = true;
          }
        },
        shouldConsumeRetry: () => {
          if (lastRateLimited && freeRateLimits > 0) {
            freeRateLimits--;
            return false;
          }
          return true;
        },
        shouldRetry: ({ error }) => !meter.signal?.aborted && isTransient(error),
      },
    );
  }
}
