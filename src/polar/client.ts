import type { z } from 'zod';
import {
  ActivitySamplesDaySchema,
  BodyTemperatureSchema,
  CardioLoadSchema,
  ContinuousHeartRateDaySchema,
  DailyActivitySchema,
  EcgSchema,
  ExerciseSchema,
  isoDate,
  NightlyRechargeSchema,
  PhysicalInfoSchema,
  SkinContactsSchema,
  SkinTemperatureSchema,
  SleepAvailableSchema,
  SleepSchema,
  SleepWiseAlertnessSchema,
  SleepWiseBedtimeSchema,
  Spo2Schema,
  UserInfoSchema,
  type ActivitySamplesDay,
  type BodyTemperature,
  type CardioLoad,
  type ContinuousHeartRateDay,
  type DailyActivity,
  type Ecg,
  type Exercise,
  type NightlyRecharge,
  type PhysicalInfo,
  type SkinContacts,
  type SkinTemperature,
  type Sleep,
  type SleepAvailable,
  type SleepWiseAlertness,
  type SleepWiseBedtime,
  type Spo2,
  type UserInfo,
} from './schemas.js';
import { nodeFetch } from './node-fetch.js';
import {
  buildUrl,
  DEFAULT_TIMEOUT_MS,
  errorForResponse,
  isSuccess,
  parseJsonBody,
  payloadError,
  send,
  type ResponseInfo,
  type TransportConfig,
  type TransportResponse,
} from './transport.js';
import { emptyBatch, formatZodError, validateBatch, type BatchResult } from './validate.js';

export const DEFAULT_API_BASE_URL = 'https://www.polaraccesslink.com';

/** Widest `from..to` span (inclusive day count) Polar accepts on ranged endpoints. */
export const MAX_RANGE_DAYS = 28;
export const MAX_CARDIO_LOAD_PERIOD_DAYS = 180;
export const MAX_CARDIO_LOAD_PERIOD_MONTHS = 6;

export interface AccessLinkClientOptions {
  /** e.g. `https://www.polaraccesslink.com` or the simulator's URL; paths `/v3/...` are appended. */
  apiBaseUrl: string;
  fetch?: typeof fetch;
  /** Per request, headers and body together. Default 30 s. */
  timeoutMs?: number;
  /** Called for every HTTP response (errors included) so the runner can track the rate-limit budget. */
  onResponse?: (info: ResponseInfo) => void;
  userAgent?: string;
}

export interface CallOptions {
  /** Cancels the request; the client then throws PolarAbortedError. */
  signal?: AbortSignal;
}

export interface ActivityFlags extends CallOptions {
  steps?: boolean;
  activityZones?: boolean;
  inactivityStamps?: boolean;
}

export interface ExerciseFlags extends CallOptions {
  samples?: boolean;
  zones?: boolean;
  route?: boolean;
}

export interface DateRange {
  from: string;
  to: string;
}

export type RegisterUserResult =
  | { outcome: 'registered'; user: UserInfo }
  /** 409: already registered to this client (or the member-id is taken). */
  | { outcome: 'already-registered' }
  /** 204: Polar does not know the user. */
  | { outcome: 'user-not-found' };

type Query = Record<string, string | number | boolean | undefined>;

/** Where the records sit in a list response body. */
type Envelope = (json: unknown) => unknown[] | { reason: string };

const arrayEnvelope: Envelope = (json) => (Array.isArray(json) ? json : { reason: 'expected a JSON array' });

function keyEnvelope(key: string): Envelope {
  return (json) => {
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      const value = (json as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value;
    }
    return { reason: `expected an object with an array "${key}"` };
  };
}

/**
 * Continuous HR ranges arrive in two shapes: the spec's per-day object (or an array of them) and
 * `{"heart_rates": [...]}` seen in live use. Both become a list of day objects.
 */
