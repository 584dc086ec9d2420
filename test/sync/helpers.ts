// Shared set-up for the sync tests: a simulator, a migrated database, a sync service on the
// simulator's clock, connected users, and a ground-truth comparison of every type and field.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPubSub } from 'graphql-yoga';
import { pino } from 'pino';
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { loadEnv, type Env } from '../../src/env.js';
import type { AppPubSub, PubSubTopics, SyncProgressEvent } from '../../src/pubsub.js';
import { startSimulator, type GroundTruthType, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { createSyncService, type SyncEngineService, type SyncTuning } from '../../src/sync/index.js';
import { addDays, toIsoDate } from '../../src/sync/dates.js';
import * as t from '../../src/sync/transforms/index.js';
import { createTestDatabase } from '../helpers/database.js';

export const TEST_KEY = 'a'.repeat(64);
export const WEBHOOK_SECRET = 'test-webhook-secret';

export interface Harness {
  sim: Simulator;
  db: Database;
  env: Env;
  service: SyncEngineService;
  events: SyncProgressEvent[];
  dispose(): Promise<void>;
}

export function testEnv(sim: Simulator, extra: Record<string, string> = {}): Env {
  return loadEnv({
    POLAR_CLIENT_ID: sim.clientId,
    POLAR_CLIENT_SECRET: sim.clientSecret,
    POLAR_API_BASE_URL: sim.url,
    POLAR_AUTH_URL: `${sim.url}/oauth2/authorization`,
    POLAR_TOKEN_URL: `${sim.url}/v2/oauth2/token`,
    POLAR_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ENCRYPTION_KEY: TEST_KEY,
    SYNC_INTERVAL_MINUTES: '0',
    SYNC_CONCURRENCY: '4',
    PUBLIC_URL: 'http://pfs.test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'pfs-sync-')),
    ...extra,
  });
}

export const FAST_RETRY: Partial<SyncTuning> = {
  retry: { minTimeoutMs: 5, maxTimeoutMs: 50 },
  requestTimeoutMs: 2_000,
};

export async function createHarness(
  simOptions: SimulatorOptions,
  options: { tuning?: Partial<SyncTuning>; env?: Record<string, string> } = {},
): Promise<Harness> {
  const sim = await startSimulator({ seed: 7, users: 2, days: 90, ...simOptions });
  const { db, dispose } = await createTestDatabase('pglite');
  await applyMigrations(db.sql);
  const env = testEnv(sim, options.env);
  const base = createPubSub<PubSubTopics>();
  const events: SyncProgressEvent[] = [];
  const pubsub: AppPubSub = {
    subscribe: base.subscribe.bind(base),
    publish: ((...args: Parameters<AppPubSub['publish']>) => {
      events.push(args[2] as SyncProgressEvent);
      (base.publish as (...a: unknown[]) => void)(...args);
    }) as AppPubSub['publish'],
  };
  const service = createSyncService({
    db,
    env,
    pubsub,
    logger: pino({ level: process.env.SYNC_TEST_LOG ?? 'silent' }),
    clock: () => sim.clock.now(),
    tuning: { ...FAST_RETRY, ...options.tuning },
  });
  await service.ready;
  return {
    sim,
    db,
    env,
    service,
    events,
    async dispose() {
      await service.close();
      await sim.close();
      await dispose();
    },
  };
}

/** Creates a user and connects it without the browser round trip (token issued by the simulator). */
export async function connectUser(h: Pick<Harness, 'sim' | 'db' | 'service'>, index: number): Promise<{ userId: string; polarUserId: number }> {
  const simUser = h.sim.users[index]!;
  const user = await h.db.prisma.user.create({ data: { name: `user ${index}` } });
  const issued = h.sim.issueToken(simUser.polarUserId, { register: true, memberId: user.id });
  await h.db.prisma.polarConnection.create({
    data: {
      userId: user.id,
      polarUserId: BigInt(simUser.polarUserId),
      memberId: user.id,
      encryptedToken: h.service.cipher.encrypt(issued.accessToken, user.id),
      status: 'ACTIVE',
    },
  });
  return { userId: user.id, polarUserId: simUser.polarUserId };
}

type Row = Record<string, unknown>;

async function rows(db: Database, table: string, userId: string): Promise<Row[]> {
  return db.sql.query<Row>(`SELECT * FROM "${table}" WHERE "userId" = $1`, [userId]);
}

function norm(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  return value;
}

/** Stored typed columns equal the transform of the ground-truth payload. */
function expectColumns(stored: Row, expected: Row, label: string): void {
  for (const [column, value] of Object.entries(expected)) {
    if (column === 'raw' || column === 'detailsFetchedAt' || column === 'userId') continue;
    expect(norm(stored[column]), `${label}.${column}`).toEqual(norm(value));
  }
}

/** Records as they travel over the wire (JSON: -0 becomes 0, undefined keys vanish). */
function wire<T>(records: T[]): T[] {
  return JSON.parse(JSON.stringify(records)) as T[];
}

interface TypeSpec {
  gt: GroundTruthType;
  transform: t.Transform<never, Row>;
  table: string;
  /** How far back the engine reaches (days incl. today); exercise uses upload time. */
  days: number;
}

const SPECS: TypeSpec[] = [
  { gt: 'sleep', transform: t.sleepTransform as never, table: 'Sleep', days: 30 },
  { gt: 'nightlyRecharge', transform: t.nightlyRechargeTransform as never, table: 'NightlyRecharge', days: 30 },
  { gt: 'continuousHeartRate', transform: t.continuousHeartRateTransform as never, table: 'ContinuousHeartRate', days: 30 },
  { gt: 'sleepwiseAlertness', transform: t.sleepWiseAlertnessTransform as never, table: 'SleepWiseAlertness', days: 30 },
  { gt: 'sleepwiseBedtime', transform: t.sleepWiseBedtimeTransform as never, table: 'SleepWiseBedtime', days: 30 },
  { gt: 'bodyTemperature', transform: t.bodyTemperatureTransform as never, table: 'BodyTemperature', days: 30 },
  { gt: 'skinTemperature', transform: t.skinTemperatureTransform as never, table: 'SkinTemperature', days: 30 },
  { gt: 'skinContacts', transform: t.skinContactsTransform as never, table: 'SkinContact', days: 30 },
  { gt: 'ecg', transform: t.ecgTransform as never, table: 'EcgTest', days: 30 },
  { gt: 'spo2', transform: t.spo2Transform as never, table: 'Spo2Test', days: 30 },
  { gt: 'cardioLoad', transform: t.cardioLoadTransform as never, table: 'CardioLoad', days: 180 },
  { gt: 'activity', transform: t.dailyActivityTransform as never, table: 'DailyActivity', days: 365 },
];

export interface Comparison {
  /** Ground-truth records compared per type. */
  compared: Record<string, number>;
  total: number;
}

/**
 * Every ground-truth record visible in the engine's window is stored with exactly its payload
 * (raw + dense columns reconstructed) and typed columns; nothing else is stored (no duplicates,
 * deleted records gone). Cardio load days without data are Polar's NOT_AVAILABLE placeholders.
 */
export async function expectMatchesGroundTruth(h: Pick<Harness, 'sim' | 'db'>, userId: string, polarUserId: number): Promise<Comparison> {
  const now = h.sim.clock.now();
  const today = toIsoDate(now);
  const compared: Record<string, number> = {};
  for (const spec of SPECS) {
    const from = addDays(today, -(spec.days - 1));
    const truth = wire(h.sim.groundTruth(polarUserId, spec.gt)).filter((r) => Date.parse(r.uploadedAt) <= now && r.date >= from && r.date <= today);
    const stored = await rows(h.db, spec.table, userId);
    const byKey = new Map(stored.map((r) => [spec.transform.keyOf(r), r]));
    const expectedKeys = new Set<string>();
    for (const rec of truth) {
      const expected = spec.transform.toRow(rec.payload as never, userId);
      const key = spec.transform.keyOf(expected);
      expectedKeys.add(key);
      const row = byKey.get(key);
      expect(row, `${spec.gt} ${key} stored`).toBeDefined();
      let payload = spec.transform.toPayload(row!);
      if (spec.gt === 'activity') {
        const samples = (await h.db.sql.query<Row>(`SELECT * FROM "ActivitySamples" WHERE "userId" = $1 AND "date" = $2::date`, [userId, key]))[0];
        if (rec.payload['samples']) {
          expect(samples, `activity samples ${key}`).toBeDefined();
          payload = { ...payload, samples: t.activitySamplesTransform.toPayload(samples!) };
          expectColumns(samples!, t.activitySamplesTransform.toRow(rec.payload['samples'] as never, userId), `activitySamples ${key}`);
        }
      }
      expect(payload, `${spec.gt} ${key} payload`).toEqual(rec.payload);
      expectColumns(row!, expected, `${spec.gt} ${key}`);
    }
    // Nothing stored in the window that Polar does not have (cardio: placeholders only).
    for (const row of stored) {
      const key = spec.transform.keyOf(row);
      if (expectedKeys.has(key)) continue;
      const date = (row['date'] as Date).toISOString().slice(0, 10);
      if (spec.gt === 'cardioLoad') {
        expect(row['cardioLoadStatus'], `cardio placeholder ${key}`).toBe('LOAD_STATUS_NOT_AVAILABLE');
        continue;
      }
      // Rows outside the engine's reach (older than Polar's window) are history we keep.
      const inside = date >= addDays(from, 2) && date <= addDays(today, -1);
      expect(inside, `${spec.gt} ${key} (${date}) is not in the ground truth`).toBe(false);
    }
    compared[spec.gt] = truth.length;
  }
  // Exercises: uploaded in the last 30 days, with samples, zones and route.
  const exTruth = wire(h.sim.groundTruth(polarUserId, 'exercise')).filter((r) => Date.parse(r.uploadedAt) <= now && Date.parse(r.uploadedAt) > now - 30 * 86_400_000);
  const exRows = await rows(h.db, 'Exercise', userId);
  const samples = await rows(h.db, 'ExerciseSamples', userId);
  const samplesById = new Map(samples.map((s) => [s['exerciseId'], s]));
  const exByKey = new Map(exRows.map((r) => [String(r['polarExerciseId']), r]));
  for (const rec of exTruth) {
    const row = exByKey.get(rec.key);
    expect(row, `exercise ${rec.key} stored`).toBeDefined();
    expect(row!['detailsFetchedAt'], `exercise ${rec.key} details`).not.toBeNull();
    expect(t.exerciseFullPayload(row!, samplesById.get(row!['id']) ?? null), `exercise ${rec.key} payload`).toEqual(rec.payload);
    expectColumns(row!, t.exerciseTransform.toRow(rec.payload as never, userId), `exercise ${rec.key}`);
  }
  const exKeys = new Set(exTruth.map((r) => r.key));
  for (const row of exRows) {
    const uploaded = (row['uploadTime'] as Date | null)?.getTime() ?? 0;
    if (uploaded > now - 29 * 86_400_000) expect(exKeys.has(String(row['polarExerciseId'])), `exercise ${String(row['polarExerciseId'])} not in truth`).toBe(true);
  }
  compared['exercise'] = exTruth.length;
  // Physical info: the current version is stored.
  const piTruth = wire(h.sim.groundTruth(polarUserId, 'physicalInfo')).filter((r) => Date.parse(r.uploadedAt) <= now);
  const current = piTruth.sort((a, b) => Date.parse(a.uploadedAt) - Date.parse(b.uploadedAt))[piTruth.length - 1];
  if (current) {
    const piRows = await rows(h.db, 'PhysicalInfo', userId);
    const expected = t.physicalInfoTransform.toRow(current.payload as never, userId);
    const row = piRows.find((r) => t.physicalInfoTransform.keyOf(r) === t.physicalInfoTransform.keyOf(expected));
    expect(row, 'current physical info stored').toBeDefined();
    expect(t.physicalInfoTransform.toPayload(row!)).toEqual(current.payload);
    compared['physicalInfo'] = 1;
  }
  const total = Object.values(compared).reduce((a, b) => a + b, 0);
  return { compared, total };
}

/** Counts per table for the user (for "no duplicates" checks). */
export async function tableCounts(db: Database, userId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['Sleep', 'NightlyRecharge', 'DailyActivity', 'ActivitySamples', 'Exercise', 'ExerciseSamples', 'CardioLoad', 'ContinuousHeartRate', 'SleepWiseAlertness', 'SleepWiseBedtime', 'BodyTemperature', 'SkinTemperature', 'SkinContact', 'EcgTest', 'Spo2Test', 'PhysicalInfo']) {
    const r = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "userId" = $1`, [userId]);
    out[table] = r[0]!.n;
  }
  return out;
}
