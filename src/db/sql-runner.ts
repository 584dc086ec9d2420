import { createHash } from 'node:crypto';
import pg from 'pg';

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
  /**
   * timestamptz values as the ISO strings `Date#toISOString()` would give (`2025-09-04T03:41:54.120Z`)
   * instead of Dates, for rows that are only serialised: no Date is built per value, and none has to
   * be formatted again when the response is written. A runner may ignore this and return Dates.
   */
  isoTimestamps?: boolean;
}

/** PostgreSQL's type id of timestamptz. */
export const TIMESTAMPTZ_OID = 1184;

/** timestamptz output of a UTC session, years 1000–9999: `2025-09-04 03:41:54+00`, optionally with a fraction of a second. */
const UTC_TIMESTAMP = /^[1-9]\d{3}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?\+00$/;

/**
 * A timestamptz in PostgreSQL's text output as `Date#toISOString()` would give it (milliseconds
 * truncated, as a Date holds them), or undefined when it is not in a UTC session's plain form (another
 * TimeZone setting, BC, years before 1000 or past 9999, infinity): the caller then parses it as usual.
 */
export function isoTimestamp(text: string): string | undefined {
  if (!UTC_TIMESTAMP.test(text)) return undefined;
  const time = `${text.slice(0, 10)}T${text.slice(11, 19)}`;
  // `.1+00` → `.100Z`; no fraction → `.000Z`.
  const fraction = text.length > 22 ? text.slice(20, Math.min(text.length - 3, 23)).padEnd(3, '0') : '000';
  return `${time}.${fraction}Z`;
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

type RowBuilder = (values: unknown[]) => Record<string, unknown>;
const rowBuilders = new Map<string, RowBuilder>();

/**
 * Turns a row of `columns` read as an array into the object node-postgres would have built (a later
 * column of the same name wins): one object literal of a fixed shape instead of a copy of a template
 * object written key by key, which is most of pg's own cost per row. One per prepared statement.
 */
function rowBuilderOf(statement: string, columns: readonly { name: string }[]): RowBuilder {
  let build = rowBuilders.get(statement);
  if (!build) {
    // A computed `__proto__` key makes a property, as pg does, where a plain one would set the prototype.
    const properties = columns.map((column, index) => `${column.name === '__proto__' ? '["__proto__"]' : JSON.stringify(column.name)}: values[${index}]`).join(', ');
    build = new Function('values', `return { ${properties} };`) as RowBuilder; // names are JSON string literals
    rowBuilders.set(statement, build);
  }
  return build;
}

/**
 * A SqlRunner over a node-postgres pool. Prisma-free, so processes that must not load Prisma (the
 * benchmark's seeders) build the same runner as db/client.ts.
 */
export function pgSqlRunner(pool: pg.Pool): SqlRunner {
  const types = pg.types;
  const parseTimestamp = types.getTypeParser(TIMESTAMPTZ_OID, 'text');
  const parseIsoTimestamp = (text: string): unknown => isoTimestamp(text) ?? parseTimestamp(text);
  const isoTimestampTypes = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMPTZ_OID && format !== 'binary' ? parseIsoTimestamp : types.getTypeParser(oid, format)),
  };
  const runner = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): Omit<SqlRunner, 'transaction'> => ({
    async exec(sql) {
      await target.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = [], options?: QueryOptions) {
      const name = options?.prepared ? statementName(sql) : undefined;
      const types = options?.isoTimestamps ? { types: isoTimestampTypes } : {};
      if (name === undefined) return (await target.query({ text: sql, values: params, ...types })).rows as Row[];
      const result = await target.query<unknown[]>({ name, text: sql, values: params, rowMode: 'array', ...types });
      const build = rowBuilderOf(name, result.fields);
      return result.rows.map(build) as Row[];
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
