import type { JsonObject, SimRecord } from '../dataset.js';
import { isoInstant, makeRecord, midnightEpoch, wants, type Ctx, type NightDetail } from './context.js';
import type { Rng } from './prng.js';
import type { LatentDay } from './timeline.js';
import { clamp, dateTime, dateTimeOffset, hhmm, PAD2, round1, round2 } from './time.js';

const STAGE_HR = [9, 3.5, 1.5, 0, -1.5, 1];

function buildHypnogram(r: Rng, spanSec: number, quality: number, broken: boolean): { stages: number[]; mins: number[]; cycles: number } {
  const totalMin = Math.floor(spanSec / 60);
  const stages: number[] = [];
  const mins: number[] = [];
  const push = (stage: number, m: number): void => {
    if (m > 0) {
      stages.push(stage);
      mins.push(m);
    }
  };
  let t = 0;
  let c = 0;
  const remCycleEnds: number[] = [];
  while (t < totalMin) {
    const cyc = Math.round(clamp(r.normal(92, 10), 70, 118));
    const deep = Math.round(cyc * Math.max(0, 0.36 - 0.1 * c) * (0.55 + 0.6 * quality));
    const rem = Math.round(cyc * Math.min(0.42, 0.1 + 0.07 * c));
    const n1 = c === 0 ? r.int(3, 9) : r.int(1, 4);
    const n2 = Math.max(5, cyc - n1 - deep - rem);
    const n2a = Math.round(n2 * r.uniform(0.45, 0.7));
    const before = stages.length;
    push(2, n1);
    push(3, n2a);
    push(4, deep);
    if (r.chance(0.06)) push(5, r.int(1, 4));
    push(3, n2 - n2a);
    push(1, rem);
    let len = 0;
    for (let i = before; i < stages.length; i++) len += mins[i] as number;
    t += len;
    remCycleEnds.push(t);
    if (r.chance(0.25 + 0.5 * (1 - quality))) {
      const w = r.chance(0.5 + 0.35 * quality) ? 1 : r.int(2, 4 + Math.round(14 * (1 - quality)));
      push(0, w);
      t += w;
    }
    c++;
  }
  if (broken) {
    // Fragmented night: several long awakenings spliced into the sequence.
    const n = r.int(3, 6);
    for (let k = 0; k < n; k++) {
      const at = r.int(1, Math.max(1, stages.length - 1));
      stages.splice(at, 0, 0);
      mins.splice(at, 0, r.int(6, 30));
    }
  }
  // Truncate to the sleep span and merge equal neighbours.
  const outS: number[] = [];
  const outM: number[] = [];
  let acc = 0;
  for (let i = 0; i < stages.length && acc < totalMin; i++) {
    const m = Math.min(mins[i] as number, totalMin - acc);
    acc += m;
    const st = stages[i] as number;
    if (outS.length && outS[outS.length - 1] === st) outM[outM.length - 1] = (outM[outM.length - 1] as number) + m;
    else {
      outS.push(st);
      outM.push(m);
    }
  }
  let cycles = 0;
  for (const e of remCycleEnds) if (e <= totalMin) cycles++;
  return { stages: outS, mins: outM, cycles: Math.max(1, cycles) };
}

