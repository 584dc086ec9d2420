// Per-request analytics: the user's daily series is read once per batch (one findMany per source
// table, only the columns the analytics use, for every user of the batch at once) and
// `computeUserAnalytics` runs once per (user, range, options). Every `Day` of a `days(from, to)`
// list asks the same DataLoader, so a year of days costs one data load and one computation, and
// the number of SQL statements does not depend on the number of days or users.
import DataLoader from 'dataloader';
import {
  computeUserAnalytics,
  type AnalyticsOptionsInput,
  type DailyRecord,
  type DayAnalytics,
  type UserAnalytics,
} from '../../../analytics/index.js';
import { depsOf, queryRows, type Context, type DepsHandle } from '../../context.js';
import { addDays, inclusiveDayCount, type LocalDate } from '../../dates.js';
import { AnalyticsCache, DEFAULT_ANALYTICS_CACHE_ENTRIES } from './analytics.cache.js';

/**
 * History read before the first requested day. It covers every window of SPEC §7 (≤ 90 days,
 * 8 weeks of weekdays, 60-day readiness) and lets the CTL/ATL and EWMA recurrences, seeded at 0
 * where the loaded history starts, converge: after 365 days the seed's weight is e^(−365/42)
 * ≈ 2·10⁻⁴ for CTL, so values do not depend on the requested range beyond display rounding.
 */
export const ANALYTICS_LOOKBACK_DAYS = 365;

export interface DataWindow {
  userId: string;
  from: LocalDate;
  to: LocalDate;
}

/** Wall-clock "today" in UTC, the default as-of date of the User-level fields. */
export function todayUtc(): LocalDate {
  return new Date().toISOString().slice(0, 10) as LocalDate;
}

// ---------------------------------------------------------------------------------------------
// Rows → DailyRecord

