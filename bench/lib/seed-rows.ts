// Simulator data → table rows, through the sync's own per-type transforms (src/sync/transforms), and
// → the database through the sync's own bulkUpsert (src/db/upsert.ts). Only the HTTP hop and the zod
// validation of the AccessLink client are skipped: the generator's payloads are the JSON the
// simulator would serve, and `toRow` is what the sync runs on each validated payload.
import type { Row, TableSpec } from '../../src/db/upsert.js';
import { bulkUpsert } from '../../src/db/upsert.js';
import type { SqlRunner } from '../../src/db/sql-runner.js';
import type { SimDataType, SimRecord } from '../../src/simulator/dataset.js';
import { generateUser } from '../../src/simulator/generator/index.js';
import {
  activitySamplesTransform,
  bodyTemperatureTransform,
  cardioLoadTransform,
  continuousHeartRateTransform,
  dailyActivityTransform,
  ecgTransform,
  exerciseSamplesOf,
  exerciseSamplesTable,
  exerciseTransform,
  nightlyRechargeTransform,
  physicalInfoTransform,
  skinContactsTransform,
  skinTemperatureTransform,
  sleepTransform,
  sleepWiseAlertnessTransform,
  sleepWiseBedtimeTransform,
  spo2Transform,
  TransformError,
  type Json,
  type Transform,
} from '../../src/sync/transforms/index.js';

/**
 * `analytics`: what `Day`, the dashboards and the analytics read (sleep, Nightly Recharge, daily
 * activity summary, exercises without their samples/route, cardio load, skin temperature, SpO2).
 * `all`: every table the sync fills, dense series included (continuous HR, activity samples,
 * exercise samples + route, SleepWise, body temperature, skin contacts, ECG, physical info).
 */
export type TypeSet = 'analytics' | 'all';

type AnyTransform = Transform<never, Row>;

const SIMPLE: Partial<Record<SimDataType, AnyTransform>> = {
  sleep: sleepTransform as AnyTransform,
  nightlyRecharge: nightlyRechargeTransform as AnyTransform,
  activity: dailyActivityTransform as AnyTransform,
  exercise: exerciseTransform as AnyTransform,
  cardioLoad: cardioLoadTransform as AnyTransform,
  skinTemperature: skinTemperatureTransform as AnyTransform,
  spo2: spo2Transform as AnyTransform,
  continuousHeartRate: continuousHeartRateTransform as AnyTransform,
  sleepwiseAlertness: sleepWiseAlertnessTransform as AnyTransform,
  sleepwiseBedtime: sleepWiseBedtimeTransform as AnyTransform,
  bodyTemperature: bodyTemperatureTransform as AnyTransform,
  skinContacts: skinContactsTransform as AnyTransform,
  ecg: ecgTransform as AnyTransform,
};

export const TYPE_SETS: Record<TypeSet, SimDataType[]> = {
  analytics: ['sleep', 'nightlyRecharge', 'activity', 'exercise', 'cardioLoad', 'skinTemperature', 'spo2'],
  all: [
    'sleep',
    'nightlyRecharge',
    'activity',
    'exercise',
    'cardioLoad',
    'skinTemperature',
    'spo2',
    'continuousHeartRate',
    'sleepwiseAlertness',
    'sleepwiseBedtime',
    'bodyTemperature',
    'skinContacts',
    'ecg',
  ],
};

/** Rows of one table, ready for bulkUpsert. */
export interface TableRows {
  spec: TableSpec;
  rows: Row[];
}

export interface UserRows {
  tables: TableRows[];
  /** Exercise samples need the Exercise ids, known only after the upsert (as in the sync). */
  exerciseSamples: Map<string, { samples: unknown; route: unknown }> | null;
  rejected: number;
  generateMs: number;
}

function toRows(transform: AnyTransform, records: readonly SimRecord[], userId: string, out: { rejected: number }, payloadOf = (r: SimRecord) => r.payload as Json): Row[] {
  const rows: Row[] = [];
  for (const record of records) {
    try {
      rows.push((transform.toRow as (p: Json, u: string) => Row)(payloadOf(record), userId));
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      out.rejected++;
    }
  }
  return rows;
}

/** Generates one user's history (only the types asked for are built) and transforms it into rows. */
export function userRows(options: { seed: number; userIndex: number; userId: string; from: string; to: string; types: TypeSet }): UserRows {
  const started = performance.now();
  const ds = generateUser({ seed: options.seed, userIndex: options.userIndex, from: options.from, to: options.to });
  const out = { rejected: 0 };
  const tables: TableRows[] = [];
  const all = options.types === 'all';
  let exerciseSamples: UserRows['exerciseSamples'] = null;
  for (const type of TYPE_SETS[options.types]) {
    const transform = SIMPLE[type]!;
    const records = ds.records[type];
    tables.push({ spec: transform.table, rows: toRows(transform, records, options.userId, out) });
    if (all && type === 'activity') {
      // The sync stores the `samples` block of each daily activity as ActivitySamples (one call serves both).
      const samples = records.map((r) => (r.payload as Json)['samples']).filter((s): s is Json => s !== null && typeof s === 'object');
      tables.push({ spec: activitySamplesTransform.table, rows: toRows(activitySamplesTransform as AnyTransform, samples.map((s) => ({ payload: s }) as SimRecord), options.userId, out) });
    }
    if (all && type === 'exercise') {
      exerciseSamples = new Map(records.map((r) => [String((r.payload as Json)['id']), exerciseSamplesOf(r.payload as Json)]));
    }
  }
  if (all) {
    tables.push({ spec: physicalInfoTransform.table, rows: toRows(physicalInfoTransform as AnyTransform, ds.physicalInfo, options.userId, out) });
  }
  if (exerciseSamples) {
    const now = new Date();
    const exercise = tables.find((t) => t.spec.table === 'Exercise');
    for (const row of exercise?.rows ?? []) row['detailsFetchedAt'] = now;
  }
  return { tables, exerciseSamples, rejected: out.rejected, generateMs: performance.now() - started };
}

export interface WriteResult {
  rows: number;
  writeMs: number;
}

/** Writes one user's rows in one transaction with the sync's bulkUpsert. */
export async function writeUserRows(sql: Pick<SqlRunner, 'transaction'>, userId: string, data: Pick<UserRows, 'tables' | 'exerciseSamples'>): Promise<WriteResult> {
  const started = performance.now();
  let rows = 0;
  await sql.transaction(async (tx) => {
    for (const table of data.tables) {
      if (table.rows.length === 0) continue;
      const result = await bulkUpsert(tx, table.spec, table.rows);
      rows += result.written;
    }
    if (data.exerciseSamples && data.exerciseSamples.size > 0) {
      const ids = await tx.query<{ id: string; polarExerciseId: string }>(
        `SELECT "id", "polarExerciseId" FROM "Exercise" WHERE "userId" = $1 AND "polarExerciseId" = ANY($2::text[])`,
        [userId, [...data.exerciseSamples.keys()]],
      );
      const result = await bulkUpsert(
        tx,
        exerciseSamplesTable,
        ids.map((r) => ({ exerciseId: r.id, userId, ...data.exerciseSamples!.get(r.polarExerciseId) })),
      );
      rows += result.written;
    }
  });
  return { rows, writeMs: performance.now() - started };
}
