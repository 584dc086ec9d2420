// Per data type: which AccessLink calls cover the window (backfill, incremental with overlap, or an
// explicit range), how results become rows, and which stored rows are reconciled away. Every step
// commits its window in one transaction together with its watermark.
import { PolarBadRequestError, type BatchResult } from '../polar/index.js';
import type { Row } from '../db/upsert.js';
import { addDays, diffDays, eachDate, maxDate, minDate, sliceRange, type IsoDate } from './dates.js';
import type { Rejection, RunContext, Writer } from './run-context.js';
import type { SyncDataType } from './service.js';
import {
  activitySamplesTransform,
  bodyTemperatureTransform,
  cardioLoadTransform,
  continuousHeartRateTransform,
  dailyActivityTransform,
  ecgTransform,
  exerciseSamplesOf,
  exerciseSamplesTable,
  exerciseTransform,
  nightlyRechargeTransform,
  physicalInfoTransform,
  skinContactsTransform,
  skinTemperatureTransform,
  sleepTransform,
  sleepWiseAlertnessTransform,
  sleepWiseBedtimeTransform,
  spo2Transform,
  type Json,
  type Transform,
} from './transforms/index.js';
import { bulkUpsert } from '../db/upsert.js';

export interface StepOptions {
  /** Days re-read before the watermark on incremental syncs, so rescored/late records update. */
  overlapDays: number;
}

/** How far back each family reaches (days, today included). */
export const RETENTION_DAYS = {
  /** sleep, recharge, CHR, SleepWise, biosensing: by-date/explicit ranges reach 30 days. */
  short: 30,
  /** list endpoints without a range: today and the 27 days before. */
  list: 28,
  activity: 365,
  cardio: 180,
  exerciseUploadDays: 30,
} as const;
const MAX_SPAN = 28;
/** Stored rows are reconciled only this far inside Polar's window (its "today" may differ by a day). */
const SAFE_RECONCILE_DAYS = RETENTION_DAYS.list - 2;

type Mode = { kind: 'backfill' } | { kind: 'incremental'; from: IsoDate } | { kind: 'range'; from: IsoDate; to: IsoDate };

type AnyTransform = Transform<never, Row>;

export type Step = (ctx: RunContext, options: StepOptions) => Promise<void>;

/** Decides backfill / incremental / range for a type, clamped to its retention. */
function modeOf(ctx: RunContext, type: SyncDataType, retentionDays: number, options: StepOptions): Mode {
  const earliest = addDays(ctx.today, -(retentionDays - 1));
  if (ctx.request.range) {
    return { kind: 'range', from: maxDate(ctx.request.range.from, earliest), to: minDate(ctx.request.range.to, ctx.today) };
  }
  const mark = ctx.watermark(type);
  if (!mark?.lastDate) return { kind: 'backfill' };
  return { kind: 'incremental', from: maxDate(addDays(mark.lastDate, -options.overlapDays), earliest) };
}

function windowOf(ctx: RunContext, mode: Mode, retentionDays: number): { from: IsoDate; to: IsoDate } {
  if (mode.kind === 'range') return { from: mode.from, to: mode.to };
  if (mode.kind === 'incremental') return { from: mode.from, to: ctx.today };
  return { from: addDays(ctx.today, -(retentionDays - 1)), to: ctx.today };
}

/** Watermark written at the end of a full (non-range) window. */
function finalMark(ctx: RunContext, mode: Mode) {
  return mode.kind === 'range' ? undefined : { lastDate: ctx.today, cursor: null, success: true };
}

function safeFrom(ctx: RunContext): IsoDate {
  return addDays(ctx.today, -(SAFE_RECONCILE_DAYS - 1));
}

interface Reconcile {
  transform: AnyTransform;
  from: IsoDate;
  to: IsoDate;
}

/** Upserts rows, reconciles the complete windows, stores rejections and the watermark — one transaction. */
async function commitWindow(
  ctx: RunContext,
  type: SyncDataType,
  transform: AnyTransform,
  rows: Row[],
  rejected: Rejection[],
  reconcile: Reconcile[],
  mode: Mode,
  extra?: (writer: Writer) => Promise<void>,
): Promise<void> {
  const keep = new Set(rows.map((row) => transform.keyOf(row)));
  await ctx.commit(
    type,
    async (writer) => {
      await writer.upsert(transform, rows);
      for (const r of reconcile) if (r.from <= r.to) await writer.reconcileDates(r.transform, r.from, r.to, keep);
      if (extra) await extra(writer);
    },
    { rejected, ...(finalMark(ctx, mode) ? { watermark: finalMark(ctx, mode)! } : {}) },
  );
}

