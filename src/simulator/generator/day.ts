// One calendar day of wrist data: daily activity (with its samples), continuous HR, skin contacts.
// Split into small functions on purpose: one big function took V8 ~0.5 s to optimise.
import type { IsoDate, JsonObject, SimRecord } from '../dataset.js';
import { isoInstant, makeRecord, midnightEpoch, wants, type Ctx, type NightDetail } from './context.js';
import { sessionCalories } from './exercise.js';
import { nightDetail } from './sleep.js';
import type { Rng } from './prng.js';
import type { Profile } from './profile.js';
import type { LatentDay, Session } from './timeline.js';
import { clamp, dateTime, HHMM, hhmmss, isoDuration, PAD2, round1, round2 } from './time.js';

const ZONES = ['SLEEP', 'SEDENTARY', 'LIGHT', 'MODERATE', 'VIGOROUS'] as const;
const Z_SLEEP = 0;
const Z_SED = 1;
const Z_LIGHT = 2;
const Z_MOD = 3;
const Z_VIG = 4;
const CIRCADIAN_HR = Float64Array.from({ length: 1440 }, (_, m) => 3 * Math.sin(((m - 600) / 1440) * 2 * Math.PI));

export interface OffWristGap {
  date: IsoDate;
  start: string;
  end: string;
}

export interface DayRecords {
  activity: SimRecord;
  continuousHeartRate: SimRecord | null;
  skinContacts: SimRecord | null;
  gaps: OffWristGap[];
}

/** Local-day layout shared by the builders below (all times in seconds/minutes of the local day). */
interface DayFrame {
  ld: LatentDay;
  next: LatentDay;
  wakeSec: number;
  bedSec: number;
  /** Sorted, merged off-wrist intervals as flat [start0, end0, start1, end1, ...] seconds. */
  gaps: number[];
  offWrist: Uint8Array;
  asleep: Uint8Array;
  /** Session index per minute, -1 = none. */
  exercise: Int8Array;
  blocked: Uint8Array;
}

