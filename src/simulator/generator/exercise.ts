import type { JsonObject, SimRecord } from '../dataset.js';
import { makeRecord, midnightEpoch, type Ctx } from './context.js';
import type { Rng } from './prng.js';
import type { Profile } from './profile.js';
import type { LatentDay, Session } from './timeline.js';
import { clamp, dateTime, isoDuration, round1, utcMillisZ } from './time.js';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Keytel et al. energy expenditure from mean heart rate (kcal). */
export function sessionCalories(p: Profile, s: Session): number {
  const age = 2022 - p.birthYear;
  const perMin =
    p.gender === 'MALE'
      ? (-55.0969 + 0.6309 * s.avgHr + 0.1988 * p.weightKg + 0.2017 * age) / 4.184
      : (-20.4022 + 0.4472 * s.avgHr - 0.1263 * p.weightKg + 0.074 * age) / 4.184;
  return Math.round(Math.max(1.5, perMin * 0.85) * (s.durationSec / 60));
}

export function hrZoneBounds(hrMax: number): number[] {
  return [0.5, 0.6, 0.7, 0.8, 0.9, 1].map((f) => Math.round(hrMax * f));
}

const RPE = ['RPE_EASY', 'RPE_LIGHT', 'RPE_FAIRLY_BRISK', 'RPE_BRISK', 'RPE_MODERATE', 'RPE_FAIRLY_HARD', 'RPE_HARD', 'RPE_EXHAUSTING', 'RPE_EXTREME'];

function interpretation(ratio: number): string {
  return ratio < 0.5 ? 'VERY_LOW' : ratio < 0.8 ? 'LOW' : ratio < 1.25 ? 'MEDIUM' : ratio < 1.7 ? 'HIGH' : 'VERY_HIGH';
}

function fmt1(v: number): string {
  const t = Math.round(v * 10);
  const a = t < 0 ? -t : t;
  const s = `${Math.floor(a / 10)}.${a % 10}`;
  return t < 0 ? `-${s}` : s;
}

function exerciseId(ctx: Ctx, startEpoch: number): string {
  let h = ctx.streams.hash('exercise-id', startEpoch);
  let h2 = ctx.streams.hash('exercise-id2', startEpoch);
  let out = B62[1 + (h % 61)] as string;
  h = Math.floor(h / 61);
  for (let i = 0; i < 6; i++) {
    if (i < 3) {
      out += B62[h % 62] as string;
      h = Math.floor(h / 62);
    } else {
      out += B62[h2 % 62] as string;
      h2 = Math.floor(h2 / 62);
    }
  }
  return out;
}

export function exerciseRecord(ctx: Ctx, ld: LatentDay, s: Session): SimRecord {
  const startEpoch = midnightEpoch(ld.day, ld.offset) + s.startSec;
  const id = exerciseId(ctx, startEpoch);
  const r = ctx.streams.rng('exercise-upload', ld.day, s.index);
  const endEpoch = startEpoch + s.durationSec;
  const upload = Math.round(endEpoch + (r.chance(0.9) ? r.uniform(90, 40 * 60) : r.uniform(2 * 3600, 14 * 3600)));
  return makeRecord(ctx, id, ld.date, utcMillisZ(upload), () => exercisePayload(ctx, ld, s, id, startEpoch, upload));
}

const RATE = 5;

/**
 * Per-sample arrays reused from one exercise payload to the next: they never outlive the synchronous
 * build of one payload (only strings and plain objects are kept), and allocating typed arrays
 * (off-heap stores) dominated the cost of short builds. Views of exactly n elements.
 */
const scratch = { hr: new Float64Array(4096), out: new Int32Array(4096), speeds: new Float64Array(4096) };

function hrScratch(n: number): Float64Array {
  if (scratch.hr.length < n) scratch.hr = new Float64Array(n);
  return scratch.hr.subarray(0, n);
}
function outScratch(n: number): Int32Array {
  if (scratch.out.length < n) scratch.out = new Int32Array(n);
  return scratch.out.subarray(0, n);
}
/** Zero-filled, like a new array. */
function speedsScratch(n: number): Float64Array {
  if (scratch.speeds.length < n) scratch.speeds = new Float64Array(n);
  return scratch.speeds.subarray(0, n).fill(0);
}

