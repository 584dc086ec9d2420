import type { JsonObject, SimDataType, SimRecord } from '../dataset.js';
import type { Streams } from './prng.js';
import type { Profile } from './profile.js';
import type { Timeline } from './timeline.js';

export interface NightDetail {
  day: number;
  offset: number;
  /** Epoch second of local midnight of the wake day. */
  midnight: number;
  startSec: number;
  endSec: number;
  /** Segments: stage (Polar hypnogram code), start (seconds from sleep start), duration (seconds). */
  stages: number[];
  segStart: number[];
  segDur: number[];
  /** Heart rate for every minute since sleep start (a plain array: young-generation garbage, no off-heap store). */
  hrMin: number[];
  cycles: number;
}

export interface Ctx {
  streams: Streams;
  profile: Profile;
  timeline: Timeline;
  userUrl: string;
  chrUserUrl: string;
  nights: Map<number, NightDetail>;
  /** Build every payload up front instead of on first access. */
  materialize: boolean;
  /** Summary payloads: exercises without `samples`/`route`, daily activity without `samples` (see GenerateUserOptions). */
  summaryOnly: boolean;
  /** Keep a payload once built (default); false: build it on every access and keep nothing (no
   *  payloads, no shared day layouts, only the last few night details: for reading in date order). */
  cachePayloads: boolean;
  /** The record types to build (null: all). Skipped types still make their PRNG draws. */
  wants: ReadonlySet<SimDataType> | null;
}

/** Whether records of `type` are wanted (GenerateUserOptions.types). */
export function wants(ctx: Ctx, type: SimDataType): boolean {
  return ctx.wants === null || ctx.wants.has(type);
}

/**
 * A record whose payload is built on first access (then kept). Payload generation only reads
 * per-record PRNG streams and the immutable timeline, so building late or never changes nothing
 * else; JSON.stringify, spread and structuredClone all see an ordinary `payload` property.
 */
export function makeRecord(ctx: Ctx, key: string, date: string, uploadedAt: string, build: () => JsonObject): SimRecord {
  if (ctx.materialize) return { key, date, uploadedAt, payload: build() };
  const rec = { key, date, uploadedAt } as SimRecord;
  if (!ctx.cachePayloads) {
    Object.defineProperty(rec, 'payload', {
      enumerable: true,
      configurable: true,
      get: build,
      set(value: JsonObject): void {
        Object.defineProperty(rec, 'payload', { value, writable: true, enumerable: true, configurable: true });
      },
    });
    return rec;
  }
  let cache: JsonObject | undefined;
  Object.defineProperty(rec, 'payload', {
    enumerable: true,
    configurable: true,
    get(): JsonObject {
      cache ??= build();
      return cache;
    },
    set(value: JsonObject): void {
      Object.defineProperty(rec, 'payload', { value, writable: true, enumerable: true, configurable: true });
    },
  });
  return rec;
}

export function isoInstant(epochSec: number): string {
  return new Date(Math.round(epochSec) * 1000).toISOString();
}

export function midnightEpoch(day: number, offsetMin: number): number {
  return day * 86400 - offsetMin * 60;
}