export function nightDetail(ctx: Ctx, day: number): NightDetail {
  const cached = ctx.nights.get(day);
  if (cached) return cached;
  const ld = ctx.timeline.get(day);
  const plan = ld.night;
  const r = ctx.streams.rng('night', day);
  const span = plan.endSec - plan.startSec;
  const { stages, mins, cycles } = buildHypnogram(r, span, plan.quality, plan.broken);
  const segStart: number[] = [];
  const segDur: number[] = [];
  let t = 0;
  for (let i = 0; i < mins.length; i++) {
    segStart.push(t);
    const d = (mins[i] as number) * 60;
    segDur.push(i === mins.length - 1 ? span - t : d);
    t += d;
  }
  const totalMin = Math.ceil(span / 60) + 1;
  const hrMin: number[] = new Array<number>(totalMin);
  let ar = 0;
  let seg = 0;
  const base = ld.rhr + 1.5;
  for (let m = 0; m < totalMin; m++) {
    while (seg < segStart.length - 1 && (segStart[seg + 1] as number) <= m * 60) seg++;
    const x = m / totalMin;
    ar = 0.9 * ar + r.normal(0, 0.55);
    hrMin[m] = base + 7 * Math.exp(-m / 50) + 3 * ((x - 0.55) / 0.45) ** 2 + (STAGE_HR[stages[seg] as number] ?? 0) + ar;
  }
  const detail: NightDetail = {
    day,
    offset: ld.offset,
    midnight: midnightEpoch(day, ld.offset),
    startSec: plan.startSec,
    endSec: plan.endSec,
    stages,
    segStart,
    segDur,
    hrMin,
    cycles,
  };
  ctx.nights.set(day, detail);
  // Payloads not kept (cachePayloads false, read in date order): keep only the last few nights.
  if (!ctx.cachePayloads && ctx.nights.size > NIGHTS_KEPT) ctx.nights.delete(ctx.nights.keys().next().value as number);
  return detail;
}

/** Night details kept when payloads are not cached (a day's records need that night and the next). */
const NIGHTS_KEPT = 4;

function hrAt(n: NightDetail, secFromStart: number): number {
  const i = clamp(Math.floor(secFromStart / 60), 0, n.hrMin.length - 1);
  return n.hrMin[i] as number;
}

export interface SleepSummary {
  light: number;
  deep: number;
  rem: number;
  unknown: number;
  shortInt: number;
  longInt: number;
  shortCount: number;
  longCount: number;
  sleepTime: number;
  durationScore: number;
  solidityScore: number;
  regenerationScore: number;
  sleepScore: number;
  continuity: number;
  continuityClass: number;
  sleepCharge: number;
  rating: number;
}

const summaries = new WeakMap<NightDetail, SleepSummary>();

export function sleepSummary(ctx: Ctx, ld: LatentDay): SleepSummary {
  const n = nightDetail(ctx, ld.day);
  const hit = summaries.get(n);
  if (hit) return hit;
  const p = ctx.profile;
  const plan = ld.night;
  const r = ctx.streams.rng('sleep-score', ld.day);
  let light = 0;
  let deep = 0;
  let rem = 0;
  let unknown = 0;
  let shortInt = 0;
  let longInt = 0;
  let shortCount = 0;
  let longCount = 0;
  for (let i = 0; i < n.stages.length; i++) {
    const st = n.stages[i] as number;
    const d = n.segDur[i] as number;
    if (st === 2 || st === 3) light += d;
    else if (st === 4) deep += d;
    else if (st === 1) rem += d;
    else if (st === 5) unknown += d;
    else if (d < 90) {
      shortInt += d;
      shortCount++;
    } else {
      longInt += d;
      longCount++;
    }
  }
  const interruptions = shortInt + longInt;
  const sleepTime = n.endSec - n.startSec - interruptions;
  const goal = p.sleepGoalSec;
  const durationScore = clamp(sleepTime >= goal ? 100 - 30 * ((sleepTime - goal) / goal) : 100 * (sleepTime / goal) ** 1.6, 1, 100);
  const solidityScore = clamp(100 - 1.6 * (interruptions / 60) - 5 * longCount - 1.5 * shortCount, 1, 100);
  const regenerationScore = clamp(25 + 110 * ((deep + rem) / Math.max(sleepTime, 1)) + 20 * (plan.quality - 0.6) + r.normal(0, 3), 1, 100);
  const sleepScore = Math.round(clamp(0.35 * durationScore + 0.35 * solidityScore + 0.3 * regenerationScore, 1, 100));
  let continuity = round1(clamp(5 - 0.22 * longCount - 0.08 * shortCount - interruptions / 1500, 1, 5));
  const continuityClass = continuity >= 4.5 ? 5 : continuity >= 3.7 ? 4 : continuity >= 2.9 ? 3 : continuity >= 2 ? 2 : 1;
  const usualSleep = (p.wakeMin - p.bedtimeMin - 15) * 60;
  const z = (plan.quality - p.sleepQuality) / 0.09 + (sleepTime - usualSleep * 0.93) / 2700;
  let sleepCharge = z < -1.5 ? 1 : z < -0.5 ? 2 : z <= 0.5 ? 3 : z <= 1.5 ? 4 : 5;
  // Broken nights carry the sentinels seen in real data.
  if (plan.broken) {
    continuity = 0;
    sleepCharge = -1;
  }
  const rating = r.chance(0.2) ? Math.round(clamp(1 + 4 * plan.quality + r.normal(0, 0.7), 1, 5)) : 0;
  const out: SleepSummary = {
    light, deep, rem, unknown, shortInt, longInt, shortCount, longCount, sleepTime,
    durationScore, solidityScore, regenerationScore, sleepScore, continuity, continuityClass, sleepCharge, rating,
  };
  summaries.set(n, out);
  return out;
}

