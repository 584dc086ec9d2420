import { z } from 'zod';

/*
 * Zod schemas for the AccessLink v3 payloads (see shared/accesslink/API.md).
 *
 * Policy:
 * - every object is a looseObject: unknown keys Polar adds are kept, never dropped;
 * - only the fields a record is keyed by are required; everything else is optional and may be null;
 * - types are strict where they matter: dates are real YYYY-MM-DD, numbers are numbers,
 *   timestamps/durations/clock times must have their documented shape;
 * - enums are open: a value Polar adds later is accepted (typed as string), since rejecting a
 *   whole night of sleep over a new enum member would lose data;
 * - no range checks on numbers, so sentinels such as -1 (`muscle-load`, `sleep_charge`) and 0 bpm pass.
 * Wire key names are kept as-is (snake_case, hyphenated where Polar hyphenates).
 */

// ---------------------------------------------------------------------------------------------
// Primitives

/** Calendar date `YYYY-MM-DD` (validated as a real date). */
export const isoDate = z.iso.date();

/**
 * Date-time as Polar writes them: `YYYY-MM-DDTHH:mm[:ss[.fff]]` with optional `Z` / `±HH:MM`.
 * (Local times without offset, UTC with `Z`, sleep times with offset all occur.)
 */
export const isoDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/,
    'Invalid date-time (expected YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:MM])',
  );

/** ISO-8601 duration such as `PT52M13S`, `PT210.026S`, `PT8H`. */
export const isoDuration = z
  .string()
  .regex(
    /^-?P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/,
    'Invalid ISO-8601 duration',
  );

/** Local wall-clock time `HH:mm` or `HH:mm:ss[.fff]`. */
export const clockTime = z
  .string()
  .regex(/^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/, 'Invalid clock time (expected HH:mm[:ss])');

const num = z.number();
const int = z.int();

/** A string enum that also accepts values Polar adds later; known values stay visible in the type. */
function openEnum<const V extends readonly [string, ...string[]]>(_values: V) {
  return z.string() as unknown as z.ZodType<V[number] | (string & {}), string>;
}

/** Optional and nullable: Polar omits or nulls fields it has no value for. */
function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish();
}

type FieldCheck = (value: unknown) => string | null;
const numberCheck: FieldCheck = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : `Invalid input: expected number, received ${v === null ? 'null' : typeof v}`);
const CLOCK_TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const clockTimeCheck: FieldCheck = (v) =>
  typeof v !== 'string' ? `Invalid input: expected string, received ${v === null ? 'null' : typeof v}` : CLOCK_TIME.test(v) ? null : 'Invalid clock time (expected HH:mm[:ss])';

/**
 * An array of flat sample records (thousands per record: continuous HR bursts, temperature curves,
 * ECG traces). Same rules as `z.array(z.looseObject({...}))` with required fields, but checked in
 * place: zod would build a copy of every element, which dominated the CPU time of a sync.
 */
function sampleArray<T extends Record<string, unknown>>(fields: { [K in keyof T]: FieldCheck }) {
  const entries = Object.entries(fields) as [string, FieldCheck][];
  return z.any().superRefine((value, ctx) => {
    if (!Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `Invalid input: expected array, received ${value === null ? 'null' : typeof value}` });
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `Invalid input: expected object, received ${item === null ? 'null' : Array.isArray(item) ? 'array' : typeof item}` });
        continue;
      }
      for (const [key, check] of entries) {
        const problem = check((item as Record<string, unknown>)[key]);
        if (problem) ctx.addIssue({ code: 'custom', path: [i, key], message: problem });
      }
    }
  }) as unknown as z.ZodType<(T & Record<string, unknown>)[]>;
}

/**
 * `{"HH:MM": number}` sample maps (hypnogram, sleep HR, HRV, breathing). Same rules and issues as
 * `z.record(clockTime, num)`, checked in place (zod would copy every map).
 */
const clockNumberMap = z.any().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `Invalid input: expected record, received ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}` });
    return;
  }
  for (const key in value as Record<string, unknown>) {
    if (!CLOCK_TIME.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'Invalid key in record' });
    const problem = numberCheck((value as Record<string, unknown>)[key]);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
}) as unknown as z.ZodType<Record<string, number>>;

// ---------------------------------------------------------------------------------------------
// Enumerations (documented values; see openEnum)

