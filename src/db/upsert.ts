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

/** `JSON.stringify(encodeValue(value, type))`, without the detour for the common scalar cases. */
function valueJson(value: unknown, type: ColumnType): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `"${value.toString()}"`;
    default:
      if (value instanceof Date) {
        const iso = value.toISOString();
        return `"${type === 'date' ? iso.slice(0, 10) : iso}"`;
      }
      return JSON.stringify(value) ?? 'null';
  }
}

interface Layout {
  columns: string[];
  types: ColumnType[];
  /** `"column":` for each column (the first prefixed with `{`, the others with `,`). */
  prefixes: string[];
  /** Indexes (into `columns`) of the conflict key. */
  key: number[];
  statement: string;
}

const layouts = new WeakMap<TableSpec, Layout>();

function layoutOf(spec: TableSpec): Layout {
  let layout = layouts.get(spec);
  if (!layout) {
    const columns = Object.keys(spec.columns);
    layout = {
      columns,
      types: columns.map((c) => spec.columns[c]!),
      prefixes: columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`),
      key: spec.conflict.map((c) => columns.indexOf(c)),
      statement: upsertSql(spec),
    };
    layouts.set(spec, layout);
  }
  return layout;
}

/** Splits rows into batches bounded by count and approximate JSON size. */
function batches(encoded: readonly string[], maxRows: number, maxBytes: number): string[][] {
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
 * Rows encoded for `upsertEncoded`, one at a time: one JSON object per row (every column of `spec`,
 * Dates as ISO strings, YYYY-MM-DD for `date`, bigints as strings), de-duplicated on the natural key —
 * a row repeating a key replaces the earlier one, in its place. Encoded rows of different encoders
 * may be concatenated when their keys cannot collide (e.g. rows of different users).
 */
export class RowEncoder {
  readonly rows: string[] = [];
  private readonly layout: Layout;
  private readonly index = new Map<string, number>();
  private readonly values: string[];

  /** `{"a":<values[0]>,"b":<values[1]>,…}` as one flat string (not a tree of concatenations kept alive until written). */
  private readonly join: (values: readonly string[]) => string;

  constructor(readonly spec: TableSpec) {
    this.layout = layoutOf(spec);
    this.values = new Array<string>(this.layout.columns.length);
    const parts: string[] = [];
    const { prefixes } = this.layout;
    this.join = (values) => {
      for (let i = 0; i < prefixes.length; i++) {
        parts[2 * i] = prefixes[i]!;
        parts[2 * i + 1] = values[i]!;
      }
      parts[2 * prefixes.length] = prefixes.length > 0 ? '}' : '{}';
      return parts.join('');
    };
  }

  push(row: Row): void {
    const { columns, types, key } = this.layout;
    const values = this.values;
    for (let i = 0; i < columns.length; i++) values[i] = valueJson(row[columns[i]!], types[i]!);
    const json = this.join(values);
    let k = '';
    for (let i = 0; i < key.length; i++) {
      const at = key[i]!;
      // A conflict column outside `columns` (not written) still tells rows apart, as bulkUpsert always did.
      k += `${i === 0 ? '' : '\u0000'}${at >= 0 ? values[at]! : valueJson(row[this.spec.conflict[i]!], 'text')}`;
    }
    const at = this.index.get(k);
    if (at === undefined) {
      this.index.set(k, this.rows.length);
      this.rows.push(json);
    } else this.rows[at] = json;
  }
}

/** `rows` encoded for `upsertEncoded` (see RowEncoder). */
export function encodeRows(spec: TableSpec, rows: readonly Row[]): string[] {
  const encoder = new RowEncoder(spec);
  for (const row of rows) encoder.push(row);
  return encoder.rows;
}

/**
 * The statements of `bulkUpsert` for rows already encoded with `encodeRows` (unique on the key), in
 * batches of one statement each. Lets a caller encode rows away from the connection (another thread,
 * ahead of time) and write rows of several users in one statement.
 */
export async function upsertEncoded(
  sql: Query,
  spec: TableSpec,
  encoded: readonly string[],
  options: { maxRows?: number; maxBytes?: number } = {},
): Promise<UpsertResult> {
  const { statement } = layoutOf(spec);
  const result: UpsertResult = { inserted: 0, updated: 0, written: encoded.length };
  for (const batch of batches(encoded, options.maxRows ?? DEFAULT_MAX_ROWS, options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    const returned = await sql.query<{ inserted: boolean }>(statement, [`[${batch.join(',')}]`]);
    for (const row of returned) {
      if (row.inserted) result.inserted++;
      else result.updated++;
    }
  }
  return result;
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
  return upsertEncoded(sql, spec, encodeRows(spec, rows), options);
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
