// Latent day-by-day state of one user, simulated from a fixed epoch so that the state on any
// date (and hence every record) is independent of the requested range.
import type { Rng, Streams } from './prng.js';
import { CITIES, SPORTS, trimp, type City, type DstRule, type Profile, type Sport, type SportId } from './profile.js';
import { civilFromDays, clamp, isoDate, lastSundayOf, nthSundayOf, round1, weekday } from './time.js';

export type SessionKind = 'easy' | 'tempo' | 'interval' | 'long' | 'steady';

export interface Session {
  index: number;
  sport: Sport;
  kind: SessionKind;
  /** Local seconds since midnight of the day. */
  startSec: number;
  durationSec: number;
  /** Mean heart-rate reserve fraction. */
  hrr: number;
  avgHr: number;
  load: number;
}

export interface NightPlan {
  /** Sleep start/end in seconds relative to local midnight of the wake day (start < 0 = previous evening). */
  startSec: number;
  endSec: number;
  quality: number;
  broken: boolean;
  worn: boolean;
}

export interface LatentDay {
  day: number;
  date: string;
  dow: number;
  offset: number;
  city: City;
  travelling: boolean;
  jetlag: number;
  /** Illness effect on this date (0 = healthy); `ill` marks the truth episode days. */
  ill: boolean;
  illness: number;
  recovery: number;
  noData: boolean;
  night: NightPlan;
  sessions: Session[];
  load: number;
  ctl: number;
  atl: number;
  hrv: number;
  rhr: number;
  breathing: number;
  tempDev: number;
  stepsFactor: number;
  alcohol: boolean;
}

export interface PhysicalUpdate {
  epochSec: number;
  day: number;
  weight: number;
  vo2max: number;
  rhr: number;
  hrMax: number;
}

export interface Timeline {
  startDay: number;
  days: LatentDay[];
  episodes: { start: number; end: number }[];
  physical: PhysicalUpdate[];
  get(day: number): LatentDay;
}

function dstActive(rule: DstRule, day: number): boolean {
  if (rule === 'NONE') return false;
  const [y] = civilFromDays(day);
  if (rule === 'EU') return day >= lastSundayOf(y, 3) && day < lastSundayOf(y, 10);
  if (rule === 'US') return day >= nthSundayOf(y, 3, 2) && day < nthSundayOf(y, 11, 1);
  return !(day >= nthSundayOf(y, 4, 1) && day < nthSundayOf(y, 10, 1));
}

export function cityOffset(city: City, day: number): number {
  return city.stdOffset + (dstActive(city.dst, day) ? 60 : 0);
}

function pickSport(r: Rng, p: Profile, day: number): Sport {
  const [, month] = civilFromDays(day);
  const winter = p.home.lat > 0 ? month <= 3 || month >= 11 : month >= 5 && month <= 9;
  const items: [SportId, number][] = p.sports.map(([id, w]) => {
    let weight = w;
    if (id === 'XC_SKI') weight = winter && p.home.snowy ? w * 2 : 0;
    if (winter && p.home.snowy && (id === 'ROAD_BIKE' || id === 'HIKE')) weight *= 0.2;
    if (winter && (id === 'INDOOR_BIKE' || id === 'TREADMILL')) weight *= 2;
    return [id, weight];
  });
  return SPORTS[r.weighted(items)];
}

