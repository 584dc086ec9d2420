import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIM_DATA_TYPES, type JsonObject, type SimDataType, type SimRecord, type SimUserDataset } from '../../src/simulator/dataset.js';
import { generateUser } from '../../src/simulator/generator/index.js';

const EXAMPLES = new URL('../../../shared/accesslink/', import.meta.url);
const example = (name: string): unknown => JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8'));
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

// Generated once and shared: a few users, one year each, plus one 3-year user.
const YEAR = { from: '2024-01-01', to: '2024-12-31' };
const users: SimUserDataset[] = [0, 1, 2, 3, 4, 5].map((userIndex) => generateUser({ seed: 2024, userIndex, ...YEAR }));
const long = generateUser({ seed: 99, userIndex: 7, from: '2022-01-01', to: '2024-12-31' });

const pool = (type: SimDataType, from: SimUserDataset[] = users): SimRecord[] => from.flatMap((u) => u.records[type]);
const dayNumber = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86400000;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

interface SleepPayload {
  date: string;
  sleep_start_time: string;
  sleep_end_time: string;
  light_sleep: number;
  deep_sleep: number;
  rem_sleep: number;
  unrecognized_sleep_stage: number;
  total_interruption_duration: number;
  short_interruption_duration: number;
  long_interruption_duration: number;
  sleep_charge: number;
  continuity: number;
  hypnogram: Record<string, number>;
  heart_rate_samples: Record<string, number>;
}

interface RechargePayload {
  heart_rate_avg: number;
  beat_to_beat_avg: number;
  heart_rate_variability_avg: number;
  ans_charge: number;
  hrv_samples: Record<string, number>;
}

describe('determinism', () => {
  it('same (seed, userIndex, range) gives byte-identical JSON', () => {
    const opts = { seed: 11, userIndex: 3, from: '2024-03-01', to: '2024-05-31' };
    expect(JSON.stringify(generateUser(opts))).toBe(JSON.stringify(generateUser(opts)));
  });

  it('lazy and materialized payloads are identical', () => {
    const opts = { seed: 11, userIndex: 4, from: '2024-03-01', to: '2024-04-15' };
    expect(JSON.stringify(generateUser(opts))).toBe(JSON.stringify(generateUser({ ...opts, materialize: true })));
  });

  it('different users and seeds differ', () => {
    const a = generateUser({ seed: 11, userIndex: 0, from: '2024-03-01', to: '2024-03-10' });
    const b = generateUser({ seed: 11, userIndex: 1, from: '2024-03-01', to: '2024-03-10' });
    const c = generateUser({ seed: 12, userIndex: 0, from: '2024-03-01', to: '2024-03-10' });
    expect(a.polarUserId).not.toBe(b.polarUserId);
    expect(JSON.stringify(a.records)).not.toBe(JSON.stringify(b.records));
    expect(JSON.stringify(a.records)).not.toBe(JSON.stringify(c.records));
  });

  it('user ids are distinct across a population', () => {
    const ids = new Set(Array.from({ length: 100 }, (_, i) => generateUser({ seed: 5, userIndex: i, from: '2024-01-01', to: '2024-01-01' }).polarUserId));
    expect(ids.size).toBe(100);
  });
});

describe('prefix stability', () => {
  it('extending `to` (or moving `from`) never changes records inside the shorter range', () => {
    for (const userIndex of [0, 5]) {
      const short = generateUser({ seed: 77, userIndex, from: '2024-02-01', to: '2024-03-31' });
      const longer = generateUser({ seed: 77, userIndex, from: '2024-02-01', to: '2024-06-30' });
      const later = generateUser({ seed: 77, userIndex, from: '2024-03-01', to: '2024-06-30' });
      for (const type of SIM_DATA_TYPES) {
        const a = short.records[type];
        const b = longer.records[type].filter((r) => r.date <= '2024-03-31');
        expect(JSON.stringify(b), type).toBe(JSON.stringify(a));
        const c = later.records[type].filter((r) => r.date <= '2024-03-31');
        expect(JSON.stringify(c), type).toBe(JSON.stringify(a.filter((r) => r.date >= '2024-03-01')));
      }
      expect(longer.truth.missingNights.filter((d) => d <= '2024-03-31')).toEqual(short.truth.missingNights);
      expect(JSON.stringify(longer.physicalInfo.slice(0, short.physicalInfo.length))).toBe(JSON.stringify(short.physicalInfo));
    }
  });
});

