// `Day`: one object per calendar day joining that day's records, so a chart asks for exactly the
// metrics it needs in one request. Every field is batched (health.rows.ts): `days` over a year runs
// one query per requested data type.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { dateRange, inclusiveDayCount, type LocalDate } from '../../dates.js';
import { LIMITS } from '../../limits.js';
import { CardioLoad, DailyActivity } from '../activity/activity.type.js';
import { SkinTemperature } from '../biosensing/biosensing.type.js';
import { Exercise } from '../exercise/exercise.type.js';
import { rangeIssues } from '../health/health.args.js';
import { recordsOfDay, type HealthNode } from '../health/health.node.js';
import { rowsOfDay, rowsOfRange, type DayKey, type HealthRow } from '../health/health.rows.js';
import { selectedFieldNames } from '../health/health.selection.js';
import { ContinuousHeartRate } from '../heart-rate/heart-rate.type.js';
import { NightlyRecharge, Sleep } from '../sleep/sleep.type.js';
import { UserRef } from '../user/user.type.js';
import { computeForUser, DAY_ANALYTICS_FIELDS, MEMBERS_FIELD, type DayAnalyticsRef } from '../analytics/analytics.loader.js';
import type { UserAnalytics } from '../../../analytics/index.js';

/** Day fields that are records of a health table. */
const RECORD_FIELDS = {
  sleep: Sleep,
  nightlyRecharge: NightlyRecharge,
  dailyActivity: DailyActivity,
  cardioLoad: CardioLoad,
  skinTemperature: SkinTemperature,
  exercises: Exercise,
  heartRate: ContinuousHeartRate,
} satisfies Record<string, HealthNode>;
type RecordField = keyof typeof RECORD_FIELDS;

/**
 * Records of the requested fields over the whole range, by position in the list (days since its first
 * date), and the range's analytics when analytics fields are asked for: shared by all Days of one
 * list. Rows of a range carry `id` only when it is selected, which is all the record types read of
 * them (see RangeRow).
 */
type Preloaded = Partial<Record<RecordField, (HealthRow[] | undefined)[]>> & { analytics?: UserAnalytics };

export interface DayShape extends DayKey {
  /** Position of the day in its list, and the records loaded for the whole list. */
  index?: number;
  preloaded?: Preloaded;
  /** This day's entry of `preloaded.analytics`, set by the first analytics field resolved (analytics.type.ts). */
  analytics?: DayAnalyticsRef | null;
}

interface HeartRateSummary {
  sampleCount: number;
  minHeartRate: number | null;
  maxHeartRate: number | null;
  avgHeartRate: number | null;
}

const HeartRateDaySummaryRef = builder.objectRef<HeartRateSummary>('HeartRateDaySummary').implement({
  description: 'Summary of the day’s continuous heart rate (0-bpm "no reading" samples excluded). Samples: `User.continuousHeartRate(date)`.',
  fields: (t) => ({
    sampleCount: t.exposeInt('sampleCount'),
    minHeartRate: t.exposeInt('minHeartRate', { nullable: true }),
    maxHeartRate: t.exposeInt('maxHeartRate', { nullable: true }),
    avgHeartRate: t.exposeFloat('avgHeartRate', { nullable: true }),
  }),
});

const HEART_RATE_SUMMARY = ['avgHeartRate', 'maxHeartRate', 'minHeartRate', 'sampleCount'];
type Info = Parameters<typeof selectedFieldNames>[0];

function columnsOf(field: RecordField, info: Info, path: string[]): readonly string[] {
  return field === 'heartRate' ? HEART_RATE_SUMMARY : selectedFieldNames(info, RECORD_FIELDS[field].typeName, path);
}

/**
 * The Days from `from` to `to` with every requested record field loaded for the whole range at once
 * (one statement per table for all users of the request, see rowsOfRange), so the Day fields
 * resolve synchronously instead of one load per day and field.
 */
