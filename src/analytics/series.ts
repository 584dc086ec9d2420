// Turns the user's rows into dense day-indexed columns (index 0 = first date in the input).
// A calendar gap or a null field becomes NaN (missing), except the training load (0, SPEC §0).

import { clockLabelSinceSleepDayStart, dateFromDayNumber, dayNumber, elapsedMinutes, isoWeekday, minutesSinceSleepDayStart } from './dates.js';
import type { DailyRecord, DailySeriesInput } from './input.js';
import { DAILY_METRICS, type AnalyticsOptions, type DailyMetric } from './options.js';
import { AnalyticsInputError } from './types.js';

/** One night's sleep as asleep intervals, in minutes since 18:00 of the evening before the wake day. */
export interface SleepEpisode {
  startMinute: number;
  endMinute: number;
  /** Awake stretches inside [start, end] from the hypnogram (stage 0). */
  wakeIntervals: Array<[number, number]>;
}

export interface DerivedSleep {
  totalSleepMinutes: number | null;
  spanMinutes: number | null;
  efficiencyPercent: number | null;
  /** |span − (TST + interruptions)| within tolerance (SPEC §4.1); null when not checkable. */
  spanConsistent: boolean | null;
  lightShare: number | null;
  deepShare: number | null;
  remShare: number | null;
  midSleepMinutesSince18: number | null;
  needMinutes: number;
}

export interface DailySeries {
  firstDay: number;
  length: number;
  dates: string[];
  weekdays: Uint8Array;
  metrics: Record<DailyMetric, Float64Array>;
  /** The row of each day (undefined for calendar gaps). */
  rows: Array<DailyRecord | undefined>;
  sleep: Array<DerivedSleep | undefined>;
  episodes: Array<SleepEpisode | undefined>;
  sleepNeed: Float64Array;
}

function finite(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

function positive(value: number | null | undefined): number {
  const v = finite(value);
  return v > 0 ? v : Number.NaN;
}

function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export function deriveSleep(row: DailyRecord, wakeDay: number, options: AnalyticsOptions, lazyWake = false): { sleep: DerivedSleep; episode: SleepEpisode | undefined } {
  const light = finite(row.lightSleepSeconds);
  const deep = finite(row.deepSleepSeconds);
  const rem = finite(row.remSleepSeconds);
  const unrecognized = finite(row.unrecognizedSleepSeconds);
  const stagesKnown = !Number.isNaN(light) && !Number.isNaN(deep) && !Number.isNaN(rem);
  const tstSeconds = stagesKnown ? light + deep + rem + (Number.isNaN(unrecognized) ? 0 : unrecognized) : Number.NaN;
  const tst = tstSeconds > 0 ? tstSeconds / 60 : Number.NaN;

  let span = Number.NaN;
  let episode: SleepEpisode | undefined;
  let mid = Number.NaN;
  if (row.sleepStart && row.sleepEnd) {
    span = elapsedMinutes(row.sleepStart, row.sleepEnd);
    if (!(span > 0)) throw new AnalyticsInputError(`sleep end is not after its start`, row.date);
    const startMinute = minutesSinceSleepDayStart(row.sleepStart, wakeDay);
    mid = startMinute + span / 2;
    const endMinute = startMinute + span;
    if (lazyWake && row.hypnogram) {
      // Parsed on first use: only the SRI reads it, for the days it is asked for.
      let wake: Array<[number, number]> | null = null;
      const hypnogram = row.hypnogram;
      episode = {
        startMinute,
        endMinute,
        get wakeIntervals() {
          return (wake ??= hypnogramWake(hypnogram, startMinute, endMinute));
        },
      };
    } else episode = { startMinute, endMinute, wakeIntervals: hypnogramWake(row.hypnogram, startMinute, endMinute) };
  }
  const interruptions = finite(row.interruptionSeconds) / 60;
  const goal = positive(row.sleepGoalSeconds);
  return {
    episode,
    sleep: {
      totalSleepMinutes: nullable(tst),
      spanMinutes: nullable(span),
      efficiencyPercent: nullable((100 * tst) / span),
      spanConsistent:
        Number.isNaN(tst) || Number.isNaN(span) || Number.isNaN(interruptions)
          ? null
          : Math.abs(span - (tst + interruptions)) <= options.sleep.spanToleranceMinutes,
      lightShare: nullable(light / tstSeconds),
      deepShare: nullable(deep / tstSeconds),
      remShare: nullable(rem / tstSeconds),
      midSleepMinutesSince18: nullable(mid),
      needMinutes: Number.isNaN(goal) ? options.sleep.defaultNeedMinutes : goal / 60,
    },
  };
}

/** Wake (stage 0) stretches of a Polar hypnogram, clipped to the sleep span. */
function hypnogramWake(hypnogram: DailyRecord['hypnogram'], start: number, end: number): Array<[number, number]> {
  if (!hypnogram) return [];
  // Clock labels map into the same 18:00→18:00 day as the sleep itself (Polar's sleep day).
  const points: Array<readonly [number, number]> = [];
  let ordered = true;
  for (const label in hypnogram) {
    const minute = clockLabelSinceSleepDayStart(label);
    if (points.length > 0 && minute < (points[points.length - 1] as readonly [number, number])[0]) ordered = false;
    points.push([minute, hypnogram[label] as number]);
  }
  if (!ordered) points.sort((a, b) => a[0] - b[0]);
  const wake: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i++) {
    const [from, stage] = points[i] as readonly [number, number];
    if (stage !== 0) continue;
    const to = i + 1 < points.length ? (points[i + 1] as readonly [number, number])[0] : end;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (b > a) wake.push([a, b]);
  }
  return wake;
}