function sleepPayload(ctx: Ctx, ld: LatentDay): JsonObject {
  const p = ctx.profile;
  const n = nightDetail(ctx, ld.day);
  const sm = sleepSummary(ctx, ld);
  const hypnogram: Record<string, number> = {};
  for (let i = 0; i < n.stages.length; i++) hypnogram[hhmm((n.startSec + (n.segStart[i] as number)) / 60)] = n.stages[i] as number;
  hypnogram[hhmm(n.endSec / 60)] = 0;
  const heartRateSamples: Record<string, number> = {};
  for (let s = Math.ceil(n.startSec / 300) * 300; s < n.endSec; s += 300) {
    heartRateSamples[hhmm(s / 60)] = Math.round(hrAt(n, s - n.startSec));
  }
  return {
    polar_user: ctx.userUrl,
    date: ld.date,
    sleep_start_time: dateTimeOffset(n.midnight + n.startSec, n.offset),
    sleep_end_time: dateTimeOffset(n.midnight + n.endSec, n.offset),
    device_id: p.deviceId,
    continuity: sm.continuity,
    continuity_class: sm.continuityClass,
    light_sleep: sm.light,
    deep_sleep: sm.deep,
    rem_sleep: sm.rem,
    unrecognized_sleep_stage: sm.unknown,
    sleep_score: sm.sleepScore,
    total_interruption_duration: sm.shortInt + sm.longInt,
    sleep_charge: sm.sleepCharge,
    sleep_goal: p.sleepGoalSec,
    sleep_rating: sm.rating,
    short_interruption_duration: sm.shortInt,
    long_interruption_duration: sm.longInt,
    sleep_cycles: n.cycles,
    group_duration_score: round1(sm.durationScore),
    group_solidity_score: round1(sm.solidityScore),
    group_regeneration_score: round1(sm.regenerationScore),
    hypnogram,
    heart_rate_samples: heartRateSamples,
  };
}

/** First Nightly Recharge sample time (local seconds) and sample count: 4 h from 30 min after sleep onset. */
function rechargeWindow(night: { startSec: number; endSec: number }): { w0: number; count: number } {
  const w0 = Math.ceil((night.startSec + 1800) / 60) * 60;
  const count = Math.max(0, Math.min(48, Math.ceil((night.endSec - w0) / 300)));
  return { w0, count };
}

const MIN_RECHARGE_SAMPLES = 24;

