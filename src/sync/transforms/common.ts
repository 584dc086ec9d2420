// Shared pieces of the per-type transforms: pure functions from a validated AccessLink payload to the
// row of its table (typed columns + `raw`), and back (`toPayload`, which restores the exact payload
// from `raw` plus the dense parts kept in their own columns). Nothing is dropped: `raw` is the
// payload minus what has its own column or table.
import type { TableSpec } from '../../db/upsert.js';
import { dateColumn, isIsoDate, parseInstant, type IsoDate } from '../dates.js';

export type Json = Record<string, unknown>;

/** A record that passed schema validation but cannot be stored (e.g. no usable key). */
export class TransformError extends Error {
  override readonly name = 'TransformError';
}

export interface Transform<P = Json, R extends Json = Json> {
  table: TableSpec;
  /** Natural key of a row, as a string (for reconciliation). */
  keyOf(row: R): string;
  toRow(payload: P, userId: string): R;
  toPayload(row: R): Json;
}

const INT32_MAX = 2_147_483_647;

export function int(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const rounded = Number.isInteger(value) ? value : Math.round(value);
  return Math.abs(rounded) > INT32_MAX ? null : rounded;
}

export function float(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function bool(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function obj(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

/** Dense part of a payload: arrays/objects only (null or absent stays in `raw`). */
export function dense(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? value : null;
}

/** Copy of `payload` without the keys whose value is moved to its own column (see `dense`). */
export function withoutDense(payload: Json, keys: readonly string[]): Json {
  const out: Json = {};
  // Object.keys, not Object.entries: no [key, value] pair per property (this runs for every record).
  for (const key of Object.keys(payload)) {
    const value = payload[key];
    if (keys.includes(key) && dense(value) !== null) continue;
    out[key] = value;
  }
  return out;
}

/** Inverse of `withoutDense`: puts non-null column values back under their keys. */
export function withDense(raw: unknown, parts: Record<string, unknown>): Json {
  const out: Json = { ...(obj(raw) ?? {}) };
  for (const [key, value] of Object.entries(parts)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

export function requireDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw new TransformError(`${field}: missing or invalid date`);
  return value;
}

export function requireInstant(value: unknown, field: string, assumeOffsetMinutes = 0): Date {
  const instant = typeof value === 'string' ? parseInstant(value, assumeOffsetMinutes) : null;
  if (!instant) throw new TransformError(`${field}: missing or invalid date-time`);
  return instant;
}

export function optionalInstant(value: unknown, assumeOffsetMinutes = 0): Date | null {
  return typeof value === 'string' ? parseInstant(value, assumeOffsetMinutes) : null;
}

export { dateColumn };

export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value);
}

/** `YYYY-MM-DD` of a DATE column value (Date at UTC midnight or a string). */
export function dateKey(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** ISO instant of a timestamptz value. */
export function instantKey(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** Columns every health table shares. */
export const HEALTH_BASE = { userId: 'uuid', raw: 'jsonb' } as const;
