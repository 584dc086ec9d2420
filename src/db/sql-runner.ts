import { createHash } from 'node:crypto';
import type pg from 'pg';

// Raw SQL access beside Prisma, for what Prisma's query API cannot express: multi-statement
// migration scripts, advisory locks and bulk upserts. Implemented over the same driver the
// Prisma adapter uses, so both see the same database.
export interface SqlRunner {
  /** Runs a script of one or more statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Runs `work` inside one transaction on one connection. */
  transaction<T>(work: (tx: Omit<SqlRunner, 'transaction'>) => Promise<T>): Promise<T>;
}

export interface QueryOptions {
  /**
   * A statement the server runs again and again (the GraphQL read path): PostgreSQL parses and plans
   * it once per connection instead of on every request. Ignored by the embedded database.
   */
  prepared?: boolean;
}

/**
 * Distinct prepared statements per process. Statement texts follow the columns a GraphQL selection
 * asks for, so clients could make ever new ones: past this many, statements run unprepared rather
 * than grow every pooled connection's cache without bound.
 */
export const MAX_PREPARED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

/** The prepared-statement name of `sql` (a digest of its text), or undefined once the budget is spent. */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED_STATEMENTS) {
    name = `pfs_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * A SqlRunner over a node-postgres pool. Prisma-free, so processes that must not load Prisma (the
 * benchmark's seeders) build the same runner as db/client.ts.
 */
export function pgSqlRunner(pool: pg.Pool): SqlRunner {
  const runner = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): Omit<SqlRunner, 'transaction'> => ({
    async exec(sql) {
      await target.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      const name = options?.prepared ? statementName(sql) : undefined;
      const result = name ? await target.query({ name, text: sql, values: params }) : await target.query(sql, params);
      return result.rows as Row[];
    },
  });
  return {
    ...runner(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
