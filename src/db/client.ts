// Opens the one database a process uses: embedded PGlite under DATA_DIR when DATABASE_URL is unset,
// PostgreSQL otherwise. Both give a Prisma client (driver adapter) and a raw SqlRunner on the same
// driver. Connection problems become ConfigError naming the variable to fix.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { ConfigError, type Env } from '../env.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js';
import { isoTimestamp, pgSqlRunner, type QueryOptions, type SqlRunner } from './sql-runner.js';

export type DatabaseBackend = 'pglite' | 'postgresql';

export interface Database {
  prisma: PrismaClient;
  sql: SqlRunner;
  backend: DatabaseBackend;
  /** Where the data lives: the PGlite folder, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

export type DatabaseOptions = Pick<Env, 'DATABASE_URL' | 'DATA_DIR'> &
  Partial<Pick<Env, 'SYNC_CONCURRENCY'>> & {
    /** In-memory PGlite (tests): no folder, no lock. */
    inMemory?: boolean;
  };

/** PostgreSQL pool size: every concurrent sync run holds a connection while it commits, plus a few for GraphQL. */
export function poolSize(syncConcurrency: number | undefined): number {
  return Math.max(10, (syncConcurrency ?? 0) + 4);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.DATABASE_URL) return openPostgres(options.DATABASE_URL, poolSize(options.SYNC_CONCURRENCY));
  return openPglite(options.DATA_DIR, options.inMemory ?? false);
}

const parsePgliteTimestamp = types.parsers[types.TIMESTAMPTZ]!;
const pgliteIsoTimestamps = { [types.TIMESTAMPTZ]: (text: string): unknown => isoTimestamp(text) ?? parsePgliteTimestamp(text, types.TIMESTAMPTZ) };

function pgliteRunner(db: PGlite): SqlRunner {
  const runner = (target: Pick<PGlite, 'exec' | 'query'>): Omit<SqlRunner, 'transaction'> => ({
    async exec(sql) {
      await target.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      return (await target.query<Row>(sql, params, options?.isoTimestamps ? { parsers: pgliteIsoTimestamps } : undefined)).rows;
    },
  });
  return {
    ...runner(db),
    transaction: (work) => db.transaction((tx) => work(runner(tx))),
  };
}

async function openPglite(dataDir: string, inMemory: boolean): Promise<Database> {
  let lock: DirectoryLock | undefined;
  let folder: string | undefined;
  if (!inMemory) {
    try {
      mkdirSync(dataDir, { recursive: true });
      accessSync(dataDir, constants.W_OK | constants.R_OK);
    } catch (error) {
      throw new ConfigError('DATA_DIR', `cannot write to ${dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose a writable folder`);
    }
    lock = acquireDirectoryLock(dataDir);
    folder = join(dataDir, 'pglite');
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(folder);
  } catch (error) {
    lock?.release();
    throw new ConfigError('DATA_DIR', `cannot open the embedded database in ${folder}: ${(error as Error).message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    sql: pgliteRunner(pglite),
    backend: 'pglite',
    location: folder ?? 'memory://',
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      lock?.release();
    },
  };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // Idle-client errors (server restart) must not crash the process; queries report their own.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const parsed = new URL(url);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      'DATABASE_URL',
      `cannot connect to PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname} (${reason}: ${(error as Error).message})`,
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql = pgSqlRunner(pool);
  return {
    prisma,
    sql,
    backend: 'postgresql',
    location: redact(url),
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}