function planSession(r: Rng, p: Profile, day: number, dow: number, index: number, wakeSec: number, bedSec: number, blockFactor: number): Session {
  const sport = pickSport(r, p, day);
  const weekend = dow >= 5;
  let kind: SessionKind;
  let hrr: number;
  let minutes: number;
  if (sport.endurance) {
    kind = dow === p.longDay && index === 0 ? 'long' : r.weighted([['easy', 55], ['tempo', 20], ['interval', 15], ['steady', 10]] as const);
    hrr =
      kind === 'easy' ? r.uniform(0.55, 0.65)
      : kind === 'long' ? r.uniform(0.6, 0.68)
      : kind === 'tempo' ? r.uniform(0.74, 0.82)
      : kind === 'interval' ? r.uniform(0.7, 0.78)
      : r.uniform(0.64, 0.72);
    const f = kind === 'long' ? 1.8 : kind === 'interval' ? 0.95 : kind === 'tempo' ? 0.8 : 0.95;
    minutes = p.sessionMinutes * f * Math.sqrt(blockFactor) * clamp(r.normal(1, 0.15), 0.6, 1.5);
    if (sport.id === 'ROAD_BIKE' || sport.id === 'XC_SKI') minutes *= 1.35;
    if (sport.id === 'SWIM') minutes *= 0.8;
  } else {
    kind = 'steady';
    hrr =
      sport.id === 'STRENGTH' ? r.uniform(0.35, 0.5)
      : sport.id === 'YOGA' ? r.uniform(0.15, 0.25)
      : sport.id === 'HIKE' ? r.uniform(0.38, 0.5)
      : r.uniform(0.28, 0.4);
    minutes =
      sport.id === 'HIKE' ? r.uniform(90, 240)
      : sport.id === 'WALK' ? r.uniform(30, 75)
      : sport.id === 'YOGA' ? r.uniform(30, 60)
      : r.uniform(35, 65);
  }
  const durationSec = Math.round(clamp(minutes, 15, 300) * 60 + r.int(0, 59));
  let startMin: number;
  if (index > 0) startMin = r.uniform(17 * 60, 19.5 * 60);
  else if (weekend || kind === 'long') startMin = r.uniform(8.5 * 60, 11.5 * 60);
  else if (p.prefersMorning) startMin = r.uniform(6 * 60, 7.5 * 60);
  else startMin = r.weighted([[r.uniform(17 * 60, 19.5 * 60), 8], [r.uniform(11.5 * 60, 13 * 60), 2]] as const);
  let startSec = Math.round(startMin * 60) + r.int(0, 59);
  startSec = Math.max(startSec, wakeSec + 25 * 60);
  if (startSec + durationSec > bedSec - 45 * 60) startSec = Math.max(wakeSec + 25 * 60, bedSec - 45 * 60 - durationSec);
  const avgHr = Math.round(p.rhr + hrr * (p.hrMax - p.rhr));
  const realHrr = (avgHr - p.rhr) / (p.hrMax - p.rhr);
  const load = round1(trimp(durationSec / 60, realHrr, p.gender));
  return { index, sport, kind, startSec, durationSec, hrr: realHrr, avgHr, load };
}

const DOW_TRAINING = [1.0, 0.9, 1.1, 0.8, 0.7, 1.2, 1.3];

