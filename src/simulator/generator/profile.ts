import { Rng, Streams } from './prng.js';
import { clamp, daysFromCivil, isoDate, round1 } from './time.js';

export type DstRule = 'EU' | 'US' | 'AU' | 'NONE';

export interface City {
  name: string;
  lat: number;
  lon: number;
  altitude: number;
  stdOffset: number;
  dst: DstRule;
  snowy: boolean;
}

export const CITIES: readonly City[] = [
  { name: 'Helsinki', lat: 60.1699, lon: 24.9384, altitude: 15, stdOffset: 120, dst: 'EU', snowy: true },
  { name: 'Oslo', lat: 59.9139, lon: 10.7522, altitude: 23, stdOffset: 60, dst: 'EU', snowy: true },
  { name: 'Berlin', lat: 52.52, lon: 13.405, altitude: 34, stdOffset: 60, dst: 'EU', snowy: false },
  { name: 'London', lat: 51.5072, lon: -0.1276, altitude: 11, stdOffset: 0, dst: 'EU', snowy: false },
  { name: 'Madrid', lat: 40.4168, lon: -3.7038, altitude: 657, stdOffset: 60, dst: 'EU', snowy: false },
  { name: 'New York', lat: 40.7128, lon: -74.006, altitude: 10, stdOffset: -300, dst: 'US', snowy: false },
  { name: 'Toronto', lat: 43.6532, lon: -79.3832, altitude: 76, stdOffset: -300, dst: 'US', snowy: true },
  { name: 'Denver', lat: 39.7392, lon: -104.9903, altitude: 1609, stdOffset: -420, dst: 'US', snowy: true },
  { name: 'San Francisco', lat: 37.7749, lon: -122.4194, altitude: 16, stdOffset: -480, dst: 'US', snowy: false },
  { name: 'Sydney', lat: -33.8688, lon: 151.2093, altitude: 58, stdOffset: 600, dst: 'AU', snowy: false },
  { name: 'Tokyo', lat: 35.6762, lon: 139.6503, altitude: 40, stdOffset: 540, dst: 'NONE', snowy: false },
  { name: 'Singapore', lat: 1.3521, lon: 103.8198, altitude: 15, stdOffset: 480, dst: 'NONE', snowy: false },
  { name: 'Sao Paulo', lat: -23.5505, lon: -46.6333, altitude: 760, stdOffset: -180, dst: 'NONE', snowy: false },
];

const HOME_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 5], [1, 2], [2, 4], [3, 3], [4, 2], [5, 3], [6, 1], [7, 1], [8, 2], [9, 1], [10, 1], [11, 0.5], [12, 0.5],
];

export interface Device {
  name: string;
  /** Elixir biosensing: body/skin temperature, skin contacts. */
  elixir: boolean;
  ecg: boolean;
  spo2: boolean;
}

const DEVICES: readonly (readonly [Device, number])[] = [
  [{ name: 'Polar Vantage V3', elixir: true, ecg: true, spo2: true }, 5],
  [{ name: 'Polar Grit X2 Pro', elixir: true, ecg: true, spo2: true }, 3],
  [{ name: 'Polar Ignite 3', elixir: true, ecg: false, spo2: false }, 1.5],
  [{ name: 'Polar Pacer Pro', elixir: false, ecg: false, spo2: false }, 0.5],
];

export type SportId =
  | 'RUN'
  | 'TREADMILL'
  | 'ROAD_BIKE'
  | 'INDOOR_BIKE'
  | 'SWIM'
  | 'STRENGTH'
  | 'WALK'
  | 'HIKE'
  | 'XC_SKI'
  | 'YOGA';

export interface Sport {
  id: SportId;
  sport: string;
  detailed: string;
  outdoor: boolean;
  hasDistance: boolean;
  /** Steps per minute while doing it (0 = wrist does not count steps). */
  cadence: number;
  /** Typical speed km/h at a moderate effort (0 = no speed sensor data). */
  speed: number;
  /** Intensity class: endurance sports follow the session kind, others have fixed effort. */
  endurance: boolean;
}

