// JSON.stringify with memoized record payloads: list responses are re-assembled from the cached
// text of their (immutable) records instead of re-serializing tens of kilobytes per request.

const cache = new WeakMap<object, string>();
const cacheable = new WeakSet<object>();

/** Declares an object immutable from now on, so its JSON text may be cached. */
export function markCacheable(o: unknown): void {
  if (o !== null && typeof o === 'object') cacheable.add(o);
}

/** Same output as JSON.stringify for plain JSON data. */
export function serialize(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  if (cacheable.has(v)) {
    const text = JSON.stringify(v);
    cache.set(v, text);
    return text;
  }
  if (Array.isArray(v)) return `[${v.map((x: unknown) => (x === undefined || typeof x === 'function' ? 'null' : serialize(x))).join(',')}]`;
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined || typeof x === 'function') continue;
    parts.push(`${JSON.stringify(k)}:${serialize(x)}`);
  }
  return `{${parts.join(',')}}`;
}
