// Turns the user's rows into dense day-indexed columns (index 0 = first date in the input).
// A calendar gap or a null field becomes NaN (missing), except the training load (0, SPEC §0).

import { clockLabelSinceSleepDayStart, dateFromDayNumber, dayNumber, elapsedMinutes, isoWeekday, minutesSinceSleepDayStart, sleepTimes, type SleepTimes } from './dates.js';
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
  sleepNeed: Float64Array;
  /** deriveSleep of day t's row (undefined for calendar gaps), built on first use. */
  sleepAt(t: number): DerivedSleep | undefined;
  /** The sleep episode of day t (undefined without sleep times), built on first use. */
  episodeAt(t: number): SleepEpisode | undefined;
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

class Series implements DailySeries {
  private readonly derived: Array<{ sleep: DerivedSleep; episode: SleepEpisode | undefined } | undefined>;

  constructor(
    readonly firstDay: number,
    readonly length: number,
    readonly dates: string[],
    readonly weekdays: Uint8Array,
    readonly metrics: Record<DailyMetric, Float64Array>,
    readonly rows: Array<DailyRecord | undefined>,
    readonly sleepNeed: Float64Array,
    private readonly options: AnalyticsOptions,
  ) {
    this.derived = new Array(length);
  }

  private derive(t: number): { sleep: DerivedSleep; episode: SleepEpisode | undefined } | undefined {
    const row = this.rows[t];
    if (!row) return undefined;
    // The input was validated when the columns were built, so this cannot throw any more.
    return (this.derived[t] ??= deriveSleep(row, this.firstDay + t, this.options, true));
  }

  sleepAt(t: number): DerivedSleep | undefined {
    return this.derive(t)?.sleep;
  }

  episodeAt(t: number): SleepEpisode | undefined {
    return this.derive(t)?.episode;
  }
}

const SLEEP_TIMES: SleepTimes = { spanMinutes: 0, startMinute: 0 };

export function buildDailySeries(input: DailySeriesInput, options: AnalyticsOptions): DailySeries {
  const inputRows = input.days;
  const count = inputRows.length;
  // Day numbers in input order (the first malformed date throws), then the rows in date order.
  const dayOf = new Float64Array(count);
  let ordered = true;
  for (let i = 0; i < count; i++) {
    dayOf[i] = dayNumber((inputRows[i] as DailyRecord).date);
    if (i > 0 && (dayOf[i] as number) < (dayOf[i - 1] as number)) ordered = false;
  }
  let order: ArrayLike<number> | null = null;
  if (!ordered) {
    const indexes = new Array<number>(count);
    for (let i = 0; i < count; i++) indexes[i] = i;
    indexes.sort((a, b) => (dayOf[a] as number) - (dayOf[b] as number)); // stable
    order = indexes;
  }
  const at = (k: number): number => (order ? (order[k] as number) : k);
  for (let k = 1; k < count; k++) {
    if (dayOf[at(k)] === dayOf[at(k - 1)]) {
      const date = (inputRows[at(k)] as DailyRecord).date;
      throw new AnalyticsInputError(`duplicate row for date ${date}`, date);
    }
  }
  const firstDay = count > 0 ? (dayOf[at(0)] as number) : 0;
  const length = count > 0 ? (dayOf[at(count - 1)] as number) - firstDay + 1 : 0;

  const metrics = {} as Record<DailyMetric, Float64Array>;
  for (const metric of DAILY_METRICS) metrics[metric] = new Float64Array(length).fill(metric === 'trainingLoad' ? 0 : Number.NaN);
  const rows = new Array<DailyRecord | undefined>(length);
  const defaultNeed = options.sleep.defaultNeedMinutes;
  const sleepNeed = new Float64Array(length).fill(defaultNeed);
  const dates = new Array<string>(length);
  const weekdays = new Uint8Array(length);
  const { lnRmssd, restingHr, breathingRate, ansCharge, sleepScore, steps, calories, trainingLoad, skinTemperature, skinTemperatureDeviation, spo2, sleepMinutes, sleepEfficiency, midSleep } = metrics;

  for (let k = 0; k < count; k++) {
    const row = inputRows[at(k)] as DailyRecord;
    const day = dayOf[at(k)] as number;
    const t = day - firstDay;
    rows[t] = row;
    // A valid date string is canonical, so it equals dateFromDayNumber(day).
    dates[t] = row.date;
    lnRmssd[t] = Math.log(positive(row.rmssd));
    restingHr[t] = positive(row.restingHr);
    breathingRate[t] = positive(row.breathingRate);
    ansCharge[t] = finite(row.ansCharge);
    sleepScore[t] = finite(row.sleepScore);
    steps[t] = finite(row.steps);
    calories[t] = finite(row.calories);
    const load = finite(row.trainingLoad);
    trainingLoad[t] = Number.isNaN(load) ? 0 : load;
    skinTemperature[t] = finite(row.skinTemperature);
    skinTemperatureDeviation[t] = finite(row.skinTemperatureDeviation);
    spo2[t] = positive(row.spo2);

    // The numeric part of deriveSleep (same expressions); the objects are built on first use.
    const light = finite(row.lightSleepSeconds);
    const deep = finite(row.deepSleepSeconds);
    const rem = finite(row.remSleepSeconds);
    const unrecognized = finite(row.unrecognizedSleepSeconds);
    const stagesKnown = !Number.isNaN(light) && !Number.isNaN(deep) && !Number.isNaN(rem);
    const tstSeconds = stagesKnown ? light + deep + rem + (Number.isNaN(unrecognized) ? 0 : unrecognized) : Number.NaN;
    const tst = tstSeconds > 0 ? tstSeconds / 60 : Number.NaN;
    let span = Number.NaN;
    let mid = Number.NaN;
    if (row.sleepStart && row.sleepEnd) {
      const times = sleepTimes(row.sleepStart, row.sleepEnd, day, SLEEP_TIMES);
      span = times.spanMinutes;
      if (!(span > 0)) throw new AnalyticsInputError(`sleep end is not after its start`, row.date);
      mid = times.startMinute + span / 2;
    }
    const goal = positive(row.sleepGoalSeconds);
    sleepNeed[t] = Number.isNaN(goal) ? defaultNeed : goal / 60;
    sleepMinutes[t] = tst;
    sleepEfficiency[t] = (100 * tst) / span;
    midSleep[t] = mid;
  }
  for (let t = 0; t < length; t++) {
    weekdays[t] = isoWeekday(firstDay + t);
    if (rows[t] === undefined) dates[t] = dateFromDayNumber(firstDay + t);
  }
  return new Series(firstDay, length, dates, weekdays, metrics, rows, sleepNeed, options);
}
