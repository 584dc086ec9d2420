// Deterministic synthetic daily series for property tests and the benchmark.

import type { DailyRecord } from '../../src/analytics/index.js';
import { dateFromDayNumber, dayNumber } from '../../src/analytics/index.js';

/** mulberry32: small seeded PRNG so fixtures are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function clock(minutesSince18: number, wakeDay: number): string {
  const absolute = (wakeDay - 1) * 1440 + 18 * 60 + Math.round(minutesSince18);
  const day = Math.floor(absolute / 1440);
  const minuteOfDay = absolute - day * 1440;
  return `${dateFromDayNumber(day)}T${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}:00+02:00`;
}

function label(minutesSince18: number): string {
  const m = (Math.round(minutesSince18) + 18 * 60) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

export interface SyntheticOptions {
  days: number;
  startDate?: string;
  seed?: number;
  /** Probability that a night (HRV, sleep) is missing. */
  missingNightRate?: number;
  withHypnogram?: boolean;
}

export function syntheticDays(options: SyntheticOptions): DailyRecord[] {
  const random = seededRandom(options.seed ?? 1);
  const start = dayNumber(options.startDate ?? '2021-01-01');
  const missingRate = options.missingNightRate ?? 0.1;
  const rows: DailyRecord[] = [];
  for (let i = 0; i < options.days; i++) {
    const day = start + i;
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    const weekend = weekday >= 6;
    const row: DailyRecord = {
      date: dateFromDayNumber(day),
      steps: Math.round((weekend ? 6000 : 9500) + 1500 * gaussian(random)),
      calories: Math.round(2400 + 250 * gaussian(random)),
      trainingLoad: random() < 0.55 ? Math.round(40 + 60 * random()) : 0,
    };
    if (random() >= missingRate) {
      const startMinute = (weekend ? 330 : 300) + 25 * gaussian(random);
      const tst = 450 + 35 * gaussian(random);
      const interruptions = 20 + 5 * random();
      const span = tst + interruptions;
      row.rmssd = Math.exp(3.9 + 0.12 * gaussian(random));
      row.restingHr = Math.round(52 + 2.5 * gaussian(random));
      row.breathingRate = 14 + 0.6 * gaussian(random);
      row.ansCharge = Math.round(10 * (2 * gaussian(random))) / 10;
      row.nightlyRechargeStatus = 1 + Math.floor(random() * 6);
      row.sleepStart = clock(startMinute, day);
      row.sleepEnd = clock(startMinute + span, day);
      row.lightSleepSeconds = Math.round(tst * 0.55 * 60);
      row.deepSleepSeconds = Math.round(tst * 0.2 * 60);
      row.remSleepSeconds = Math.round(tst * 0.22 * 60);
      row.unrecognizedSleepSeconds = Math.round(tst * 0.03 * 60);
      row.interruptionSeconds = Math.round(interruptions * 60);
      row.sleepScore = Math.round(78 + 6 * gaussian(random));
      row.sleepGoalSeconds = 28_800;
      row.skinTemperature = 34.3 + 0.2 * gaussian(random);
      row.skinTemperatureDeviation = 0.15 * gaussian(random);
      if (options.withHypnogram ?? true) {
        const hypnogram: Record<string, number> = {};
        for (let m = startMinute; m < startMinute + span - 5; m += 45) {
          hypnogram[label(m)] = random() < 0.1 ? 0 : 1 + Math.floor(random() * 4);
        }
        hypnogram[label(startMinute + span)] = 0;
        row.hypnogram = hypnogram;
      }
      row.polarCardioLoadStatus = 'MAINTAINING';
    }
    if (random() < 0.3) row.spo2 = 96 + Math.round(2 * random());
    rows.push(row);
  }
  return rows;
}
