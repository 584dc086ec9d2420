// Deterministic AccessLink data generator: one user's multi-year history from (seed, userIndex).
import { type GeneratorOptions, type IsoDate, type SimDataType, type SimRecord, type SimUserDataset, SIM_DATA_TYPES } from '../dataset.js';
import { biosensingRecords } from './biosensing.js';
import { cardioLoadRecord } from './cardio.js';
import { wants, type Ctx } from './context.js';
import { dayRecords } from './day.js';
import { exerciseRecord } from './exercise.js';
import { Streams } from './prng.js';
import { makeProfile, type Profile } from './profile.js';
import { nightRecords } from './sleep.js';
import { simulateTimeline, type PhysicalUpdate } from './timeline.js';
import { isoDate, isoDuration, parseIsoDate } from './time.js';

/** Latent state is always simulated from this date, so records do not depend on the requested range. */
export const GENERATOR_EPOCH: IsoDate = '2019-01-01';
const EPOCH_DAY = parseIsoDate(GENERATOR_EPOCH);
/** History needed before `from` (cardio-load levels look back 90 days, tolerance 28). */
const LOOKBACK_DAYS = 120;


function isoSeconds(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().replace('.000Z', 'Z');
}

function physicalRecord(p: Profile, u: PhysicalUpdate): SimRecord {
  const modified = isoSeconds(u.epochSec);
  return {
    key: modified,
    date: isoDate(u.day),
    uploadedAt: new Date(u.epochSec * 1000).toISOString(),
    payload: {
      weight: u.weight,
      height: p.heightCm,
      created: isoSeconds(p.accountCreatedDay * 86400 + 19 * 3600 + 41 * 60 + 19),
      modified,
      birthday: p.birthdate,
      gender: p.gender,
      maximum_heart_rate: u.hrMax,
      resting_heart_rate: u.rhr,
      aerobic_threshold: Math.round(u.rhr + 0.665 * (u.hrMax - u.rhr)),
      anaerobic_threshold: Math.round(u.rhr + 0.835 * (u.hrMax - u.rhr)),
      vo2_max: u.vo2max,
      weight_source: 'SOURCE_USER',
      training_background: p.trainingBackground,
      typical_day: p.typicalDay,
      sleep_goal: isoDuration(p.sleepGoalSec),
    },
  };
}

export interface GenerateUserOptions extends GeneratorOptions {
  /**
   * Summary payloads, for consumers that never read the dense sample blocks (the benchmark seeder's
   * `analytics` set): exercises without `samples` and `route`, daily activity without `samples` —
   * what AccessLink serves when those blocks are not asked for. Every other field, and every other
   * type, is byte-identical to the full form (the skipped blocks' PRNG draws are still made).
   */
  summaryOnly?: boolean;
  /**
   * False: a lazy payload is built on every access of `payload` and never kept (for consumers that
   * read each payload once, like the seeder: the payloads die young instead of living as long as
   * the dataset). Default true.
   */
  cachePayloads?: boolean;
  /** Only these record types are built (the others come out empty; the built ones are unchanged). Default: all. */
  types?: readonly SimDataType[];
}

