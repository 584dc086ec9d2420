// Analytics fields (shared/analytics/SPEC.md) on `Day` and `User`. Every Day of a list shares one
// data load and one computation (analytics.loader.ts); the User fields compute as of a date
// (default: today, UTC), i.e. as of the last day with data up to that date.
import { z } from 'zod';
import type { BaselineHistory, DailyMetric, DayAnalytics, Gated, Readiness } from '../../../analytics/index.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { dateRange, inclusiveDayCount, type LocalDate } from '../../dates.js';
import { LIMITS } from '../../limits.js';
import { DayRef, type DayShape } from '../day/day.type.js';
import { rangeIssues } from '../health/health.args.js';
import { UserRef } from '../user/user.type.js';
import { AnomalySeverityEnum, BaselineWindowEnum, MetricEnum } from './analytics.enums.js';
import { computeForUser, dayAnalyticsRef, loadDayAnalytics, todayUtc, type DayAnalyticsRef } from './analytics.loader.js';
import type { AnalyticsOptionsInput, UserAnalytics } from '../../../analytics/index.js';
import {
  AnomalyCheckRef,
  AnomalyRef,
  AvailabilityRef,
  BaselineRef,
  baselineFieldsAt,
  noBaseline,
  type BaselineFields,
  type ReadinessFields,
  CorrelationRef,
  HrvRef,
  noData,
  PolarScoresRef,
  ReadinessRef,
  readinessFields,
  anomalyFields,
  SleepDebtRef,
  SleepMetricsRef,
  TrainingLoadRef,
  TrendRef,
  type AnomalyShape,
} from './analytics.objects.js';

export const TREND_DAYS = { min: 14, max: 365 } as const;
export const CORRELATION_DAYS = { min: 14, max: 365 } as const;
export const CORRELATION_MAX_LAG = 7;

// The GraphQL objects of a computation are immutable like the computation itself, which is kept
// across requests (analytics.cache.ts): built once per day and reused by every later request.
const baselineObjects = new WeakMap<BaselineHistory, BaselineFields[]>();
const historiesByMetric = new WeakMap<UserAnalytics, Map<DailyMetric, Map<number, BaselineHistory>>>();
const readinessObjects = new WeakMap<Gated<Readiness>, ReadinessFields>();
const anomalyObjects = new WeakMap<DayAnalytics, AnomalyShape[]>();

function historyOf(analytics: UserAnalytics, metric: DailyMetric, windowDays: number): BaselineHistory | undefined {
  let byMetric = historiesByMetric.get(analytics);
  if (!byMetric) {
    historiesByMetric.set(analytics, (byMetric = new Map()));
    for (const history of analytics.baselines) {
      let byWindow = byMetric.get(history.metric);
      if (!byWindow) byMetric.set(history.metric, (byWindow = new Map()));
      byWindow.set(history.windowDays, history);
    }
  }
  return byMetric.get(metric)?.get(windowDays);
}

function baselineOf(ref: DayAnalyticsRef | null, metric: DailyMetric, windowDays: number, date: LocalDate): BaselineFields {
  const history = ref ? historyOf(ref.analytics, metric, windowDays) : undefined;
  if (!ref || !history) return noBaseline(metric, windowDays, date);
  let days = baselineObjects.get(history);
  if (!days) baselineObjects.set(history, (days = []));
  return (days[ref.index] ??= baselineFieldsAt(history, ref.index, date));
}

function readinessOf(ref: DayAnalyticsRef | null): ReadinessFields {
  if (!ref) return readinessFields(noData());
  let fields = readinessObjects.get(ref.day.readiness);
  if (!fields) readinessObjects.set(ref.day.readiness, (fields = readinessFields(ref.day.readiness)));
  return fields;
}

const NO_ANOMALIES: AnomalyShape[] = [];