async function daysWithRecords(ctx: Context, info: Info, userId: string, from: LocalDate, to: LocalDate): Promise<DayShape[]> {
  const dates = dateRange(from, to);
  const indexOf = new Map<string, number>();
  for (let i = 0; i < dates.length; i++) indexOf.set(dates[i]!, i);
  const preloaded: Preloaded = {};
  const selected = selectedFieldNames(info, 'Day');
  const requested = selected.filter((name): name is RecordField => Object.hasOwn(RECORD_FIELDS, name));
  const analytics = selected.some((name) => DAY_ANALYTICS_FIELDS.has(name) || name === MEMBERS_FIELD)
    ? computeForUser(ctx, userId, { from, to }).then((result) => {
        preloaded.analytics = result;
      })
    : undefined;
  await Promise.all([
    analytics,
    ...requested.map(async (field) => {
      const rows = (await rowsOfRange(ctx, RECORD_FIELDS[field], columnsOf(field, info, [field]), { userId, from, to })) as HealthRow[];
      const byDay = new Array<HealthRow[] | undefined>(dates.length);
      for (const row of rows) {
        const index = indexOf.get(row.date);
        if (index === undefined) continue;
        const list = byDay[index];
        if (list) list.push(row);
        else byDay[index] = [row];
      }
      preloaded[field] = byDay;
    }),
  ]);
  return dates.map((date, index) => ({ userId, date, index, preloaded }));
}

const NONE: HealthRow[] = [];

/** The day's records of `field`: preloaded by `days`/`day`, else loaded (batched) for this day. */
function recordsOf(day: DayShape, field: RecordField, ctx: Context, info: Info): HealthRow[] | Promise<HealthRow[]> {
  const preloaded = day.preloaded?.[field];
  if (preloaded) return preloaded[day.index!] ?? NONE;
  return field === 'heartRate' ? rowsOfDay(ctx, ContinuousHeartRate, HEART_RATE_SUMMARY, day) : recordsOfDay(ctx, info, RECORD_FIELDS[field], day);
}

function firstOf(rows: HealthRow[] | Promise<HealthRow[]>): HealthRow | null | Promise<HealthRow | null> {
  return Array.isArray(rows) ? (rows[0] ?? null) : rows.then((list) => list[0] ?? null);
}

/** `Day.<field>`: the day's record of `field`, or null. */
function recordField(field: Exclude<RecordField, 'exercises' | 'heartRate'>, description?: string) {
  return {
    type: RECORD_FIELDS[field].ref,
    nullable: true as const,
    ...(description ? { description } : {}),
    resolve: (day: DayShape, _args: object, ctx: Context, info: Info) => firstOf(recordsOf(day, field, ctx, info)),
  };
}

export const DayRef = builder.objectRef<DayShape>('Day').implement({
  description: 'One local calendar day of one user and the records dated on it.',
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    sleep: t.field(recordField('sleep', 'The sleep that ended this morning (Polar dates sleep by wake-up day).')),
    nightlyRecharge: t.field(recordField('nightlyRecharge')),
    dailyActivity: t.field(recordField('dailyActivity')),
    cardioLoad: t.field(recordField('cardioLoad')),
    skinTemperature: t.field(recordField('skinTemperature')),
    exercises: t.field({
      type: [Exercise.ref],
      description: 'Exercises started on this day, in start order.',
      complexity: { field: 1, multiplier: 5 },
      resolve: (day, _args, ctx, info) => recordsOf(day, 'exercises', ctx, info),
    }),
    heartRate: t.field({
      type: HeartRateDaySummaryRef,
      nullable: true,
      description: 'Continuous heart rate summary (count/min/max/avg), without the samples.',
      resolve: (day, _args, ctx, info) => firstOf(recordsOf(day, 'heartRate', ctx, info)) as HeartRateSummary | null | Promise<HeartRateSummary | null>,
    }),
  }),
});

const daysArgsSchema = z.looseObject({ from: z.string(), to: z.string() }).superRefine((args, zctx) => {
  for (const issue of rangeIssues(args as { from: LocalDate; to: LocalDate }, LIMITS.maxDayRange, { from: ['from'], to: ['to'] })) {
    zctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});

builder.prismaObjectFields(UserRef, (t) => ({
  day: t.field({
    type: DayRef,
    description: 'One calendar day of this user.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    resolve: async (user, args, ctx, info) => (await daysWithRecords(ctx, info, user.id, args.date, args.date))[0]!,
  }),
  days: t.field({
    type: [DayRef],
    description: `Every calendar day from \`from\` to \`to\` (inclusive, at most ${LIMITS.maxDayRange} days), one Day each, days without data included.`,
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    validate: daysArgsSchema,
    complexity: (args: { from: LocalDate; to: LocalDate }) => ({ field: 1, multiplier: Math.max(1, Math.min(inclusiveDayCount(args.from, args.to), LIMITS.maxDayRange)) }),
    resolve: (user, args, ctx, info) => daysWithRecords(ctx, info, user.id, args.from, args.to),
  }),
}));

