import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ActivitySamplesDaySchema,
  ActivityTransactionListSchema,
  BodyTemperatureSchema,
  CardioLoadSchema,
  ContinuousHeartRateDaySchema,
  ContinuousHeartRateRangeSchema,
  DailyActivitySchema,
  EcgSchema,
  ErrorBodySchema,
  ExerciseSampleSchema,
  ExerciseSchema,
  ExerciseTransactionListSchema,
  NightlyRechargeListSchema,
  NightlyRechargeSchema,
  PhysicalInfoSchema,
  PhysicalInfoTransactionListSchema,
  PullNotificationsSchema,
  SkinContactsSchema,
  SkinTemperatureSchema,
  SleepAvailableListSchema,
  SleepListSchema,
  SleepSchema,
  SleepWiseAlertnessSchema,
  SleepWiseBedtimeSchema,
  Spo2Schema,
  TokenErrorSchema,
  TokenResponseSchema,
  TransactionActivitySchema,
  TransactionCreatedSchema,
  TransactionExerciseSchema,
  TransactionHeartRateZonesSchema,
  TransactionPhysicalInfoSchema,
  TransactionSamplesListSchema,
  TransactionStepSamplesSchema,
  TransactionZoneSamplesSchema,
  UserInfoSchema,
  UserRegisterRequestSchema,
  WebhookCreatedSchema,
  WebhookCreateRequestSchema,
  WebhookInfoSchema,
  WebhookPatchRequestSchema,
  WebhookPayloadSchema,
  activityDate,
  expandStepSamples,
  isoDurationToSeconds,
  parseSampleData,
  validateBatch,
  type Exercise,
  type Sleep,
} from '../../src/polar/index.js';
import { EXAMPLES_DIR, OFFICIAL_DIR, listJsonFiles, readJson } from './fixtures.js';

/** Example file → schema of the whole body. `null` = not a payload (tested elsewhere). */
const SCHEMA_FOR_FILE: Record<string, z.ZodType | null> = {
  'activity-samples-list.json': z.array(ActivitySamplesDaySchema),
  'activity-samples.json': ActivitySamplesDaySchema,
  'activity-transaction-activity.json': TransactionActivitySchema,
  'activity-transaction-created.json': TransactionCreatedSchema,
  'activity-transaction-list.json': ActivityTransactionListSchema,
  'activity-transaction-step-samples.json': TransactionStepSamplesSchema,
  'activity-transaction-zone-samples.json': TransactionZoneSamplesSchema,
  'body-temperature.json': z.array(BodyTemperatureSchema),
  'cardio-load-list.json': z.array(CardioLoadSchema),
  'cardio-load-range.json': z.array(CardioLoadSchema),
  'cardio-load.json': z.array(CardioLoadSchema),
  'continuous-hr-range.json': ContinuousHeartRateRangeSchema,
  'continuous-hr.json': ContinuousHeartRateDaySchema,
  'daily-activity-list.json': z.array(DailyActivitySchema),
  'daily-activity.json': DailyActivitySchema,
  'ecg.json': z.array(EcgSchema),
  'error.json': ErrorBodySchema,
  'exercise-transaction-created.json': TransactionCreatedSchema,
  'exercise-transaction-exercise.json': TransactionExerciseSchema,
  'exercise-transaction-heart-rate-zones.json': TransactionHeartRateZonesSchema,
  'exercise-transaction-list.json': ExerciseTransactionListSchema,
  'exercise-transaction-sample.json': ExerciseSampleSchema,
  'exercise-transaction-samples-list.json': TransactionSamplesListSchema,
  'exercise.json': ExerciseSchema,
  'exercises-list.json': z.array(ExerciseSchema),
  'nightly-recharge-list.json': NightlyRechargeListSchema,
  'nightly-recharge.json': NightlyRechargeSchema,
  'notifications.json': PullNotificationsSchema,
  'physical-info-current.json': PhysicalInfoSchema,
  'physical-info-transaction-created.json': TransactionCreatedSchema,
  'physical-info-transaction-list.json': PhysicalInfoTransactionListSchema,
  'physical-info.json': TransactionPhysicalInfoSchema,
  'rate-limit-headers.json': null,
  'skin-contacts.json': z.array(SkinContactsSchema),
  'skin-temperature.json': z.array(SkinTemperatureSchema),
  'sleep-available.json': SleepAvailableListSchema,
  'sleep-list.json': SleepListSchema,
  'sleep.json': SleepSchema,
  'sleepwise-alertness.json': z.array(SleepWiseAlertnessSchema),
  'sleepwise-bedtime.json': z.array(SleepWiseBedtimeSchema),
  'spo2.json': z.array(Spo2Schema),
  'token-error.json': TokenErrorSchema,
  'token-response.json': TokenResponseSchema,
  'user-info.json': UserInfoSchema,
  'user-register-request.json': UserRegisterRequestSchema,
  'webhook-create-request.json': WebhookCreateRequestSchema,
  'webhook-created.json': WebhookCreatedSchema,
  'webhook-event.json': WebhookPayloadSchema,
  'webhook-events-all-types.json': z.array(WebhookPayloadSchema),
  'webhook-info.json': WebhookInfoSchema,
  'webhook-patch-request.json': WebhookPatchRequestSchema,
  'webhook-ping.json': WebhookPayloadSchema,
  'webhook-signature-vectors.json': null,
};