export function buildDailySeries(input: DailySeriesInput, options: AnalyticsOptions): DailySeries {
  const keyed = input.days.map((row) => ({ day: dayNumber(row.date), row }));
  keyed.sort((a, b) => a.day - b.day);
  for (let i = 1; i < keyed.length; i++) {
    if ((keyed[i] as (typeof keyed)[number]).day === (keyed[i - 1] as (typeof keyed)[number]).day) {
      throw new AnalyticsInputError(`duplicate row for date ${(keyed[i] as (typeof keyed)[number]).row.date}`, (keyed[i] as (typeof keyed)[number]).row.date);
    }
  }
  const firstDay = keyed.length > 0 ? (keyed[0] as (typeof keyed)[number]).day : 0;
  const length = keyed.length > 0 ? (keyed[keyed.length - 1] as (typeof keyed)[number]).day - firstDay + 1 : 0;

  const metrics = {} as Record<DailyMetric, Float64Array>;
  for (const metric of DAILY_METRICS) metrics[metric] = new Float64Array(length).fill(metric === 'trainingLoad' ? 0 : Number.NaN);
  const rows = new Array<DailyRecord | undefined>(length);
  const sleep = new Array<DerivedSleep | undefined>(length);
  const episodes = new Array<SleepEpisode | undefined>(length);
  const sleepNeed = new Float64Array(length).fill(options.sleep.defaultNeedMinutes);
  const dates = new Array<string>(length);
  const weekdays = new Uint8Array(length);
  for (let t = 0; t < length; t++) {
    dates[t] = dateFromDayNumber(firstDay + t);
    weekdays[t] = isoWeekday(firstDay + t);
  }

  for (const { day, row } of keyed) {
    const t = day - firstDay;
    rows[t] = row;
    const rmssd = positive(row.rmssd);
    metrics.lnRmssd[t] = Math.log(rmssd);
    metrics.restingHr[t] = positive(row.restingHr);
    metrics.breathingRate[t] = positive(row.breathingRate);
    metrics.ansCharge[t] = finite(row.ansCharge);
    metrics.sleepScore[t] = finite(row.sleepScore);
    metrics.steps[t] = finite(row.steps);
    metrics.calories[t] = finite(row.calories);
    const load = finite(row.trainingLoad);
    metrics.trainingLoad[t] = Number.isNaN(load) ? 0 : load;
    metrics.skinTemperature[t] = finite(row.skinTemperature);
    metrics.skinTemperatureDeviation[t] = finite(row.skinTemperatureDeviation);
    metrics.spo2[t] = positive(row.spo2);

    const derived = deriveSleep(row, day, options, true);
    sleep[t] = derived.sleep;
    episodes[t] = derived.episode;
    sleepNeed[t] = derived.sleep.needMinutes;
    metrics.sleepMinutes[t] = derived.sleep.totalSleepMinutes ?? Number.NaN;
    metrics.sleepEfficiency[t] = derived.sleep.efficiencyPercent ?? Number.NaN;
    metrics.midSleep[t] = derived.sleep.midSleepMinutesSince18 ?? Number.NaN;
  }
  return { firstDay, length, dates, weekdays, metrics, rows, sleep, episodes, sleepNeed };
}