/** Heart rate every 5 s: warm-up, session-specific target profile, first-order response, noise. */
function heartRateSeries(r: Rng, p: Profile, s: Session): Int32Array {
  const n = Math.floor(s.durationSec / RATE) + 1;
  const reserve = p.hrMax - p.rhr;
  const hr = hrScratch(n); // every element is assigned below
  let h = p.rhr + 25 + r.normal(0, 4);
  let workLeft = 0;
  let onWork = false;
  const warm = Math.min(480, s.durationSec * 0.2);
  const strength = s.sport.id === 'STRENGTH';
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const t = i * RATE;
    let target: number;
    if (s.kind === 'interval' && t > warm && t < s.durationSec * 0.85) {
      if (workLeft <= 0) {
        onWork = !onWork;
        workLeft = onWork ? r.int(150, 240) : r.int(90, 150);
      }
      workLeft -= RATE;
      target = onWork ? s.hrr + 0.15 : s.hrr - 0.13;
    } else if (strength) {
      if (workLeft <= 0) {
        onWork = !onWork;
        workLeft = onWork ? r.int(30, 60) : r.int(60, 120);
      }
      workLeft -= RATE;
      target = onWork ? s.hrr + 0.14 : s.hrr - 0.1;
    } else target = s.hrr + 0.05 * (t / s.durationSec - 0.5);
    if (t < warm) target = 0.3 + (target - 0.3) * (t / warm);
    h += (p.rhr + target * reserve - h) * 0.18 + r.normal(0, 1.1);
    hr[i] = h;
    mean += h;
  }
  // Shift so the session averages exactly the planned heart rate its training load was computed from.
  const shift = s.avgHr - mean / n;
  const out = outScratch(n); // every element is assigned below
  for (let i = 0; i < n; i++) out[i] = Math.round(clamp((hr[i] as number) + shift, 50, p.hrMax));
  return out;
}

function heartRateZones(hr: Int32Array, hrMax: number): JsonObject[] {
  const b = hrZoneBounds(hrMax);
  const inZone = [0, 0, 0, 0, 0];
  for (let i = 0; i < hr.length; i++) {
    const v = hr[i] as number;
    for (let z = 4; z >= 0; z--) {
      const lower = z === 0 ? (b[0] as number) : (b[z] as number) + 1;
      if (v >= lower && v <= (b[z + 1] as number)) {
        inZone[z] = (inZone[z] as number) + RATE;
        break;
      }
    }
  }
  return inZone.map((secs, z) => ({
    index: z,
    'lower-limit': z === 0 ? (b[0] as number) : (b[z] as number) + 1,
    'upper-limit': b[z + 1] as number,
    'in-zone': isoDuration(secs),
  }));
}

/** The PRNG draws of `hrSampleString` without building the string (summary payloads). */
function skipHrSampleString(r: Rng, n: number): void {
  r.skip(1);
  if (r.chance(0.03) && n > 40) r.skip(2);
}

function hrSampleString(r: Rng, hr: Int32Array): string {
  const n = hr.length;
  const parts: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = String(hr[i]);
  if (r.chance(0.5)) parts[0] = '0';
  if (r.chance(0.03) && n > 40) {
    const at = r.int(10, n - 30);
    const len = r.int(4, 20);
    for (let i = at; i < at + len; i++) parts[i] = 'null';
  }
  return parts.join(',');
}

interface Motion {
  speeds: Float64Array;
  distance: number;
  samples: { 'recording-rate': number; 'sample-type': string; data: string }[];
}

/** Speed and distance only, with the same PRNG draws as `motion` (summary payloads: no sample strings). */
function motionSummary(r: Rng, p: Profile, s: Session, hr: Int32Array): Motion {
  const n = hr.length;
  const sp = s.sport;
  const speeds = speedsScratch(n);
  if (sp.speed <= 0) return { speeds, distance: 0, samples: [] };
  const fit = p.vo2max / 50;
  const reserve = p.hrMax - p.rhr;
  let v = 0;
  let distance = 0;
  for (let i = 0; i < n; i++) {
    const hrr = ((hr[i] as number) - p.rhr) / reserve;
    const want = sp.speed * fit * clamp(0.75 + 0.9 * (hrr - 0.6), 0.4, 1.5);
    v += (want - v) * 0.3 + r.normal(0, sp.speed * 0.02);
    if (v < 0) v = 0;
    speeds[i] = v;
    if (i > 0) distance += (v * RATE) / 3.6;
  }
  // Altitude: one uniform, then one normal per sample.
  if (sp.outdoor) r.skip(1 + n);
  return { speeds, distance, samples: [] };
}