export function simulateTimeline(streams: Streams, p: Profile, startDay: number, endDay: number): Timeline {
  const days: LatentDay[] = [];
  const episodes: { start: number; end: number }[] = [];
  const physical: PhysicalUpdate[] = [];

  let travelLeft = 0;
  let dest: City = p.home;
  let illLeft = 0;
  let illLen = 0;
  let illSev = 0;
  let illCooldown = 0;
  let recoveryLeft = 0;
  let noDataLeft = 0;
  let breakLeft = 0;
  let jet = 0;
  let prevOffset = cityOffset(p.home, startDay - 1);
  let ctl = p.typicalDailyLoad;
  let atl = p.typicalDailyLoad;
  let hrvAr = 0;
  let rhrAr = 0;
  let tempAr = 0;
  let prevLoad = 0;
  let weight = p.weightKg;
  let nextPhysDay = startDay;

  for (let day = startDay; day <= endDay; day++) {
    const r = streams.rng('latent', day);
    const dow = weekday(day);
    const [, month] = civilFromDays(day);

    // Travel: a few trips a year, 3-14 days, to another time zone (or same zone, short trips).
    if (travelLeft > 0) travelLeft--;
    if (travelLeft === 0) dest = p.home;
    if (travelLeft === 0 && illLeft === 0 && r.chance(3.5 / 365)) {
      travelLeft = r.int(3, 14);
      dest = r.pick(CITIES.filter((c) => c !== p.home));
    }
    const city = travelLeft > 0 ? dest : p.home;
    const offset = cityOffset(city, day);
    if (offset !== prevOffset) jet = Math.max(jet, clamp(Math.abs(offset - prevOffset) / 360, 0, 1));
    else jet *= 0.6;
    if (jet < 0.05) jet = 0;
    prevOffset = offset;

    // Illness: 3-7 day episodes, more likely in winter, when travelling and when overreaching.
    let ill = false;
    let illness = 0;
    if (illLeft === 0 && illCooldown === 0) {
      const winter = p.home.lat > 0 ? month <= 3 || month >= 11 : month >= 5 && month <= 9;
      const overload = Math.max(0, atl / Math.max(ctl, 10) - 1.3);
      const prob = (2.2 / 365) * (winter ? 1.5 : 0.8) * (travelLeft > 0 ? 1.5 : 1) * (1 + 2 * overload);
      if (r.chance(prob)) {
        illLen = r.int(3, 7);
        illLeft = illLen;
        illSev = r.uniform(0.5, 1);
        episodes.push({ start: day, end: day + illLen - 1 });
      }
    }
    if (illLeft > 0) {
      const k = illLen - illLeft;
      ill = true;
      illness = illSev * (k === 0 ? 0.75 : k >= illLen - 1 && illLen > 3 ? 0.7 : 1);
      illLeft--;
      if (illLeft === 0) {
        recoveryLeft = 3;
        illCooldown = 21;
      }
    } else if (illCooldown > 0) illCooldown--;
    let recovery = 0;
    if (!ill && recoveryLeft > 0) {
      recovery = recoveryLeft / 4;
      recoveryLeft--;
    }

    // Days without any data (watch left at home / flat battery) and unworn nights.
    if (noDataLeft > 0) noDataLeft--;
    else if (r.chance(1.8 / 365)) noDataLeft = r.int(1, 3);
    const noData = noDataLeft > 0;

    // Night ending on this day.
    const weekendNight = dow === 5 || dow === 6;
    const jetShift = jet * (r.chance(0.5) ? 1 : -1) * 50;
    const bedMin =
      p.bedtimeMin + (weekendNight ? p.weekendBedShift : 0) + r.normal(0, 22) - 35 * illness + jetShift - (dow === 0 ? 10 : 0);
    let wakeMin = p.wakeMin + (weekendNight ? p.weekendWakeShift : 0) + r.normal(0, 18) + 70 * illness + jetShift * 0.5;
    const latency = r.uniform(4, 22) + 20 * jet;
    let startMin = bedMin + latency;
    if (wakeMin - startMin < 200) wakeMin = startMin + 200 + r.uniform(0, 60);
    if (wakeMin - startMin > 660) wakeMin = startMin + 660;
    const alcohol = weekendNight && r.chance(0.22);
    const quality = clamp(
      p.sleepQuality + r.normal(0, 0.09) - 0.3 * illness - 0.15 * jet - (alcohol ? 0.1 : 0) - (travelLeft > 0 ? 0.04 : 0),
      0.05,
      1,
    );
    const broken = r.chance(0.01 + 0.06 * illness + 0.03 * jet);
    const nightWorn = !noData && !r.chance(0.022);
    startMin = Math.round(startMin * 60) / 60;
    const night: NightPlan = {
      startSec: Math.round(startMin * 60) + r.int(0, 59),
      endSec: Math.round(wakeMin * 60) + r.int(0, 59),
      quality,
      broken,
      worn: nightWorn,
    };

    // Training: 3 build weeks and 1 easy week, occasional breaks, nothing while ill.
    const block = Math.floor((day + p.blockPhase) / 7) % 4;
    const blockFactor = block === 3 ? 0.6 : 0.9 + 0.12 * block;
    if (breakLeft > 0) breakLeft--;
    else if (r.chance(1.2 / 365)) breakLeft = r.int(5, 14);
    const sessions: Session[] = [];
    if (!ill && !noData) {
      let pTrain = (p.sessionsPerWeek / 7) * (DOW_TRAINING[dow] ?? 1) * blockFactor;
      if (travelLeft > 0) pTrain *= 0.5;
      if (recovery > 0) pTrain *= 0.4;
      if (breakLeft > 0) pTrain *= 0.15;
      if (r.chance(Math.min(0.95, pTrain))) {
        const bedNext = 24 * 3600 + p.bedtimeMin * 60;
        sessions.push(planSession(r, p, day, dow, 0, night.endSec, bedNext, blockFactor));
        if (pTrain > 0.75 && r.chance((pTrain - 0.75) * 1.5)) {
          const s2 = planSession(r, p, day, dow, 1, night.endSec, bedNext, blockFactor);
          const first = sessions[0] as Session;
          if (s2.startSec > first.startSec + first.durationSec + 3600) sessions.push(s2);
        }
      }
    }
    let load = 0;
    for (const s of sessions) load += s.load;
    load = round1(load);
    ctl += (load - ctl) / 42;
    atl += (load - atl) / 7;

    // Physiology of the night ending today (baseline × slow fitness × acute fatigue × illness).
    hrvAr = 0.72 * hrvAr + r.normal(0, 0.085);
    rhrAr = 0.75 * rhrAr + r.normal(0, 1.0);
    tempAr = 0.5 * tempAr + r.normal(0, 0.08);
    const fitnessEffect = clamp((ctl - p.typicalDailyLoad) / Math.max(p.typicalDailyLoad, 10), -0.6, 0.6);
    const fatigue = clamp((atl - ctl) / Math.max(ctl, 15), -0.5, 1.5);
    const prevHeavy = Math.min(1, prevLoad / 150);
    const illDrop = illness > 0 ? (0.25 + 0.15 * ((illSev - 0.5) / 0.5)) * (illness / illSev) : 0;
    const lnHrv =
      Math.log(p.hrvBase) + hrvAr + 0.08 * fitnessEffect - 0.1 * fatigue - 0.05 * prevHeavy - (alcohol ? 0.14 : 0) - 0.1 * jet;
    const hrv = Math.exp(lnHrv) * (1 - clamp(illDrop, 0, 0.45)) * (1 - 0.1 * recovery);
    const rhr =
      p.rhr + rhrAr - 2 * fitnessEffect + 2.5 * fatigue + 1.2 * prevHeavy + (alcohol ? 3 : 0) + 2 * jet +
      (illness > 0 ? (5 + 5 * illSev) * (illness / illSev) : 0) + 2 * recovery;
    const breathing = p.breathingBase + r.normal(0, 0.25) + 1.4 * illness;
    let tempDev = tempAr + 0.12 * recovery + (illness > 0 ? (0.5 + 0.5 * illSev) * (illness / illSev) : 0);
    if (p.cycleLength > 0) {
      const phase = (day + p.cyclePhase) % p.cycleLength;
      if (phase >= p.cycleLength / 2) tempDev += 0.28;
    }

    const stepsFactor =
      Math.exp(r.normal(0, 0.2)) * (dow >= 5 ? p.weekendStepsFactor : 1) * (ill ? 0.35 : 1) * (1 - 0.4 * recovery) *
      (travelLeft > 0 ? 1.1 : 1);

    days.push({
      day,
      date: isoDate(day),
      dow,
      offset,
      city,
      travelling: travelLeft > 0,
      jetlag: jet,
      ill,
      illness,
      recovery,
      noData,
      night,
      sessions,
      load,
      ctl,
      atl,
      hrv,
      rhr,
      breathing,
      tempDev,
      stepsFactor,
      alcohol,
    });
    prevLoad = load;

    if (day >= nextPhysDay) {
      const pr = streams.rng('physical', day);
      weight = round1(clamp(weight + pr.normal(0, 0.9) + 0.15 * (p.weightKg - weight), p.weightKg - 8, p.weightKg + 8));
      const vo2 = Math.round(p.vo2max + 4 * fitnessEffect + pr.normal(0, 1));
      const restHr = Math.round(p.rhr - 2 * fitnessEffect + pr.normal(0, 1));
      const evening = (18 + pr.uniform(0, 4)) * 3600;
      physical.push({
        day,
        epochSec: day * 86400 + Math.round(evening) - offset * 60,
        weight,
        vo2max: vo2,
        rhr: restHr,
        hrMax: p.hrMax,
      });
      nextPhysDay = day + pr.int(45, 150);
    }
  }

  return {
    startDay,
    days,
    episodes,
    physical,
    get(day: number): LatentDay {
      const d = days[day - startDay];
      if (!d) throw new RangeError(`day ${day} outside simulated timeline`);
      return d;
    },
  };
}
