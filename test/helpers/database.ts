// Fresh, isolated databases for tests: in-memory PGlite, or a throw-away database created on the
// PostgreSQL server named by TEST_DATABASE_URL (default: the local server's `test` database).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';

export type Backend = 'pglite' | 'postgresql';

export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** Connection URL (PostgreSQL only) of the throw-away database. */
  url?: string;
  dispose(): Promise<void>;
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pfs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: '', inMemory: true });
    return { db, dispose: () => db.close() };
  }
  const created = await createPostgresDatabase();
  const db = await openDatabase({ DATABASE_URL: created.url, DATA_DIR: '' });
  return {
    db,
    url: created.url,
    async dispose() {
      await db.close();
      await created.drop();
    },
  };
}