/** ISO-8601 local time with the Polar UTC offset (what the AccessLink payload carried). */
export function localIso(instant: Date, offsetMinutes: number): string {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Polar's skin-temperature `sleep_date` may be the evening the night began instead of the sleep
 * record's wake-up `date`. Per user, pick the shift (0 or +1 day) under which fewer skin-temperature
 * nights lack a sleep record on the same day; ties keep the date as stored.
 */
export function skinTemperatureShift(skinDates: readonly LocalDate[], sleepDates: ReadonlySet<string>): 0 | 1 {
  let unmatchedAsIs = 0;
  let unmatchedShifted = 0;
  for (const date of skinDates) {
    if (!sleepDates.has(date)) unmatchedAsIs++;
    if (!sleepDates.has(addDays(date, 1))) unmatchedShifted++;
  }
  return unmatchedShifted < unmatchedAsIs ? 1 : 0;
}

// Raw SQL on the request's driver (see GraphQLDeps.sql; Prisma's raw API without it): the analytics
// read a year or more of rows per request, where Prisma's result mapping would cost several times
// the query itself. Dates come back as ISO text, so no time-zone conversion is involved.

const RANGE = `WHERE "userId" = ANY($1::uuid[]) AND "date" >= $2::date AND "date" <= $3::date`;
const KEY = `"userId"::text AS "userId", "date"::text AS "date"`;
const SOURCES = {
  sleep: `SELECT ${KEY}, "sleepStartTime", "sleepStartOffsetMinutes", "sleepEndTime", "sleepEndOffsetMinutes", "lightSleep", "deepSleep", "remSleep",
    "unrecognizedSleepStage", "totalInterruptionDuration", "sleepScore", "sleepCharge", "sleepGoal", "hypnogram" FROM "Sleep" ${RANGE}`,
  recharge: `SELECT ${KEY}, "heartRateAvg", "heartRateVariabilityAvg", "breathingRateAvg", "ansCharge", "ansChargeStatus", "nightlyRechargeStatus" FROM "NightlyRecharge" ${RANGE}`,
  activity: `SELECT ${KEY}, "steps", "calories" FROM "DailyActivity" ${RANGE}`,
  cardioLoad: `SELECT ${KEY}, "cardioLoadStatus", "strain", "tolerance", "cardioLoadRatio" FROM "CardioLoad" ${RANGE}`,
  exercise: `SELECT ${KEY}, "tlpCardioLoad", "trainingLoad" FROM "Exercise" ${RANGE}`,
  skinTemperature: `SELECT ${KEY}, "sleepTimeSkinTemperatureCelsius", "deviationFromBaselineCelsius" FROM "SkinTemperature" ${RANGE}`,
  spo2: `SELECT ${KEY}, "testStatus", "bloodOxygenPercent", "spo2Class" FROM "Spo2Test" ${RANGE} ORDER BY "testTime"`,
};

type Keyed = { userId: string; date: LocalDate };
type N = number | null;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

async function loadWindows(ctx: Context, windows: readonly DataWindow[]): Promise<DailyRecord[][]> {
  const userIds = [...new Set(windows.map((w) => w.userId))];
  let from = windows[0]!.from;
  let to = windows[0]!.to;
  for (const w of windows) {
    if (w.from < from) from = w.from;
    if (w.to > to) to = w.to;
  }
  // One statement per source table for the whole batch; rows are split per window below.
  const params = [userIds, from, to];
  const [sleeps, recharges, activities, cardioLoads, exercises, skinTemperatures, spo2Tests] = await Promise.all([
    queryRows<Keyed & { sleepStartTime: Date; sleepStartOffsetMinutes: number; sleepEndTime: Date; sleepEndOffsetMinutes: number; lightSleep: N; deepSleep: N; remSleep: N; unrecognizedSleepStage: N; totalInterruptionDuration: N; sleepScore: N; sleepCharge: N; sleepGoal: N; hypnogram: unknown }>(ctx, SOURCES.sleep, params),
    queryRows<Keyed & { heartRateAvg: N; heartRateVariabilityAvg: N; breathingRateAvg: N; ansCharge: N; ansChargeStatus: N; nightlyRechargeStatus: N }>(ctx, SOURCES.recharge, params),
    queryRows<Keyed & { steps: N; calories: N }>(ctx, SOURCES.activity, params),
    queryRows<Keyed & { cardioLoadStatus: string | null; strain: N; tolerance: N; cardioLoadRatio: N }>(ctx, SOURCES.cardioLoad, params),
    queryRows<Keyed & { tlpCardioLoad: N; trainingLoad: N }>(ctx, SOURCES.exercise, params),
    // One day earlier: a shifted sleep_date may belong to the first day of the window.
    queryRows<Keyed & { sleepTimeSkinTemperatureCelsius: N; deviationFromBaselineCelsius: N }>(ctx, SOURCES.skinTemperature, [userIds, addDays(from, -1), to]),
    queryRows<Keyed & { testStatus: string | null; bloodOxygenPercent: N; spo2Class: string | null }>(ctx, SOURCES.spo2, params),
  ]);

  // userId → date → record
  const byUser = new Map<string, Map<string, Mutable<DailyRecord>>>();
  const recordOf = (userId: string, date: string): Mutable<DailyRecord> => {
    let days = byUser.get(userId);
    if (!days) byUser.set(userId, (days = new Map()));
    let record = days.get(date);
    if (!record) days.set(date, (record = { date }));
    return record;
  };
  const sleepDates = new Map<string, Set<string>>();
  for (const s of sleeps) {
    const date = s.date;
    const r = recordOf(s.userId, date);
    let set = sleepDates.get(s.userId);
    if (!set) sleepDates.set(s.userId, (set = new Set()));
    set.add(date);
    r.sleepStart = localIso(s.sleepStartTime, s.sleepStartOffsetMinutes);
    r.sleepEnd = localIso(s.sleepEndTime, s.sleepEndOffsetMinutes);
    r.lightSleepSeconds = s.lightSleep;
    r.deepSleepSeconds = s.deepSleep;
    r.remSleepSeconds = s.remSleep;
    r.unrecognizedSleepSeconds = s.unrecognizedSleepStage;
    r.interruptionSeconds = s.totalInterruptionDuration;
    r.sleepScore = s.sleepScore;
    r.sleepCharge = s.sleepCharge;
    r.sleepGoalSeconds = s.sleepGoal;
    const hypnogram = s.hypnogram;
    r.hypnogram = hypnogram !== null && typeof hypnogram === 'object' && !Array.isArray(hypnogram) ? (hypnogram as Record<string, number>) : null;
  }
  for (const n of recharges) {
    const r = recordOf(n.userId, n.date);
    r.rmssd = n.heartRateVariabilityAvg;
    r.restingHr = n.heartRateAvg;
    r.breathingRate = n.breathingRateAvg;
    r.ansCharge = n.ansCharge;
    r.ansChargeStatus = n.ansChargeStatus;
    r.nightlyRechargeStatus = n.nightlyRechargeStatus;
  }
  for (const a of activities) {
    const r = recordOf(a.userId, a.date);
    r.steps = a.steps;
    r.calories = a.calories;
  }
  for (const c of cardioLoads) {
    const r = recordOf(c.userId, c.date);
    r.polarCardioLoadStatus = c.cardioLoadStatus;
    r.polarStrain = c.strain;
    r.polarTolerance = c.tolerance;
    r.polarCardioLoadRatio = c.cardioLoadRatio;
  }
  // SPEC §3.1: Σ cardio load of the exercises starting on the local day (`date` is the local start
  // day). Training Load Pro's cardio load, else the legacy training_load; one variant per user.
  const usesTlp = new Set(exercises.filter((e) => e.tlpCardioLoad !== null).map((e) => e.userId));
  for (const e of exercises) {
    const load = usesTlp.has(e.userId) ? e.tlpCardioLoad : e.trainingLoad;
    if (load === null || !Number.isFinite(load)) continue;
    const r = recordOf(e.userId, e.date);
    r.trainingLoad = (r.trainingLoad ?? 0) + load;
  }
  const skinByUser = new Map<string, typeof skinTemperatures>();
  for (const s of skinTemperatures) {
    const list = skinByUser.get(s.userId);
    if (list) list.push(s);
    else skinByUser.set(s.userId, [s]);
  }
  for (const [userId, list] of skinByUser) {
    const shift = skinTemperatureShift(
      list.map((s) => s.date),
      sleepDates.get(userId) ?? new Set(),
    );
    for (const s of list) {
      const date = addDays(s.date, shift);
      if (date < from || date > to) continue;
      const r = recordOf(userId, date);
      r.skinTemperature = s.sleepTimeSkinTemperatureCelsius;
      r.skinTemperatureDeviation = s.deviationFromBaselineCelsius;
    }
  }
  // The day's last passed SpO2 test (SPEC: only SPO2_TEST_PASSED).
  for (const t of spo2Tests) {
    if (t.testStatus !== 'SPO2_TEST_PASSED' || t.bloodOxygenPercent === null) continue;
    const r = recordOf(t.userId, t.date);
    r.spo2 = t.bloodOxygenPercent;
    r.spo2Class = t.spo2Class;
  }

  return windows.map((w) => {
    const days = byUser.get(w.userId);
    if (!days) return [];
    const out: DailyRecord[] = [];
    for (const record of days.values()) if (record.date >= w.from && record.date <= w.to) out.push(record);
    return out;
  });
}

function cached<T>(ctx: Context, name: string, create: () => T): T {
  let value = ctx.loaders.get(name) as T | undefined;
  if (value === undefined) {
    value = create();
    ctx.loaders.set(name, value);
  }
  return value;
}

const windowKey = (w: DataWindow): string => `${w.userId}|${w.from}|${w.to}`;

/** The user's daily records in [from, to], batched with every other window asked in the same tick. */
export function loadDailyRecords(ctx: Context, window: DataWindow): Promise<DailyRecord[]> {
  const loader = cached(ctx, 'analytics:series', () => new DataLoader<DataWindow, DailyRecord[], string>((windows) => loadWindows(ctx, windows), { cacheKeyFn: windowKey }));
  return loader.load(window);
}

// ---------------------------------------------------------------------------------------------
// Computations

const caches = new WeakMap<DepsHandle, AnalyticsCache>();

function analyticsCacheOf(ctx: Context): AnalyticsCache {
  let cache = caches.get(ctx.deps);
  if (!cache) caches.set(ctx.deps, (cache = new AnalyticsCache(depsOf(ctx).analyticsCacheEntries ?? DEFAULT_ANALYTICS_CACHE_ENTRIES)));
  return cache;
}

/** `User.dataVersion` of each user (undefined for an unknown user), one statement per request batch. */
function loadDataVersion(ctx: Context, userId: string): Promise<number | undefined> {
  const loader = cached(
    ctx,
    'analytics:dataVersion',
    () =>
      new DataLoader<string, number | undefined>(async (userIds) => {
        const rows = await queryRows<{ id: string; dataVersion: number }>(ctx, 'SELECT "id"::text AS "id", "dataVersion" FROM "User" WHERE "id" = ANY($1::uuid[])', [userIds]);
        const versions = new Map(rows.map((row) => [row.id, Number(row.dataVersion)]));
        return userIds.map((id) => versions.get(id));
      }),
  );
  return loader.load(userId);
}

/**
 * One computation per (user, range, options) and request, reused by later requests while the
 * user's data version stays the same (analytics.cache.ts).
 */
export function computeForUser(ctx: Context, userId: string, range: { from: LocalDate; to: LocalDate }, options: AnalyticsOptionsInput = {}, extraLookbackDays = 0): Promise<UserAnalytics> {
  const key = `${userId}|${range.from}|${range.to}|${JSON.stringify(options)}|${extraLookbackDays}`;
  return cached(ctx, `analytics:compute:${key}`, async () => {
    const cache = analyticsCacheOf(ctx);
    // Read before any record (see analytics.cache.ts): the entry can only be newer than its tag.
    const version = cache.capacity > 0 ? await loadDataVersion(ctx, userId) : undefined;
    const hit = version === undefined ? undefined : cache.get(key, version);
    if (hit) return hit;
    const computation = (async () => {
      const records = await loadDailyRecords(ctx, { userId, from: addDays(range.from, -(ANALYTICS_LOOKBACK_DAYS + extraLookbackDays)), to: range.to });
      return computeUserAnalytics({ days: records }, { ...options, range: { from: range.from, to: range.to } });
    })();
    if (version !== undefined) cache.set(key, version, computation);
    return computation;
  });
}

export interface DayKey {
  userId: string;
  date: LocalDate;
}

/** A day's analytics and where it sits in its computation (for the column-wise baselines). */
export interface DayAnalyticsRef {
  analytics: UserAnalytics;
  index: number;
  day: DayAnalytics;
}

async function batchDays(ctx: Context, keys: readonly DayKey[]): Promise<Array<DayAnalyticsRef | null>> {
  const ranges = new Map<string, { from: LocalDate; to: LocalDate }>();
  for (const { userId, date } of keys) {
    const range = ranges.get(userId);
    if (!range) ranges.set(userId, { from: date, to: date });
    else {
      if (date < range.from) range.from = date;
      if (date > range.to) range.to = date;
    }
  }
  const results = new Map<string, UserAnalytics>();
  await Promise.all(
    [...ranges].map(async ([userId, range]) => {
      results.set(userId, await computeForUser(ctx, userId, range));
    }),
  );
  return keys.map(({ userId, date }) => {
    const analytics = results.get(userId);
    return analytics ? dayAnalyticsRef(analytics, date) : null;
  });
}

/** `date`'s entry of a computation, or null when the computation does not cover it. */
export function dayAnalyticsRef(analytics: UserAnalytics, date: LocalDate, indexHint?: number): DayAnalyticsRef | null {
  if (analytics.days.length === 0) return null;
  const index = indexHint !== undefined && analytics.days[indexHint]?.date === date ? indexHint : inclusiveDayCount(analytics.days[0]!.date as LocalDate, date) - 1;
  const day = analytics.days[index];
  return day && day.date === date ? { analytics, index, day } : null;
}

/**
 * The `Day` fields answered from the analytics (analytics.type.ts). When a `days`/`day` selection
 * holds any of them, the list computes its range once up front (day.type.ts), so these fields
 * resolve synchronously instead of one DataLoader round per day and field.
 */
export const DAY_ANALYTICS_FIELDS: ReadonlySet<string> = new Set(['readiness', 'baseline', 'anomalies', 'anomalyChecks', 'trainingLoad', 'sleepDebt', 'sleepMetrics', 'hrv', 'polarScores']);

/**
 * The internal Day field standing for a run of analytics fields (analytics.members.ts); it exists
 * only in the executing schema and, like the fields it stands for, has the list compute up front.
 */
export const MEMBERS_FIELD = '_analyticsMembers';

/** The analytics of one (user, day); null when the day lies outside the user's data. */
export function loadDayAnalytics(ctx: Context, key: DayKey): Promise<DayAnalyticsRef | null> {
  const loader = cached(ctx, 'analytics:days', () => new DataLoader<DayKey, DayAnalyticsRef | null, string>((keys) => batchDays(ctx, keys), { cacheKeyFn: (k) => `${k.userId}|${k.date}` }));
  return loader.load(key);
}