/** Speed, distance and (outdoors) altitude following the heart rate. */
function motion(r: Rng, p: Profile, s: Session, hr: Int32Array, altitude: number): Motion {
  const n = hr.length;
  const sp = s.sport;
  const speeds = speedsScratch(n);
  const samples: Motion['samples'] = [];
  if (sp.speed <= 0) return { speeds, distance: 0, samples };
  const fit = p.vo2max / 50;
  const reserve = p.hrMax - p.rhr;
  const dist: string[] = new Array<string>(n);
  const spd: string[] = new Array<string>(n);
  let v = 0;
  let distance = 0;
  for (let i = 0; i < n; i++) {
    const hrr = ((hr[i] as number) - p.rhr) / reserve;
    const want = sp.speed * fit * clamp(0.75 + 0.9 * (hrr - 0.6), 0.4, 1.5);
    v += (want - v) * 0.3 + r.normal(0, sp.speed * 0.02);
    if (v < 0) v = 0;
    speeds[i] = v;
    if (i > 0) distance += (v * RATE) / 3.6;
    spd[i] = fmt1(v);
    dist[i] = fmt1(distance);
  }
  samples.push({ 'recording-rate': RATE, 'sample-type': '1', data: spd.join(',') });
  if (sp.outdoor) {
    const alt: string[] = new Array<string>(n);
    let a = altitude + r.uniform(-5, 25);
    let slope = 0;
    for (let i = 0; i < n; i++) {
      slope = 0.97 * slope + r.normal(0, 0.02);
      a = Math.max(-10, a + slope);
      alt[i] = fmt1(a);
    }
    samples.push({ 'recording-rate': RATE, 'sample-type': '3', data: alt.join(',') });
  }
  samples.push({ 'recording-rate': RATE, 'sample-type': '10', data: dist.join(',') });
  return { speeds, distance, samples };
}

function powerSamples(r: Rng, p: Profile, hr: Int32Array): { 'recording-rate': number; 'sample-type': string; data: string }[] {
  const n = hr.length;
  const ftp = p.weightKg * (2 + 2 * (p.vo2max / 60));
  const reserve = p.hrMax - p.rhr;
  const pw: string[] = new Array<string>(n);
  const cad: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const hrr = ((hr[i] as number) - p.rhr) / reserve;
    pw[i] = String(Math.max(0, Math.round(ftp * clamp(0.3 + 0.9 * (hrr - 0.4), 0.1, 1.4) + r.normal(0, 15))));
    cad[i] = String(Math.max(0, Math.round(85 + r.normal(0, 5))));
  }
  return [
    { 'recording-rate': RATE, 'sample-type': '2', data: cad.join(',') },
    { 'recording-rate': RATE, 'sample-type': '4', data: pw.join(',') },
  ];
}

/** The PRNG draws of `route` without building it: three to start, then per fix a millisecond
 *  offset (all but the first), a heading step, satellites and fix type. */
function skipRoute(r: Rng, durationSec: number): void {
  let fixes = 0;
  for (let t = 0; t <= durationSec; t += 60) fixes++;
  r.skip(3 + 4 * fixes - 1);
}

/** GPS fix every ~60 s along a wandering heading, advanced by the speed samples. */
function route(r: Rng, ld: LatentDay, durationSec: number, speeds: Float64Array): JsonObject[] {
  const out: JsonObject[] = [];
  const n = speeds.length;
  let lat = ld.city.lat + r.uniform(-0.03, 0.03);
  let lon = ld.city.lon + r.uniform(-0.03, 0.03);
  let heading = r.uniform(0, 2 * Math.PI);
  let lastIdx = 0;
  for (let t = 0; t <= durationSec; t += 60) {
    const tt = t === 0 ? 0 : t + r.int(0, 999) / 1000;
    const idx = Math.min(n - 1, Math.floor(t / RATE));
    let meters = 0;
    for (let i = lastIdx + 1; i <= idx; i++) meters += ((speeds[i] as number) * RATE) / 3.6;
    lastIdx = idx;
    heading += r.normal(0, 0.35);
    lat += (meters * Math.cos(heading)) / 111_320;
    lon += (meters * Math.sin(heading)) / (111_320 * Math.cos((lat * Math.PI) / 180));
    out.push({
      latitude: Math.round(lat * 1e8) / 1e8,
      longitude: Math.round(lon * 1e8) / 1e8,
      time: isoDuration(tt, true),
      satellites: r.int(7, 14),
      fix: r.chance(0.97) ? 3 : 2,
    });
  }
  return out;
}