// ---- shape conformance --------------------------------------------------------------------------

type Shapes = Map<string, { types: Set<string>; keySets: string[][] }>;

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Path → JSON types seen there and, for objects, their key sets. Time-keyed maps collapse to `<HH:MM>`. */
function collect(v: unknown, path: string, out: Shapes): void {
  let e = out.get(path);
  if (!e) out.set(path, (e = { types: new Set(), keySets: [] }));
  e.types.add(jsonType(v));
  if (Array.isArray(v)) for (const x of v) collect(x, `${path}[]`, out);
  else if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    const timeKeyed = keys.length > 0 && keys.every((k) => /^\d\d:\d\d$/.test(k));
    e.keySets.push(timeKeyed ? ['<HH:MM>'] : keys);
    for (const [k, x] of Object.entries(v)) collect(x, `${path}.${timeKeyed ? '<HH:MM>' : k}`, out);
  }
}

function shapes(values: unknown[]): Shapes {
  const out: Shapes = new Map();
  for (const v of values) collect(v, '$', out);
  return out;
}

function conformance(generated: unknown[], examples: unknown[]): string[] {
  const ex = shapes(examples);
  const gen = shapes(generated);
  const problems: string[] = [];
  for (const [path, g] of gen) {
    const e = ex.get(path);
    if (!e) {
      problems.push(`unexpected path ${path}`);
      continue;
    }
    for (const t of g.types) if (!e.types.has(t)) problems.push(`${path}: type ${t}, examples have ${[...e.types].join('|')}`);
    if (e.keySets.length && g.keySets.length) {
      const union = new Set(e.keySets.flat());
      const required = [...union].filter((k) => e.keySets.every((ks) => ks.includes(k)));
      for (const ks of g.keySets) {
        for (const k of ks) if (!union.has(k)) problems.push(`${path}: unexpected key ${k}`);
        for (const k of required) if (!ks.includes(k)) problems.push(`${path}: missing key ${k}`);
      }
    }
  }
  // Coverage: every shape in the examples shows up somewhere in the generated data.
  for (const path of ex.keys()) if (!gen.has(path)) problems.push(`never generated: ${path}`);
  return [...new Set(problems)];
}

const firstOfEach = (o: unknown): unknown[] => (o as { heart_rates: unknown[] }).heart_rates;

const EXAMPLE_FILES: Record<SimDataType, () => unknown[]> = {
  sleep: () => [example('sleep.json'), ...(example('sleep-list.json') as { nights: unknown[] }).nights],
  nightlyRecharge: () => [example('nightly-recharge.json'), ...(example('nightly-recharge-list.json') as { recharges: unknown[] }).recharges],
  activity: () => [example('daily-activity.json')],
  exercise: () => [example('exercise.json'), ...asArray(example('exercises-list.json'))],
  cardioLoad: () => [...asArray(example('cardio-load.json')), ...asArray(example('cardio-load-range.json'))],
  continuousHeartRate: () => [example('continuous-hr.json')],
  sleepwiseAlertness: () => asArray(example('sleepwise-alertness.json')),
  sleepwiseBedtime: () => asArray(example('sleepwise-bedtime.json')),
  bodyTemperature: () => asArray(example('body-temperature.json')),
  skinTemperature: () => asArray(example('skin-temperature.json')),
  skinContacts: () => asArray(example('skin-contacts.json')),
  ecg: () => asArray(example('ecg.json')),
  spo2: () => asArray(example('spo2.json')),
};