/** An explicit-range call that Polar may refuse for the oldest days of its window: 400 → nothing. */
async function tolerateTooOld<T>(work: () => Promise<BatchResult<T>>, edge: boolean): Promise<BatchResult<T>> {
  try {
    return await work();
  } catch (error) {
    if (edge && error instanceof PolarBadRequestError) return { valid: [], rejected: [] };
    throw error;
  }
}

// ---- sleep and nightly recharge: list (28 d) + by-date (30 d) ---------------------------------

type ListCall<P> = (client: RunContextClient, token: string, signal: AbortSignal | undefined) => Promise<BatchResult<P>>;
type OneCall<P> = (client: RunContextClient, token: string, date: IsoDate, signal: AbortSignal | undefined) => Promise<P | null>;
type RunContextClient = RunContext['client'];

const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

function dailyListStep<P>(type: 'sleep' | 'nightlyRecharge', transform: Transform<P, Row>, list: ListCall<P>, byDate: OneCall<P>): Step {
  return async (ctx, options) => {
    const mode = modeOf(ctx, type, RETENTION_DAYS.short, options);
    ctx.countsOf(type).mode = mode.kind;
    const { from, to } = windowOf(ctx, mode, RETENTION_DAYS.short);
    if (from > to) return;
    const listFrom = addDays(ctx.today, -(RETENTION_DAYS.list - 1));
    const payloads: P[] = [];
    const rejections: Rejection[] = [];
    const reconcile: Reconcile[] = [];
    const listPart = { from: maxDate(from, listFrom), to };
    const byDates = eachDate(from, minDate(to, addDays(listFrom, -1)));
    if (listPart.from <= listPart.to) {
      if (mode.kind === 'range' && diffDays(listPart.from, listPart.to) < 2) byDates.push(...eachDate(listPart.from, listPart.to));
      else {
        const batch = await ctx.callList(list);
        payloads.push(...batch.valid);
        rejections.push(...batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason })));
        reconcile.push({ transform: transform as AnyTransform, from: maxDate(listPart.from, safeFrom(ctx)), to: listPart.to });
      }
    }
    for (const date of byDates) {
      const one = await ctx.call((c, t, signal) => byDate(c, t, date, signal));
      if (one) payloads.push(one);
      if (date >= safeFrom(ctx)) reconcile.push({ transform: transform as AnyTransform, from: date, to: date });
    }
    const { rows, rejected } = ctx.transform(type, transform, payloads, rejections);
    await commitWindow(ctx, type, transform as AnyTransform, rows, rejected, reconcile, mode);
  };
}

const sleepStep = dailyListStep(
  'sleep',
  sleepTransform,
  (c, t, signal) => c.listSleep(t, withSignal(signal)),
  (c, t, date, signal) => c.getSleep(t, date, withSignal(signal)),
);

const nightlyRechargeStep = dailyListStep(
  'nightlyRecharge',
  nightlyRechargeTransform,
  (c, t, signal) => c.listNightlyRecharge(t, withSignal(signal)),
  (c, t, date, signal) => c.getNightlyRecharge(t, date, withSignal(signal)),
);

// ---- ranged endpoints (≤ 28 days per call, 30 days back) ---------------------------------------

function rangedStep<P>(
  type: SyncDataType,
  transform: Transform<P, Row>,
  fetch: (ctx: RunContext, range: { from: IsoDate; to: IsoDate }) => Promise<BatchResult<P>>,
  /** Dates derived from instants may differ from Polar's by a day: keep the window edges. */
  derivedDate: boolean,
): Step {
  return async (ctx, options) => {
    const mode = modeOf(ctx, type, RETENTION_DAYS.short, options);
    ctx.countsOf(type).mode = mode.kind;
    const { from, to } = windowOf(ctx, mode, RETENTION_DAYS.short);
    if (from > to) return;
    const payloads: P[] = [];
    const rejections: Rejection[] = [];
    const reconcile: Reconcile[] = [];
    const edgeFrom = addDays(ctx.today, -(RETENTION_DAYS.list - 1));
    for (const slice of sliceRange(from, to, MAX_SPAN).reverse()) {
      const batch = await tolerateTooOld(() => ctx.callList((_c, _t) => fetch(ctx, slice)), slice.from < edgeFrom);
      payloads.push(...batch.valid);
      rejections.push(...batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason })));
      const margin = derivedDate ? 1 : 0;
      reconcile.push({
        transform: transform as AnyTransform,
        from: maxDate(addDays(slice.from, margin), safeFrom(ctx)),
        to: addDays(slice.to, slice.to >= ctx.today ? 0 : -margin),
      });
    }
    const { rows, rejected } = ctx.transform(type, transform, payloads, rejections);
    await commitWindow(ctx, type, transform as AnyTransform, rows, rejected, reconcile, mode);
  };
}