function exercisePayload(ctx: Ctx, ld: LatentDay, s: Session, id: string, startEpoch: number, upload: number): JsonObject {
  const p = ctx.profile;
  const r = ctx.streams.rng('exercise', ld.day, s.index);
  const sp = s.sport;
  const hr = heartRateSeries(r, p, s);
  let sum = 0;
  let maxHr = 0;
  for (let i = 0; i < hr.length; i++) {
    const v = hr[i] as number;
    sum += v;
    if (v > maxHr) maxHr = v;
  }
  const zones = heartRateZones(hr, p.hrMax);
  // Summary payloads (no `samples`/`route`) make the same PRNG draws, so every other field is identical.
  const full = !ctx.summaryOnly;
  const samples: Motion['samples'] = [];
  if (full) samples.push({ 'recording-rate': RATE, 'sample-type': '0', data: hrSampleString(r, hr) });
  else skipHrSampleString(r, hr.length);
  const mo = full ? motion(r, p, s, hr, ld.city.altitude) : motionSummary(r, p, s, hr);
  samples.push(...mo.samples);
  const power = p.hasPowerMeter && (sp.id === 'ROAD_BIKE' || sp.id === 'INDOOR_BIKE');
  if (power) {
    if (full) samples.push(...powerSamples(r, p, hr));
    else r.skip(2 * hr.length);
  }
  const hasRoute = sp.outdoor && !r.chance(0.03);
  let path: JsonObject[] = [];
  if (hasRoute) {
    if (full) path = route(r, ld, s.durationSec, mo.speeds);
    else skipRoute(r, s.durationSec);
  }

  const ratio = s.load / Math.max(p.typicalSessionLoad, 1);
  const rated = p.ratesRpe > 0 && r.chance(p.ratesRpe);
  const rpeIdx = clamp(Math.round(1 + 8 * s.hrr + r.normal(0, 0.8)) - 1, 0, 8);
  const perceived = rated ? round1((rpeIdx + 1) * (s.durationSec / 60)) : -1.0;
  const muscle = power ? round1(s.load * r.uniform(0.7, 1.1)) : -1.0;
  const fat = Math.round(clamp(72 - 58 * s.hrr + r.normal(0, 3), 8, 80));
  const protein = r.int(2, 4);

  const payload: JsonObject = {
    id,
    upload_time: utcMillisZ(upload),
    polar_user: ctx.userUrl,
    device: p.device.name,
    device_id: p.deviceId,
    start_time: dateTime(startEpoch, ld.offset),
    start_time_utc_offset: ld.offset,
    duration: isoDuration(s.durationSec),
    calories: sessionCalories(p, s),
  };
  if (sp.hasDistance) payload['distance'] = round1(mo.distance > 0 ? mo.distance : (sp.speed * s.durationSec) / 3.6);
  payload['heart_rate'] = { average: Math.round(sum / hr.length), maximum: maxHr };
  payload['training_load'] = s.load;
  payload['sport'] = sp.sport;
  payload['has_route'] = hasRoute;
  payload['detailed_sport_info'] = sp.detailed;
  payload['fat_percentage'] = fat;
  payload['carbohydrate_percentage'] = 100 - fat - protein;
  payload['protein_percentage'] = protein;
  if (sp.id === 'RUN') payload['running-index'] = Math.round(p.vo2max * r.uniform(0.93, 1.0) - 3 * (ld.atl > ld.ctl * 1.2 ? 1 : 0));
  payload['heart_rate_zones'] = zones;
  if (full) {
    payload['samples'] = samples;
    if (hasRoute) payload['route'] = path;
  }
  payload['training_load_pro'] = {
    date: ld.date,
    'cardio-load': s.load,
    'muscle-load': muscle,
    'perceived-load': perceived,
    'cardio-load-interpretation': interpretation(ratio),
    'muscle-load-interpretation': power ? interpretation(ratio) : 'NOT_AVAILABLE',
    'perceived-load-interpretation': rated ? interpretation(perceived / Math.max(1, 5 * p.sessionMinutes)) : 'NOT_AVAILABLE',
    'user-rpe': rated ? RPE[rpeIdx] : 'UNKNOWN',
  };
  return payload;
}
