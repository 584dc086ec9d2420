import type { IncomingMessage } from 'node:http';
import type { IsoDate, JsonObject, SimDataType, SimRecord } from './dataset.js';
import { empty, ok, parseBasicAuth, parseBearer, Router, type SimResponse } from './http.js';
import type { SimApp } from './app.js';
import type { Entry, SimUser } from './state.js';
import { exerciseGpx, exerciseTcx } from './exportFormats.js';
import { markCacheable } from './serialize.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './types.js';
import { addDays, addMonths, diffDays, hashSeed, isIsoDate, isoMillis, rngHex, rngUuid } from './util.js';

export interface Ctx {
  app: SimApp;
  req: IncomingMessage;
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
  /** The token's user, set by bearer authentication. */
  user: SimUser | null;
}

/** Default window of list endpoints: today and the 27 days before. */
const LIST_DAYS = 28;
/** How far back by-date lookups and explicit ranges reach for the 28–30-day types. */
const RETENTION_DAYS = 30;
const ACTIVITY_MAX_AGE_DAYS = 365;
const MAX_SPAN_DAYS = 28;
const CARDIO_MAX_SPAN_DAYS = 180;
const EXERCISE_WINDOW_MS = 30 * 86_400_000;

type Handler = (ctx: Ctx, params: Record<string, string>) => SimResponse | Promise<SimResponse>;

// ---------------------------------------------------------------- auth wrappers

function bearer(h: Handler): Handler {
  return (ctx, params) => {
    const token = parseBearer(ctx.req.headers.authorization);
    const user = token ? ctx.app.userForToken(token) : null;
    if (!user) return ctx.app.error(401, 'UNAUTHORIZED', token ? 'Invalid or revoked access token' : 'Missing bearer token');
    ctx.user = user;
    return h(ctx, params);
  };
}

/** Bearer + registered + consents accepted: every user-data endpoint. */
function userData(h: Handler): Handler {
  return bearer((ctx, params) => {
    const user = ctx.user!;
    if (!user.consent) return ctx.app.error(403, 'FORBIDDEN', 'User has not accepted all mandatory consents');
    if (!user.registered) return ctx.app.error(403, 'FORBIDDEN', 'User is not registered to this partner');
    return h(ctx, params);
  });
}

function basic(h: Handler): Handler {
  return (ctx, params) => {
    const cred = parseBasicAuth(ctx.req.headers.authorization);
    if (!cred || cred.id !== ctx.app.clientId || cred.secret !== ctx.app.clientSecret)
      return ctx.app.error(401, 'UNAUTHORIZED', 'Invalid client credentials');
    return h(ctx, params);
  };
}

// ---------------------------------------------------------------- helpers

function flag(q: URLSearchParams, name: string): boolean {
  return (q.get(name) ?? '').toLowerCase() === 'true';
}

