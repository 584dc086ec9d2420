import type { FaultKind, FaultRecord } from './types.js';
import { ALL_FAULT_KINDS } from './types.js';
import { createRng, type Rng } from './util.js';

/** A deterministic fault sequence: the n-th /v3 request gets the same fault for the same seed. */
export class FaultInjector {
  private readonly rng: Rng;
  private seq = 0;
  readonly log: FaultRecord[] = [];
  private readonly kinds: readonly FaultKind[];

  constructor(
    private readonly rate: number,
    seed: number,
    kinds?: FaultKind[],
  ) {
    this.rng = createRng(seed ^ 0x5eed);
    this.kinds = kinds && kinds.length > 0 ? kinds : ALL_FAULT_KINDS;
  }

  next(method: string, path: string): FaultKind | null {
    if (this.rate <= 0) return null;
    const seq = this.seq++;
    const r = this.rng();
    const k = this.rng();
    if (r >= this.rate) return null;
    const kind = this.kinds[Math.floor(k * this.kinds.length)]!;
    this.log.push({ seq, kind, method, path });
    return kind;
  }
}

/** Turns the first number found (depth first) into a string: a value that breaks the schema. */
export function violateSchema(value: unknown): { value: unknown; path: string } | null {
  if (typeof value === 'number') return { value: String(value), path: '$' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = violateSchema(value[i]);
      if (r) {
        const copy = value.slice();
        copy[i] = r.value;
        return { value: copy, path: `$[${i}]${r.path.slice(1)}` };
      }
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const r = violateSchema(v);
      if (r) return { value: { ...(value as object), [k]: r.value }, path: `$.${k}${r.path.slice(1)}` };
    }
  }
  return null;
}

/** Valid-looking JSON with one syntax error. */
export function malform(text: string): string {
  const i = text.indexOf('":');
  if (i >= 0) return `${text.slice(0, i)}"=${text.slice(i + 2)}`;
  return `${text}}`;
}
