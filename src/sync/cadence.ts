// How often a scheduled run polls each data type. AccessLink calls are the cost that caps how many
// users one deployment serves (Polar's limits: 500 + 20·N per 15 min, 5000 + 100·N per day), so the
// schedule polls every day only what is produced every day and read as "today's" data:
//
//   daily   sleep, nightly recharge, activity (+ samples), exercises, cardio load, continuous HR
//   device  SleepWise alertness, skin temperature: daily while the user's device produces them
//   slow    SleepWise circadian bedtime, body-temperature curves, skin contacts: every `slowDays`
//           (slowly changing or bulky detail; one call fetches everything since the last poll)
//   sparse  ECG, SpO2 (spot tests taken by hand), physical info (rarely changes): every `sparseDays`
//
// A device or slow type that returned no record for `quietDays` (the user's device does not
// produce it) is polled every `sparseDays` too, and goes back to its own cadence as soon as a poll
// or a webhook-triggered sync returns data. Nothing is lost by skipping a day: every poll covers
// the whole window since the type's watermark (minus the overlap), which stays inside Polar's 28–30
// days. The cadence only applies to scheduled runs: webhooks (SLEEP also fetches nightly recharge,
// SLEEP_WISE_*, PHYSICAL_INFORMATION, EXERCISE, ...), manual, CLI and initial runs fetch at once.
import { diffDays, toIsoDate, type IsoDate } from './dates.js';
import type { Watermark } from './run-context.js';
import type { SyncDataType } from './service.js';

export type PollClass = 'daily' | 'device' | 'slow' | 'sparse';

export const POLL_CLASS: Record<SyncDataType, PollClass> = {
  sleep: 'daily',
  nightlyRecharge: 'daily',
  activity: 'daily',
  activitySamples: 'daily',
  exercise: 'daily',
  cardioLoad: 'daily',
  continuousHeartRate: 'daily',
  sleepwiseAlertness: 'device',
  skinTemperature: 'device',
  sleepwiseBedtime: 'slow',
  bodyTemperature: 'slow',
  skinContacts: 'slow',
  ecg: 'sparse',
  spo2: 'sparse',
  physicalInfo: 'sparse',
};

export interface CadenceOptions {
  /** Days between polls of slow types. Default 3. */
  slowDays: number;
  /** Days between polls of sparse types (and of device/slow types without data). Default 6. */
  sparseDays: number;
  /** A device/slow type without a record for this many days counts as not produced. Default 30. */
  quietDays: number;
}

export const DEFAULT_CADENCE: CadenceOptions = { slowDays: 3, sparseDays: 6, quietDays: 30 };

/** Days between scheduled polls of `type` for a user, given its watermark. */
export function pollEveryDays(type: SyncDataType, mark: Watermark | null | undefined, today: IsoDate, options: CadenceOptions): number {
  const cls = POLL_CLASS[type];
  if (cls === 'daily') return 1;
  if (cls === 'sparse') return options.sparseDays;
  const seen = mark?.lastDataAt ? toIsoDate(mark.lastDataAt.getTime()) : null;
  const producing = seen !== null && diffDays(seen, today) < options.quietDays;
  if (!producing) return options.sparseDays;
  return cls === 'device' ? 1 : options.slowDays;
}

/** Types of a scheduled run that are not due yet (polled successfully fewer than their cadence days ago). */
export function notDueTypes(
  types: Iterable<SyncDataType>,
  watermarks: ReadonlyMap<string, Watermark>,
  today: IsoDate,
  options: CadenceOptions = DEFAULT_CADENCE,
): SyncDataType[] {
  const out: SyncDataType[] = [];
  for (const type of types) {
    const mark = watermarks.get(type);
    if (!mark?.lastSuccessAt || !mark.lastDate) continue; // never completed: due
    const every = pollEveryDays(type, mark, today, options);
    if (every > 1 && diffDays(toIsoDate(mark.lastSuccessAt.getTime()), today) < every) out.push(type);
  }
  return out;
}