function anomaliesOf(ref: DayAnalyticsRef | null, minSeverity: 'WARNING' | 'CRITICAL' = 'WARNING'): AnomalyShape[] {
  if (!ref || ref.day.anomalies.length === 0) return NO_ANOMALIES;
  let all = anomalyObjects.get(ref.day);
  if (!all) {
    const date = ref.day.date as LocalDate;
    anomalyObjects.set(ref.day, (all = ref.day.anomalies.map((a) => anomalyFields(a, date))));
  }
  return minSeverity === 'WARNING' ? all : all.filter((a) => a.severity === 'CRITICAL');
}

type MaybePromise<T> = T | Promise<T>;

/** The day's analytics: from the list's up-front computation when `days`/`day` made one (synchronous), else batched. */
export function dayOf(ctx: Context, day: DayShape): MaybePromise<DayAnalyticsRef | null> {
  const analytics = day.preloaded?.analytics;
  if (!analytics) return loadDayAnalytics(ctx, day);
  // Looked up once per Day, however many analytics fields the selection holds.
  if (day.analytics === undefined) day.analytics = dayAnalyticsRef(analytics, day.date, day.index);
  return day.analytics;
}

/** `pick` applied to the day's analytics, without a promise when they are already at hand. */
function fromDay<T>(ctx: Context, day: DayShape, pick: (ref: DayAnalyticsRef | null) => T): MaybePromise<T> {
  const ref = dayOf(ctx, day);
  return ref instanceof Promise ? ref.then(pick) : pick(ref);
}

builder.objectFields(DayRef, (t) => ({
  readiness: t.field({
    type: ReadinessRef,
    description: 'Readiness composite of this day (SPEC §5).',
    resolve: (day, _args, ctx) => fromDay(ctx, day, readinessOf),
  }),
  baseline: t.field({
    type: BaselineRef,
    description: 'A metric’s baseline over the trailing window ending this day.',
    args: { metric: t.arg({ type: MetricEnum, required: true }), window: t.arg({ type: BaselineWindowEnum, required: true }) },
    resolve: (day, args, ctx) => {
      // Written out rather than through fromDay: no closure per day and field on the synchronous path.
      const ref = dayOf(ctx, day);
      return ref instanceof Promise ? ref.then((r) => baselineOf(r, args.metric, args.window, day.date)) : baselineOf(ref, args.metric, args.window, day.date);
    },
  }),
  anomalies: t.field({
    type: [AnomalyRef],
    description: 'Flagged findings of this day (robust modified z against the trailing window; combined illness-style signals).',
    resolve: (day, _args, ctx) => fromDay(ctx, day, anomaliesOf),
  }),
  anomalyChecks: t.field({
    type: [AnomalyCheckRef],
    description: 'The anomaly check of every metric with a rule, flagged or not, with its status.',
    resolve: (day, _args, ctx) => fromDay(ctx, day, (ref) => ref?.day.anomalyChecks ?? []),
  }),
  trainingLoad: t.field({
    type: TrainingLoadRef,
    resolve: (day, _args, ctx) => fromDay(ctx, day, (ref) => ({ date: day.date, day: ref?.day.trainingLoad ?? null })),
  }),
  sleepDebt: t.field({ type: SleepDebtRef, resolve: (day, _args, ctx) => fromDay(ctx, day, (ref) => ref?.day.sleep.debt ?? noData()) }),
  sleepMetrics: t.field({ type: SleepMetricsRef, resolve: (day, _args, ctx) => fromDay(ctx, day, (ref) => ({ of: ref?.day.sleep ?? null })) }),
  hrv: t.field({ type: HrvRef, resolve: (day, _args, ctx) => fromDay(ctx, day, (ref) => ({ of: ref?.day.hrv ?? null })) }),
  polarScores: t.field({ type: PolarScoresRef, resolve: (day, _args, ctx) => fromDay(ctx, day, (ref) => ({ of: ref?.day.polar ?? null })) }),
}));

// --- User