function parseJsonBody(ctx: Ctx): JsonObject | null {
  try {
    const v: unknown = JSON.parse(ctx.body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null;
  } catch {
    return null;
  }
}

interface Range {
  from: IsoDate;
  to: IsoDate;
}

function parseRange(ctx: Ctx, opts: { required: boolean; maxSpan: number; minDate?: IsoDate }): Range | SimResponse {
  const today = ctx.app.world.clock.today();
  const qf = ctx.query.get('from');
  const qt = ctx.query.get('to');
  if (opts.required && (!qf || !qt)) return ctx.app.error(400, 'BAD_REQUEST', 'Query parameters from and to are required');
  if ((qf !== null && !isIsoDate(qf)) || (qt !== null && !isIsoDate(qt)))
    return ctx.app.error(400, 'BAD_REQUEST', 'Invalid date, expected YYYY-MM-DD');
  const to = qt ?? today;
  const from = qf ?? addDays(to, -(LIST_DAYS - 1));
  if (from > to) return ctx.app.error(400, 'BAD_REQUEST', 'from must not be after to');
  if (diffDays(from, to) + 1 > opts.maxSpan)
    return ctx.app.error(400, 'BAD_REQUEST', `Date range must not exceed ${opts.maxSpan} days`);
  if (opts.minDate && from < opts.minDate) return ctx.app.error(400, 'BAD_REQUEST', 'Date is too far in the past');
  return { from, to };
}

const isResponse = (v: Range | SimResponse): v is SimResponse => 'status' in v;

function visible(ctx: Ctx, type: SimDataType, from: IsoDate, to: IsoDate): Entry[] {
  const now = ctx.app.world.clock.now();
  const out = ctx.user!.records(type).list.filter((e) => e.rec.date >= from && e.rec.date <= to && e.up <= now);
  // Record payloads are immutable (rescoring replaces the record), so their JSON text is cached.
  for (const e of out) markCacheable(e.rec.payload);
  return out;
}

function retentionFrom(ctx: Ctx): IsoDate {
  return addDays(ctx.app.world.clock.today(), -(RETENTION_DAYS - 1));
}

function lastDays(ctx: Ctx): Range {
  const to = ctx.app.world.clock.today();
  return { from: addDays(to, -(LIST_DAYS - 1)), to };
}

function clampToRetention(ctx: Ctx, r: Range): Range {
  const min = retentionFrom(ctx);
  return { from: r.from < min ? min : r.from, to: r.to };
}

/** The visible record of a daily type for a date, within the retention window. */
function byDate(ctx: Ctx, type: SimDataType, date: IsoDate): SimRecord | undefined {
  if (date < retentionFrom(ctx)) return undefined;
  return visible(ctx, type, date, date)[0]?.rec;
}

function arrayOr204(items: unknown[]): SimResponse {
  return items.length === 0 ? empty(204) : ok(items);
}

// ---------------------------------------------------------------- users

function userObject(app: SimApp, user: SimUser): JsonObject {
  const info = user.dataset.userInfo;
  const out: JsonObject = {
    'polar-user-id': user.polarUserId,
    'member-id': user.memberId,
    'registration-date':
      typeof info['registration-date'] === 'string' ? info['registration-date'] : isoMillis(user.registrationMs ?? app.world.clock.now()),
  };
  for (const [k, v] of Object.entries(info)) if (!(k in out)) out[k] = v;
  return out;
}

const registerUser: Handler = (ctx) => {
  const user = ctx.user!;
  const body = parseJsonBody(ctx);
  const memberId = body?.['member-id'];
  if (typeof memberId !== 'string' || memberId.length === 0)
    return ctx.app.error(400, 'BAD_REQUEST', 'Request body must be {"member-id": "<string>"}');
  if (!user.consent) return ctx.app.error(403, 'FORBIDDEN', 'User has not accepted all mandatory consents');
  if (user.registered) return ctx.app.error(409, 'CONFLICT', 'User already registered to partner');
  if (ctx.app.world.users.some((u) => u.registered && u.memberId === memberId))
    return ctx.app.error(409, 'CONFLICT', 'Duplicated member-id');
  ctx.app.register(user, memberId);
  return ok(userObject(ctx.app, user));
};

const getUser: Handler = (ctx, { id }) => {
  const user = ctx.user!;
  if (!user.consent) return ctx.app.error(403, 'FORBIDDEN', 'User has not accepted all mandatory consents');
  if (Number(id) !== user.polarUserId || !user.registered) return empty(204);
  return ok(userObject(ctx.app, user));
};

const deleteUser: Handler = (ctx, { id }) => {
  const user = ctx.user!;
  if (Number(id) !== user.polarUserId) return ctx.app.error(404, 'NOT_FOUND', 'User not found');
  ctx.app.deregister(user);
  return empty(204);
};

// ---------------------------------------------------------------- exercises

function exerciseVisible(ctx: Ctx, e: Entry): boolean {
  const now = ctx.app.world.clock.now();
  if (e.up > now || e.up <= now - EXERCISE_WINDOW_MS) return false;
  const reg = ctx.user!.registrationMs;
  return !(ctx.app.options.exercisesAfterRegistrationOnly && reg !== null && e.up < reg);
}

const stripped = new WeakMap<JsonObject, Map<string, JsonObject>>();

/** The same stripped object for the same (payload, flags), so its JSON text is cached too. */
function memoStrip(p: JsonObject, flagsKey: string, build: () => JsonObject): JsonObject {
  let m = stripped.get(p);
  if (!m) stripped.set(p, (m = new Map()));
  let out = m.get(flagsKey);
  if (!out) {
    out = build();
    markCacheable(out);
    m.set(flagsKey, out);
  }
  return out;
}

function stripExercise(p: JsonObject, q: URLSearchParams): JsonObject {
  return memoStrip(p, `e${+flag(q, 'zones')}${+flag(q, 'samples')}${+flag(q, 'route')}`, () => buildStrippedExercise(p, q));
}

function buildStrippedExercise(p: JsonObject, q: URLSearchParams): JsonObject {
  const keep = { heart_rate_zones: flag(q, 'zones'), samples: flag(q, 'samples'), route: flag(q, 'route') };
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(p)) if (!(k in keep) || keep[k as keyof typeof keep]) out[k] = v;
  return out;
}

