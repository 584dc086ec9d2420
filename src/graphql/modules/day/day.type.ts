// `Day`: one object per calendar day joining that day's records, so a chart asks for exactly the
// metrics it needs in one request. Every field is batched (day.loaders.ts): `days` over a year runs
// one query per requested data type.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { dateRange, inclusiveDayCount, type LocalDate } from '../../dates.js';
import { LIMITS } from '../../limits.js';
import { CardioLoadRef, DailyActivityRef } from '../activity/activity.type.js';
import { SkinTemperatureRef } from '../biosensing/biosensing.type.js';
import { ExerciseRef } from '../exercise/exercise.type.js';
import { rangeIssues } from '../health/health.args.js';
import { NightlyRechargeRef, SleepRef } from '../sleep/sleep.type.js';
import { UserRef } from '../user/user.type.js';
import { loadDayRows, loadDaySummary, type DayKey } from './day.loaders.js';

export type DayShape = DayKey;

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

async function first(rows: Promise<Record<string, unknown>[]>): Promise<never | null> {
  return ((await rows)[0] ?? null) as never;
}

export const DayRef = builder.objectRef<DayShape>('Day').implement({
  description: 'One local calendar day of one user and the records dated on it.',
  fields: (t) => ({
    date: t.field({ type: 'Date', resolve: (day) => day.date }),
    sleep: t.field({
      type: SleepRef,
      nullable: true,
      description: 'The sleep that ended this morning (Polar dates sleep by wake-up day).',
      resolve: (day, _args, ctx, info) => first(loadDayRows(ctx, info, 'sleep', 'Sleep', day)),
    }),
    nightlyRecharge: t.field({
      type: NightlyRechargeRef,
      nullable: true,
      resolve: (day, _args, ctx, info) => first(loadDayRows(ctx, info, 'nightlyRecharge', 'NightlyRecharge', day)),
    }),
    dailyActivity: t.field({
      type: DailyActivityRef,
      nullable: true,
      resolve: (day, _args, ctx, info) => first(loadDayRows(ctx, info, 'dailyActivity', 'DailyActivity', day)),
    }),
    cardioLoad: t.field({
      type: CardioLoadRef,
      nullable: true,
      resolve: (day, _args, ctx, info) => first(loadDayRows(ctx, info, 'cardioLoad', 'CardioLoad', day)),
    }),
    skinTemperature: t.field({
      type: SkinTemperatureRef,
      nullable: true,
      resolve: (day, _args, ctx, info) => first(loadDayRows(ctx, info, 'skinTemperature', 'SkinTemperature', day)),
    }),
    exercises: t.field({
      type: [ExerciseRef],
      description: 'Exercises started on this day, in start order.',
      complexity: { field: 1, multiplier: 5 },
      resolve: async (day, _args, ctx, info) =>
        (await loadDayRows(ctx, info, 'exercise', 'Exercise', day, [{ startTime: 'asc' }, { id: 'asc' }])) as never[],
    }),
    heartRate: t.field({
      type: HeartRateDaySummaryRef,
      nullable: true,
      description: 'Continuous heart rate summary (count/min/max/avg), without the samples.',
      resolve: async (day, _args, ctx) => {
        const rows = await loadDaySummary(ctx, 'continuousHeartRate', { sampleCount: true, minHeartRate: true, maxHeartRate: true, avgHeartRate: true }, day);
        return (rows[0] ?? null) as HeartRateSummary | null;
      },
    }),
  }),
});

const daysArgsSchema = z.looseObject({ from: z.string(), to: z.string() }).superRefine((args, zctx) => {
  for (const issue of rangeIssues(args as { from: LocalDate; to: LocalDate }, LIMITS.maxDayRange, { from: ['from'], to: ['to'] })) {
    zctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});

function daysOf(userId: string, from: LocalDate, to: LocalDate): DayShape[] {
  return dateRange(from, to).map((date) => ({ userId, date }));
}

builder.prismaObjectFields(UserRef, (t) => ({
  day: t.field({
    type: DayRef,
    description: 'One calendar day of this user.',
    args: { date: t.arg({ type: 'Date', required: true }) },
    resolve: (user, args) => ({ userId: user.id, date: args.date }),
  }),
  days: t.field({
    type: [DayRef],
    description: `Every calendar day from \`from\` to \`to\` (inclusive, at most ${LIMITS.maxDayRange} days), one Day each, days without data included.`,
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    validate: daysArgsSchema,
    complexity: (args: { from: LocalDate; to: LocalDate }) => ({ field: 1, multiplier: Math.max(1, Math.min(inclusiveDayCount(args.from, args.to), LIMITS.maxDayRange)) }),
    resolve: (user, args) => daysOf(user.id, args.from, args.to),
  }),
}));