function rechargePayload(ctx: Ctx, ld: LatentDay): JsonObject {
  const p = ctx.profile;
  const n = nightDetail(ctx, ld.day);
  const sm = sleepSummary(ctx, ld);
  const r = ctx.streams.rng('recharge', ld.day);
  const { w0, count } = rechargeWindow(n);
  const hrvSamples: Record<string, number> = {};
  const breathSamples: Record<string, number> = {};
  let hrvSum = 0;
  let hrSum = 0;
  let brSum = 0;
  let ar = 0;
  for (let k = 0; k < count; k++) {
    const s = w0 + k * 300;
    ar = 0.6 * ar + r.normal(0, 0.07);
    const v = Math.max(5, Math.round(ld.hrv * (0.86 + 0.24 * Math.sin((Math.PI * k) / 47)) * Math.exp(ar)));
    hrvSamples[hhmm(s / 60)] = v;
    hrvSum += v;
    const b = round1(ld.breathing + 0.3 * Math.sin(k / 7) + r.normal(0, 0.15));
    breathSamples[hhmm((s - 120) / 60)] = b;
    brSum += b;
    hrSum += hrAt(n, s - n.startSec);
  }
  const hrAvg = hrSum / count;
  const hrvAvg = Math.round(hrvSum / count);
  const brAvg = round1(brSum / count);
  const zHrv = Math.log(hrvAvg / p.hrvBase) / 0.14;
  const zHr = (p.rhr + 3.5 - hrAvg) / 3;
  const zBr = (p.breathingBase - brAvg) / 0.6;
  const ans = round1(clamp(2.6 * (0.55 * zHrv + 0.3 * zHr + 0.15 * zBr), -10, 10));
  const ansStatus = ans < -5 ? 1 : ans < -1.5 ? 2 : ans <= 1.5 ? 3 : ans <= 5 ? 4 : 5;
  const v = ans / 3 + ((sm.sleepCharge < 0 ? 3 : sm.sleepCharge) - 3) * 0.7;
  const nrStatus = v < -2.5 ? 1 : v < -1.2 ? 2 : v < -0.3 ? 3 : v < 0.8 ? 4 : v < 2 ? 5 : 6;
  return {
    polar_user: ctx.userUrl,
    date: ld.date,
    heart_rate_avg: Math.round(hrAvg),
    beat_to_beat_avg: Math.round(60000 / hrAvg),
    heart_rate_variability_avg: hrvAvg,
    breathing_rate_avg: brAvg,
    nightly_recharge_status: nrStatus,
    ans_charge: ans,
    ans_charge_status: ansStatus,
    hrv_samples: hrvSamples,
    breathing_samples: breathSamples,
  };
}

const ALERT_LEVELS = ['ALERTNESS_LEVEL_MINIMAL', 'ALERTNESS_LEVEL_VERY_LOW', 'ALERTNESS_LEVEL_LOW', 'ALERTNESS_LEVEL_HIGH', 'ALERTNESS_LEVEL_VERY_HIGH'];