const sig = (ctx: RunContext) => ({ signal: ctx.signal });

const continuousHeartRateStep = rangedStep(
  'continuousHeartRate',
  continuousHeartRateTransform,
  (ctx, range) => ctx.client.getContinuousHeartRateRange(ctx.token, range, sig(ctx)),
  false,
);
const sleepwiseAlertnessStep = rangedStep(
  'sleepwiseAlertness',
  sleepWiseAlertnessTransform,
  (ctx, range) => ctx.client.getSleepWiseAlertnessRange(ctx.token, range, sig(ctx)),
  true,
);
const sleepwiseBedtimeStep = rangedStep(
  'sleepwiseBedtime',
  sleepWiseBedtimeTransform,
  (ctx, range) => ctx.client.getSleepWiseBedtimeRange(ctx.token, range, sig(ctx)),
  true,
);
const bodyTemperatureStep = rangedStep('bodyTemperature', bodyTemperatureTransform, (ctx, r) => ctx.client.listBodyTemperature(ctx.token, r, sig(ctx)), true);
const skinTemperatureStep = rangedStep('skinTemperature', skinTemperatureTransform, (ctx, r) => ctx.client.listSkinTemperature(ctx.token, r, sig(ctx)), false);
const skinContactsStep = rangedStep('skinContacts', skinContactsTransform, (ctx, r) => ctx.client.listSkinContacts(ctx.token, r, sig(ctx)), true);
const ecgStep = rangedStep('ecg', ecgTransform, (ctx, r) => ctx.client.listEcg(ctx.token, r, sig(ctx)), true);
const spo2Step = rangedStep('spo2', spo2Transform, (ctx, r) => ctx.client.listSpo2(ctx.token, r, sig(ctx)), true);

// ---- daily activity (+ samples): 365 days in 28-day slices ---------------------------------------

interface ActivityCursor {
  /** Backfill in progress: slices inside [doneFrom, doneTo] are stored. */
  doneFrom: IsoDate;
  doneTo: IsoDate;
}