describe('shape conformance with shared/accesslink examples', () => {
  for (const type of SIM_DATA_TYPES) {
    it(type, () => {
      const generated = pool(type).map((r) => r.payload);
      expect(generated.length).toBeGreaterThan(0);
      expect(conformance(generated, EXAMPLE_FILES[type]())).toEqual([]);
    });
  }

  it('activity samples block matches activity-samples.json; CHR days match the range wrapper', () => {
    const samples = pool('activity', users.slice(0, 2)).map((r) => r.payload['samples']);
    expect(conformance(samples, [example('activity-samples.json')])).toEqual([]);
    const chr = pool('continuousHeartRate', users.slice(0, 2)).map((r) => {
      const { date, heart_rate_samples } = r.payload as JsonObject;
      return { date, heart_rate_samples };
    });
    expect(conformance(chr, firstOfEach(example('continuous-hr-range.json')))).toEqual([]);
  });

  it('user info and physical info', () => {
    const { ['member-id']: _m, ['registration-date']: _r, ...info } = example('user-info.json') as JsonObject;
    expect(conformance(users.map((u) => u.userInfo), [info])).toEqual([]);
    expect(conformance(users.flatMap((u) => u.physicalInfo.map((p) => p.payload)), [example('physical-info-current.json')])).toEqual([]);
  });
});

// ---- realism and consistency ---------------------------------------------------------------------

