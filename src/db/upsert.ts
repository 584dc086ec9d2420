// Bulk, idempotent writes: one `INSERT … SELECT … FROM jsonb_to_recordset($1) … ON CONFLICT (natural
// key) DO UPDATE` statement per batch, never one statement per row. Rows whose values did not change
// are left alone (no write, `updatedAt` kept). Used by the sync engine and the benchmark seeder.
import type { SqlRunner } from './sql-runner.js';

export type ColumnType =
  | 'uuid'
  | 'text'
  | 'int'
  | 'bigint'
  | 'float'
  | 'bool'
  | 'date'
  | 'timestamptz'
  | 'jsonb'
  | 'text[]';

export interface TableSpec {
  /** Table name as in the database (Prisma model name). */
  table: string;
  /** Every column written, with its SQL type. */
  columns: Readonly<Record<string, ColumnType>>;
  /** The natural unique key (ON CONFLICT target). */
  conflict: readonly string[];
  /** Columns written on insert but never changed on conflict (besides the key). */
  insertOnly?: readonly string[];
  /** Set `"updatedAt" = now()` when a row changes. Default true. */
  touchUpdatedAt?: boolean;
}

export type Row = Record<string, unknown>;

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Rows given (after de-duplicating on the key). */
  written: number;
}

type Query = Pick<SqlRunner, 'query'>;

const DEFAULT_MAX_ROWS = 1000;
const DEFAULT_MAX_BYTES = 8_000_000;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** JSON-safe value for jsonb_to_recordset: Date → ISO (or YYYY-MM-DD for date), bigint → string. */
function encodeValue(value: unknown, type: ColumnType): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (type === 'jsonb') return value;
  return value;
}

function keyOf(row: Row, spec: TableSpec): string {
  return JSON.stringify(spec.conflict.map((column) => encodeValue(row[column], spec.columns[column]!)));
}

/** Splits rows into batches bounded by count and approximate JSON size. */
function batches(encoded: string[], maxRows: number, maxBytes: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const json of encoded) {
    if (current.length > 0 && (current.length >= maxRows || bytes + json.length > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(json);
    bytes += json.length + 1;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function upsertSql(spec: TableSpec): string {
  const columns = Object.keys(spec.columns);
  const table = quoteIdent(spec.table);
  const list = columns.map(quoteIdent).join(', ');
  const recordset = columns.map((c) => `${quoteIdent(c)} ${spec.columns[c]}`).join(', ');
  const keep = new Set([...spec.conflict, ...(spec.insertOnly ?? [])]);
  const updatable = columns.filter((c) => !keep.has(c));
  let conflict: string;
  if (updatable.length === 0) {
    conflict = 'DO NOTHING';
  } else {
    const sets = updatable.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
    if (spec.touchUpdatedAt !== false) sets.push('"updatedAt" = now()');
    const current = updatable.map((c) => `${table}.${quoteIdent(c)}`).join(', ');
    const incoming = updatable.map((c) => `EXCLUDED.${quoteIdent(c)}`).join(', ');
    conflict = `DO UPDATE SET ${sets.join(', ')} WHERE (${current}) IS DISTINCT FROM (${incoming})`;
  }
  return (
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS t(${recordset}) ` +
    `ON CONFLICT (${spec.conflict.map(quoteIdent).join(', ')}) ${conflict} RETURNING (xmax = 0) AS inserted`
  );
}

/**
 * Inserts or updates `rows` (keyed by `spec.conflict`), in batches of one statement each. Rows
 * repeating a key keep the last occurrence. Run it inside a transaction for all-or-nothing.
 */
export async function bulkUpsert(
  sql: Query,
  spec: TableSpec,
  rows: readonly Row[],
  options: { maxRows?: number; maxBytes?: number } = {},
): Promise<UpsertResult> {
  const unique = new Map<string, Row>();
  for (const row of rows) unique.set(keyOf(row, spec), row);
  const columns = Object.keys(spec.columns);
  const encoded = [...unique.values()].map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = encodeValue(row[c], spec.columns[c]!);
    return JSON.stringify(out);
  });
  const statement = upsertSql(spec);
  const result: UpsertResult = { inserted: 0, updated: 0, written: unique.size };
  for (const batch of batches(encoded, options.maxRows ?? DEFAULT_MAX_ROWS, options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    const returned = await sql.query<{ inserted: boolean }>(statement, [`[${batch.join(',')}]`]);
    for (const row of returned) {
      if (row.inserted) result.inserted++;
      else result.updated++;
    }
  }
  return result;
}

/** Plain batched INSERT (no conflict handling), e.g. for append-only logs. */
export async function bulkInsert(
  sql: Query,
  table: string,
  columns: Readonly<Record<string, ColumnType>>,
  rows: readonly Row[],
  options: { maxRows?: number; maxBytes?: number } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = Object.keys(columns);
  const list = names.map(quoteIdent).join(', ');
  const recordset = names.map((c) => `${quoteIdent(c)} ${columns[c]}`).join(', ');
  const statement = `INSERT INTO ${quoteIdent(table)} (${list}) SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS t(${recordset})`;
  const encoded = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of names) out[c] = encodeValue(row[c], columns[c]!);
    return JSON.stringify(out);
  });
  for (const batch of batches(encoded, options.maxRows ?? DEFAULT_MAX_ROWS, options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    await sql.query(statement, [`[${batch.join(',')}]`]);
  }
  return rows.length;
}