export function generateUser(options: GenerateUserOptions): SimUserDataset {
  const { seed, userIndex } = options;
  if (!Number.isFinite(seed) || !Number.isInteger(userIndex) || userIndex < 0) {
    throw new RangeError('seed must be a finite number and userIndex a non-negative integer');
  }
  const fromDay = parseIsoDate(options.from);
  const toDay = parseIsoDate(options.to);
  if (toDay < fromDay) throw new RangeError(`to (${options.to}) is before from (${options.from})`);
  const startDay = Math.min(EPOCH_DAY, fromDay - LOOKBACK_DAYS);

  const streams = new Streams(seed, userIndex);
  const profile = makeProfile(streams, userIndex, EPOCH_DAY);
  // One extra day: a day's activity and heart rate need the bedtime of the following night.
  const timeline = simulateTimeline(streams, profile, startDay, toDay + 1);
  const ctx: Ctx = {
    streams,
    profile,
    timeline,
    userUrl: `https://www.polaraccesslink.com/v3/users/${profile.polarUserId}`,
    chrUserUrl: `https://polaraccesslink.com/v3/users/${profile.polarUserId}`,
    nights: new Map(),
    materialize: options.materialize === true,
    summaryOnly: options.summaryOnly === true,
    cachePayloads: options.cachePayloads !== false,
    wants: options.types ? new Set(options.types) : null,
  };

  const records = Object.fromEntries(SIM_DATA_TYPES.map((t) => [t, [] as SimRecord[]])) as Record<SimDataType, SimRecord[]>;
  const missingNights: IsoDate[] = [];
  const noDataDays: IsoDate[] = [];
  const offWristGaps: { date: IsoDate; start: string; end: string }[] = [];
  const timeZoneChanges: { date: IsoDate; offsetMinutes: number }[] = [];

  for (let day = fromDay; day <= toDay; day++) {
    const ld = timeline.get(day);
    if (ld.offset !== timeline.get(day - 1).offset) timeZoneChanges.push({ date: ld.date, offsetMinutes: ld.offset });
    if (ld.night.worn) {
      const nr = nightRecords(ctx, ld);
      if (nr.sleep) records.sleep.push(nr.sleep);
      if (nr.recharge) records.nightlyRecharge.push(nr.recharge);
      if (nr.alertness) records.sleepwiseAlertness.push(nr.alertness);
      if (nr.bedtime) records.sleepwiseBedtime.push(nr.bedtime);
      if (nr.bodyTemperature) records.bodyTemperature.push(nr.bodyTemperature);
      if (nr.skinTemperature) records.skinTemperature.push(nr.skinTemperature);
    } else missingNights.push(ld.date);

    let dailyUpload: string | null = null;
    if (ld.noData) noDataDays.push(ld.date);
    else {
      const dr = dayRecords(ctx, ld);
      if (wants(ctx, 'activity')) records.activity.push(dr.activity);
      if (dr.continuousHeartRate) records.continuousHeartRate.push(dr.continuousHeartRate);
      if (dr.skinContacts) records.skinContacts.push(dr.skinContacts);
      offWristGaps.push(...dr.gaps);
      dailyUpload = dr.activity.uploadedAt;
      if (wants(ctx, 'exercise')) for (const s of ld.sessions) records.exercise.push(exerciseRecord(ctx, ld, s));
      const bio = biosensingRecords(ctx, ld);
      records.ecg.push(...bio.ecg);
      records.spo2.push(...bio.spo2);
    }
    // Cardio load exists for every day; on days without wrist data it syncs with the next morning.
    const ldNext = timeline.get(day + 1);
    const nextMorning = (day + 1) * 86400 - ldNext.offset * 60 + ldNext.night.endSec + 1800;
    if (wants(ctx, 'cardioLoad')) records.cardioLoad.push(cardioLoadRecord(ctx, day, dailyUpload ?? new Date(nextMorning * 1000).toISOString()));
  }

  const illnessEpisodes = timeline.episodes
    .filter((e) => e.end >= fromDay && e.start <= toDay)
    .map((e) => ({ start: isoDate(Math.max(e.start, fromDay)), end: isoDate(Math.min(e.end, toDay)) }));

  // Physical-info history: the version in effect on `from`, then every later update up to `to`.
  let firstIdx = 0;
  timeline.physical.forEach((u, i) => {
    if (u.day <= fromDay) firstIdx = i;
  });
  const physicalInfo = timeline.physical.slice(firstIdx).filter((u) => u.day <= toDay).map((u) => physicalRecord(profile, u));
  const current = physicalInfo[physicalInfo.length - 1]?.payload;

  return {
    polarUserId: profile.polarUserId,
    userInfo: {
      'polar-user-id': profile.polarUserId,
      'first-name': profile.firstName,
      'last-name': profile.lastName,
      birthdate: profile.birthdate,
      gender: profile.gender,
      weight: (current?.['weight'] as number | undefined) ?? profile.weightKg,
      height: profile.heightCm,
      'extra-info': null,
    },
    physicalInfo,
    records,
    truth: {
      illnessEpisodes,
      missingNights,
      timeZoneChanges,
      initialOffsetMinutes: timeline.get(fromDay).offset,
      noDataDays,
      offWristGaps,
    },
  };
}

export type { GeneratorOptions, SimUserDataset } from '../dataset.js';