describe.each([
  ['constructed', EXAMPLES_DIR],
  ['official', OFFICIAL_DIR],
])('every %s example parses with its schema', (_label, dir) => {
  const files = listJsonFiles(dir);

  it('has a schema mapping for every file', () => {
    const unmapped = files.filter((f) => !(f in SCHEMA_FOR_FILE));
    expect(unmapped).toEqual([]);
  });

  it.each(files.filter((f) => SCHEMA_FOR_FILE[f]))('%s', (file) => {
    const schema = SCHEMA_FOR_FILE[file]!;
    const json = readJson(file, dir);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    // Nothing Polar sent is dropped or rewritten.
    expect(parsed.data).toEqual(json);
  });
});

describe('key fields of the constructed examples', () => {
  it('sleep', () => {
    const sleep: Sleep = SleepSchema.parse(readJson('sleep.json'));
    expect(sleep.date).toBe('2025-11-12');
    expect(sleep.sleep_start_time).toBe('2025-11-11T23:18:42+02:00');
    expect(sleep.light_sleep! + sleep.deep_sleep! + sleep.rem_sleep! + sleep.unrecognized_sleep_stage!).toBe(27630);
    expect(sleep.hypnogram?.['23:18']).toBe(2);
    const list = SleepListSchema.parse(readJson('sleep-list.json'));
    expect(list.nights.map((n) => n.date)).toEqual(['2025-11-11', '2025-11-12']);
  });

  it('nightly recharge', () => {
    const nr = NightlyRechargeSchema.parse(readJson('nightly-recharge.json'));
    expect(nr).toMatchObject({ date: '2025-11-12', ans_charge: 3.4, nightly_recharge_status: 4 });
    expect(Object.keys(nr.hrv_samples ?? {})).toHaveLength(48);
  });

  it('exercise with zones, samples, route and training load pro', () => {
    const ex: Exercise = ExerciseSchema.parse(readJson('exercise.json'));
    expect(ex.id).toBe('QmZ9xLp');
    expect(ex['running-index']).toBe(52);
    expect(isoDurationToSeconds(ex.duration)).toBe(52 * 60 + 13);
    expect(ex.heart_rate_zones?.map((z) => z.index)).toEqual([0, 1, 2, 3, 4]);
    expect(ex.samples?.map((s) => s['sample-type'])).toEqual(['0', '1', '3', '10']);
    const hr = parseSampleData(ex.samples?.[0]?.data);
    expect(hr[1]).toBe(102);
    expect(ex.route?.[1]?.time).toBe('PT60.372S');
    expect(ex.training_load_pro?.['muscle-load']).toBe(-1);
    expect(ex.training_load_pro?.['muscle-load-interpretation']).toBe('NOT_AVAILABLE');
    const list = z.array(ExerciseSchema).parse(readJson('exercises-list.json'));
    expect(list.map((e) => e.id)).toEqual(['7Hs2KdW', 'QmZ9xLp']);
    expect(list[0]?.samples).toBeUndefined();
  });

  it('daily activity and samples', () => {
    const a = DailyActivitySchema.parse(readJson('daily-activity.json'));
    expect(activityDate(a)).toBe('2025-11-12');
    expect(a.steps).toBe(17120);
    expect(a.samples?.steps?.total_steps).toBe(17120);
    // Consecutive equal values are dropped on the wire: a plain sum undercounts.
    const perMinute = expandStepSamples(a.samples?.steps?.samples ?? [], a.samples?.steps?.interval_ms ?? 60_000);
    expect(perMinute).toHaveLength(24 * 60);
    expect(perMinute.reduce((sum, s) => sum + s.steps, 0)).toBe(17120);
    expect(a.samples?.activity_zones?.samples?.[0]?.zone).toBe('SLEEP');
    const days = z.array(ActivitySamplesDaySchema).parse(readJson('activity-samples-list.json'));
    expect(days.map((d) => d.date)).toEqual(['2025-11-11', '2025-11-12']);
  });

  it('cardio load keeps the hyphenated very-high level', () => {
    const [day] = z.array(CardioLoadSchema).parse(readJson('cardio-load.json'));
    expect(day).toMatchObject({ date: '2025-11-12', cardio_load: 118.6, cardio_load_status: 'MAINTAINING' });
    expect(day?.cardio_load_level?.['very-high']).toBe(106.5);
  });

  it('continuous heart rate (day and both range shapes)', () => {
    const day = ContinuousHeartRateDaySchema.parse(readJson('continuous-hr.json'));
    expect(day.heart_rate_samples).toHaveLength(508);
    expect(day.heart_rate_samples?.some((s) => s.heart_rate === 0)).toBe(true);
    const wrapped = ContinuousHeartRateRangeSchema.parse(readJson('continuous-hr-range.json'));
    expect('heart_rates' in wrapped && Array.isArray(wrapped.heart_rates) && wrapped.heart_rates.length).toBe(2);
    const single = ContinuousHeartRateRangeSchema.parse(readJson('continuous-hr-range.json', OFFICIAL_DIR));
    expect(single).toMatchObject({ date: '2022-09-12' });
  });

  it('biosensing, SleepWise, physical info, user, token', () => {
    const [ecg] = z.array(EcgSchema).parse(readJson('ecg.json'));
    expect(ecg?.test_time).toBe(1762927960);
    const spo2 = z.array(Spo2Schema).parse(readJson('spo2.json'));
    expect(spo2.map((s) => s.test_status)).toEqual(['SPO2_TEST_PASSED', 'SPO2_TEST_INCONCLUSIVE_TOO_LOW_OVERALL_QUALITY']);
    const [alert] = z.array(SleepWiseAlertnessSchema).parse(readJson('sleepwise-alertness.json'));
    expect(alert?.hourly_data?.[0]?.alertness_level).toBe('ALERTNESS_LEVEL_LOW');
    expect(alert?.sleep_period_start_time).toBe('2025-11-10T21:41:05.32');
    const pi = PhysicalInfoSchema.parse(readJson('physical-info-current.json'));
    expect(pi).toMatchObject({ vo2_max: 54, sleep_goal: 'PT8H', birthday: '1988-04-17' });
    const user = UserInfoSchema.parse(readJson('user-info.json'));
    expect(user['polar-user-id']).toBe(48213977);
    expect(user['extra-info']).toBeNull();
    const token = TokenResponseSchema.parse(readJson('token-response.json'));
    expect(token).toMatchObject({ x_user_id: 48213977, token_type: 'bearer' });
  });
});

