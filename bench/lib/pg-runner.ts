// A SqlRunner over a node-postgres pool (the same shape src/db/client.ts builds), for bench processes
// that must not load Prisma (seed workers, the raw floor server).
import pg from 'pg';
import type { SqlRunner } from '../../src/db/sql-runner.js';

export function pgRunner(pool: pg.Pool): SqlRunner {
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
