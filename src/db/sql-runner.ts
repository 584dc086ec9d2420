import type pg from 'pg';

// Raw SQL access beside Prisma, for what Prisma's query API cannot express: multi-statement
// migration scripts, advisory locks and bulk upserts. Implemented over the same driver the
// Prisma adapter uses, so both see the same database.
export interface SqlRunner {
  /** Runs a script of one or more statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `work` inside one transaction on one connection. */
  transaction<T>(work: (tx: Omit<SqlRunner, 'transaction'>) => Promise<T>): Promise<T>;
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
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await target.query(sql, params)).rows as Row[];
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