const listExercises: Handler = (ctx) =>
  ok(ctx.user!.records('exercise').list.filter((e) => exerciseVisible(ctx, e)).map((e) => stripExercise(e.rec.payload, ctx.query)));

function findExercise(ctx: Ctx, id: string): SimRecord | undefined {
  const e = ctx.user!.records('exercise').byKey.get(id);
  return e && exerciseVisible(ctx, e) ? e.rec : undefined;
}

const getExercise: Handler = (ctx, { id }) => {
  const rec = findExercise(ctx, id!);
  return rec ? ok(stripExercise(rec.payload, ctx.query)) : ctx.app.error(404, 'NOT_FOUND', 'Exercise not found');
};

function exerciseFile(kind: 'fit' | 'tcx' | 'gpx'): Handler {
  return (ctx, { id }) => {
    const rec = findExercise(ctx, id!);
    if (!rec) return ctx.app.error(404, 'NOT_FOUND', 'Exercise not found');
    if (kind === 'gpx') {
      if (!Array.isArray(rec.payload.route) || rec.payload.route.length === 0)
        return ctx.app.error(404, 'NOT_FOUND', 'Exercise has no route');
      return { status: 200, raw: exerciseGpx(rec.payload), contentType: 'application/gpx+xml' };
    }
    if (kind === 'tcx') return { status: 200, raw: exerciseTcx(rec.payload), contentType: 'application/vnd.garmin.tcx+xml' };
    return ctx.app.error(501, 'NOT_IMPLEMENTED', 'FIT export is not simulated');
  };
}

// ---------------------------------------------------------------- daily activity

function activityMinDate(ctx: Ctx): IsoDate {
  return addDays(ctx.app.world.clock.today(), -(ACTIVITY_MAX_AGE_DAYS - 1));
}

function stripActivity(p: JsonObject, q: URLSearchParams): JsonObject {
  return memoStrip(p, `a${+flag(q, 'steps')}${+flag(q, 'activity_zones')}${+flag(q, 'inactivity_stamps')}`, () => buildStrippedActivity(p, q));
}

function buildStrippedActivity(p: JsonObject, q: URLSearchParams): JsonObject {
  const blocks = { steps: flag(q, 'steps'), activity_zones: flag(q, 'activity_zones'), inactivity_stamps: flag(q, 'inactivity_stamps') };
  const any = blocks.steps || blocks.activity_zones || blocks.inactivity_stamps;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(p)) {
    if (k !== 'samples') out[k] = v;
    else if (any && v && typeof v === 'object') {
      const s: JsonObject = {};
      for (const [sk, sv] of Object.entries(v as JsonObject)) if (!(sk in blocks) || blocks[sk as keyof typeof blocks]) s[sk] = sv;
      out.samples = s;
    }
  }
  return out;
}

