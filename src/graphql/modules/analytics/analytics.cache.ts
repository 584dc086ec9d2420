// Analytics reused across requests until the user's data changes. A computation of a year (with its
// year of look-back) costs tens of milliseconds; dashboards ask the same user the same question far
// more often than the user's data changes (at most once per sync commit).
//
// Validity: every entry carries the user's `User.dataVersion` as read by the request that computed
// it, *before* that request read any record, so an entry never holds data older than its version.
// Sync commits that change or delete records bump the version in the same transaction
// (sync/run-context.ts), so a later request sees a new version and recomputes. The version is read
// from the database on every request, so several server processes sharing one PostgreSQL stay
// correct. Writes that bypass the sync engine must bump `dataVersion` themselves.
import type { UserAnalytics } from '../../../analytics/index.js';

interface Entry {
  version: number;
  value: Promise<UserAnalytics>;
}

/** Least-recently-used map of computations keyed by (user, range, options), each tagged with a data version. */
export class AnalyticsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The computation stored under `key` for exactly `version`; a stale one is dropped. */
  get(key: string, version: number): Promise<UserAnalytics> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a computation (a failed one is removed again), evicting the least recently used. */
  set(key: string, version: number, value: Promise<UserAnalytics>): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Computations kept per server (GraphQL deps). An entry is a user's analytics over one requested
 * range plus its year of look-back, about 1.3 MB for a 365-day `days` list (measured), so the
 * default bounds the cache near 40 MB of the 256 MB heap `npm start` allows. Each kept computation
 * may also hold the JSON its Days' analytics were rendered to (analytics.members.ts): ≈0.35 MB per
 * selection of a year, at most 4 selections, in Buffers outside the heap.
 */
export const DEFAULT_ANALYTICS_CACHE_ENTRIES = 32;