export const SPORTS: Record<SportId, Sport> = {
  RUN: { id: 'RUN', sport: 'RUNNING', detailed: 'RUNNING', outdoor: true, hasDistance: true, cadence: 166, speed: 10.5, endurance: true },
  TREADMILL: { id: 'TREADMILL', sport: 'RUNNING', detailed: 'TREADMILL_RUNNING', outdoor: false, hasDistance: true, cadence: 168, speed: 10.5, endurance: true },
  ROAD_BIKE: { id: 'ROAD_BIKE', sport: 'CYCLING', detailed: 'ROAD_BIKING', outdoor: true, hasDistance: true, cadence: 0, speed: 27, endurance: true },
  INDOOR_BIKE: { id: 'INDOOR_BIKE', sport: 'CYCLING', detailed: 'INDOOR_CYCLING', outdoor: false, hasDistance: false, cadence: 0, speed: 0, endurance: true },
  SWIM: { id: 'SWIM', sport: 'SWIMMING', detailed: 'POOL_SWIMMING', outdoor: false, hasDistance: true, cadence: 0, speed: 2.6, endurance: true },
  STRENGTH: { id: 'STRENGTH', sport: 'OTHER', detailed: 'STRENGTH_TRAINING', outdoor: false, hasDistance: false, cadence: 4, speed: 0, endurance: false },
  WALK: { id: 'WALK', sport: 'OTHER', detailed: 'WALKING', outdoor: true, hasDistance: true, cadence: 112, speed: 5.4, endurance: false },
  HIKE: { id: 'HIKE', sport: 'OTHER', detailed: 'HIKING', outdoor: true, hasDistance: true, cadence: 98, speed: 4.3, endurance: false },
  XC_SKI: { id: 'XC_SKI', sport: 'OTHER', detailed: 'XC_SKIING_CLASSIC', outdoor: true, hasDistance: true, cadence: 0, speed: 11, endurance: true },
  YOGA: { id: 'YOGA', sport: 'OTHER', detailed: 'YOGA', outdoor: false, hasDistance: false, cadence: 0, speed: 0, endurance: false },
};

const FIRST_MALE = ['Mikko', 'Jari', 'Lars', 'Jonas', 'Lukas', 'James', 'Oliver', 'Carlos', 'Daniel', 'Kenji', 'Ethan', 'Matteo', 'Antti', 'Henrik', 'Noah', 'Pablo'];
const FIRST_FEMALE = ['Anna', 'Laura', 'Sofia', 'Emma', 'Aino', 'Ingrid', 'Charlotte', 'Lucia', 'Maria', 'Yuki', 'Olivia', 'Hanna', 'Julia', 'Elena', 'Sara', 'Chloe'];
const LAST = ['Virtanen', 'Korhonen', 'Nieminen', 'Hansen', 'Johansson', 'Schmidt', 'Muller', 'Smith', 'Brown', 'Garcia', 'Martinez', 'Tanaka', 'Wilson', 'Rossi', 'Lehtonen', 'Moreau', 'Silva', 'Novak'];

export interface Profile {
  polarUserId: number;
  firstName: string;
  lastName: string;
  gender: 'MALE' | 'FEMALE';
  birthdate: string;
  birthYear: number;
  heightCm: number;
  weightKg: number;
  hrMax: number;
  rhr: number;
  hrvBase: number;
  breathingBase: number;
  skinTempBase: number;
  vo2max: number;
  home: City;
  device: Device;
  deviceId: string;
  /** Habitual sleep onset and wake, minutes from local midnight of the wake day (bedtime < 0 = before midnight). */
  bedtimeMin: number;
  wakeMin: number;
  weekendBedShift: number;
  weekendWakeShift: number;
  sleepGoalSec: number;
  sleepQuality: number;
  stepsBase: number;
  weekendStepsFactor: number;
  commutes: boolean;
  trainingBackground: string;
  typicalDay: string;
  sessionsPerWeek: number;
  sessionMinutes: number;
  longDay: number;
  sports: readonly (readonly [SportId, number])[];
  prefersMorning: boolean;
  hasPowerMeter: boolean;
  ratesRpe: number;
  ecgPerDay: number;
  spo2PerDay: number;
  /** Menstrual cycle (days) or 0. */
  cycleLength: number;
  cyclePhase: number;
  blockPhase: number;
  /** Typical session load, used for Training Load Pro interpretations. */
  typicalSessionLoad: number;
  typicalDailyLoad: number;
  /** Day (days since epoch) the Polar account was created. */
  accountCreatedDay: number;
}

const ID_MODULUS = 89_999_963; // prime, so the id map is injective over userIndex < modulus

export function trimp(durationMin: number, hrr: number, gender: 'MALE' | 'FEMALE'): number {
  const k = gender === 'MALE' ? 0.64 * Math.exp(1.92 * hrr) : 0.86 * Math.exp(1.67 * hrr);
  // Scaled so that a 52-min run at 72 % HRR lands near Polar's cardio load (~118).
  return 1.25 * durationMin * hrr * k;
}