function alertnessPayload(ctx: Ctx, ld: LatentDay): JsonObject {
  const p = ctx.profile;
  const n = nightDetail(ctx, ld.day);
  const sm = sleepSummary(ctx, ld);
  const r = ctx.streams.rng('alertness', ld.day);
  const plan = ld.night;
  const startEpoch = n.midnight + n.startSec;
  const endEpoch = n.midnight + n.endSec;
  const usualSleep = (p.wakeMin - p.bedtimeMin - 15) * 60;
  const frac = `.${PAD2[r.int(1, 99)]}`;
  const nextBed = Math.round(n.midnight + 86400 + (p.bedtimeMin + r.normal(0, 8)) * 60);
  const inertiaIdx = clamp(Math.round((1 - plan.quality) * 3 + r.normal(0, 0.7)), 0, 3);
  const grade = round1(clamp(3.5 + 6 * (0.6 * plan.quality + 0.4 * Math.min(1, sm.sleepTime / usualSleep)) + r.normal(0, 0.4), 0, 10));
  const hourly: JsonObject[] = [];
  let hs = Math.ceil((endEpoch + 1) / 60) * 60;
  while (hs < nextBed - 60) {
    const he = Math.min(Math.floor(hs / 3600) * 3600 + 3600, nextBed);
    const h = (hs - endEpoch) / 3600;
    let level = 2.6 + 1.3 * Math.sin((Math.PI * Math.min(h, 13)) / 13) - 0.6 * Math.exp(-(((h - 7.5) / 1.3) ** 2)) - 0.18 * Math.max(0, h - 12);
    if (h < 1) level -= 0.4 * inertiaIdx + 0.3;
    level += (grade - 7) * 0.25;
    hourly.push({
      validity: 'VALIDITY_VALID',
      alertness_level: ALERT_LEVELS[clamp(Math.round(level), 0, 4)] as string,
      start_time: dateTime(hs),
      end_time: dateTime(he),
    });
    hs = he;
  }
  return {
    grade,
    grade_validity_seconds: 57600,
    grade_type: 'GRADE_TYPE_PRIMARY',
    grade_classification:
      grade < 5 ? 'GRADE_CLASSIFICATION_WEAK' : grade < 7 ? 'GRADE_CLASSIFICATION_FAIR' : grade < 8.5 ? 'GRADE_CLASSIFICATION_STRONG' : 'GRADE_CLASSIFICATION_EXCELLENT',
    validity: 'VALIDITY_VALID',
    sleep_inertia: ['SLEEP_INERTIA_NO_INERTIA', 'SLEEP_INERTIA_MILD', 'SLEEP_INERTIA_MODERATE', 'SLEEP_INERTIA_HEAVY'][inertiaIdx],
    sleep_type: 'SLEEP_TYPE_PRIMARY',
    result_type: 'ALERTNESS_TYPE_HISTORY',
    period_start_time: dateTime(startEpoch),
    period_end_time: dateTime(nextBed),
    sleep_period_start_time: dateTime(startEpoch) + frac,
    sleep_period_end_time: dateTime(endEpoch) + frac,
    sleep_timezone_offset_minutes: n.offset,
    hourly_data: hourly,
  };
}

function bedtimePayload(ld: LatentDay, prefStart: number, prefEnd: number, offset: number): JsonObject {
  return {
    validity: 'VALIDITY_VALID',
    quality:
      ld.jetlag > 0.3 ? 'CIRCADIAN_BEDTIME_QUALITY_COMPROMISED'
      : ld.night.quality < 0.35 ? 'CIRCADIAN_BEDTIME_QUALITY_WEAK'
      : 'CIRCADIAN_BEDTIME_QUALITY_CLEARLY_RECOGNIZABLE',
    result_type: 'CIRCADIAN_BEDTIME_TYPE_HISTORY',
    period_start_time: dateTime(prefStart),
    period_end_time: dateTime(prefEnd),
    preferred_sleep_period_start_time: dateTime(prefStart),
    preferred_sleep_period_end_time: dateTime(prefEnd),
    sleep_gate_start_time: dateTime(prefStart - 900),
    sleep_gate_end_time: dateTime(prefStart + 900),
    sleep_timezone_offset_minutes: offset,
  };
}

interface SkinSeries {
  samples: { temperature_celsius: number; recording_time_delta_milliseconds: number }[];
  sleepTemp: number;
}

function skinSeries(ctx: Ctx, ld: LatentDay, t0: number, t1: number): SkinSeries {
  const r = ctx.streams.rng('skin-temp', ld.day);
  const level = ctx.profile.skinTempBase + ld.tempDev;
  const samples: SkinSeries['samples'] = [];
  let sum = 0;
  let count = 0;
  let ar = 0;
  for (let s = 0; s <= t1 - t0; s += 300) {
    ar = 0.8 * ar + r.normal(0, 0.04);
    // Distal skin temperature rises over the first hours of sleep, then plateaus.
    const v = round2(level - 1.3 * Math.exp(-s / 4200) + ar);
    samples.push({ temperature_celsius: v, recording_time_delta_milliseconds: s * 1000 });
    if (s >= 7200) {
      sum += v;
      count++;
    }
  }
  return { samples, sleepTemp: count ? sum / count : level };
}

