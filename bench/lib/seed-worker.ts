// worker_threads entry of the seeder: generates + transforms one user per message; with a
// PostgreSQL URL it also writes the rows (own connection), otherwise it posts them back (PGlite
// lives in the main thread).
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { pgRunner } from './pg-runner.js';
import { userRows, writeUserRows, type TypeSet } from './seed-rows.js';

export interface SeedWorkerData {
  seed: number;
  from: string;
  to: string;
  types: TypeSet;
  databaseUrl: string | null;
}
export interface SeedJob {
  userIndex: number;
  userId: string;
}
export type SeedReply =
  | { kind: 'written'; userIndex: number; rows: number; rejected: number; generateMs: number; writeMs: number }
  | { kind: 'rows'; userIndex: number; data: ReturnType<typeof userRows> }
  | { kind: 'error'; userIndex: number; message: string };

const config = workerData as SeedWorkerData;
const pool = config.databaseUrl ? new pg.Pool({ connectionString: config.databaseUrl, max: 1 }) : null;
const sql = pool ? pgRunner(pool) : null;

parentPort!.on('message', (message: SeedJob | 'close') => {
  if (message === 'close') {
    void (pool?.end() ?? Promise.resolve()).then(() => process.exit(0));
    return;
  }
  void (async () => {
    try {
      const data = userRows({ seed: config.seed, userIndex: message.userIndex, userId: message.userId, from: config.from, to: config.to, types: config.types });
      if (sql) {
        const written = await writeUserRows(sql, message.userId, data);
        parentPort!.postMessage({ kind: 'written', userIndex: message.userIndex, rows: written.rows, rejected: data.rejected, generateMs: data.generateMs, writeMs: written.writeMs } satisfies SeedReply);
      } else {
        parentPort!.postMessage({ kind: 'rows', userIndex: message.userIndex, data } satisfies SeedReply);
      }
    } catch (error) {
      parentPort!.postMessage({ kind: 'error', userIndex: message.userIndex, message: (error as Error).stack ?? String(error) } satisfies SeedReply);
    }
  })();
});