/** Both activity types from one call per slice (summary with its samples block). */
async function activityStep(ctx: RunContext, options: StepOptions, types: { summary: boolean; samples: boolean }): Promise<void> {
  const primary: SyncDataType = types.summary ? 'activity' : 'activitySamples';
  const mode = modeOf(ctx, primary, RETENTION_DAYS.activity, options);
  for (const t of ['activity', 'activitySamples'] as const) if (types[t === 'activity' ? 'summary' : 'samples']) ctx.countsOf(t).mode = mode.kind;
  const { from, to } = windowOf(ctx, mode, RETENTION_DAYS.activity);
  if (from > to) return;
  const cursor = (ctx.watermark(primary)?.cursor ?? null) as ActivityCursor | null;
  const slices = sliceRange(from, to, MAX_SPAN).reverse(); // newest first
  let emptyInARow = 0;
  const reconcileFloor = addDays(ctx.today, -(RETENTION_DAYS.activity - 6));
  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i]!;
    const last = i === slices.length - 1;
    const resumed = mode.kind === 'backfill' && cursor && slice.from >= cursor.doneFrom && slice.to <= addDays(cursor.doneTo, -options.overlapDays);
    if (resumed) continue;
    let summaries: Json[] = [];
    let samples: Json[] = [];
    let rejections: Rejection[] = [];
    if (types.summary) {
      const batch = await ctx.callList((c, t, signal) =>
        c.getActivitiesRange(t, slice, { steps: types.samples, activityZones: types.samples, inactivityStamps: types.samples, ...(signal ? { signal } : {}) }),
      );
      summaries = batch.valid as Json[];
      rejections = batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason }));
      if (types.samples) samples = summaries.map((a) => a['samples']).filter((s): s is Json => s !== null && typeof s === 'object');
    } else {
      const batch = await ctx.callList((c, t, signal) => c.getActivitySamplesRange(t, slice, { ...(signal ? { signal } : {}) }));
      samples = batch.valid as Json[];
      rejections = batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason }));
    }
    const summaryRows = types.summary ? ctx.transform('activity', dailyActivityTransform as AnyTransform as Transform<Json, Row>, summaries, rejections) : null;
    const sampleRows = types.samples
      ? ctx.transform('activitySamples', activitySamplesTransform as AnyTransform as Transform<Json, Row>, samples, types.summary ? [] : rejections)
      : null;
    const reconcileFrom = maxDate(slice.from, reconcileFloor);
    const finished = last || (mode.kind === 'backfill' && emptyInARow >= 1 && summaries.length + samples.length === 0);
    const nextCursor: ActivityCursor | null =
      mode.kind === 'backfill' && !finished ? { doneFrom: slice.from, doneTo: cursor?.doneTo ?? to } : null;
    const mark = finished ? finalMark(ctx, mode) : mode.kind === 'backfill' ? { cursor: nextCursor, success: false } : undefined;
    await ctx.commit(
      primary,
      async (writer) => {
        if (summaryRows) {
          await writer.upsert(dailyActivityTransform as AnyTransform, summaryRows.rows);
          const keep = new Set(summaryRows.rows.map((r) => dailyActivityTransform.keyOf(r)));
          await writer.reconcileDates(dailyActivityTransform as AnyTransform, reconcileFrom, slice.to, keep);
        }
        if (sampleRows) {
          await writer.upsert(activitySamplesTransform as AnyTransform, sampleRows.rows);
          const keep = new Set(sampleRows.rows.map((r) => activitySamplesTransform.keyOf(r)));
          await writer.reconcileDates(activitySamplesTransform as AnyTransform, reconcileFrom, slice.to, keep);
        }
      },
      {
        rejected: [...(summaryRows?.rejected ?? []), ...(types.summary ? [] : (sampleRows?.rejected ?? []))],
        ...(mark ? { watermark: mark } : {}),
      },
    );
    if (types.summary && types.samples && finished && mode.kind !== 'range') {
      // Both types were served by the same calls: mark the second one too.
      await ctx.commit('activitySamples', async () => {}, { watermark: finalMark(ctx, mode)! });
    }
    if (finished) break;
    emptyInARow = summaries.length + samples.length === 0 ? emptyInARow + 1 : 0;
  }
}

// ---- exercises: 30 days by upload; details (samples, zones, route) fetched once ----------------

const DETAIL_FLAGS = { samples: true, zones: true, route: true } as const;
/**
 * More new exercises than this: one list call with details instead of one call per exercise. The
 * daily list is fetched without details (≈7 kB instead of ≈200 kB per user: 30 days of samples and
 * routes), so a day with new exercises costs exactly one more call.
 */
const PER_ID_DETAIL_LIMIT = 1;