const continuousHeartRateRangeEnvelope: Envelope = (json) => {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const record = json as Record<string, unknown>;
    if (Array.isArray(record['heart_rates'])) return record['heart_rates'];
    if ('date' in record || 'heart_rate_samples' in record) return [json];
  }
  return { reason: 'expected a per-day object, an array of them, or {"heart_rates": [...]}' };
};

function assertDate(name: string, value: string): void {
  if (!isoDate.safeParse(value).success) {
    throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function assertRange(range: DateRange, maxDays: number | null): void {
  assertDate('from', range.from);
  assertDate('to', range.to);
  const days = daysInclusive(range.from, range.to);
  if (days < 1) throw new RangeError(`from (${range.from}) must not be after to (${range.to})`);
  if (maxDays !== null && days > maxDays) {
    throw new RangeError(`range ${range.from}..${range.to} spans ${days} days; Polar allows at most ${maxDays}`);
  }
}

function assertWholeNumber(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

function activityQuery(flags: ActivityFlags | undefined): Query {
  return {
    steps: flags?.steps ? true : undefined,
    activity_zones: flags?.activityZones ? true : undefined,
    inactivity_stamps: flags?.inactivityStamps ? true : undefined,
  };
}

function exerciseQuery(flags: ExerciseFlags | undefined): Query {
  return {
    samples: flags?.samples ? true : undefined,
    zones: flags?.zones ? true : undefined,
    route: flags?.route ? true : undefined,
  };
}

const seg = encodeURIComponent;

/**
 * AccessLink v3 client for user-token (Bearer) endpoints. One request per call, no retries: the
 * sync runner owns retries and the rate-limit budget.
 *
 * Status mapping (API.md §4): 204 → null / empty batch; 404 on by-date / by-id reads → null;
 * 400/401/403/429/5xx → PolarBadRequestError / PolarAuthError / PolarConsentError /
 * PolarRateLimitError / PolarServerError; other statuses → PolarNotFoundError, PolarConflictError,
 * PolarHttpError. Bodies that are not JSON or whose envelope is wrong → PolarPayloadError; in list
 * responses each record is validated alone and bad ones are returned in `rejected`.
 */
export class AccessLinkClient {
  readonly apiBaseUrl: string;
  private readonly transport: TransportConfig;

  constructor(options: AccessLinkClientOptions) {
    this.apiBaseUrl = options.apiBaseUrl;
    this.transport = {
      fetch: options.fetch ?? nodeFetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onResponse: options.onResponse,
      userAgent: options.userAgent,
    };
    // Fail at construction on a bad base URL rather than on the first call.
    new URL(this.apiBaseUrl);
  }

  // ---- users ----------------------------------------------------------------------------------

  async registerUser(token: string, memberId: string, options?: CallOptions): Promise<RegisterUserResult> {
    const res = await this.request('POST', '/v3/users', token, {
      body: JSON.stringify({ 'member-id': memberId }),
      signal: options?.signal,
    });
    if (res.status === 409) return { outcome: 'already-registered' };
    if (res.status === 204) return { outcome: 'user-not-found' };
    if (!isSuccess(res)) throw errorForResponse(res);
    return { outcome: 'registered', user: this.decodeOne(res, UserInfoSchema) };
  }

  async getUser(token: string, polarUserId: number | string, options?: CallOptions): Promise<UserInfo | null> {
    return this.getOne(`/v3/users/${seg(String(polarUserId))}`, token, UserInfoSchema, undefined, options);
  }

  /** De-registers the user (Polar revokes the token). False when Polar did not know the user (404). */
  async deleteUser(token: string, polarUserId: number | string, options?: CallOptions): Promise<boolean> {
    const res = await this.request('DELETE', `/v3/users/${seg(String(polarUserId))}`, token, { signal: options?.signal });
    if (res.status === 404) return false;
    if (!isSuccess(res)) throw errorForResponse(res);
    return true;
  }

  // ---- sleep and nightly recharge -------------------------------------------------------------

  async listSleep(token: string, options?: CallOptions): Promise<BatchResult<Sleep>> {
    return this.getList('/v3/users/sleep', token, SleepSchema, keyEnvelope('nights'), undefined, options);
  }

  async getSleep(token: string, date: string, options?: CallOptions): Promise<Sleep | null> {
    assertDate('date', date);
    return this.getOne(`/v3/users/sleep/${date}`, token, SleepSchema, undefined, options);
  }

  async listAvailableSleep(token: string, options?: CallOptions): Promise<BatchResult<SleepAvailable>> {
    return this.getList('/v3/users/sleep/available', token, SleepAvailableSchema, keyEnvelope('available'), undefined, options);
  }

  async listNightlyRecharge(token: string, options?: CallOptions): Promise<BatchResult<NightlyRecharge>> {
    return this.getList('/v3/users/nightly-recharge', token, NightlyRechargeSchema, keyEnvelope('recharges'), undefined, options);
  }

  async getNightlyRecharge(token: string, date: string, options?: CallOptions): Promise<NightlyRecharge | null> {
    assertDate('date', date);
    return this.getOne(`/v3/users/nightly-recharge/${date}`, token, NightlyRechargeSchema, undefined, options);
  }

  // ---- daily activity -------------------------------------------------------------------------

  /** Last 28 days. */
  async listActivities(token: string, flags?: ActivityFlags): Promise<BatchResult<DailyActivity>> {
    return this.getList('/v3/users/activities', token, DailyActivitySchema, arrayEnvelope, activityQuery(flags), flags);
  }

  /** `from..to` inclusive, at most 28 days; `from` at most 365 days old (checked by Polar: 400). */
  async getActivitiesRange(token: string, range: DateRange, flags?: ActivityFlags): Promise<BatchResult<DailyActivity>> {
    assertRange(range, MAX_RANGE_DAYS);
    return this.getList('/v3/users/activities', token, DailyActivitySchema, arrayEnvelope, {
      from: range.from,
      to: range.to,
      ...activityQuery(flags),
    }, flags);
  }

  async getActivity(token: string, date: string, flags?: ActivityFlags): Promise<DailyActivity | null> {
    assertDate('date', date);
    return this.getOne(`/v3/users/activities/${date}`, token, DailyActivitySchema, activityQuery(flags), flags);
  }

  async listActivitySamples(token: string, options?: CallOptions): Promise<BatchResult<ActivitySamplesDay>> {
    return this.getList('/v3/users/activities/samples', token, ActivitySamplesDaySchema, arrayEnvelope, undefined, options);
  }

  async getActivitySamplesRange(token: string, range: DateRange, options?: CallOptions): Promise<BatchResult<ActivitySamplesDay>> {
    assertRange(range, MAX_RANGE_DAYS);
    return this.getList('/v3/users/activities/samples', token, ActivitySamplesDaySchema, arrayEnvelope, { ...range }, options);
  }

  async getActivitySamples(token: string, date: string, options?: CallOptions): Promise<ActivitySamplesDay | null> {
    assertDate('date', date);
    return this.getOne(`/v3/users/activities/samples/${date}`, token, ActivitySamplesDaySchema, undefined, options);
  }

  // ---- exercises ------------------------------------------------------------------------------

  /** Exercises uploaded in the last 30 days. */
  async listExercises(token: string, flags?: ExerciseFlags): Promise<BatchResult<Exercise>> {
    return this.getList('/v3/exercises', token, ExerciseSchema, arrayEnvelope, exerciseQuery(flags), flags);
  }

  async getExercise(token: string, exerciseId: string, flags?: ExerciseFlags): Promise<Exercise | null> {
    return this.getOne(`/v3/exercises/${seg(exerciseId)}`, token, ExerciseSchema, exerciseQuery(flags), flags);
  }

  // ---- cardio load (every endpoint answers an array, one entry per day) --------------------------

  async listCardioLoad(token: string, options?: CallOptions): Promise<BatchResult<CardioLoad>> {
    return this.getList('/v3/users/cardio-load', token, CardioLoadSchema, arrayEnvelope, undefined, options);
  }

  async getCardioLoad(token: string, date: string, options?: CallOptions): Promise<BatchResult<CardioLoad>> {
    assertDate('date', date);
    return this.getList(`/v3/users/cardio-load/${date}`, token, CardioLoadSchema, arrayEnvelope, undefined, options, true);
  }

  /** Span not limited by the spec, so only from ≤ to is checked here. */
  async getCardioLoadRange(token: string, range: DateRange, options?: CallOptions): Promise<BatchResult<CardioLoad>> {
    assertRange(range, null);
    return this.getList('/v3/users/cardio-load/date', token, CardioLoadSchema, arrayEnvelope, { ...range }, options);
  }

  async getCardioLoadPeriodDays(token: string, days: number, options?: CallOptions): Promise<BatchResult<CardioLoad>> {
    assertWholeNumber('days', days, 1, MAX_CARDIO_LOAD_PERIOD_DAYS);
    return this.getList(`/v3/users/cardio-load/period/days/${days}`, token, CardioLoadSchema, arrayEnvelope, undefined, options);
  }

  async getCardioLoadPeriodMonths(token: string, months: number, options?: CallOptions): Promise<BatchResult<CardioLoad>> {
    assertWholeNumber('months', months, 1, MAX_CARDIO_LOAD_PERIOD_MONTHS);
    return this.getList(`/v3/users/cardio-load/period/months/${months}`, token, CardioLoadSchema, arrayEnvelope, undefined, options);
  }

  // ---- continuous heart rate ------------------------------------------------------------------

  async getContinuousHeartRate(token: string, date: string, options?: CallOptions): Promise<ContinuousHeartRateDay | null> {
    assertDate('date', date);
    return this.getOne(`/v3/users/continuous-heart-rate/${date}`, token, ContinuousHeartRateDaySchema, undefined, options);
  }

  /** Normalises both documented/observed range shapes to one record per day. Span: from ≤ to only. */
  async getContinuousHeartRateRange(
    token: string,
    range: DateRange,
    options?: CallOptions,
  ): Promise<BatchResult<ContinuousHeartRateDay>> {
    assertRange(range, null);
    return this.getList(
      '/v3/users/continuous-heart-rate',
      token,
      ContinuousHeartRateDaySchema,
      continuousHeartRateRangeEnvelope,
      { ...range },
      options,
    );
  }

  // ---- SleepWise ------------------------------------------------------------------------------

  async listSleepWiseAlertness(token: string, options?: CallOptions): Promise<BatchResult<SleepWiseAlertness>> {
    return this.getList('/v3/users/sleepwise/alertness', token, SleepWiseAlertnessSchema, arrayEnvelope, undefined, options);
  }

  async getSleepWiseAlertnessRange(token: string, range: DateRange, options?: CallOptions): Promise<BatchResult<SleepWiseAlertness>> {
    assertRange(range, MAX_RANGE_DAYS);
    return this.getList('/v3/users/sleepwise/alertness/date', token, SleepWiseAlertnessSchema, arrayEnvelope, { ...range }, options);
  }

  async listSleepWiseBedtime(token: string, options?: CallOptions): Promise<BatchResult<SleepWiseBedtime>> {
    return this.getList('/v3/users/sleepwise/circadian-bedtime', token, SleepWiseBedtimeSchema, arrayEnvelope, undefined, options);
  }

  async getSleepWiseBedtimeRange(token: string, range: DateRange, options?: CallOptions): Promise<BatchResult<SleepWiseBedtime>> {
    assertRange(range, MAX_RANGE_DAYS);
    return this.getList(
      '/v3/users/sleepwise/circadian-bedtime/date',
      token,
      SleepWiseBedtimeSchema,
      arrayEnvelope,
      { ...range },
      options,
    );
  }

  // ---- Elixir biosensing (optional from/to, ≤ 28 days; default last 28 days) -------------------

  async listBodyTemperature(token: string, range?: DateRange, options?: CallOptions): Promise<BatchResult<BodyTemperature>> {
    return this.getBiosensing('bodytemperature', token, BodyTemperatureSchema, range, options);
  }

  async listSkinTemperature(token: string, range?: DateRange, options?: CallOptions): Promise<BatchResult<SkinTemperature>> {
    return this.getBiosensing('skintemperature', token, SkinTemperatureSchema, range, options);
  }

  async listSkinContacts(token: string, range?: DateRange, options?: CallOptions): Promise<BatchResult<SkinContacts>> {
    return this.getBiosensing('skincontacts', token, SkinContactsSchema, range, options);
  }

  async listEcg(token: string, range?: DateRange, options?: CallOptions): Promise<BatchResult<Ecg>> {
    return this.getBiosensing('ecg', token, EcgSchema, range, options);
  }

  async listSpo2(token: string, range?: DateRange, options?: CallOptions): Promise<BatchResult<Spo2>> {
    return this.getBiosensing('spo2', token, Spo2Schema, range, options);
  }

  // ---- physical info --------------------------------------------------------------------------

  /** Current physical information (newest spec). 404 (user not found) and 204 → null. */
  async getPhysicalInfo(token: string, options?: CallOptions): Promise<PhysicalInfo | null> {
    return this.getOne('/v3/users/physical-info', token, PhysicalInfoSchema, undefined, options);
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async getBiosensing<S extends z.ZodType>(
    kind: string,
    token: string,
    schema: S,
    range: DateRange | undefined,
    options: CallOptions | undefined,
  ): Promise<BatchResult<z.output<S>>> {
    if (range) assertRange(range, MAX_RANGE_DAYS);
    return this.getList(`/v3/users/biosensing/${kind}`, token, schema, arrayEnvelope, range ? { ...range } : undefined, options);
  }

  private request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    token: string,
    init: { query?: Query | undefined; body?: string; signal?: AbortSignal | undefined },
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    return send(this.transport, {
      method,
      url: buildUrl(this.apiBaseUrl, path, init.query),
      headers,
      ...(init.body === undefined ? {} : { body: init.body }),
      signal: init.signal,
    });
  }

  private decodeOne<S extends z.ZodType>(res: TransportResponse, schema: S): z.output<S> {
    const parsed = schema.safeParse(parseJsonBody(res));
    if (!parsed.success) throw payloadError(res, formatZodError(parsed.error));
    return parsed.data;
  }

  /** Single record: 204 and 404 → null. */
  private async getOne<S extends z.ZodType>(
    path: string,
    token: string,
    schema: S,
    query: Query | undefined,
    options: CallOptions | undefined,
  ): Promise<z.output<S> | null> {
    const res = await this.request('GET', path, token, { query, signal: options?.signal });
    if (res.status === 204 || res.status === 404) return null;
    if (!isSuccess(res)) throw errorForResponse(res);
    return this.decodeOne(res, schema);
  }

  /** Record list: 204 → empty; each record validated on its own. */
  private async getList<S extends z.ZodType>(
    path: string,
    token: string,
    schema: S,
    envelope: Envelope,
    query: Query | undefined,
    options: CallOptions | undefined,
    notFoundIsEmpty = false,
  ): Promise<BatchResult<z.output<S>>> {
    const res = await this.request('GET', path, token, { query, signal: options?.signal });
    if (res.status === 204 || (notFoundIsEmpty && res.status === 404)) return emptyBatch();
    if (!isSuccess(res)) throw errorForResponse(res);
    const records = envelope(parseJsonBody(res));
    if (!Array.isArray(records)) throw payloadError(res, records.reason);
    return validateBatch(schema, records);
  }
}

export function createAccessLinkClient(options: AccessLinkClientOptions): AccessLinkClient {
  return new AccessLinkClient(options);
}
