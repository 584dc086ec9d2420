import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createTokenCipherFromKey, parseEncryptionKey } from '../../src/sync/index.js';
import { expectMatchesGroundTruth, tableCounts, TEST_KEY } from './helpers.js';

const fixture = join(import.meta.dirname, 'fixtures', 'sync-child.ts');

function child(env: Record<string, string>): { proc: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const proc = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exit, output: () => out };
}

describe('a sync process killed with SIGKILL mid-run', () => {
  let sim: Simulator;
  const dataDir = mkdtempSync(join(tmpdir(), 'pfs-crash-'));
  let env: Record<string, string>;
  let userId = '';
  let polarUserId = 0;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 13, users: 1, days: 60, chrRangeShape: 'spec' });
    env = {
      DATA_DIR: dataDir,
      POLAR_CLIENT_ID: sim.clientId,
      POLAR_CLIENT_SECRET: sim.clientSecret,
      POLAR_API_BASE_URL: sim.url,
      ENCRYPTION_KEY: TEST_KEY,
      SYNC_INTERVAL_MINUTES: '0',
      SYNC_CONCURRENCY: '2',
      DATABASE_URL: '',
      CLOCK_OFFSET_MS: String(sim.clock.now() - Date.now()),
    };
    const db = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: dataDir });
    await applyMigrations(db.sql);
    const user = await db.prisma.user.create({ data: { name: 'crash' } });
    userId = user.id;
    polarUserId = sim.users[0]!.polarUserId;
    const token = sim.issueToken(polarUserId, { register: true, memberId: user.id });
    const cipher = createTokenCipherFromKey(parseEncryptionKey(TEST_KEY));
    await db.prisma.polarConnection.create({
      data: { userId, polarUserId: BigInt(polarUserId), memberId: userId, encryptedToken: cipher.encrypt(token.accessToken, userId), status: 'ACTIVE' },
    });
    await db.close();
  });
  afterAll(async () => sim?.close());

  it('leaves consistent data, and the restarted process converges to the ground truth', async () => {
    sim.resetRequestCounts();
    const first = child(env);
    // Kill at an arbitrary instant in the middle of the backfill (after ~12 AccessLink requests).
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (sim.requestCounts().total >= 12) {
          clearInterval(timer);
          first.proc.kill('SIGKILL');
          resolve();
        }
      }, 2);
      void first.exit.then(() => {
        clearInterval(timer);
        reject(new Error(`child exited before the kill: ${first.output()}`));
      });
    });
    await first.exit;
    const requestsBeforeKill = sim.requestCounts().total;

    const second = child(env);
    expect(await second.exit, second.output()).toBe(0);
    expect(second.output()).toContain('DONE SUCCEEDED');

    const db: Database = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: dataDir });
    try {
      const runs = await db.prisma.syncRun.findMany({ orderBy: { queuedAt: 'asc' } });
      console.log('crash', { requestsBeforeKill, totalRequests: sim.requestCounts().total, runs: runs.map((r) => [r.trigger, r.status, (r.errors as { code: string }[])[0]?.code ?? null, r.apiCalls]) });
      expect(runs[0]!.status).toBe('FAILED');
      expect((runs[0]!.errors as { code: string }[])[0]!.code).toBe('INTERRUPTED');
      expect(runs.some((r) => r.status === 'SUCCEEDED')).toBe(true);
      expect(runs.filter((r) => r.status === 'RUNNING' || r.status === 'QUEUED')).toEqual([]);
      const cmp = await expectMatchesGroundTruth({ sim, db }, userId, polarUserId);
      expect(cmp.total).toBeGreaterThan(100);
      const counts = await tableCounts(db, userId);
      expect(counts['Sleep']).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
