// Simulator data → table rows, through the sync's own per-type transforms (src/sync/transforms), and
// → the database through the sync's own upsert statements (src/db/upsert.ts: bulkUpsert = RowEncoder +
// upsertEncoded). Only the HTTP hop and the zod validation of the AccessLink client are skipped: the
// generator's payloads are the JSON the simulator would serve, and `toRow` is what the sync runs on
// each validated payload.
//
// Speed (the bench seeds 1,000 users × 3 years): each payload is built, transformed and encoded to
// its JSON row at once and then dropped (generator `cachePayloads: false`), so it dies young instead
// of filling the old generation; only the types of the set are built (generator `types`); the
// `analytics` set asks the generator for summary payloads (no
// exercise samples/route, no activity `samples` block: those parts never reach its tables, and every
// other field is byte-identical); rows of several users go into one transaction, one statement per
// table.
import { bulkUpsert, RowEncoder, upsertEncoded, type Row, type TableSpec } from '../../src/db/upsert.js';
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

/** Encoded rows of one table (RowEncoder: unique on the natural key within one user). */
export interface TableRows {
  spec: TableSpec;
  rows: string[];
}

export interface UserRows {
  userId: string;
  /** Always in the order of TYPE_SETS (plus ActivitySamples/PhysicalInfo for `all`), so users can be merged per table. */
  tables: TableRows[];
  /** Exercise samples need the Exercise ids, known only after the upsert (as in the sync). */
  exerciseSamples: Map<string, { samples: unknown; route: unknown }> | null;
  rows: number;
  rejected: number;
  generateMs: number;
}

/** Transform + encode, one record at a time; rejected records (TransformError) are counted, as the sync does. */
function encodeInto(encoder: RowEncoder, transform: AnyTransform, payload: Json, userId: string, out: { rejected: number }, amend?: (row: Row) => void): void {
  let row: Row;
  try {
    row = (transform.toRow as (p: Json, u: string) => Row)(payload, userId);
  } catch (error) {
    if (!(error instanceof TransformError)) throw error;
    out.rejected++;
    return;
  }
  amend?.(row);
  encoder.push(row);
}

/** Generates one user's history (only the types asked for are built) and transforms + encodes it into rows. */
export function userRows(options: { seed: number; userIndex: number; userId: string; from: string; to: string; types: TypeSet }): UserRows {
  const started = performance.now();
  const all = options.types === 'all';
  const ds = generateUser({
    seed: options.seed,
    userIndex: options.userIndex,
    from: options.from,
    to: options.to,
    types: TYPE_SETS[options.types],
    summaryOnly: !all,
    cachePayloads: false,
  });
  const userId = options.userId;
  const out = { rejected: 0 };
  const tables: TableRows[] = [];
  let exerciseSamples: UserRows['exerciseSamples'] = null;
  const detailsFetchedAt = new Date();
  // One consumer per type: its records, in date order, each built, transformed and encoded once.
  const consumers: { records: readonly SimRecord[]; next: number; take: (payload: Json) => void }[] = [];
  for (const type of TYPE_SETS[options.types]) {
    const transform = SIMPLE[type]!;
    const encoder = new RowEncoder(transform.table);
    tables.push({ spec: encoder.spec, rows: encoder.rows });
    let take = (payload: Json) => encodeInto(encoder, transform, payload, userId, out);
    if (all && type === 'activity') {
      // The sync stores the `samples` block of each daily activity as ActivitySamples (one call serves both).
      const samples = new RowEncoder(activitySamplesTransform.table);
      tables.push({ spec: samples.spec, rows: samples.rows });
      take = (payload) => {
        encodeInto(encoder, transform, payload, userId, out);
        const block = payload['samples'];
        if (block !== null && typeof block === 'object') encodeInto(samples, activitySamplesTransform as AnyTransform, block as Json, userId, out);
      };
    }
    if (all && type === 'exercise') {
      const map = new Map<string, { samples: unknown; route: unknown }>();
      exerciseSamples = map;
      // Fetched with its details, as the sync's detail step records.
      const fetched = (row: Row) => {
        row['detailsFetchedAt'] = detailsFetchedAt;
      };
      take = (payload) => {
        encodeInto(encoder, transform, payload, userId, out, fetched);
        map.set(String(payload['id']), exerciseSamplesOf(payload));
      };
    }
    consumers.push({ records: ds.records[type], next: 0, take });
  }
  // Date by date across the types (the generator keeps only the last few nights' details).
  for (;;) {
    let date: string | null = null;
    for (const c of consumers) {
      const d = c.records[c.next]?.date;
      if (d !== undefined && (date === null || d < date)) date = d;
    }
    if (date === null) break;
    for (const c of consumers) {
      while (c.next < c.records.length && c.records[c.next]!.date === date) c.take(c.records[c.next++]!.payload as Json);
    }
  }
  if (all) {
    const encoder = new RowEncoder(physicalInfoTransform.table);
    for (const record of ds.physicalInfo) encodeInto(encoder, physicalInfoTransform as AnyTransform, record.payload as Json, userId, out);
    tables.push({ spec: encoder.spec, rows: encoder.rows });
  }
  let rows = 0;
  for (const table of tables) rows += table.rows.length;
  return { userId, tables, exerciseSamples, rows, rejected: out.rejected, generateMs: performance.now() - started };
}

export interface WriteResult {
  rows: number;
  writeMs: number;
}

/** Statement size for seeding: a few users' rows of one table per statement. */
export const SEED_BATCH = { maxRows: 10_000, maxBytes: 24_000_000 } as const;

/**
 * Writes the rows of one or more users in one transaction: per table, one upsert statement for all
 * of them (rows of different users never share a natural key), then the exercise samples.
 */
export async function writeRows(
  sql: Pick<SqlRunner, 'transaction'>,
  users: readonly Pick<UserRows, 'userId' | 'tables' | 'exerciseSamples'>[],
  batch: { maxRows?: number; maxBytes?: number } = SEED_BATCH,
): Promise<WriteResult> {
  const started = performance.now();
  let rows = 0;
  if (users.length === 0) return { rows, writeMs: 0 };
  await sql.transaction(async (tx) => {
    const first = users[0]!;
    for (let t = 0; t < first.tables.length; t++) {
      const spec = first.tables[t]!.spec;
      const encoded: string[] = [];
      for (const user of users) {
        const table = user.tables[t]!;
        if (table.spec.table !== spec.table) throw new Error(`writeRows: table order differs (${table.spec.table} vs ${spec.table})`);
        for (const row of table.rows) encoded.push(row);
      }
      if (encoded.length === 0) continue;
      const result = await upsertEncoded(tx, spec, encoded, batch);
      rows += result.written;
    }
    for (const user of users) {
      if (!user.exerciseSamples || user.exerciseSamples.size === 0) continue;
      const ids = await tx.query<{ id: string; polarExerciseId: string }>(
        `SELECT "id", "polarExerciseId" FROM "Exercise" WHERE "userId" = $1 AND "polarExerciseId" = ANY($2::text[])`,
        [user.userId, [...user.exerciseSamples.keys()]],
      );
      const result = await bulkUpsert(
        tx,
        exerciseSamplesTable,
        ids.map((r) => ({ exerciseId: r.id, userId: user.userId, ...user.exerciseSamples!.get(r.polarExerciseId) })),
        batch,
      );
      rows += result.written;
    }
  });
  return { rows, writeMs: performance.now() - started };
}