const DATE_DOC = 'As of this local date (default: today, UTC). Values are as of the last day with data up to it.';

const rangeSchema = z.looseObject({ from: z.string(), to: z.string() }).superRefine((args, zctx) => {
  for (const issue of rangeIssues(args as { from: LocalDate; to: LocalDate }, LIMITS.maxDayRange, { from: ['from'], to: ['to'] })) {
    zctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});

const trendSchema = z.looseObject({
  days: z.number().int().min(TREND_DAYS.min, `days must be at least ${TREND_DAYS.min}`).max(TREND_DAYS.max, `days must be at most ${TREND_DAYS.max}`),
});

const correlationSchema = z.looseObject({
  days: z.number().int().min(CORRELATION_DAYS.min, `days must be at least ${CORRELATION_DAYS.min}`).max(CORRELATION_DAYS.max, `days must be at most ${CORRELATION_DAYS.max}`),
  lag: z.number().int().min(0, 'lag must be at least 0').max(CORRELATION_MAX_LAG, `lag must be at most ${CORRELATION_MAX_LAG}`),
});

/**
 * Analytics as of `date`: the computation whose last day is `date`, or, when the user has no data
 * on that day (e.g. today before the morning sync), the last day with data before it.
 */
async function asOf(ctx: Context, userId: string, date: LocalDate, options: AnalyticsOptionsInput = {}, extraLookbackDays = 0): Promise<UserAnalytics> {
  const analytics = await computeForUser(ctx, userId, { from: date, to: date }, options, extraLookbackDays);
  if (analytics.days.length > 0 || analytics.lastDate === null || analytics.lastDate > date) return analytics;
  const last = analytics.lastDate as LocalDate;
  return computeForUser(ctx, userId, { from: last, to: last }, options, extraLookbackDays);
}

const rangeComplexity = (args: { from: LocalDate; to: LocalDate }) => ({ field: 1, multiplier: Math.max(1, Math.min(inclusiveDayCount(args.from, args.to), LIMITS.maxDayRange)) });

builder.prismaObjectFields(UserRef, (t) => ({
  readiness: t.field({
    type: ReadinessRef,
    description: 'Readiness composite as of a date (SPEC §5).',
    args: { date: t.arg({ type: 'Date', description: DATE_DOC }) },
    resolve: async (user, args, ctx) => readinessOf(await loadDayAnalytics(ctx, { userId: user.id, date: args.date ?? todayUtc() })),
  }),
  baseline: t.field({
    type: BaselineRef,
    description: 'A metric’s baseline over the trailing window ending on a date.',
    args: {
      metric: t.arg({ type: MetricEnum, required: true }),
      window: t.arg({ type: BaselineWindowEnum, required: true }),
      date: t.arg({ type: 'Date', description: DATE_DOC }),
    },
    resolve: async (user, args, ctx) => {
      const date = args.date ?? todayUtc();
      return baselineOf(await loadDayAnalytics(ctx, { userId: user.id, date }), args.metric, args.window, date);
    },
  }),
  baselineHistory: t.field({
    type: [BaselineRef],
    description: 'The as-of baseline of every calendar day from `from` to `to` (each day uses only data up to it).',
    args: {
      metric: t.arg({ type: MetricEnum, required: true }),
      window: t.arg({ type: BaselineWindowEnum, required: true }),
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
    },
    validate: rangeSchema,
    complexity: rangeComplexity,
    resolve: async (user, args, ctx) => {
      const analytics = await computeForUser(ctx, user.id, { from: args.from, to: args.to });
      const history = analytics.baselines.find((h) => h.metric === args.metric && h.windowDays === args.window);
      const first = analytics.days[0]?.date as LocalDate | undefined;
      return dateRange(args.from, args.to).map((date) => {
        const index = first ? inclusiveDayCount(first, date) - 1 : -1;
        const day = analytics.days[index];
        return history && day && day.date === date ? baselineFieldsAt(history, index, date) : noBaseline(args.metric, args.window, date);
      });
    },
  }),
  anomalies: t.field({
    type: [AnomalyRef],
    description: 'Flagged findings from `from` to `to`, oldest first.',
    args: {
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      minSeverity: t.arg({ type: AnomalySeverityEnum, defaultValue: 'WARNING', required: true }),
    },
    validate: rangeSchema,
    complexity: rangeComplexity,
    resolve: async (user, args, ctx) => {
      const analytics = await computeForUser(ctx, user.id, { from: args.from, to: args.to });
      const out: AnomalyShape[] = [];
      analytics.days.forEach((day, index) => out.push(...anomaliesOf({ analytics, index, day }, args.minSeverity)));
      return out;
    },
  }),
  trainingLoad: t.field({
    type: TrainingLoadRef,
    args: { date: t.arg({ type: 'Date', description: DATE_DOC }) },
    resolve: async (user, args, ctx) => {
      const date = args.date ?? todayUtc();
      return { date, day: (await loadDayAnalytics(ctx, { userId: user.id, date }))?.day.trainingLoad ?? null };
    },
  }),
  sleepDebt: t.field({
    type: SleepDebtRef,
    args: { date: t.arg({ type: 'Date', description: DATE_DOC }) },
    resolve: async (user, args, ctx) => (await loadDayAnalytics(ctx, { userId: user.id, date: args.date ?? todayUtc() }))?.day.sleep.debt ?? noData(),
  }),
  trend: t.field({
    type: TrendRef,
    description: `Mann-Kendall trend and Sen slope of a metric over the last \`days\` days (${TREND_DAYS.min}–${TREND_DAYS.max}) as of a date.`,
    args: {
      metric: t.arg({ type: MetricEnum, required: true }),
      days: t.arg.int({ defaultValue: 30, required: true }),
      date: t.arg({ type: 'Date', description: DATE_DOC }),
    },
    validate: trendSchema,
    resolve: async (user, args, ctx) => {
      const date = args.date ?? todayUtc();
      const analytics = await asOf(ctx, user.id, date, { trends: { windows: [args.days], metrics: [args.metric] }, correlations: { pairs: [] } }, args.days);
      return analytics.trends[0] ?? { metric: args.metric, windowDays: args.days, asOf: date, ...noData() };
    },
  }),
  correlation: t.field({
    type: CorrelationRef,
    description: `Lagged correlation of a(t) with b(t + lag), lag 0–${CORRELATION_MAX_LAG} days, over the last \`days\` days (${CORRELATION_DAYS.min}–${CORRELATION_DAYS.max}) as of a date.`,
    args: {
      a: t.arg({ type: MetricEnum, required: true }),
      b: t.arg({ type: MetricEnum, required: true }),
      lag: t.arg.int({ defaultValue: 0, required: true }),
      days: t.arg.int({ defaultValue: 90, required: true }),
      date: t.arg({ type: 'Date', description: DATE_DOC }),
    },
    validate: correlationSchema,
    resolve: async (user, args, ctx) => {
      const date = args.date ?? todayUtc();
      const analytics = await asOf(
        ctx,
        user.id,
        date,
        { trends: { metrics: [] }, correlations: { windowDays: args.days, maxLag: args.lag, pairs: [{ a: args.a, b: args.b }] } },
        args.days + args.lag,
      );
      return analytics.correlations.find((c) => c.lag === args.lag) ?? { a: args.a, b: args.b, lag: args.lag, windowDays: args.days, asOf: date, ...noData() };
    },
  }),
  analyticsStatus: t.field({
    type: AvailabilityRef,
    description: 'Which analytics are unlocked as of a date, with the data each has and needs.',
    args: { date: t.arg({ type: 'Date', description: DATE_DOC }) },
    resolve: async (user, args, ctx) => {
      return (await asOf(ctx, user.id, args.date ?? todayUtc())).availability;
    },
  }),
}));