describe('internal consistency', () => {
  it('every record is keyed, dated inside the range and uploaded after it happened', () => {
    for (const u of users) {
      for (const type of SIM_DATA_TYPES) {
        const keys = new Set<string>();
        for (const r of u.records[type]) {
          expect(r.date >= YEAR.from && r.date <= YEAR.to).toBe(true);
          expect(keys.has(r.key), `${type} duplicate key ${r.key}`).toBe(false);
          keys.add(r.key);
          expect(r.uploadedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        }
      }
      expect(u.records.cardioLoad.length).toBe(366);
    }
  });

  it('sleep: stage seconds + interruptions = span; hypnogram and HR keys lie within the night', () => {
    for (const r of pool('sleep')) {
      const s = r.payload as unknown as SleepPayload;
      const span = (Date.parse(s.sleep_end_time) - Date.parse(s.sleep_start_time)) / 1000;
      const stages = s.light_sleep + s.deep_sleep + s.rem_sleep + s.unrecognized_sleep_stage;
      expect(stages + s.total_interruption_duration).toBe(span);
      expect(s.total_interruption_duration).toBe(s.short_interruption_duration + s.long_interruption_duration);
      expect(span).toBeGreaterThan(3 * 3600);
      expect(span).toBeLessThan(12 * 3600);
      const hyp = Object.keys(s.hypnogram);
      expect(hyp[0]).toBe(s.sleep_start_time.slice(11, 16));
      expect(hyp[hyp.length - 1]).toBe(s.sleep_end_time.slice(11, 16));
      expect(Object.values(s.hypnogram).every((v) => v >= 0 && v <= 5)).toBe(true);
      expect(Object.keys(s.heart_rate_samples).length).toBeGreaterThan(30);
      expect(s.date).toBe(s.sleep_end_time.slice(0, 10));
      if (s.sleep_charge === -1) expect(s.continuity).toBe(0);
      else expect(s.sleep_charge >= 1 && s.sleep_charge <= 5).toBe(true);
    }
    expect(pool('sleep', [long]).some((r) => r.payload['sleep_charge'] === -1)).toBe(true);
  });

  it('nightly recharge: averages follow the samples', () => {
    for (const r of pool('nightlyRecharge')) {
      const n = r.payload as unknown as RechargePayload;
      const hrv = Object.values(n.hrv_samples);
      expect(hrv.length).toBeGreaterThanOrEqual(24);
      expect(hrv.length).toBeLessThanOrEqual(48);
      expect(n.heart_rate_variability_avg).toBe(Math.round(mean(hrv)));
      expect(Math.abs(n.beat_to_beat_avg - 60000 / n.heart_rate_avg)).toBeLessThan(25);
      expect(n.ans_charge).toBeGreaterThanOrEqual(-10);
      expect(n.ans_charge).toBeLessThanOrEqual(10);
    }
  });

  it('activity: steps = total_steps = per-minute sum (consecutive equal values dropped)', () => {
    for (const r of pool('activity')) {
      const a = r.payload as JsonObject & { samples: { steps: { total_steps: number; samples: { steps: number; timestamp: string }[] } } };
      const smp = a.samples.steps.samples;
      const minute = (t: string): number => Number(t.slice(11, 13)) * 60 + Number(t.slice(14, 16));
      let total = 0;
      let bad = 0;
      for (let i = 0; i < smp.length; i++) {
        const cur = smp[i]!;
        const end = i + 1 < smp.length ? minute(smp[i + 1]!.timestamp) : 1440;
        if (end <= minute(cur.timestamp) || (i > 0 && cur.steps === smp[i - 1]!.steps)) bad++;
        total += cur.steps * (end - minute(cur.timestamp));
      }
      expect(bad).toBe(0);
      expect(a['steps']).toBe(total);
      expect(a.samples.steps.total_steps).toBe(total);
      expect(a['inactivity_alert_count']).toBe((a.samples as unknown as { inactivity_stamps: unknown[] }).inactivity_stamps.length);
    }
    const daily = pool('activity').map((r) => r.payload['steps'] as number);
    expect(mean(daily)).toBeGreaterThan(3000);
    expect(mean(daily)).toBeLessThan(20000);
  });

  it('cardio load: one per day, strain/tolerance = 7/28-day means of daily loads', () => {
    for (const u of users) {
      const cl = u.records.cardioLoad.map((r) => r.payload as Record<string, number>);
      for (let i = 27; i < cl.length; i++) {
        const loads = cl.slice(i - 27, i + 1).map((c) => c['cardio_load']!);
        expect(Math.abs(cl[i]!['strain']! - mean(loads.slice(-7)))).toBeLessThanOrEqual(0.051);
        expect(Math.abs(cl[i]!['tolerance']! - mean(loads))).toBeLessThanOrEqual(0.051);
      }
      // Daily load = sum of that day's exercise training loads.
      const byDate = new Map<string, number>();
      for (const e of u.records.exercise) byDate.set(e.date, (byDate.get(e.date) ?? 0) + (e.payload['training_load'] as number));
      for (const c of cl) expect(c['cardio_load']).toBeCloseTo(byDate.get(c['date'] as unknown as string) ?? 0, 1);
    }
  });

  it('exercises: HR summary and zones come from the samples; training load pro sentinels', () => {
    let sentinel = 0;
    for (const r of pool('exercise')) {
      const e = r.payload as JsonObject & Record<string, unknown>;
      const hrSamples = (e['samples'] as { 'sample-type': string; data: string }[]).find((s) => s['sample-type'] === '0')!;
      const values = hrSamples.data.split(',').filter((v) => v !== 'null' && v !== '0').map(Number);
      const hr = e['heart_rate'] as { average: number; maximum: number };
      expect(Math.abs(hr.average - mean(values))).toBeLessThan(1.5);
      expect(hr.maximum).toBe(Math.max(...values));
      const tlp = e['training_load_pro'] as Record<string, unknown>;
      expect(tlp['cardio-load']).toBe(e['training_load']);
      if (tlp['muscle-load'] === -1) {
        expect(tlp['muscle-load-interpretation']).toBe('NOT_AVAILABLE');
        sentinel++;
      }
      expect(r.key).toMatch(/^[0-9A-Za-z]{6,8}$/);
      expect(Date.parse(r.uploadedAt)).toBeGreaterThan(Date.parse(`${e['start_time'] as string}Z`) - (e['start_time_utc_offset'] as number) * 60000);
    }
    expect(sentinel).toBeGreaterThan(0);
  });

  it('continuous HR: ~5-min cadence, 1-s bursts, zeros, gaps during exercise and off-wrist', () => {
    const days = pool('continuousHeartRate', [long]);
    const counts = days.map((r) => (r.payload['heart_rate_samples'] as unknown[]).length);
    expect(mean(counts)).toBeGreaterThan(250);
    expect(mean(counts)).toBeLessThan(650);
    let bursts = 0;
    let zeros = 0;
    const exercisesByDate = new Map<string, [number, number][]>();
    for (const e of long.records.exercise) {
      const st = e.payload['start_time'] as string;
      const s = Number(st.slice(11, 13)) * 3600 + Number(st.slice(14, 16)) * 60 + Number(st.slice(17, 19));
      const d = /PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?/.exec(e.payload['duration'] as string)!;
      const dur = Number(d[1] ?? 0) * 3600 + Number(d[2] ?? 0) * 60 + Number(d[3] ?? 0);
      exercisesByDate.set(e.date, [...(exercisesByDate.get(e.date) ?? []), [s, s + dur]]);
    }
    let disorder = 0;
    let inExercise = 0;
    for (const r of days) {
      const smp = r.payload['heart_rate_samples'] as { heart_rate: number; sample_time: string }[];
      const windows = exercisesByDate.get(r.date) ?? [];
      let prev = -1;
      for (const x of smp) {
        const t = Number(x.sample_time.slice(0, 2)) * 3600 + Number(x.sample_time.slice(3, 5)) * 60 + Number(x.sample_time.slice(6, 8));
        if (t <= prev) disorder++;
        if (t - prev === 1) bursts++;
        prev = t;
        if (x.heart_rate === 0) zeros++;
        for (const [a, b] of windows) if (t >= a && t < b) inExercise++;
      }
    }
    expect(disorder).toBe(0);
    expect(inExercise).toBe(0);
    expect(bursts).toBeGreaterThan(100);
    expect(zeros).toBeGreaterThan(0);
    expect(long.truth.offWristGaps!.length).toBeGreaterThan(100);
  });

  it('missing nights and no-data days have no records; time-zone changes show in the payloads', () => {
    for (const u of [long, ...users]) {
      const sleepDates = new Set(u.records.sleep.map((r) => r.date));
      const nrDates = new Set(u.records.nightlyRecharge.map((r) => r.date));
      for (const d of u.truth.missingNights) {
        expect(sleepDates.has(d)).toBe(false);
        expect(nrDates.has(d)).toBe(false);
      }
      const activityDates = new Set(u.records.activity.map((r) => r.date));
      for (const d of u.truth.noDataDays!) expect(activityDates.has(d)).toBe(false);
      const offsetOn = (date: string): number => {
        let off = u.truth.initialOffsetMinutes!;
        for (const c of u.truth.timeZoneChanges) if (c.date <= date) off = c.offsetMinutes;
        return off;
      };
      for (const e of u.records.exercise) expect(e.payload['start_time_utc_offset']).toBe(offsetOn(e.date));
      for (const s of u.records.sleep) {
        const end = s.payload['sleep_end_time'] as string;
        const off = offsetOn(s.date);
        const sign = off < 0 ? '-' : '+';
        const a = Math.abs(off);
        expect(end.slice(19)).toBe(`${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`);
      }
    }
    expect(long.truth.missingNights.length).toBeGreaterThan(5);
    expect(long.truth.noDataDays!.length).toBeGreaterThan(0);
    // DST alone gives at least two changes a year for most home cities; travel adds more.
    expect(users.some((u) => u.truth.timeZoneChanges.length >= 2)).toBe(true);
  });
});

describe('realism', () => {
  it('illness episodes shift HRV, resting HR and skin temperature against the personal baseline', () => {
    const population = [long, ...[1, 2, 3, 4, 5, 6].map((i) => generateUser({ seed: 99, userIndex: i, from: '2022-01-01', to: '2024-12-31' }))];
    const hrvRatios: number[] = [];
    const rhrDiffs: number[] = [];
    const tempDiffs: number[] = [];
    let episodes = 0;
    for (const u of population) {
      const nr = new Map(u.records.nightlyRecharge.map((r) => [r.date, r.payload as Record<string, number>]));
      const skin = new Map(u.records.skinTemperature.map((r) => [r.date, r.payload['deviation_from_baseline_celsius'] as number]));
      const sick = new Set<number>();
      for (const e of u.truth.illnessEpisodes) for (let d = dayNumber(e.start); d <= dayNumber(e.end) + 4; d++) sick.add(d);
      const iso = (d: number): string => new Date(d * 86400000).toISOString().slice(0, 10);
      for (const e of u.truth.illnessEpisodes) {
        const s = dayNumber(e.start);
        const before = [...Array(30).keys()].map((k) => s - 31 + k).filter((d) => !sick.has(d));
        const during = [...Array(dayNumber(e.end) - s + 1).keys()].map((k) => s + k);
        const val = (days: number[], f: (d: string) => number | undefined): number[] =>
          days.map((d) => f(iso(d))).filter((v): v is number => v !== undefined);
        const hb = val(before, (d) => nr.get(d)?.['heart_rate_variability_avg']);
        const hd = val(during, (d) => nr.get(d)?.['heart_rate_variability_avg']);
        const rb = val(before, (d) => nr.get(d)?.['heart_rate_avg']);
        const rd = val(during, (d) => nr.get(d)?.['heart_rate_avg']);
        if (hb.length < 10 || hd.length < 2) continue;
        episodes++;
        hrvRatios.push(mean(hd) / mean(hb));
        rhrDiffs.push(mean(rd) - mean(rb));
        const tb = val(before, (d) => skin.get(d));
        const td = val(during, (d) => skin.get(d));
        if (tb.length >= 10 && td.length >= 2) tempDiffs.push(mean(td) - mean(tb));
      }
    }
    expect(episodes).toBeGreaterThanOrEqual(10);
    expect(mean(hrvRatios)).toBeLessThan(0.8);
    expect(mean(hrvRatios)).toBeGreaterThan(0.5);
    expect(hrvRatios.filter((r) => r < 0.9).length / hrvRatios.length).toBeGreaterThan(0.8);
    expect(mean(rhrDiffs)).toBeGreaterThan(4);
    expect(mean(rhrDiffs)).toBeLessThan(12);
    expect(tempDiffs.length).toBeGreaterThan(0);
    expect(mean(tempDiffs)).toBeGreaterThan(0.45);
    expect(mean(tempDiffs)).toBeLessThan(1.2);
    // No training while ill.
    for (const u of population) {
      const exDates = new Set(u.records.exercise.map((r) => r.date));
      for (const e of u.truth.illnessEpisodes) for (let d = dayNumber(e.start); d <= dayNumber(e.end); d++) {
        expect(exDates.has(new Date(d * 86400000).toISOString().slice(0, 10))).toBe(false);
      }
    }
  });

  it('weekend nights are longer and training follows 3-up-1-down blocks', () => {
    const span = (r: SimRecord): number => (Date.parse(r.payload['sleep_end_time'] as string) - Date.parse(r.payload['sleep_start_time'] as string)) / 3600000;
    const dow = (d: string): number => new Date(`${d}T12:00:00Z`).getUTCDay();
    const nights = pool('sleep', [long]);
    const weekend = nights.filter((r) => dow(r.date) === 0 || dow(r.date) === 6).map(span);
    const weekday = nights.filter((r) => dow(r.date) >= 2 && dow(r.date) <= 5).map(span);
    expect(mean(weekend)).toBeGreaterThan(mean(weekday) + 0.3);
    const loads = pool('cardioLoad', [long]).map((r) => r.payload['cardio_load'] as number);
    expect(loads.filter((l) => l > 0).length).toBeGreaterThan(100);
  });
});

describe('performance', () => {
  it('1 user x 3 years is generated well under a second (payloads built on access)', () => {
    generateUser({ seed: 1, userIndex: 0, from: '2023-01-01', to: '2025-12-31' });
    const t0 = performance.now();
    const d = generateUser({ seed: 1, userIndex: 1, from: '2023-01-01', to: '2025-12-31' });
    const ms = performance.now() - t0;
    expect(d.records.activity.length).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(1000);
  });
});