export const WEBHOOK_EVENT_TYPES = [
  'EXERCISE',
  'SLEEP',
  'CONTINUOUS_HEART_RATE',
  'SLEEP_WISE_CIRCADIAN_BEDTIME',
  'SLEEP_WISE_ALERTNESS',
  'ACTIVITY_SUMMARY',
  'PHYSICAL_INFORMATION',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const LOAD_INTERPRETATION = ['UNKNOWN', 'VERY_LOW', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH', 'NOT_AVAILABLE'] as const;
const USER_RPE = [
  'UNKNOWN', 'RPE_NONE', 'RPE_EASY', 'RPE_LIGHT', 'RPE_FAIRLY_BRISK', 'RPE_BRISK', 'RPE_MODERATE',
  'RPE_FAIRLY_HARD', 'RPE_HARD', 'RPE_EXHAUSTING', 'RPE_EXTREME',
] as const;
const ACTIVITY_ZONE = ['SEDENTARY', 'LIGHT', 'SLEEP', 'MODERATE', 'VIGOROUS'] as const;
const CARDIO_LOAD_STATUS = [
  'LOAD_STATUS_NOT_AVAILABLE', 'DETRAINING', 'MAINTAINING', 'PRODUCTIVE', 'OVERREACHING',
  'RECOVERY_AFTER_OVERREACHING', 'PRODUCTIVE_DROPPED_FROM_OVERREACHING',
  'PRODUCTIVE_ALMOST_OVERREACHING', 'UNRECOGNIZED',
] as const;
const SLEEPWISE_VALIDITY = ['VALIDITY_UNKNOWN', 'VALIDITY_RESET', 'VALIDITY_NOT_VALID', 'VALIDITY_ESTIMATE', 'VALIDITY_VALID'] as const;

// ---------------------------------------------------------------------------------------------
// OAuth and users

export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: opt(z.string()),
  expires_in: opt(num),
  x_user_id: int,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const TokenErrorSchema = z.looseObject({
  error: z.string().min(1),
  error_description: opt(z.string()),
});
export type TokenError = z.infer<typeof TokenErrorSchema>;

export const UserRegisterRequestSchema = z.looseObject({ 'member-id': z.string().min(1) });
export type UserRegisterRequest = z.infer<typeof UserRegisterRequestSchema>;

export const UserExtraInfoSchema = z.looseObject({
  value: opt(z.string()),
  index: opt(int),
  name: opt(z.string()),
});

export const UserInfoSchema = z.looseObject({
  'polar-user-id': int,
  'member-id': opt(z.string()),
  'registration-date': opt(isoDateTime),
  'first-name': opt(z.string()),
  'last-name': opt(z.string()),
  birthdate: opt(isoDate),
  gender: opt(openEnum(['MALE', 'FEMALE'])),
  weight: opt(num),
  height: opt(num),
  'extra-info': opt(z.array(UserExtraInfoSchema)),
});
export type UserInfo = z.infer<typeof UserInfoSchema>;

export const ErrorBodySchema = z.looseObject({
  timestamp: opt(z.string()),
  status: opt(num),
  errorType: opt(z.string()),
  message: opt(z.string()),
  corrId: opt(z.string()),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---------------------------------------------------------------------------------------------
// Sleep and Nightly Recharge

export const SleepSchema = z.looseObject({
  polar_user: opt(z.string()),
  date: isoDate,
  sleep_start_time: opt(isoDateTime),
  sleep_end_time: opt(isoDateTime),
  device_id: opt(z.string()),
  continuity: opt(num),
  continuity_class: opt(num),
  light_sleep: opt(num),
  deep_sleep: opt(num),
  rem_sleep: opt(num),
  unrecognized_sleep_stage: opt(num),
  sleep_score: opt(num),
  total_interruption_duration: opt(num),
  sleep_charge: opt(num),
  sleep_goal: opt(num),
  sleep_rating: opt(num),
  short_interruption_duration: opt(num),
  long_interruption_duration: opt(num),
  sleep_cycles: opt(num),
  group_duration_score: opt(num),
  group_solidity_score: opt(num),
  group_regeneration_score: opt(num),
  /** `{"HH:MM": stage}`; documented 0–5 but the docs example has 6, so any number is accepted. */
  hypnogram: opt(clockNumberMap),
  heart_rate_samples: opt(clockNumberMap),
});
export type Sleep = z.infer<typeof SleepSchema>;

/** Envelope of GET /v3/users/sleep; records are validated one by one. */
export const SleepListEnvelopeSchema = z.looseObject({ nights: z.array(z.unknown()) });
export const SleepListSchema = z.looseObject({ nights: z.array(SleepSchema) });
export type SleepList = z.infer<typeof SleepListSchema>;

export const SleepAvailableSchema = z.looseObject({
  date: isoDate,
  start_time: opt(isoDateTime),
  end_time: opt(isoDateTime),
});
export type SleepAvailable = z.infer<typeof SleepAvailableSchema>;
export const SleepAvailableEnvelopeSchema = z.looseObject({ available: z.array(z.unknown()) });
export const SleepAvailableListSchema = z.looseObject({ available: z.array(SleepAvailableSchema) });

export const NightlyRechargeSchema = z.looseObject({
  polar_user: opt(z.string()),
  date: isoDate,
  heart_rate_avg: opt(num),
  beat_to_beat_avg: opt(num),
  heart_rate_variability_avg: opt(num),
  breathing_rate_avg: opt(num),
  nightly_recharge_status: opt(num),
  ans_charge: opt(num),
  ans_charge_status: opt(num),
  hrv_samples: opt(clockNumberMap),
  breathing_samples: opt(clockNumberMap),
});
export type NightlyRecharge = z.infer<typeof NightlyRechargeSchema>;
export const NightlyRechargeEnvelopeSchema = z.looseObject({ recharges: z.array(z.unknown()) });
export const NightlyRechargeListSchema = z.looseObject({ recharges: z.array(NightlyRechargeSchema) });

// ---------------------------------------------------------------------------------------------
// Daily activity ("v2", non-transactional) and activity samples

export const StepSampleSchema = z.looseObject({
  steps: num,
  timestamp: isoDateTime,
});

export const ActivityZoneSampleSchema = z.looseObject({
  zone: openEnum(ACTIVITY_ZONE),
  timestamp: isoDateTime,
});

export const InactivityStampSchema = z.looseObject({ stamp: isoDateTime });

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const isoDateTimeCheck: FieldCheck = (v) =>
  typeof v !== 'string'
    ? `Invalid input: expected string, received ${v === null ? 'null' : typeof v}`
    : ISO_DATE_TIME.test(v)
      ? null
      : 'Invalid date-time (expected YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:MM])';
const stringCheck: FieldCheck = (v) => (typeof v === 'string' ? null : `Invalid input: expected string, received ${v === null ? 'null' : typeof v}`);
// The same rules as the three schemas above, checked in place (a day has ~1,000 of them).
const stepSamples = sampleArray<z.infer<typeof StepSampleSchema>>({ steps: numberCheck, timestamp: isoDateTimeCheck });
const activityZoneSamples = sampleArray<z.infer<typeof ActivityZoneSampleSchema>>({ zone: stringCheck, timestamp: isoDateTimeCheck });
const inactivityStamps = sampleArray<z.infer<typeof InactivityStampSchema>>({ stamp: isoDateTimeCheck });

/** Day-with-samples: GET /v3/users/activities/samples[/{date}] and the `samples` block of a summary. */
export const ActivitySamplesDaySchema = z.looseObject({
  date: isoDate,
  steps: opt(
    z.looseObject({
      interval_ms: opt(num),
      total_steps: opt(num),
      samples: opt(stepSamples),
    }),
  ),
  activity_zones: opt(z.looseObject({ samples: opt(activityZoneSamples) })),
  inactivity_stamps: opt(inactivityStamps),
});
export type ActivitySamplesDay = z.infer<typeof ActivitySamplesDaySchema>;

/**
 * Daily activity summary. It carries no `date` field: the day is the date part of `start_time`
 * (see {@link activityDate}).
 */
export const DailyActivitySchema = z.looseObject({
  start_time: isoDateTime,
  end_time: opt(isoDateTime),
  active_duration: opt(isoDuration),
  inactive_duration: opt(isoDuration),
  daily_activity: opt(num),
  calories: opt(num),
  active_calories: opt(num),
  steps: opt(num),
  inactivity_alert_count: opt(num),
  distance_from_steps: opt(num),
  samples: opt(ActivitySamplesDaySchema),
});
export type DailyActivity = z.infer<typeof DailyActivitySchema>;

/**
 * Polar drops consecutive equal step samples, so a gap longer than the interval repeats the
 * previous value. Returns one entry per interval from the first sample to the end of that day
 * (local wall-clock `YYYY-MM-DDTHH:mm`); summing `steps` gives the day's total.
 */
export function expandStepSamples(
  samples: readonly { steps: number; timestamp: string }[],
  intervalMs: number = 60_000,
): { timestamp: string; steps: number }[] {
  const first = samples[0];
  if (!first || !(intervalMs > 0)) return [];
  const toMs = (t: string) => Date.parse(`${t.slice(0, 16)}:00Z`);
  const dayEnd = Date.parse(`${first.timestamp.slice(0, 10)}T00:00:00Z`) + 86_400_000;
  const out: { timestamp: string; steps: number }[] = [];
  samples.forEach((sample, i) => {
    const next = samples[i + 1];
    const end = Math.min(next ? toMs(next.timestamp) : dayEnd, dayEnd);
    for (let t = toMs(sample.timestamp); t < end; t += intervalMs) {
      out.push({ timestamp: new Date(t).toISOString().slice(0, 16), steps: sample.steps });
    }
  });
  return out;
}

/**
 * The calendar day a daily activity summary belongs to: `samples.date` when present, else the date
 * part of `start_time` (docs call it UTC, examples look local; see API.md §12.8).
 */
export function activityDate(activity: Pick<DailyActivity, 'start_time' | 'samples'>): string {
  return activity.samples?.date ?? activity.start_time.slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Exercises (non-transactional)

/** Heart-rate zone (hyphenated keys, also in the non-transactional exercise). */
export const HeartRateZoneSchema = z.looseObject({
  index: int,
  'lower-limit': opt(num),
  'upper-limit': opt(num),
  'in-zone': opt(isoDuration),
});
export type HeartRateZone = z.infer<typeof HeartRateZoneSchema>;

/** Exercise sample series; `data` is comma-separated values that may contain `null`. */
export const ExerciseSampleSchema = z.looseObject({
  'recording-rate': opt(num),
  'sample-type': z.string(),
  data: opt(z.string()),
});
export type ExerciseSample = z.infer<typeof ExerciseSampleSchema>;

export const RoutePointSchema = z.looseObject({
  latitude: num,
  longitude: num,
  time: opt(isoDuration),
  satellites: opt(num),
  fix: opt(num),
});
export type RoutePoint = z.infer<typeof RoutePointSchema>;

export const TrainingLoadProSchema = z.looseObject({
  date: opt(isoDate),
  'cardio-load': opt(num),
  'muscle-load': opt(num),
  'perceived-load': opt(num),
  'cardio-load-interpretation': opt(openEnum(LOAD_INTERPRETATION)),
  'muscle-load-interpretation': opt(openEnum(LOAD_INTERPRETATION)),
  'perceived-load-interpretation': opt(openEnum(LOAD_INTERPRETATION)),
  'user-rpe': opt(openEnum(USER_RPE)),
});
export type TrainingLoadPro = z.infer<typeof TrainingLoadProSchema>;

const HeartRateSummarySchema = z.looseObject({ average: opt(num), maximum: opt(num) });

export const ExerciseSchema = z.looseObject({
  id: z.string().min(1),
  upload_time: opt(isoDateTime),
  polar_user: opt(z.string()),
  device: opt(z.string()),
  device_id: opt(z.string()),
  start_time: opt(isoDateTime),
  start_time_utc_offset: opt(num),
  duration: opt(isoDuration),
  calories: opt(num),
  distance: opt(num),
  heart_rate: opt(HeartRateSummarySchema),
  training_load: opt(num),
  sport: opt(z.string()),
  has_route: opt(z.boolean()),
  club_id: opt(num),
  club_name: opt(z.string()),
  detailed_sport_info: opt(z.string()),
  fat_percentage: opt(num),
  carbohydrate_percentage: opt(num),
  protein_percentage: opt(num),
  /** Hyphenated on the wire although the rest of the object is snake_case. */
  'running-index': opt(num),
  heart_rate_zones: opt(z.array(HeartRateZoneSchema)),
  samples: opt(z.array(ExerciseSampleSchema)),
  route: opt(z.array(RoutePointSchema)),
  training_load_pro: opt(TrainingLoadProSchema),
});
export type Exercise = z.infer<typeof ExerciseSchema>;

/** Splits an exercise sample `data` string; `null` entries (sensor offline) stay null. */
export function parseSampleData(data: string | null | undefined): (number | null)[] {
  if (!data) return [];
  return data.split(',').map((part) => {
    const trimmed = part.trim();
    if (trimmed === '' || trimmed === 'null') return null;
    const value = Number(trimmed);
    return Number.isFinite(value) ? value : null;
  });
}

// ---------------------------------------------------------------------------------------------
// Cardio load

export const CardioLoadLevelSchema = z.looseObject({
  very_low: opt(num),
  low: opt(num),
  medium: opt(num),
  high: opt(num),
  /** Hyphenated on the wire, unlike its siblings. */
  'very-high': opt(num),
});

export const CardioLoadSchema = z.looseObject({
  date: isoDate,
  cardio_load_status: opt(openEnum(CARDIO_LOAD_STATUS)),
  cardio_load: opt(num),
  strain: opt(num),
  tolerance: opt(num),
  cardio_load_ratio: opt(num),
  cardio_load_level: opt(CardioLoadLevelSchema),
});
export type CardioLoad = z.infer<typeof CardioLoadSchema>;

// ---------------------------------------------------------------------------------------------
// Continuous heart rate

export const ContinuousHeartRateSampleSchema = z.looseObject({
  /** 0 occurs in real data (no reading); kept as-is. */
  heart_rate: num,
  sample_time: clockTime,
});

export const ContinuousHeartRateDaySchema = z.looseObject({
  polar_user: opt(z.string()),
  date: isoDate,
  heart_rate_samples: opt(sampleArray<{ heart_rate: number; sample_time: string }>({ heart_rate: numberCheck, sample_time: clockTimeCheck })),
});
export type ContinuousHeartRateDay = z.infer<typeof ContinuousHeartRateDaySchema>;

/** Range shape reported from live use: `{"heart_rates": [day, ...]}`. */
export const ContinuousHeartRateWrapperEnvelopeSchema = z.looseObject({ heart_rates: z.array(z.unknown()) });
export const ContinuousHeartRateRangeSchema = z.union([
  z.looseObject({ heart_rates: z.array(ContinuousHeartRateDaySchema) }),
  z.array(ContinuousHeartRateDaySchema),
  ContinuousHeartRateDaySchema,
]);

// ---------------------------------------------------------------------------------------------
// SleepWise (UTC times)

export const AlertnessHourlySchema = z.looseObject({
  validity: opt(openEnum(SLEEPWISE_VALIDITY)),
  alertness_level: opt(
    openEnum([
      'ALERTNESS_LEVEL_UNKNOWN', 'ALERTNESS_LEVEL_MINIMAL', 'ALERTNESS_LEVEL_VERY_LOW',
      'ALERTNESS_LEVEL_LOW', 'ALERTNESS_LEVEL_HIGH', 'ALERTNESS_LEVEL_VERY_HIGH',
    ]),
  ),
  start_time: opt(isoDateTime),
  end_time: opt(isoDateTime),
});

export const SleepWiseAlertnessSchema = z.looseObject({
  grade: opt(num),
  grade_validity_seconds: opt(num),
  grade_type: opt(openEnum(['GRADE_TYPE_UNKNOWN', 'GRADE_TYPE_PRIMARY', 'GRADE_TYPE_ADDITIONAL'])),
  grade_classification: opt(
    openEnum([
      'GRADE_CLASSIFICATION_UNKNOWN', 'GRADE_CLASSIFICATION_WEAK', 'GRADE_CLASSIFICATION_FAIR',
      'GRADE_CLASSIFICATION_STRONG', 'GRADE_CLASSIFICATION_EXCELLENT',
    ]),
  ),
  validity: opt(openEnum(SLEEPWISE_VALIDITY)),
  sleep_inertia: opt(
    openEnum([
      'SLEEP_INERTIA_UNKNOWN', 'SLEEP_INERTIA_NO_INERTIA', 'SLEEP_INERTIA_MILD',
      'SLEEP_INERTIA_MODERATE', 'SLEEP_INERTIA_HEAVY',
    ]),
  ),
  sleep_type: opt(
    openEnum(['SLEEP_TYPE_UNKNOWN', 'SLEEP_TYPE_PRIMARY', 'SLEEP_TYPE_SECONDARY', 'SLEEP_TYPE_ARTIFICIAL']),
  ),
  result_type: opt(openEnum(['ALERTNESS_TYPE_UNKNOWN', 'ALERTNESS_TYPE_PREDICTION', 'ALERTNESS_TYPE_HISTORY'])),
  period_start_time: isoDateTime,
  period_end_time: opt(isoDateTime),
  sleep_period_start_time: opt(isoDateTime),
  sleep_period_end_time: opt(isoDateTime),
  sleep_timezone_offset_minutes: opt(num),
  hourly_data: opt(z.array(AlertnessHourlySchema)),
});
export type SleepWiseAlertness = z.infer<typeof SleepWiseAlertnessSchema>;

export const SleepWiseBedtimeSchema = z.looseObject({
  validity: opt(openEnum(SLEEPWISE_VALIDITY)),
  quality: opt(
    openEnum([
      'CIRCADIAN_BEDTIME_QUALITY_UNKNOWN', 'CIRCADIAN_BEDTIME_QUALITY_WEAK',
      'CIRCADIAN_BEDTIME_QUALITY_COMPROMISED', 'CIRCADIAN_BEDTIME_QUALITY_CLEARLY_RECOGNIZABLE',
    ]),
  ),
  result_type: opt(
    openEnum(['CIRCADIAN_BEDTIME_TYPE_UNKNOWN', 'CIRCADIAN_BEDTIME_TYPE_PREDICTION', 'CIRCADIAN_BEDTIME_TYPE_HISTORY']),
  ),
  period_start_time: isoDateTime,
  period_end_time: opt(isoDateTime),
  preferred_sleep_period_start_time: opt(isoDateTime),
  preferred_sleep_period_end_time: opt(isoDateTime),
  sleep_gate_start_time: opt(isoDateTime),
  sleep_gate_end_time: opt(isoDateTime),
  sleep_timezone_offset_minutes: opt(num),
});
export type SleepWiseBedtime = z.infer<typeof SleepWiseBedtimeSchema>;

// ---------------------------------------------------------------------------------------------
// Elixir biosensing (UTC times)

export const BodyTemperatureSchema = z.looseObject({
  source_device_id: opt(z.string()),
  measurement_type: opt(openEnum(['TM_UNKNOWN', 'TM_SKIN_TEMPERATURE', 'TM_CORE_TEMPERATURE'])),
  sensor_location: opt(openEnum(['SL_UNKNOWN', 'SL_DISTAL', 'SL_PROXIMAL'])),
  start_time: isoDateTime,
  end_time: opt(isoDateTime),
  modified_time: opt(isoDateTime),
  samples: opt(
    sampleArray<{ temperature_celsius: number; recording_time_delta_milliseconds: number }>({
      temperature_celsius: numberCheck,
      recording_time_delta_milliseconds: numberCheck,
    }),
  ),
});
export type BodyTemperature = z.infer<typeof BodyTemperatureSchema>;

export const SkinTemperatureSchema = z.looseObject({
  sleep_time_skin_temperature_celsius: opt(num),
  deviation_from_baseline_celsius: opt(num),
  sleep_date: isoDate,
});
export type SkinTemperature = z.infer<typeof SkinTemperatureSchema>;

export const SkinContactsSchema = z.looseObject({
  source_device_id: opt(z.string()),
  start_time: isoDateTime,
  end_time: opt(isoDateTime),
  modified_time: opt(isoDateTime),
  skin_contact_changes: opt(
    z.array(
      z.looseObject({
        skin_contact: z.boolean(),
        recording_time_delta_milliseconds: num,
      }),
    ),
  ),
});
export type SkinContacts = z.infer<typeof SkinContactsSchema>;

const DEVIATION = ['DEVIATION_NO_BASELINE', 'DEVIATION_BELOW_USUAL', 'DEVIATION_USUAL', 'DEVIATION_ABOVE_USUAL'] as const;

export const EcgSchema = z.looseObject({
  source_device_id: opt(z.string()),
  /** Epoch seconds per the docs example (one third-party SDK assumes ms; unverified). */
  test_time: int,
  time_zone_offset: opt(num),
  average_heart_rate_bpm: opt(num),
  heart_rate_variability_ms: opt(num),
  heart_rate_variability_level: opt(
    openEnum([
      'ECG_HRV_LEVEL_NO_BASELINE', 'ECG_HRV_LEVEL_BELOW_USUAL', 'ECG_HRV_LEVEL_USUAL', 'ECG_HRV_LEVEL_ABOVE_USUAL',
    ]),
  ),
  rri_ms: opt(num),
  pulse_transit_time_systolic_ms: opt(num),
  pulse_transit_time_diastolic_ms: opt(num),
  pulse_transit_time_quality_index: opt(num),
  samples: opt(sampleArray<{ recording_time_delta_ms: number; amplitude_mv: number }>({ recording_time_delta_ms: numberCheck, amplitude_mv: numberCheck })),
  quality_measurements: opt(
    z.array(
      z.looseObject({
        recording_time_delta_ms: num,
        quality_level: opt(
          openEnum(['ECG_QUALITY_UNKNOWN', 'ECG_QUALITY_NO_CONTACT', 'ECG_QUALITY_LOW', 'ECG_QUALITY_HIGH']),
        ),
      }),
    ),
  ),
});
export type Ecg = z.infer<typeof EcgSchema>;

export const Spo2Schema = z.looseObject({
  source_device_id: opt(z.string()),
  test_time: int,
  time_zone_offset: opt(num),
  test_status: opt(
    openEnum([
      'SPO2_TEST_PASSED',
      'SPO2_TEST_INCONCLUSIVE_TOO_LOW_QUALITY_IN_SAMPLES',
      'SPO2_TEST_INCONCLUSIVE_TOO_LOW_OVERALL_QUALITY',
      'SPO2_TEST_INCONCLUSIVE_TOO_MANY_MISSING_SAMPLES',
    ]),
  ),
  blood_oxygen_percent: opt(num),
  spo2_class: opt(openEnum(['SPO2_CLASS_UNKNOWN', 'SPO2_CLASS_VERY_LOW', 'SPO2_CLASS_LOW', 'SPO2_CLASS_NORMAL'])),
  spo2_value_deviation_from_baseline: opt(openEnum(DEVIATION)),
  spo2_quality_average_percent: opt(num),
  average_heart_rate_bpm: opt(num),
  heart_rate_variability_ms: opt(num),
  spo2_hrv_deviation_from_baseline: opt(openEnum(DEVIATION)),
  altitude_meters: opt(num),
});
export type Spo2 = z.infer<typeof Spo2Schema>;

// ---------------------------------------------------------------------------------------------
// Physical info

/** GET /v3/users/physical-info (newest spec, snake_case). */
export const PhysicalInfoSchema = z.looseObject({
  weight: opt(num),
  height: opt(num),
  created: opt(isoDateTime),
  modified: opt(isoDateTime),
  birthday: opt(isoDate),
  gender: opt(openEnum(['MALE', 'FEMALE'])),
  maximum_heart_rate: opt(num),
  resting_heart_rate: opt(num),
  aerobic_threshold: opt(num),
  anaerobic_threshold: opt(num),
  vo2_max: opt(num),
  weight_source: opt(
    openEnum(['SOURCE_DEFAULT', 'SOURCE_ESTIMATE', 'SOURCE_USER', 'SOURCE_MEASURED', 'SOURCE_KEEP']),
  ),
  training_background: opt(openEnum(['OCCASIONAL', 'REGULAR', 'FREQUENT', 'HEAVY', 'SEMI_PRO', 'PRO'])),
  typical_day: opt(openEnum(['MOSTLY_SITTING', 'MOSTLY_STANDING', 'MOSTLY_MOVING'])),
  sleep_goal: opt(isoDuration),
});
export type PhysicalInfo = z.infer<typeof PhysicalInfoSchema>;

// ---------------------------------------------------------------------------------------------
// Webhooks and pull notifications (client credentials)

export const WebhookCreateRequestSchema = z.looseObject({
  events: z.array(openEnum(WEBHOOK_EVENT_TYPES)).min(1),
  url: z.string().min(1),
});
export type WebhookCreateRequest = z.infer<typeof WebhookCreateRequestSchema>;

export const WebhookPatchRequestSchema = z.looseObject({
  events: opt(z.array(openEnum(WEBHOOK_EVENT_TYPES)).min(1)),
  url: opt(z.string().min(1)),
});
export type WebhookPatchRequest = z.infer<typeof WebhookPatchRequestSchema>;

export const WebhookCreatedSchema = z.looseObject({
  data: z.looseObject({
    id: z.string().min(1),
    events: z.array(openEnum(WEBHOOK_EVENT_TYPES)),
    url: z.string(),
    /** Shown only in this response. */
    signature_secret_key: z.string().min(1),
  }),
});
export type WebhookCreated = z.infer<typeof WebhookCreatedSchema>;

export const WebhookInfoItemSchema = z.looseObject({
  id: z.string().min(1),
  events: z.array(openEnum(WEBHOOK_EVENT_TYPES)),
  url: z.string(),
  active: opt(z.boolean()),
});
export type WebhookInfoItem = z.infer<typeof WebhookInfoItemSchema>;

/** GET /v3/webhooks (`data` is an array); PATCH answers the same shape (a single object is also accepted). */
export const WebhookInfoSchema = z.looseObject({
  data: z.union([z.array(WebhookInfoItemSchema), WebhookInfoItemSchema]),
});
export type WebhookInfo = z.infer<typeof WebhookInfoSchema>;

const webhookCommon = {
  user_id: int,
  timestamp: opt(isoDateTime),
  url: opt(z.string()),
};

export const WebhookPingSchema = z.looseObject({ event: z.literal('PING'), timestamp: opt(isoDateTime) });
export const WebhookExerciseEventSchema = z.looseObject({
  event: z.literal('EXERCISE'),
  ...webhookCommon,
  entity_id: z.string().min(1),
});
export const WebhookDateEventSchema = z.looseObject({
  event: z.enum(['SLEEP', 'CONTINUOUS_HEART_RATE', 'ACTIVITY_SUMMARY']),
  ...webhookCommon,
  date: isoDate,
});
export const WebhookRangeEventSchema = z.looseObject({
  event: z.enum(['SLEEP_WISE_CIRCADIAN_BEDTIME', 'SLEEP_WISE_ALERTNESS']),
  ...webhookCommon,
  from: isoDate,
  to: isoDate,
});
export const WebhookPhysicalInfoEventSchema = z.looseObject({
  event: z.literal('PHYSICAL_INFORMATION'),
  ...webhookCommon,
});
/** Any delivery body, PING included. Unknown event names fail here; see webhook.ts for lenient parsing. */
export const WebhookPayloadSchema = z.discriminatedUnion('event', [
  WebhookPingSchema,
  WebhookExerciseEventSchema,
  WebhookDateEventSchema,
  WebhookRangeEventSchema,
  WebhookPhysicalInfoEventSchema,
]);
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export const PullNotificationSchema = z.looseObject({
  'user-id': int,
  'data-type': openEnum(['EXERCISE', 'ACTIVITY_SUMMARY', 'PHYSICAL_INFORMATION']),
  url: z.string(),
});
export type PullNotification = z.infer<typeof PullNotificationSchema>;
export const PullNotificationsSchema = z.looseObject({ 'available-user-data': z.array(PullNotificationSchema) });
export type PullNotifications = z.infer<typeof PullNotificationsSchema>;

// ---------------------------------------------------------------------------------------------
// Deprecated transactional family (exercise/activity/physical-information transactions).
// Not used by the sync runner; kept so those payloads can be read if ever needed.

export const TransactionCreatedSchema = z.looseObject({
  'transaction-id': int,
  'resource-uri': z.string(),
});
export const ExerciseTransactionListSchema = z.looseObject({ exercises: z.array(z.string()) });
export const ActivityTransactionListSchema = z.looseObject({ 'activity-log': z.array(z.string()) });
export const PhysicalInfoTransactionListSchema = z.looseObject({ 'physical-informations': z.array(z.string()) });
export const TransactionSamplesListSchema = z.looseObject({ samples: z.array(z.string()) });
export const TransactionHeartRateZonesSchema = z.looseObject({ zone: z.array(HeartRateZoneSchema) });

export const TransactionExerciseSchema = z.looseObject({
  id: int,
  // Plain string: the docs example itself has a malformed value ("10:40:0.000Z").
  'upload-time': opt(z.string()),
  'polar-user': opt(z.string()),
  'transaction-id': opt(int),
  device: opt(z.string()),
  'device-id': opt(z.string()),
  'start-time': opt(z.string()),
  'start-time-utc-offset': opt(num),
  duration: opt(isoDuration),
  calories: opt(num),
  distance: opt(num),
  'heart-rate': opt(HeartRateSummarySchema),
  'training-load': opt(num),
  sport: opt(z.string()),
  'has-route': opt(z.boolean()),
  'club-id': opt(num),
  'club-name': opt(z.string()),
  'detailed-sport-info': opt(z.string()),
  'fat-percentage': opt(num),
  'carbohydrate-percentage': opt(num),
  'protein-percentage': opt(num),
  'running-index': opt(num),
  'training-load-pro': opt(TrainingLoadProSchema),
});

export const TransactionActivitySchema = z.looseObject({
  id: int,
  'polar-user': opt(z.string()),
  'transaction-id': opt(int),
  date: isoDate,
  created: opt(z.string()),
  calories: opt(num),
  'active-calories': opt(num),
  duration: opt(isoDuration),
  'active-steps': opt(num),
});

export const TransactionStepSamplesSchema = z.looseObject({
  date: isoDate,
  interval: opt(num),
  samples: opt(z.array(z.looseObject({ steps: opt(num), time: z.string() }))),
});

export const TransactionZoneSamplesSchema = z.looseObject({
  date: isoDate,
  interval: opt(num),
  samples: opt(
    z.array(
      z.looseObject({
        'activity-zones': opt(z.array(z.looseObject({ index: int, inzone: opt(isoDuration) }))),
        // The docs example has the literal placeholder "string" here.
        time: z.string(),
      }),
    ),
  ),
});

/** Physical information inside a (deprecated) transaction: hyphenated keys. */
export const TransactionPhysicalInfoSchema = z.looseObject({
  id: int,
  'transaction-id': opt(int),
  created: opt(z.string()),
  'polar-user': opt(z.string()),
  weight: opt(num),
  height: opt(num),
  'maximum-heart-rate': opt(num),
  'resting-heart-rate': opt(num),
  'aerobic-threshold': opt(num),
  'anaerobic-threshold': opt(num),
  'vo2-max': opt(num),
  'weight-source': opt(z.string()),
});

// ---------------------------------------------------------------------------------------------
// Durations

/** Seconds in an ISO-8601 duration made of D/H/M/S parts (`PT52M13S` → 3133); null otherwise. */
export function isoDurationToSeconds(value: string | null | undefined): number | null {
  if (!value) return null;
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value,
  );
  if (!m || value === 'P' || value.endsWith('T')) return null;
  const [, sign, d, h, min, s] = m;
  const total = Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  return sign ? -total : total;
}