/** `skinSeries(…).sleepTemp` without building the samples (same draws, same arithmetic). */
function skinSleepTemp(ctx: Ctx, ld: LatentDay, t0: number, t1: number): number {
  const r = ctx.streams.rng('skin-temp', ld.day);
  const level = ctx.profile.skinTempBase + ld.tempDev;
  let sum = 0;
  let count = 0;
  let ar = 0;
  for (let s = 0; s <= t1 - t0; s += 300) {
    ar = 0.8 * ar + r.normal(0, 0.04);
    if (s >= 7200) {
      sum += round2(level - 1.3 * Math.exp(-s / 4200) + ar);
      count++;
    }
  }
  return count ? sum / count : level;
}

export interface NightRecords {
  sleep: SimRecord | null;
  recharge: SimRecord | null;
  alertness: SimRecord | null;
  bedtime: SimRecord | null;
  bodyTemperature: SimRecord | null;
  skinTemperature: SimRecord | null;
}

export function nightRecords(ctx: Ctx, ld: LatentDay): NightRecords {
  const p = ctx.profile;
  const plan = ld.night;
  const midnight = midnightEpoch(ld.day, ld.offset);
  const startEpoch = midnight + plan.startSec;
  const endEpoch = midnight + plan.endSec;
  const r = ctx.streams.rng('night-upload', ld.day);
  const upload = endEpoch + (r.chance(0.85) ? r.uniform(4 * 60, 75 * 60) : r.uniform(3 * 3600, 12 * 3600));
  const uploadedAt = isoInstant(upload);
  const laterAt = isoInstant(upload + 30);
  const date = ld.date;

  const sleep = wants(ctx, 'sleep') ? makeRecord(ctx, date, date, uploadedAt, () => sleepPayload(ctx, ld)) : null;
  const recharge =
    wants(ctx, 'nightlyRecharge') && rechargeWindow(plan).count >= MIN_RECHARGE_SAMPLES
      ? makeRecord(ctx, date, date, uploadedAt, () => rechargePayload(ctx, ld))
      : null;
  const alertness = wants(ctx, 'sleepwiseAlertness') ? makeRecord(ctx, dateTime(startEpoch), date, laterAt, () => alertnessPayload(ctx, ld)) : null;

  const prefStart = midnight + Math.round(((p.bedtimeMin + 8 + r.normal(0, 6)) * 60) / 30) * 30;
  const prefEnd = prefStart + Math.round((p.wakeMin - p.bedtimeMin - 15) / 15) * 15 * 60;
  const bedtime = wants(ctx, 'sleepwiseBedtime') ? makeRecord(ctx, dateTime(prefStart), date, laterAt, () => bedtimePayload(ld, prefStart, prefEnd, ld.offset)) : null;

  let bodyTemperature: SimRecord | null = null;
  let skinTemperature: SimRecord | null = null;
  if (p.device.elixir) {
    const t0 = Math.floor(startEpoch / 60) * 60;
    const t1 = Math.floor(endEpoch / 60) * 60;
    const modifiedAt = endEpoch + r.int(600, 2400);
    const modified = wants(ctx, 'bodyTemperature') ? dateTime(modifiedAt) : '';
    bodyTemperature = !wants(ctx, 'bodyTemperature') ? null : makeRecord(ctx, dateTime(t0), date, uploadedAt, () => ({
      source_device_id: p.deviceId,
      measurement_type: 'TM_SKIN_TEMPERATURE',
      sensor_location: 'SL_DISTAL',
      start_time: dateTime(t0),
      end_time: dateTime(t1),
      modified_time: modified,
      samples: skinSeries(ctx, ld, t0, t1).samples,
    }));
    skinTemperature = !wants(ctx, 'skinTemperature') ? null : makeRecord(ctx, date, date, uploadedAt, () => {
      const sleepTemp = skinSleepTemp(ctx, ld, t0, t1);
      return {
        sleep_time_skin_temperature_celsius: round2(sleepTemp),
        deviation_from_baseline_celsius: round2(sleepTemp - p.skinTempBase),
        sleep_date: date,
      };
    });
  }
  return { sleep, recharge, alertness, bedtime, bodyTemperature, skinTemperature };
}