function activityDate(ctx: Ctx, date: string): IsoDate | SimResponse {
  if (!isIsoDate(date)) return ctx.app.error(400, 'BAD_REQUEST', 'Invalid date, expected YYYY-MM-DD');
  if (date < activityMinDate(ctx)) return ctx.app.error(400, 'BAD_REQUEST', 'Date is older than 365 days');
  return date;
}

const listActivities: Handler = (ctx) => {
  const r = parseRange(ctx, { required: false, maxSpan: MAX_SPAN_DAYS, minDate: activityMinDate(ctx) });
  if (isResponse(r)) return r;
  return ok(visible(ctx, 'activity', r.from, r.to).map((e) => stripActivity(e.rec.payload, ctx.query)));
};

const getActivity: Handler = (ctx, { date }) => {
  const d = activityDate(ctx, date!);
  if (typeof d !== 'string') return d;
  const rec = visible(ctx, 'activity', d, d)[0]?.rec;
  return rec ? ok(stripActivity(rec.payload, ctx.query)) : empty(204);
};

const listActivitySamples: Handler = (ctx) => {
  const r = parseRange(ctx, { required: false, maxSpan: MAX_SPAN_DAYS, minDate: activityMinDate(ctx) });
  if (isResponse(r)) return r;
  return ok(
    visible(ctx, 'activity', r.from, r.to).flatMap((e) => {
      markCacheable(e.rec.payload.samples);
      return e.rec.payload.samples ? [e.rec.payload.samples] : [];
    }),
  );
};

const getActivitySamples: Handler = (ctx, { date }) => {
  const d = activityDate(ctx, date!);
  if (typeof d !== 'string') return d;
  const samples = visible(ctx, 'activity', d, d)[0]?.rec.payload.samples;
  return samples ? ok(samples) : empty(204);
};

// ---------------------------------------------------------------- continuous heart rate

const getChr: Handler = (ctx, { date }) => {
  if (!isIsoDate(date)) return ctx.app.error(400, 'BAD_REQUEST', 'Invalid date, expected YYYY-MM-DD');
  const rec = byDate(ctx, 'continuousHeartRate', date);
  return rec ? ok(rec.payload) : ctx.app.error(404, 'NOT_FOUND', 'No data found for date');
};

const listChr: Handler = (ctx) => {
  const r = parseRange(ctx, { required: true, maxSpan: MAX_SPAN_DAYS });
  if (isResponse(r)) return r;
  const c = clampToRetention(ctx, r);
  const days = visible(ctx, 'continuousHeartRate', c.from, c.to).map((e) => e.rec.payload);
  if (ctx.app.options.chrRangeShape === 'spec') return ok(days);
  return ok({
    heart_rates: days.map((p) => {
      markCacheable(p.heart_rate_samples);
      return { date: p.date, heart_rate_samples: p.heart_rate_samples };
    }),
  });
};

// ---------------------------------------------------------------- cardio load

function cardioNotAvailable(date: IsoDate): JsonObject {
  return {
    date,
    cardio_load_status: 'LOAD_STATUS_NOT_AVAILABLE',
    cardio_load: 0,
    strain: 0,
    tolerance: 0,
    cardio_load_ratio: 0,
    cardio_load_level: { very_low: 0, low: 0, medium: 0, high: 0, 'very-high': 0 },
  };
}