async function exerciseStep(ctx: RunContext): Promise<void> {
  const type = 'exercise' as const;
  const counts = ctx.countsOf(type);
  const mark = ctx.watermark(type);
  const targeted = ctx.request.exerciseIds.size > 0;
  const mode: Mode =
    targeted || ctx.request.range
      ? { kind: 'range', from: ctx.today, to: ctx.today }
      : mark?.lastDate
        ? { kind: 'incremental', from: mark.lastDate }
        : { kind: 'backfill' };
  counts.mode = mode.kind;
  const now = new Date(ctx.nowMs);
  let full: Json[] = [];
  let summaries: Json[] = [];
  /** Payloads fetched with samples/zones/route. */
  const detailed = new Set<Json>();
  let listed: string[] | null = null;
  let rejections: Rejection[] = [];
  const gone: string[] = [];

  if (targeted) {
    for (const id of ctx.request.exerciseIds) {
      const one = await ctx.call((c, t, signal) => c.getExercise(t, id, { ...DETAIL_FLAGS, ...(signal ? { signal } : {}) }));
      if (one) {
        full.push(one as Json);
        detailed.add(one as Json);
      } else gone.push(id);
    }
  } else if (mode.kind === 'backfill') {
    const batch = await ctx.callList((c, t, signal) => c.listExercises(t, { ...DETAIL_FLAGS, ...(signal ? { signal } : {}) }));
    full = batch.valid as Json[];
    for (const p of full) detailed.add(p);
    rejections = batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason }));
    listed = full.map((e) => String(e['id']));
  } else {
    const batch = await ctx.callList((c, t, signal) => c.listExercises(t, signal ? { signal } : {}));
    summaries = batch.valid as Json[];
    rejections = batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason }));
    listed = summaries.map((e) => String(e['id']));
  }

  // Which listed exercises still need their details?
  const known = new Map<string, { detailsFetchedAt: Date | null; heartRateZones: unknown }>();
  if (summaries.length > 0) {
    const rows = await ctx.deps.db.sql.query<{ polarExerciseId: string; detailsFetchedAt: Date | null; heartRateZones: unknown }>(
      `SELECT "polarExerciseId", "detailsFetchedAt", "heartRateZones" FROM "Exercise" WHERE "userId" = $1 AND "polarExerciseId" = ANY($2::text[])`,
      [ctx.userId, summaries.map((s) => String(s['id']))],
    );
    for (const row of rows) known.set(row.polarExerciseId, row);
    const missing = summaries.filter((s) => !known.get(String(s['id']))?.detailsFetchedAt);
    if (missing.length > PER_ID_DETAIL_LIMIT) {
      const batch = await ctx.callList((c, t, signal) => c.listExercises(t, { ...DETAIL_FLAGS, ...(signal ? { signal } : {}) }));
      const byId = new Map((batch.valid as Json[]).map((e) => [String(e['id']), e]));
      for (const s of missing) {
        const one = byId.get(String(s['id']));
        if (one) {
          full.push(one);
          detailed.add(one);
        }
      }
    } else {
      for (const s of missing) {
        const one = await ctx.call((c, t, signal) => c.getExercise(t, String(s['id']), { ...DETAIL_FLAGS, ...(signal ? { signal } : {}) }));
        if (one) {
          full.push(one as Json);
          detailed.add(one as Json);
        }
      }
    }
    const detailedIds = new Set([...detailed].map((e) => String(e['id'])));
    for (const s of summaries) {
      const id = String(s['id']);
      if (detailedIds.has(id)) continue;
      const k = known.get(id);
      // Summary only: keep the zones fetched earlier (the summary list carries none).
      full.push(k?.heartRateZones != null && !('heart_rate_zones' in s) ? { ...s, heart_rate_zones: k.heartRateZones } : s);
    }
  }

  const { rows, rejected } = ctx.transform(type, exerciseTransform as AnyTransform as Transform<Json, Row>, full, rejections);
  const detailIds = new Set([...detailed].map((p) => String(p['id'])));
  for (const row of rows) if (detailIds.has(String(row['polarExerciseId']))) row['detailsFetchedAt'] = now;
  const samplesById = new Map([...detailed].map((p) => [String(p['id']), exerciseSamplesOf(p)]));

  await ctx.commit(
    type,
    async (writer) => {
      await writer.upsert(exerciseTransform as AnyTransform, rows);
      if (detailIds.size > 0) {
        await writer.tx.query(
          `UPDATE "Exercise" SET "detailsFetchedAt" = $3::timestamptz WHERE "userId" = $1 AND "polarExerciseId" = ANY($2::text[]) AND "detailsFetchedAt" IS NULL`,
          [ctx.userId, [...detailIds], now.toISOString()],
        );
        const ids = await writer.tx.query<{ id: string; polarExerciseId: string }>(
          `SELECT "id", "polarExerciseId" FROM "Exercise" WHERE "userId" = $1 AND "polarExerciseId" = ANY($2::text[])`,
          [ctx.userId, [...detailIds]],
        );
        await bulkUpsert(
          writer.tx,
          exerciseSamplesTable,
          ids.map((r) => ({ exerciseId: r.id, userId: ctx.userId, ...samplesById.get(r.polarExerciseId) })),
        );
      }
      // Reconcile: exercises uploaded inside the listed window that Polar no longer lists.
      let doomed: string[] = [];
      if (listed) {
        const keep = new Set(listed);
        const windowStart = new Date(ctx.nowMs - (RETENTION_DAYS.exerciseUploadDays - 1) * 86_400_000);
        const existing = await writer.tx.query<{ id: string; polarExerciseId: string }>(
          `SELECT "id", "polarExerciseId" FROM "Exercise" WHERE "userId" = $1 AND "uploadTime" > $2::timestamptz AND "uploadTime" <= $3::timestamptz`,
          [ctx.userId, windowStart.toISOString(), now.toISOString()],
        );
        doomed = existing.filter((e) => !keep.has(e.polarExerciseId)).map((e) => e.id);
      }
      if (gone.length > 0) {
        const rowsGone = await writer.tx.query<{ id: string }>(
          `SELECT "id" FROM "Exercise" WHERE "userId" = $1 AND "polarExerciseId" = ANY($2::text[])`,
          [ctx.userId, gone],
        );
        doomed.push(...rowsGone.map((r) => r.id));
      }
      if (doomed.length > 0) {
        await writer.tx.query(`DELETE FROM "Exercise" WHERE "userId" = $1 AND "id" = ANY($2::uuid[])`, [ctx.userId, doomed]);
        counts.deleted += doomed.length;
      }
    },
    { rejected, ...(mode.kind !== 'range' ? { watermark: { lastDate: ctx.today, cursor: null, success: true } } : {}) },
  );
}

