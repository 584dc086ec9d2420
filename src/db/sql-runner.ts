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