function offWristIntervals(r: Rng, ld: LatentDay, next: LatentDay, wakeSec: number, bedSec: number): number[] {
  const raw: number[] = [];
  if (!ld.night.worn) raw.push(0, wakeSec + r.int(10, 60) * 60);
  if (!next.night.worn) raw.push(bedSec - r.int(10, 40) * 60, 86400);
  if (r.chance(0.55)) {
    const at = r.chance(0.5) ? wakeSec + r.int(15, 80) * 60 : r.int(19 * 60, 22 * 60) * 60 + r.int(0, 59);
    raw.push(at, at + r.int(8, 30) * 60 + r.int(0, 59));
  }
  if (r.chance(0.12)) {
    const at = r.int(Math.floor(wakeSec / 60) + 60, 20 * 60) * 60 + r.int(0, 59);
    raw.push(at, at + r.int(50, 150) * 60);
  }
  if (r.chance(0.025)) {
    const at = r.int(10 * 60, 15 * 60) * 60;
    raw.push(at, at + r.int(180, 420) * 60);
  }
  // The watch is on during exercises: trim gaps that would cut into one.
  const pairs: [number, number][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    let a = clamp(raw[i] as number, 0, 86400);
    let b = clamp(raw[i + 1] as number, 0, 86400);
    for (const s of ld.sessions) {
      const e = s.startSec + s.durationSec;
      if (a < e && b > s.startSec) {
        if (a < s.startSec) b = s.startSec;
        else a = e;
      }
    }
    if (b > a) pairs.push([a, b]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [a, b] of pairs) {
    const n = out.length;
    if (n && a <= (out[n - 1] as number)) out[n - 1] = Math.max(out[n - 1] as number, b);
    else out.push(a, b);
  }
  return out;
}

function dayBounds(ctx: Ctx, ld: LatentDay): { next: LatentDay; wakeSec: number; bedSec: number } {
  const next = ctx.timeline.get(ld.day + 1);
  return { next, wakeSec: ld.night.endSec, bedSec: 86400 + next.night.startSec + (ld.offset - next.offset) * 60 };
}

/**
 * Minute arrays reused from one payload build to the next when payloads are not kept
 * (cachePayloads false: a frame lives only inside one synchronous build). Allocating typed arrays
 * (off-heap stores) dominated the cost of small builds.
 */
const SCRATCH = {
  offWrist: new Uint8Array(1440),
  asleep: new Uint8Array(1440),
  exercise: new Int8Array(1440),
  blocked: new Uint8Array(1440),
  steps: new Int16Array(1440),
  zone: new Uint8Array(1440),
  hr: new Float64Array(1440),
};

function buildFrame(ctx: Ctx, ld: LatentDay, gaps: number[]): DayFrame {
  const { next, wakeSec, bedSec } = dayBounds(ctx, ld);
  const scratch = !ctx.cachePayloads;
  const offWrist = scratch ? SCRATCH.offWrist.fill(0) : new Uint8Array(1440);
  for (let i = 0; i < gaps.length; i += 2) {
    const e = Math.min(1440, Math.ceil((gaps[i + 1] as number) / 60));
    for (let m = Math.floor((gaps[i] as number) / 60); m < e; m++) offWrist[m] = 1;
  }
  const asleep = scratch ? SCRATCH.asleep.fill(0) : new Uint8Array(1440);
  for (let m = 0, e = Math.min(1440, Math.floor(wakeSec / 60)); m < e; m++) if (m * 60 >= ld.night.startSec) asleep[m] = 1;
  for (let m = Math.max(0, Math.ceil(bedSec / 60)); m < 1440; m++) asleep[m] = 1;
  const exercise = (scratch ? SCRATCH.exercise : new Int8Array(1440)).fill(-1);
  for (const s of ld.sessions) {
    const e = Math.min(1440, Math.ceil((s.startSec + s.durationSec) / 60));
    for (let m = Math.floor(s.startSec / 60); m < e; m++) exercise[m] = s.index;
  }
  const blocked = scratch ? SCRATCH.blocked : new Uint8Array(1440);
  for (let m = 0; m < 1440; m++) blocked[m] = (asleep[m] as number) | (offWrist[m] as number) | ((exercise[m] as number) >= 0 ? 1 : 0);
  return { ld, next, wakeSec, bedSec, gaps, offWrist, asleep, exercise, blocked };
}

function addBout(steps: Int16Array, blocked: Uint8Array, r: Rng, startMin: number, len: number, cadence: number): number {
  let sum = 0;
  const s = Math.max(0, Math.floor(startMin));
  const e = Math.min(1440, s + Math.round(len));
  for (let m = s; m < e; m++) {
    if (blocked[m]) continue;
    const v = Math.max(0, Math.round(cadence + r.normal(0, 7)));
    sum += v - (steps[m] as number);
    steps[m] = v;
  }
  return sum;
}

function exerciseSteps(r: Rng, steps: Int16Array, sessions: readonly Session[]): void {
  for (const s of sessions) {
    const c = s.sport.cadence;
    const e = Math.min(1440, Math.ceil((s.startSec + s.durationSec) / 60));
    for (let m = Math.floor(s.startSec / 60); m < e; m++) {
      const v = c > 20 ? Math.round(c + (s.hrr - 0.6) * 30 + r.normal(0, 4)) : c > 0 ? r.int(0, c * 3) : r.int(0, 2);
      steps[m] = Math.max(0, v);
    }
  }
}

function dailySteps(ctx: Ctx, f: DayFrame): Int16Array {
  const p = ctx.profile;
  const ld = f.ld;
  const r = ctx.streams.rng('day-steps', ld.day);
  const steps = ctx.cachePayloads ? new Int16Array(1440) : SCRATCH.steps.fill(0);
  exerciseSteps(r, steps, ld.sessions);
  const wakeMin = Math.max(0, Math.ceil(f.wakeSec / 60));
  const bedMin = Math.min(1440, Math.floor(f.bedSec / 60));
  if (bedMin <= wakeMin + 60) return steps;
  const target = p.stepsBase * ld.stepsFactor * (ld.sessions.length ? 0.85 : 1);
  const weekday = ld.dow < 5;
  const blocked = f.blocked;
  let total = 0;
  if (weekday && p.commutes && !ld.ill && !ld.travelling) {
    total += addBout(steps, blocked, r, wakeMin + r.int(40, 95), r.int(10, 25), r.uniform(100, 118));
    total += addBout(steps, blocked, r, r.int(16 * 60 + 20, 18 * 60), r.int(10, 25), r.uniform(100, 118));
  }
  if (r.chance(weekday ? 0.45 : 0.2)) total += addBout(steps, blocked, r, r.int(11 * 60 + 45, 12 * 60 + 45), r.int(8, 20), r.uniform(92, 110));
  if (!weekday && !ld.ill && r.chance(0.5)) total += addBout(steps, blocked, r, r.int(10 * 60, 16 * 60), r.int(35, 90), r.uniform(92, 112));
  for (let k = 0; k < 250 && total < target * 0.85; k++) {
    const len = 1 + Math.floor(-Math.log(1 - r.next()) * 5);
    total += addBout(steps, blocked, r, r.int(wakeMin, bedMin - 1), len, r.uniform(55, 112));
  }
  for (let m = wakeMin; m < bedMin; m++) {
    if (!blocked[m] && steps[m] === 0 && r.next() < 0.1) steps[m] = r.int(1, 12);
  }
  return steps;
}

interface ActivityTotals {
  zone: Uint8Array;
  light: number;
  moderate: number;
  vigorous: number;
  sedentary: number;
  totalSteps: number;
  distance: number;
  activeKcal: number;
  stampMinutes: number[];
}

function classify(p: Profile, f: DayFrame, steps: Int16Array, scratch: boolean): ActivityTotals {
  const sessions = f.ld.sessions;
  // Every minute is assigned below.
  const zone = scratch ? SCRATCH.zone : new Uint8Array(1440);
  const t: ActivityTotals = { zone, light: 0, moderate: 0, vigorous: 0, sedentary: 0, totalSteps: 0, distance: 0, activeKcal: 0, stampMinutes: [] };
  const heightM = p.heightCm / 100;
  const kcalPerStep = 0.045 * (p.weightKg / 70);
  let light = 0;
  let moderate = 0;
  let vigorous = 0;
  let sedentary = 0;
  let totalSteps = 0;
  let distance = 0;
  let kcal = 0;
  let sedRun = 0;
  for (let m = 0; m < 1440; m++) {
    const st = steps[m] as number;
    totalSteps += st;
    distance += st * (st >= 140 ? heightM * 0.66 : heightM * 0.42);
    const ex = f.exercise[m] as number;
    let z: number;
    if (f.offWrist[m]) z = Z_SED;
    else if (f.asleep[m]) z = Z_SLEEP;
    else if (ex >= 0) {
      const hrr = (sessions[ex] as Session).hrr;
      z = hrr >= 0.6 || st >= 125 ? Z_VIG : hrr >= 0.4 || st >= 90 ? Z_MOD : Z_LIGHT;
    } else {
      // Zones follow a 3-minute average so single noisy minutes do not flip them.
      const avg = ((steps[m > 0 ? m - 1 : m] as number) + st + (steps[m < 1439 ? m + 1 : m] as number)) / 3;
      z = avg >= 125 ? Z_VIG : avg >= 95 ? Z_MOD : avg >= 20 ? Z_LIGHT : Z_SED;
    }
    zone[m] = z;
    if (z === Z_LIGHT) light++;
    else if (z === Z_MOD) moderate++;
    else if (z === Z_VIG) vigorous++;
    else if (z === Z_SED) sedentary++;
    if (ex < 0) kcal += st * kcalPerStep + (z === Z_LIGHT ? 0.4 : 0);
    if (z === Z_SED && !f.offWrist[m]) {
      sedRun++;
      if (sedRun === 60) {
        t.stampMinutes.push(m);
        sedRun = 0;
      }
    } else sedRun = 0;
  }
  for (const s of sessions) kcal += sessionCalories(p, s);
  t.light = light;
  t.moderate = moderate;
  t.vigorous = vigorous;
  t.sedentary = sedentary;
  t.totalSteps = totalSteps;
  t.distance = distance;
  t.activeKcal = kcal;
  return t;
}

function stepSamples(date: string, steps: Int16Array): { steps: number; timestamp: string }[] {
  const out: { steps: number; timestamp: string }[] = [];
  let prev = -1;
  for (let m = 0; m < 1440; m++) {
    const st = steps[m] as number;
    if (st !== prev) {
      out.push({ steps: st, timestamp: `${date}T${HHMM[m]}` });
      prev = st;
    }
  }
  return out;
}

function zoneSamples(r: Rng, date: string, zone: Uint8Array): { zone: string; timestamp: string }[] {
  const out: { zone: string; timestamp: string }[] = [];
  let prev = -1;
  for (let m = 0; m < 1440; m++) {
    const z = zone[m] as number;
    if (z !== prev) {
      out.push({ zone: ZONES[z] as string, timestamp: `${date}T${HHMM[m]}:${PAD2[m === 0 ? 0 : r.int(0, 59)]}` });
      prev = z;
    }
  }
  return out;
}

function activityPayload(ctx: Ctx, f: DayFrame, steps: Int16Array): JsonObject {
  const p = ctx.profile;
  const ld = f.ld;
  const date = ld.date;
  const t = classify(p, f, steps, !ctx.cachePayloads);
  const age = Number(date.slice(0, 4)) - p.birthYear;
  const bmr = (10 * p.weightKg + 6.25 * p.heightCm - 5 * age + (p.gender === 'MALE' ? 5 : -161)) * 1.1;
  const goal = p.typicalDay === 'MOSTLY_SITTING' ? 260 : p.typicalDay === 'MOSTLY_STANDING' ? 320 : 380;
  const score = t.light + 2.5 * t.moderate + 4 * t.vigorous;
  const summary: JsonObject = {
    start_time: `${date}T00:00:00`,
    end_time: `${date}T23:59:59`,
    active_duration: isoDuration((t.light + t.moderate + t.vigorous) * 60),
    inactive_duration: isoDuration(t.sedentary * 60),
    daily_activity: round1((100 * score) / goal),
    calories: Math.round(bmr + t.activeKcal),
    active_calories: Math.round(t.activeKcal),
    steps: t.totalSteps,
    inactivity_alert_count: t.stampMinutes.length,
    distance_from_steps: round2(t.distance),
  };
  // Summary payloads leave the `samples` block out (its PRNG stream `day-zones` serves nothing else).
  if (ctx.summaryOnly) return summary;
  const r = ctx.streams.rng('day-zones', ld.day);
  summary['samples'] = {
    date,
    steps: { interval_ms: 60000, total_steps: t.totalSteps, samples: stepSamples(date, steps) },
    activity_zones: { samples: zoneSamples(r, date, t.zone) },
    inactivity_stamps: t.stampMinutes.map((m) => ({ stamp: `${date}T${HHMM[m]}` })),
  };
  return summary;
}

function nightHr(n: NightDetail | null, secFromStart: number, fallback: number): number {
  if (!n) return fallback;
  return n.hrMin[clamp(Math.floor(secFromStart / 60), 0, n.hrMin.length - 1)] as number;
}

/** Heart rate for every minute of the day (sleep from the night details, awake from steps and recovery). */
function minuteHeartRate(ctx: Ctx, f: DayFrame, steps: Int16Array, r: Rng): Float64Array {
  const ld = f.ld;
  const n0 = ld.night.worn ? nightDetail(ctx, ld.day) : null;
  const n1 = f.next.night.worn ? nightDetail(ctx, f.next.day) : null;
  const hr = ctx.cachePayloads ? new Float64Array(1440) : SCRATCH.hr; // every minute is assigned below
  const sessions = ld.sessions;
  const base = ld.rhr + 13 + 6 * ld.illness;
  let ar = 0;
  let smooth = 0;
  for (let m = 0; m < 1440; m++) {
    const sec = m * 60 + 30;
    if (f.asleep[m]) {
      hr[m] = sec < 43200 ? nightHr(n0, sec - ld.night.startSec, ld.rhr + 3) : nightHr(n1, sec - f.bedSec, ld.rhr + 3);
      continue;
    }
    smooth = 0.6 * smooth + 0.4 * (steps[m] as number);
    ar = 0.85 * ar + r.normal(0, 1.6);
    let post = 0;
    for (let i = 0; i < sessions.length; i++) {
      const s = sessions[i] as Session;
      const dt = (sec - (s.startSec + s.durationSec)) / 60;
      if (dt > 0 && dt < 120) post += (s.avgHr - ld.rhr) * 0.3 * Math.exp(-dt / 20);
    }
    hr[m] = base + (CIRCADIAN_HR[m] as number) + 0.2 * smooth + post + ar;
  }
  return hr;
}

/** ~5-min samples whose seconds drift, a few 1-s bursts, nothing off-wrist or during exercise. */
function chrSamples(f: DayFrame, hr: Float64Array, r: Rng): { heart_rate: number; sample_time: string }[] {
  const out: { heart_rate: number; sample_time: string }[] = [];
  const usable = (m: number): boolean => f.offWrist[m] === 0 && (f.exercise[m] as number) < 0;
  const wakeMin = Math.max(0, Math.ceil(f.wakeSec / 60));
  const bedMin = Math.min(1439, Math.floor(f.bedSec / 60));
  const nb = r.int(0, 5);
  const bursts: number[] = [];
  for (let k = 0; k < nb; k++) {
    const lo = wakeMin * 60;
    const hi = Math.max(lo + 1, bedMin * 60 - 120);
    bursts.push(r.int(lo, hi));
  }
  bursts.sort((a, b) => a - b);
  let bi = 0;
  let t = r.int(0, 299);
  let lastT = -1;
  while (t < 86400) {
    const b = bursts[bi];
    if (b !== undefined && b <= t) {
      const end = b + r.int(15, 90);
      let v = hr[Math.floor(b / 60)] as number;
      for (let s = Math.max(b, lastT + 1); s < end && s < 86400; s++) {
        if (!usable(Math.floor(s / 60))) break;
        v += r.normal(0, 0.5);
        out.push({ heart_rate: Math.max(30, Math.round(v)), sample_time: hhmmss(s) });
        lastT = s;
      }
      bi++;
      if (t < end) t = end + r.int(60, 200);
      continue;
    }
    const m = Math.floor(t / 60);
    if (usable(m) && t > lastT) {
      const v = r.next() < 0.002 ? 0 : Math.max(30, Math.round((hr[m] as number) + r.normal(0, 1.2)));
      out.push({ heart_rate: v, sample_time: hhmmss(t) });
      lastT = t;
    }
    t += 300 + (r.next() < 0.2 ? 1 : 0);
  }
  return out;
}

function skinContactsPayload(ctx: Ctx, ld: LatentDay, g: readonly number[], upload: number): JsonObject {
  const date = ld.date;
  const changes: { skin_contact: boolean; recording_time_delta_milliseconds: number }[] = [];
  changes.push({ skin_contact: !(g.length && g[0] === 0), recording_time_delta_milliseconds: 0 });
  for (let i = 0; i < g.length; i += 2) {
    const a = g[i] as number;
    const b = g[i + 1] as number;
    if (a > 0) changes.push({ skin_contact: false, recording_time_delta_milliseconds: a * 1000 });
    if (b < 86400) changes.push({ skin_contact: true, recording_time_delta_milliseconds: b * 1000 });
  }
  return {
    source_device_id: ctx.profile.deviceId,
    start_time: `${date}T00:00:00`,
    end_time: `${date}T23:59:59`,
    modified_time: dateTime(upload, ld.offset),
    skin_contact_changes: changes,
  };
}

export function dayRecords(ctx: Ctx, ld: LatentDay): DayRecords {
  const date = ld.date;
  const { next, wakeSec, bedSec } = dayBounds(ctx, ld);
  const gaps = offWristIntervals(ctx.streams.rng('day-gaps', ld.day), ld, next, wakeSec, bedSec);
  const r = ctx.streams.rng('day-upload', ld.day);
  const nextMorning = midnightEpoch(ld.day + 1, next.offset) + next.night.endSec;
  const upload = r.chance(0.5) ? midnightEpoch(ld.day, ld.offset) + r.int(20 * 3600 + 1800, 23 * 3600 + 3000) : nextMorning + r.int(300, 3600);
  const uploadedAt = isoInstant(upload);

  // Activity and heart rate share the minute layout and steps; keep them until both are built.
  let shared: { f: DayFrame; steps: Int16Array } | null = null;
  let pending = 2;
  const take = (): { f: DayFrame; steps: Int16Array } => {
    // Payloads not kept (cachePayloads false): keep nothing either, build the layout for each payload.
    if (!ctx.cachePayloads) {
      const f = buildFrame(ctx, ld, gaps);
      return { f, steps: dailySteps(ctx, f) };
    }
    if (!shared) {
      const f = buildFrame(ctx, ld, gaps);
      shared = { f, steps: dailySteps(ctx, f) };
    }
    const out = shared;
    if (--pending === 0) shared = null;
    return out;
  };
  const activity = makeRecord(ctx, date, date, uploadedAt, () => {
    const { f, steps } = take();
    return activityPayload(ctx, f, steps);
  });
  const continuousHeartRate = !wants(ctx, 'continuousHeartRate') ? null : makeRecord(ctx, date, date, uploadedAt, () => {
    const { f, steps } = take();
    const rh = ctx.streams.rng('day-chr', ld.day);
    const hr = minuteHeartRate(ctx, f, steps, rh);
    return { polar_user: ctx.chrUserUrl, date, heart_rate_samples: chrSamples(f, hr, rh) };
  });
  const out: OffWristGap[] = [];
  for (let i = 0; i < gaps.length; i += 2) {
    const b = gaps[i + 1] as number;
    out.push({ date, start: hhmmss(gaps[i] as number), end: b >= 86400 ? '24:00:00' : hhmmss(b) });
  }
  return {
    activity,
    continuousHeartRate,
    skinContacts: ctx.profile.device.elixir && wants(ctx, 'skinContacts')
      ? makeRecord(ctx, `${date}T00:00:00`, date, uploadedAt, () => skinContactsPayload(ctx, ld, gaps, upload))
      : null,
    gaps: out,
  };
}