describe('leniency and strictness', () => {
  const goodNight = readJson<Record<string, unknown>>('sleep.json');

  it('keeps unknown keys Polar may add, at every level', () => {
    const parsed = SleepSchema.parse({ ...goodNight, new_field: { nested: [1] } });
    expect(parsed['new_field']).toEqual({ nested: [1] });
    const ex = ExerciseSchema.parse({ id: 'x', training_load_pro: { 'new-load': 3 } });
    expect(ex.training_load_pro?.['new-load']).toBe(3);
  });

  it('accepts optional fields missing or null, sentinels, and enum values added later', () => {
    expect(SleepSchema.safeParse({ date: '2025-11-12' }).success).toBe(true);
    expect(SleepSchema.safeParse({ date: '2025-11-12', sleep_charge: -1, continuity: 0, sleep_score: null }).success).toBe(true);
    expect(CardioLoadSchema.safeParse({ date: '2025-11-12', cardio_load_status: 'SOMETHING_NEW' }).success).toBe(true);
  });

  it('rejects wrong types where they matter', () => {
    expect(SleepSchema.safeParse({ ...goodNight, date: '12.11.2025' }).success).toBe(false);
    expect(SleepSchema.safeParse({ ...goodNight, date: '2025-02-30' }).success).toBe(false);
    expect(SleepSchema.safeParse({ ...goodNight, sleep_score: '81' }).success).toBe(false);
    expect(SleepSchema.safeParse({ ...goodNight, hypnogram: { '23:18': 'deep' } }).success).toBe(false);
    expect(ExerciseSchema.safeParse({ id: 'x', duration: '52 minutes' }).success).toBe(false);
    expect(ContinuousHeartRateDaySchema.safeParse({ date: '2025-11-12', heart_rate_samples: [{ heart_rate: 60, sample_time: 'noon' }] }).success).toBe(false);
  });
});

