import type { z } from 'zod';

export interface RejectedRecord {
  /** Position of the record in the batch Polar returned. */
  index: number;
  /** The record exactly as received. */
  raw: unknown;
  /** Readable cause: `path: message` per zod issue, joined by `; `. */
  reason: string;
}

export interface BatchResult<T> {
  valid: T[];
  rejected: RejectedRecord[];
}

export function emptyBatch<T>(): BatchResult<T> {
  return { valid: [], rejected: [] };
}

/** `samples.steps.samples[3].timestamp` style path; `(root)` for the record itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

export function formatZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join('; ');
}

/**
 * Validates each record on its own: a bad record is reported in `rejected` with its index, raw
 * value and reason, and the rest of the batch is kept.
 */
export function validateBatch<S extends z.ZodType>(schema: S, records: readonly unknown[]): BatchResult<z.output<S>> {
  const result: BatchResult<z.output<S>> = { valid: [], rejected: [] };
  records.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) result.valid.push(parsed.data);
    else result.rejected.push({ index, raw, reason: formatZodError(parsed.error) });
  });
  return result;
}
