// Seed factory for tests: one user with `days` consecutive days of every kind of record the schema
// holds (health data, samples, sync bookkeeping, keys), written with Prisma directly. Values are
// deterministic functions of the user index and day, so tests can assert them.
import { createApiKey } from '../../src/auth/api-keys.js';
import type { PrismaClient } from '../../src/generated/prisma/client.js';

export interface SeedOptions {
  name: string;
  /** First local date (YYYY-MM-DD). */
  start?: string;
  days?: number;
  /** Distinguishes users' numbers (and unique Polar ids). */
  index?: number;
  email?: string | null;
}

export interface SeededUser {
  id: string;
  name: string;
  /** A user API key (shown once at creation). */
  key: string;
  apiKeyId: string;
  /** Database ids per model name, for node() tests. */
  ids: Record<string, string[]>;
  start: string;
  days: number;
}

const DAY_MS = 86_400_000;

export function dayAt(start: string, offset: number): Date {
  return new Date(new Date(`${start}T00:00:00.000Z`).getTime() + offset * DAY_MS);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function seedUser(prisma: PrismaClient, options: SeedOptions): Promise<SeededUser> {
  const start = options.start ?? '2025-01-01';
  const days = options.days ?? 7;
  const n = options.index ?? 1;
  const user = await prisma.user.create({ data: { name: options.name, email: options.email ?? null } });
  const userId = user.id;
  const key = await createApiKey(prisma, { userId, name: `${options.name} key` });
  const dates = Array.from({ length: days }, (_, i) => dayAt(start, i));
  const at = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000);

  await prisma.polarConnection.create({
    data: { userId, polarUserId: BigInt(1000 + n), memberId: `member-${n}-${userId}`, encryptedToken: 'secret-ciphertext', status: 'ACTIVE', polarProfile: { 'first-name': options.name } },
  });
  await prisma.oAuthState.create({ data: { state: `state-${userId}`, userId, expiresAt: at(dates[0] ?? new Date(), 1) } });
  const run = await prisma.syncRun.create({ data: { userId, trigger: 'MANUAL', status: 'SUCCEEDED', requestedTypes: [], counts: { sleep: { fetched: days } }, apiCalls: 3 } });
  await prisma.syncWatermark.create({ data: { userId, dataType: 'sleep', lastDate: dates.at(-1) ?? null } });
  await prisma.rejectedRecord.create({ data: { userId, syncRunId: run.id, dataType: 'sleep', reason: 'test', raw: { bad: true } } });

  await prisma.sleep.createMany({
    data: dates.map((date, i) => ({
      userId,
      date,
      sleepStartTime: at(date, -1),
      sleepStartOffsetMinutes: 120,
      sleepEndTime: at(date, 7),
      sleepEndOffsetMinutes: 120,
      sleepScore: 70 + ((i + n) % 20),
      deepSleep: 3600,
      hypnogram: { '00:00': 1, '01:00': 2 },
      heartRateSamples: { '00:00': 55, '00:05': 54 },
      raw: { date: isoDay(date), sleep_score: 70 + ((i + n) % 20), polar_only_field: `sleep-${n}-${i}` },
    })),
  });
  await prisma.nightlyRecharge.createMany({
    data: dates.map((date, i) => ({ userId, date, ansCharge: i + n, heartRateVariabilityAvg: 40 + n, hrvSamples: { '00:00': 40 }, breathingSamples: { '00:00': 14 }, raw: { date: isoDay(date) } })),
  });
  await prisma.dailyActivity.createMany({
    data: dates.map((date, i) => ({ userId, date, steps: 1000 * n + i, activeCalories: 300, calories: 2200, raw: { date: isoDay(date), steps: 1000 * n + i } })),
  });
  await prisma.activitySamples.createMany({
    data: dates.map((date) => ({ userId, date, totalSteps: 100, stepSamples: [{ steps: 10, timestamp: '00:00' }], activityZones: [], inactivityStamps: [], raw: { date: isoDay(date) } })),
  });
  await prisma.cardioLoad.createMany({ data: dates.map((date, i) => ({ userId, date, cardioLoad: i + 0.5, strain: 1, raw: { date: isoDay(date) } })) });
  await prisma.continuousHeartRate.createMany({
    data: dates.map((date) => ({ userId, date, sampleCount: 2, minHeartRate: 50, maxHeartRate: 60 + n, avgHeartRate: 55, samples: [{ heart_rate: 50, sample_time: '00:00:00' }, { heart_rate: 60 + n, sample_time: '00:05:00' }], raw: { date: isoDay(date) } })),
  });
  await prisma.skinTemperature.createMany({ data: dates.map((date) => ({ userId, date, sleepTimeSkinTemperatureCelsius: 34.5, deviationFromBaselineCelsius: 0.1, raw: { date: isoDay(date) } })) });
  await prisma.sleepWiseAlertness.createMany({ data: dates.map((date) => ({ userId, date, periodStartTime: at(date, 8), resultType: 'ALERTNESS_TYPE_PREDICTION', grade: 7, hourlyData: [], raw: {} })) });
  await prisma.sleepWiseBedtime.createMany({ data: dates.map((date) => ({ userId, date, periodStartTime: at(date, 8), resultType: 'SLEEP_WISE_BEDTIME_TYPE_PREDICTION', quality: 'GOOD', raw: {} })) });
  await prisma.bodyTemperature.createMany({ data: dates.map((date) => ({ userId, date, startTime: at(date, 1), measurementType: 'TM_SKIN_TEMPERATURE', sampleCount: 1, samples: [{ temperature_celsius: 34 }], raw: {} })) });
  await prisma.skinContact.createMany({ data: dates.map((date) => ({ userId, date, startTime: at(date, 1), changes: [{ skin_contact: true }], raw: {} })) });
  await prisma.ecgTest.createMany({ data: dates.slice(0, 2).map((date) => ({ userId, date, testTime: at(date, 9), averageHeartRateBpm: 60, samples: [{ amplitude_mv: 0.1 }], qualityMeasurements: [], raw: {} })) });
  await prisma.spo2Test.createMany({ data: dates.slice(0, 2).map((date) => ({ userId, date, testTime: at(date, 9), bloodOxygenPercent: 97, raw: {} })) });
  await prisma.physicalInfo.createMany({ data: dates.slice(0, 1).map((date) => ({ userId, date, recordedAt: at(date, 10), weight: 70 + n, raw: { weight: 70 + n } })) });
  await prisma.exercise.createMany({
    data: dates.map((date, i) => ({ userId, polarExerciseId: `ex-${n}-${i}`, date, startTime: at(date, 17), startTimeUtcOffset: 120, sport: 'RUNNING', durationSeconds: 1800, heartRateAverage: 140, clubId: BigInt(7), raw: { id: `ex-${n}-${i}`, sport: 'RUNNING' } })),
  });
  const exercises = await prisma.exercise.findMany({ where: { userId }, select: { id: true } });
  await prisma.exerciseSamples.createMany({ data: exercises.map((exercise) => ({ exerciseId: exercise.id, userId, samples: [{ 'sample-type': 0, data: '100,101' }], route: [{ latitude: 60, longitude: 24 }] })) });
  await prisma.webhookEvent.create({ data: { dedupeKey: `dedupe-${userId}`, eventType: 'SLEEP', polarUserId: BigInt(1000 + n), payload: {} } });

  const ids: Record<string, string[]> = { User: [userId], ApiKey: [key.id], SyncRun: [run.id] };
  const idsOf = async (name: string, rows: Promise<{ id: string }[]>) => {
    ids[name] = (await rows).map((row) => row.id);
  };
  const sel = { where: { userId }, select: { id: true } } as const;
  await Promise.all([
    idsOf('Sleep', prisma.sleep.findMany(sel)),
    idsOf('NightlyRecharge', prisma.nightlyRecharge.findMany(sel)),
    idsOf('DailyActivity', prisma.dailyActivity.findMany(sel)),
    idsOf('ActivitySamples', prisma.activitySamples.findMany(sel)),
    idsOf('Exercise', prisma.exercise.findMany(sel)),
    idsOf('CardioLoad', prisma.cardioLoad.findMany(sel)),
    idsOf('ContinuousHeartRate', prisma.continuousHeartRate.findMany(sel)),
    idsOf('SleepWiseAlertness', prisma.sleepWiseAlertness.findMany(sel)),
    idsOf('SleepWiseBedtime', prisma.sleepWiseBedtime.findMany(sel)),
    idsOf('BodyTemperature', prisma.bodyTemperature.findMany(sel)),
    idsOf('SkinTemperature', prisma.skinTemperature.findMany(sel)),
    idsOf('SkinContact', prisma.skinContact.findMany(sel)),
    idsOf('EcgTest', prisma.ecgTest.findMany(sel)),
    idsOf('Spo2Test', prisma.spo2Test.findMany(sel)),
    idsOf('PhysicalInfo', prisma.physicalInfo.findMany(sel)),
  ]);
  return { id: userId, name: options.name, key: key.key, apiKeyId: key.id, ids, start, days };
}