function cardioSeries(ctx: Ctx, from: IsoDate, to: IsoDate): JsonObject[] {
  const have = new Map(visible(ctx, 'cardioLoad', from, to).map((e) => [e.rec.date, e.rec.payload]));
  const out: JsonObject[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(have.get(d) ?? cardioNotAvailable(d));
  return out;
}

const listCardio: Handler = (ctx) => {
  const r = lastDays(ctx);
  return ok(cardioSeries(ctx, r.from, r.to));
};

const cardioByDate: Handler = (ctx, { date }) => {
  if (!isIsoDate(date)) return ctx.app.error(400, 'BAD_REQUEST', 'Invalid date, expected YYYY-MM-DD');
  return ok(cardioSeries(ctx, date, date));
};

const cardioRange: Handler = (ctx) => {
  const r = parseRange(ctx, { required: true, maxSpan: CARDIO_MAX_SPAN_DAYS });
  if (isResponse(r)) return r;
  return ok(cardioSeries(ctx, r.from, r.to));
};

function cardioPeriod(unit: 'days' | 'months'): Handler {
  return (ctx, { n }) => {
    const max = unit === 'days' ? 180 : 6;
    const count = Number(n);
    if (!/^\d+$/.test(n!) || count < 1 || count > max)
      return ctx.app.error(400, 'BAD_REQUEST', `${unit} must be an integer between 1 and ${max}`);
    const to = ctx.app.world.clock.today();
    const from = unit === 'days' ? addDays(to, -(count - 1)) : addDays(addMonths(to, -count), 1);
    return ok(cardioSeries(ctx, from, to));
  };
}

// ---------------------------------------------------------------- sleep, nightly recharge

function dailyList(type: SimDataType, wrapper: string): Handler {
  return (ctx) => {
    const r = lastDays(ctx);
    return ok({ [wrapper]: visible(ctx, type, r.from, r.to).map((e) => e.rec.payload) });
  };
}

function dailyByDate(type: SimDataType, what: string): Handler {
  return (ctx, { date }) => {
    if (!isIsoDate(date)) return ctx.app.error(400, 'BAD_REQUEST', 'Invalid date, expected YYYY-MM-DD');
    const rec = byDate(ctx, type, date);
    return rec ? ok(rec.payload) : ctx.app.error(404, 'NOT_FOUND', `No ${what} found for date`);
  };
}

const sleepAvailable: Handler = (ctx) => {
  const r = lastDays(ctx);
  return ok({
    available: visible(ctx, 'sleep', r.from, r.to).map((e) => ({
      date: e.rec.payload.date,
      start_time: e.rec.payload.sleep_start_time,
      end_time: e.rec.payload.sleep_end_time,
    })),
  });
};

// ---------------------------------------------------------------- SleepWise, biosensing

function rangeList(type: SimDataType, mode: 'default' | 'required' | 'optional'): Handler {
  return (ctx) => {
    let r: Range | SimResponse;
    if (mode === 'default') r = lastDays(ctx);
    else r = parseRange(ctx, { required: mode === 'required', maxSpan: MAX_SPAN_DAYS });
    if (isResponse(r)) return r;
    const c = clampToRetention(ctx, r);
    return arrayOr204(visible(ctx, type, c.from, c.to).map((e) => e.rec.payload));
  };
}

const physicalInfo: Handler = (ctx) => {
  const now = ctx.app.world.clock.now();
  const list = ctx.user!.records('physicalInfo').list.filter((e) => e.up <= now);
  const latest = list.sort((a, b) => a.up - b.up)[list.length - 1];
  return latest ? ok(latest.rec.payload) : ctx.app.error(404, 'NOT_FOUND', 'Physical information not found');
};

// ---------------------------------------------------------------- physical-information transactions (deprecated family)

function ownerCheck(ctx: Ctx, id: string): SimResponse | null {
  return Number(id) === ctx.user!.polarUserId ? null : ctx.app.error(403, 'FORBIDDEN', 'Token does not belong to this user');
}

function txUri(ctx: Ctx, txId: number): string {
  return `${ctx.app.baseUrl}/v3/users/${ctx.user!.polarUserId}/physical-information-transactions/${txId}`;
}

function physicalInfoEntityId(user: SimUser, key: string): number {
  return hashSeed(user.polarUserId, key, 'pi') % 1_000_000_000;
}

const createPiTx: Handler = (ctx, { id }) => {
  const denied = ownerCheck(ctx, id!);
  if (denied) return denied;
  const keys = ctx.app.pendingPhysicalInfo(ctx.user!).slice(0, 50);
  if (keys.length === 0) return empty(204);
  const tx = ctx.app.openTransaction(ctx.user!, keys);
  return ok({ 'transaction-id': tx.id, 'resource-uri': txUri(ctx, tx.id) }, 201);
};

function findTx(ctx: Ctx, txId: string) {
  const tx = ctx.app.transactions.get(Number(txId));
  return tx && tx.open && tx.userId === ctx.user!.polarUserId ? tx : undefined;
}

const listPiTx: Handler = (ctx, { id, tx: txId }) => {
  const denied = ownerCheck(ctx, id!);
  if (denied) return denied;
  const tx = findTx(ctx, txId!);
  if (!tx) return ctx.app.error(404, 'NOT_FOUND', 'Transaction not found');
  if (tx.keys.length === 0) return empty(204);
  return ok({ 'physical-informations': tx.keys.map((k) => `${txUri(ctx, tx.id)}/physical-informations/${physicalInfoEntityId(ctx.user!, k)}`) });
};

const commitPiTx: Handler = (ctx, { id, tx: txId }) => {
  const denied = ownerCheck(ctx, id!);
  if (denied) return denied;
  const tx = findTx(ctx, txId!);
  if (!tx) return ctx.app.error(404, 'NOT_FOUND', 'Transaction not found');
  for (const k of tx.keys) ctx.user!.committedPhysicalInfo.add(k);
  tx.open = false;
  return empty(tx.keys.length === 0 ? 204 : 200);
};

const getPiEntity: Handler = (ctx, { id, tx: txId, pi }) => {
  const denied = ownerCheck(ctx, id!);
  if (denied) return denied;
  const tx = findTx(ctx, txId!);
  const key = tx?.keys.find((k) => String(physicalInfoEntityId(ctx.user!, k)) === pi);
  const rec = key !== undefined ? ctx.user!.records('physicalInfo').byKey.get(key)?.rec : undefined;
  if (!tx || !rec) return ctx.app.error(404, 'NOT_FOUND', 'Physical information not found');
  const p = rec.payload;
  const created = typeof p.modified === 'string' ? p.modified : typeof p.created === 'string' ? p.created : rec.uploadedAt;
  return ok({
    id: physicalInfoEntityId(ctx.user!, key!),
    'transaction-id': tx.id,
    created: isoMillis(Date.parse(created)),
    'polar-user': `${ctx.app.baseUrl}/v3/users/${ctx.user!.polarUserId}`,
    weight: p.weight,
    height: p.height,
    'maximum-heart-rate': p.maximum_heart_rate,
    'resting-heart-rate': p.resting_heart_rate,
    'aerobic-threshold': p.aerobic_threshold,
    'anaerobic-threshold': p.anaerobic_threshold,
    'vo2-max': p.vo2_max,
    'weight-source': p.weight_source === 'SOURCE_MEASURED' ? 'SOURCE_MEASURED' : 'SOURCE_USER',
  });
};

const notifications: Handler = (ctx) => {
  const items = ctx.app.world.users
    .filter((u) => u.registered && u.consent && ctx.app.pendingPhysicalInfo(u).length > 0)
    .map((u) => ({
      'user-id': u.polarUserId,
      'data-type': 'PHYSICAL_INFORMATION',
      url: `${ctx.app.baseUrl}/v3/users/${u.polarUserId}/physical-information-transactions`,
    }));
  return items.length === 0 ? empty(204) : ok({ 'available-user-data': items });
};

// ---------------------------------------------------------------- webhooks

function validEvents(v: unknown): v is WebhookEventType[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => (WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(e));
}

function validUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function webhookInfo(ctx: Ctx): JsonObject {
  const h = ctx.app.webhooks.hook;
  return { data: h ? [{ id: h.id, events: h.events, url: h.url, active: h.active }] : [] };
}

const createWebhook: Handler = async (ctx) => {
  const body = parseJsonBody(ctx);
  if (!body || !validEvents(body.events) || !validUrl(body.url))
    return ctx.app.error(400, 'BAD_REQUEST', 'Body must contain events (known event types) and url');
  if (ctx.app.webhooks.hook) return ctx.app.error(409, 'CONFLICT', 'Webhook already exists');
  const id = rngHex(ctx.app.idRng, 6);
  const secret = rngUuid(ctx.app.idRng);
  if (!(await ctx.app.webhooks.ping(body.url, secret)))
    return ctx.app.error(400, 'BAD_REQUEST', 'Webhook PING to the given url did not return 200');
  const events = [...new Set(body.events)];
  ctx.app.webhooks.hook = { id, events, url: body.url, secret, active: true, failingSince: null };
  return ok({ data: { id, events, url: body.url, signature_secret_key: secret } }, 201);
};

const patchWebhook: Handler = async (ctx, { id }) => {
  const hook = ctx.app.webhooks.hook;
  if (!hook || hook.id !== id) return ctx.app.error(404, 'NOT_FOUND', 'Webhook not found');
  const body = parseJsonBody(ctx);
  if (!body || (body.events === undefined && body.url === undefined) || (body.events !== undefined && !validEvents(body.events)) || (body.url !== undefined && !validUrl(body.url)))
    return ctx.app.error(400, 'BAD_REQUEST', 'Body must contain events and/or url');
  if (typeof body.url === 'string' && body.url !== hook.url) {
    if (!(await ctx.app.webhooks.ping(body.url, hook.secret)))
      return ctx.app.error(400, 'BAD_REQUEST', 'Webhook PING to the given url did not return 200');
    hook.url = body.url;
  }
  if (validEvents(body.events)) hook.events = [...new Set(body.events)];
  return ok(webhookInfo(ctx));
};

const deleteWebhook: Handler = (ctx, { id }) => {
  const hook = ctx.app.webhooks.hook;
  if (!hook || hook.id !== id) return ctx.app.error(404, 'NOT_FOUND', 'Webhook not found');
  ctx.app.webhooks.hook = null;
  return empty(204);
};

const activateWebhook: Handler = async (ctx) => {
  const hook = ctx.app.webhooks.hook;
  if (!hook) return empty(204);
  if (!(await ctx.app.webhooks.ping(hook.url, hook.secret)))
    return ctx.app.error(400, 'BAD_REQUEST', 'Webhook PING to the url did not return 200');
  hook.active = true;
  hook.failingSince = null;
  return empty(200);
};

const deactivateWebhook: Handler = (ctx) => {
  const hook = ctx.app.webhooks.hook;
  if (!hook) return empty(204);
  hook.active = false;
  return empty(200);
};

// ---------------------------------------------------------------- the route table (order matters: literals before {params})

export function buildApiRouter(): Router<Ctx> {
  const r = new Router<Ctx>();
  r.add('GET', '/v3/notifications', basic(notifications));

  r.add('POST', '/v3/webhooks', basic(createWebhook));
  r.add('GET', '/v3/webhooks', basic((ctx) => ok(webhookInfo(ctx))));
  r.add('POST', '/v3/webhooks/activate', basic(activateWebhook));
  r.add('POST', '/v3/webhooks/deactivate', basic(deactivateWebhook));
  r.add('PATCH', '/v3/webhooks/{id}', basic(patchWebhook));
  r.add('DELETE', '/v3/webhooks/{id}', basic(deleteWebhook));

  r.add('GET', '/v3/exercises', userData(listExercises));
  r.add('GET', '/v3/exercises/{id}', userData(getExercise));
  r.add('GET', '/v3/exercises/{id}/fit', userData(exerciseFile('fit')));
  r.add('GET', '/v3/exercises/{id}/tcx', userData(exerciseFile('tcx')));
  r.add('GET', '/v3/exercises/{id}/gpx', userData(exerciseFile('gpx')));

  r.add('GET', '/v3/users/activities', userData(listActivities));
  r.add('GET', '/v3/users/activities/samples', userData(listActivitySamples));
  r.add('GET', '/v3/users/activities/samples/{date}', userData(getActivitySamples));
  r.add('GET', '/v3/users/activities/{date}', userData(getActivity));

  r.add('GET', '/v3/users/continuous-heart-rate', userData(listChr));
  r.add('GET', '/v3/users/continuous-heart-rate/{date}', userData(getChr));

  r.add('GET', '/v3/users/cardio-load', userData(listCardio));
  r.add('GET', '/v3/users/cardio-load/date', userData(cardioRange));
  r.add('GET', '/v3/users/cardio-load/period/days/{n}', userData(cardioPeriod('days')));
  r.add('GET', '/v3/users/cardio-load/period/months/{n}', userData(cardioPeriod('months')));
  r.add('GET', '/v3/users/cardio-load/{date}', userData(cardioByDate));

  r.add('GET', '/v3/users/sleep', userData(dailyList('sleep', 'nights')));
  r.add('GET', '/v3/users/sleep/available', userData(sleepAvailable));
  r.add('GET', '/v3/users/sleep/{date}', userData(dailyByDate('sleep', 'sleep')));
  r.add('GET', '/v3/users/nightly-recharge', userData(dailyList('nightlyRecharge', 'recharges')));
  r.add('GET', '/v3/users/nightly-recharge/{date}', userData(dailyByDate('nightlyRecharge', 'nightly recharge')));

  r.add('GET', '/v3/users/sleepwise/alertness', userData(rangeList('sleepwiseAlertness', 'default')));
  r.add('GET', '/v3/users/sleepwise/alertness/date', userData(rangeList('sleepwiseAlertness', 'required')));
  r.add('GET', '/v3/users/sleepwise/circadian-bedtime', userData(rangeList('sleepwiseBedtime', 'default')));
  r.add('GET', '/v3/users/sleepwise/circadian-bedtime/date', userData(rangeList('sleepwiseBedtime', 'required')));

  r.add('GET', '/v3/users/biosensing/bodytemperature', userData(rangeList('bodyTemperature', 'optional')));
  r.add('GET', '/v3/users/biosensing/skintemperature', userData(rangeList('skinTemperature', 'optional')));
  r.add('GET', '/v3/users/biosensing/skincontacts', userData(rangeList('skinContacts', 'optional')));
  r.add('GET', '/v3/users/biosensing/ecg', userData(rangeList('ecg', 'optional')));
  r.add('GET', '/v3/users/biosensing/spo2', userData(rangeList('spo2', 'optional')));

  r.add('GET', '/v3/users/physical-info', userData(physicalInfo));

  r.add('POST', '/v3/users', bearer(registerUser));
  r.add('POST', '/v3/users/{id}/physical-information-transactions', userData(createPiTx));
  r.add('GET', '/v3/users/{id}/physical-information-transactions/{tx}', userData(listPiTx));
  r.add('PUT', '/v3/users/{id}/physical-information-transactions/{tx}', userData(commitPiTx));
  r.add('GET', '/v3/users/{id}/physical-information-transactions/{tx}/physical-informations/{pi}', userData(getPiEntity));
  r.add('GET', '/v3/users/{id}', bearer(getUser));
  r.add('DELETE', '/v3/users/{id}', bearer(deleteUser));
  return r;
}