// ---- cardio load: 180 days at once, then date ranges --------------------------------------------

async function cardioLoadStep(ctx: RunContext, options: StepOptions): Promise<void> {
  const type = 'cardioLoad' as const;
  const mode = modeOf(ctx, type, RETENTION_DAYS.cardio, options);
  ctx.countsOf(type).mode = mode.kind;
  const payloads: Json[] = [];
  const rejections: Rejection[] = [];
  if (mode.kind === 'backfill') {
    const batch = await ctx.callList((c, t, signal) => c.getCardioLoadPeriodDays(t, RETENTION_DAYS.cardio, signal ? { signal } : {}));
    payloads.push(...(batch.valid as Json[]));
    rejections.push(...batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason })));
  } else {
    const { from, to } = windowOf(ctx, mode, RETENTION_DAYS.cardio);
    for (const slice of sliceRange(from, to, RETENTION_DAYS.cardio)) {
      const batch = await ctx.callList((c, t, signal) => c.getCardioLoadRange(t, slice, signal ? { signal } : {}));
      payloads.push(...(batch.valid as Json[]));
      rejections.push(...batch.rejected.map((r) => ({ raw: r.raw, reason: r.reason })));
    }
  }
  const { rows, rejected } = ctx.transform(type, cardioLoadTransform as AnyTransform as Transform<Json, Row>, payloads, rejections);
  // Polar answers every day of the range (placeholder when no data), so nothing is reconciled.
  await commitWindow(ctx, type, cardioLoadTransform as AnyTransform, rows, rejected, [], mode);
}

// ---- physical info: the current version, kept as history -----------------------------------------

async function physicalInfoStep(ctx: RunContext): Promise<void> {
  const type = 'physicalInfo' as const;
  ctx.countsOf(type).mode = ctx.request.range ? 'range' : ctx.watermark(type)?.lastDate ? 'incremental' : 'backfill';
  const info = await ctx.call((c, t, signal) => c.getPhysicalInfo(t, signal ? { signal } : {}));
  const { rows, rejected } = ctx.transform(type, physicalInfoTransform as AnyTransform as Transform<Json, Row>, info ? [info as Json] : []);
  await ctx.commit(type, (writer) => writer.upsert(physicalInfoTransform as AnyTransform, rows), {
    rejected,
    watermark: { lastDate: ctx.today, cursor: null, success: true },
  });
}

// ---- the table of steps ------------------------------------------------------------------------

export interface StepPlan {
  /** Types this step fills (their counts/progress); the first is the one named in the run. */
  types: SyncDataType[];
  run: Step;
}

/** Steps for the requested types, in a fixed order; activity + samples share calls when both are asked. */
export function planSteps(requested: Set<SyncDataType>): StepPlan[] {
  const plans: StepPlan[] = [];
  const add = (type: SyncDataType, run: Step) => {
    if (requested.has(type)) plans.push({ types: [type], run });
  };
  add('sleep', sleepStep);
  add('nightlyRecharge', nightlyRechargeStep);
  const summary = requested.has('activity');
  const samples = requested.has('activitySamples');
  if (summary || samples) {
    plans.push({
      types: [...(summary ? ['activity' as const] : []), ...(samples ? ['activitySamples' as const] : [])],
      run: (ctx, options) => activityStep(ctx, options, { summary, samples }),
    });
  }
  add('exercise', (ctx) => exerciseStep(ctx));
  add('cardioLoad', cardioLoadStep);
  add('continuousHeartRate', continuousHeartRateStep);
  add('sleepwiseAlertness', sleepwiseAlertnessStep);
  add('sleepwiseBedtime', sleepwiseBedtimeStep);
  add('bodyTemperature', bodyTemperatureStep);
  add('skinTemperature', skinTemperatureStep);
  add('skinContacts', skinContactsStep);
  add('ecg', ecgStep);
  add('spo2', spo2Step);
  add('physicalInfo', (ctx) => physicalInfoStep(ctx));
  return plans;
}
