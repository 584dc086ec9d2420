// Applies the committed migrations in prisma/migrations, recording them in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (same table, checksum = SHA-256 of migration.sql), so an
// operator can use either tool on the same database. The Prisma CLI cannot run on machines without
// access to Prisma's binary host, which is why the server carries its own applier.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { SqlRunner } from './sql-runner.js';

export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed after they ran (reported, never re-run). */
  modified: string[];
  latest: string | null;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

// The lock id `prisma migrate` takes, so the two never run at once on one database.
const ADVISORY_LOCK_ID = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export function migrationsDir(): string {
  return join(packageRoot(), 'prisma', 'migrations');
}

export function readMigrations(dir = migrationsDir()): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

async function appliedRows(sql: Pick<SqlRunner, 'query'>): Promise<AppliedRow[]> {
  const exists = await sql.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists[0]?.present) return [];
  return sql.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
}

export async function migrationState(sql: Pick<SqlRunner, 'query'>, files = readMigrations()): Promise<MigrationState> {
  const rows = (await appliedRows(sql)).filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const byName = new Map(rows.map((row) => [row.migration_name, row]));
  const applied = files.filter((file) => byName.has(file.name)).map((file) => file.name);
  return {
    applied,
    pending: files.filter((file) => !byName.has(file.name)).map((file) => file.name),
    modified: files.filter((file) => byName.has(file.name) && byName.get(file.name)!.checksum !== file.checksum).map((f) => f.name),
    latest: applied.at(-1) ?? null,
  };
}

/** Applies every pending migration in one transaction (all or nothing). Safe to call concurrently and repeatedly. */
export async function applyMigrations(sql: SqlRunner, files = readMigrations()): Promise<{ applied: string[]; state: MigrationState }> {
  return sql.transaction(async (tx) => {
    // A transaction-scoped advisory lock serialises servers starting together on one PostgreSQL.
    await tx.query(`SELECT pg_advisory_xact_lock(${ADVISORY_LOCK_ID})`);
    await tx.exec(CREATE_MIGRATIONS_TABLE);
    const failed = (await appliedRows(tx)).find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it rolled back ` +
          `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed.migration_name}')`,
      );
    }
    const before = await migrationState(tx, files);
    const newlyApplied: string[] = [];
    for (const file of files.filter((f) => before.pending.includes(f.name))) {
      const id = randomUUID();
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
        [id, file.checksum, file.name],
      );
      try {
        await tx.exec(file.sql);
      } catch (error) {
        throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
      }
      await tx.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
      newlyApplied.push(file.name);
    }
    return { applied: newlyApplied, state: await migrationState(tx, files) };
  });
}