describe('validateBatch', () => {
  it('rejects malformed records with readable reasons and keeps the rest', () => {
    const good = readJson<unknown[]>('cardio-load-range.json');
    const bad1 = { ...(good[1] as object), date: '2025/11/07' };
    const bad2 = { ...(good[2] as object), cardio_load: 'high' };
    const records = [good[0], bad1, good[3], bad2, 'not an object', null];
    const result = validateBatch(CardioLoadSchema, records);
    expect(result.valid.map((r) => r.date)).toEqual(['2025-11-06', '2025-11-09']);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 3, 4, 5]);
    expect(result.rejected[0]?.raw).toBe(bad1);
    expect(result.rejected[0]?.reason).toMatch(/^date: /);
    expect(result.rejected[1]?.reason).toMatch(/^cardio_load: .*expected number/);
    expect(result.rejected[2]?.reason).toMatch(/^\(root\): /);
  });

  it('reports nested paths', () => {
    const day = readJson<Record<string, unknown>>('activity-samples.json');
    const steps = day['steps'] as { samples: { steps: unknown; timestamp: string }[] };
    const broken = { ...day, steps: { ...steps, samples: steps.samples.map((s, i) => (i === 3 ? { ...s, steps: null } : s)) } };
    const result = validateBatch(ActivitySamplesDaySchema, [broken]);
    expect(result.valid).toEqual([]);
    expect(result.rejected[0]?.reason).toMatch(/^steps\.samples\[3\]\.steps: /);
  });
});

describe('helpers', () => {
  it('isoDurationToSeconds', () => {
    expect(isoDurationToSeconds('PT8H')).toBe(28800);
    expect(isoDurationToSeconds('PT210.026S')).toBeCloseTo(210.026);
    expect(isoDurationToSeconds('P1DT1S')).toBe(86401);
    expect(isoDurationToSeconds('PT')).toBeNull();
    expect(isoDurationToSeconds('garbage')).toBeNull();
  });

  it('parseSampleData keeps sensor-offline nulls', () => {
    expect(parseSampleData('1,null,3,')).toEqual([1, null, 3, null]);
    expect(parseSampleData(undefined)).toEqual([]);
  });
});