export function makeProfile(streams: Streams, userIndex: number, epochDay: number): Profile {
  const r: Rng = streams.rng('profile');
  const seedPart = streams.hash('user-id-offset') % ID_MODULUS;
  const polarUserId = 10_000_000 + ((seedPart + ((userIndex % ID_MODULUS) * 7_919) % ID_MODULUS) % ID_MODULUS);
  const gender = r.chance(0.58) ? 'MALE' : 'FEMALE';
  const firstName = r.pick(gender === 'MALE' ? FIRST_MALE : FIRST_FEMALE);
  const lastName = r.pick(LAST);
  const birthYear = r.int(1962, 2001);
  const birthDay = daysFromCivil(birthYear, 1, 1) + r.int(0, 364);
  const age = 2022 - birthYear;
  const heightCm = round1(gender === 'MALE' ? r.normal(179, 7) : r.normal(166, 6.5));
  const bmi = clamp(r.normal(23.8, 2.6), 19, 31);
  const weightKg = round1(bmi * (heightCm / 100) ** 2);
  const fitness = clamp(r.normal(0.55, 0.2), 0.1, 1); // 0 sedentary … 1 very fit
  const hrMax = Math.round(clamp(208 - 0.7 * age + r.normal(0, 6), 160, 205));
  const rhr = Math.round(clamp(66 - 18 * fitness + r.normal(0, 4), 40, 75));
  const hrvBase = Math.round(clamp(Math.exp(r.normal(Math.log(62) - 0.018 * (age - 30) + 0.35 * (fitness - 0.5), 0.25)), 18, 140));
  const vo2max = Math.round(clamp((gender === 'MALE' ? 38 : 33) + 22 * fitness - 0.2 * (age - 30) + r.normal(0, 2.5), 25, 72));
  const home = (CITIES[r.weighted(HOME_WEIGHTS)] ?? CITIES[0]) as City;
  const device = r.weighted(DEVICES);
  const deviceId = (streams.hash('device-id') >>> 0).toString(16).toUpperCase().padStart(8, '0');

  const bedtimeMin = Math.round(r.normal(-50, 40)); // ~23:10
  const sleepNeed = clamp(r.normal(7.4, 0.45), 6.3, 8.6) * 60;
  const wakeMin = Math.round(bedtimeMin + sleepNeed + 15);
  const weekendBedShift = r.uniform(15, 60);
  const sleepGoalSec = r.pick([7 * 3600, 7.5 * 3600, 8 * 3600, 8 * 3600, 8.5 * 3600]);

  const sessionsPerWeek = clamp(1 + 6 * fitness + r.normal(0, 0.8), 0.8, 8);
  const sessionMinutes = clamp(r.normal(45 + 20 * fitness, 10), 25, 90);
  const runner = r.chance(0.65);
  const cyclist = r.chance(0.4);
  const swimmer = r.chance(0.2);
  const lifter = r.chance(0.55);
  const sports: [SportId, number][] = [];
  if (runner) sports.push(['RUN', 5], ['TREADMILL', 0.6]);
  if (cyclist) sports.push(['ROAD_BIKE', 3], ['INDOOR_BIKE', 1.2]);
  if (swimmer) sports.push(['SWIM', 1.5]);
  if (lifter) sports.push(['STRENGTH', 2]);
  if (home.snowy && r.chance(0.5)) sports.push(['XC_SKI', 2]);
  sports.push(['WALK', runner || cyclist ? 0.8 : 3], ['HIKE', 0.4], ['YOGA', r.chance(0.3) ? 1 : 0.1]);

  const typicalHrr = 0.66;
  const typicalSessionLoad = trimp(sessionMinutes, typicalHrr, gender);
  const trainingBackground =
    sessionsPerWeek < 2 ? 'OCCASIONAL' : sessionsPerWeek < 3.5 ? 'REGULAR' : sessionsPerWeek < 5 ? 'FREQUENT' : sessionsPerWeek < 6.5 ? 'HEAVY' : 'SEMI_PRO';
  return {
    polarUserId,
    firstName,
    lastName,
    gender,
    birthdate: isoDate(birthDay),
    birthYear,
    heightCm,
    weightKg,
    hrMax,
    rhr,
    hrvBase,
    breathingBase: round1(clamp(r.normal(14.2, 1.3), 11, 18)),
    skinTempBase: Math.round(clamp(r.normal(34.2, 0.4), 33.2, 35.2) * 100) / 100,
    vo2max,
    home,
    device,
    deviceId,
    bedtimeMin,
    wakeMin,
    weekendBedShift,
    weekendWakeShift: weekendBedShift + r.uniform(25, 60),
    sleepGoalSec,
    sleepQuality: clamp(r.normal(0.68, 0.1), 0.35, 0.92),
    stepsBase: Math.round(clamp(r.normal(8500, 2500), 3500, 16000)),
    weekendStepsFactor: clamp(r.normal(1, 0.2), 0.6, 1.45),
    commutes: r.chance(0.55),
    trainingBackground,
    typicalDay: r.weighted([['MOSTLY_SITTING', 6], ['MOSTLY_STANDING', 2], ['MOSTLY_MOVING', 1]] as const),
    sessionsPerWeek,
    sessionMinutes,
    longDay: r.chance(0.6) ? 6 : 5,
    sports,
    prefersMorning: r.chance(0.35),
    hasPowerMeter: cyclist && r.chance(0.5),
    ratesRpe: r.chance(0.4) ? r.uniform(0.5, 0.95) : 0,
    ecgPerDay: device.ecg ? r.uniform(0.01, 0.06) : 0,
    spo2PerDay: device.spo2 ? r.uniform(0.02, 0.2) : 0,
    cycleLength: gender === 'FEMALE' && age < 50 ? r.int(26, 31) : 0,
    cyclePhase: r.int(0, 30),
    blockPhase: r.int(0, 27),
    typicalSessionLoad,
    typicalDailyLoad: (typicalSessionLoad * sessionsPerWeek) / 7,
    accountCreatedDay: epochDay - r.int(30, 900),
  };
}
