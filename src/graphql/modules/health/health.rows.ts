// Per-request loaders for the health record tables. Each loader answers every key of one request
// (all days, all users of a response) with one SQL statement per table and selection, so the number
// of statements never depends on the number of rows, days or users. Only the columns the GraphQL
// selection asks for are read (plus id, userId and date, see rowsOfRange for less): dense JSON
// series cost nothing unasked.
//
// SQL goes through the raw SQL runner on Prisma's own driver (PGlite or pg; see GraphQLDeps.sql),
// which costs less than half the CPU of Prisma's raw API for a year of rows; without a runner it
// falls back to Prisma's raw API. `date` columns are read as text: a local date is a `YYYY-MM-DD`
// string everywhere in GraphQL, and no driver gets to interpret it in a time zone. Timestamps come
// as `toISOString()` strings where the runner can (readRows), which the DateTime scalar writes as
// they are. int8 columns may arrive as strings (pg) and are converted by their field (health.node.ts).
import DataLoader from 'dataloader';
import { queryRows, type Context } from '../../context.js';
import type { LocalDate } from '../../dates.js';

/** A health table as the loaders see it: GraphQL field name → SQL expression over alias `t`. */
export interface HealthTable {
  /** Table (and Prisma model) name. */
  readonly table: string;
  readonly columns: ReadonlyMap<string, string>;
  /** ORDER BY of the records of one day (default: id). */
  readonly dayOrder?: string;
}

export type HealthRow = { id: string; userId: string; date: LocalDate } & Record<string, unknown>;

export interface DayKey {
  userId: string;
  date: LocalDate;
}

export interface RangeArgs {
  from?: LocalDate | null | undefined;
  to?: LocalDate | null | undefined;
}

const ALWAYS = 't."id", t."userId", t."date"::text AS "date"';
const DATE_ONLY = 't."date"::text AS "date"';
const selectCache = new WeakMap<HealthTable, Map<string, string>>();

/**
 * The SELECT list for `fields` (unknown names, e.g. `id` or relation fields, are skipped) after
 * `head` (id, userId and date unless told otherwise).
 */
function selectList(table: HealthTable, fields: readonly string[], head = ALWAYS): string {
  let byFields = selectCache.get(table);
  if (!byFields) {
    byFields = new Map();
    selectCache.set(table, byFields);
  }
  const key = `${head}|${fields.join(',')}`;
  let list = byFields.get(key);
  if (list === undefined) {
    list = head;
    for (const field of fields) {
      const expression = table.columns.get(field);
      if (expression !== undefined && field !== 'id' && field !== 'userId' && field !== 'date') list += `, ${expression} AS "${field}"`;
    }
    byFields.set(key, list);
  }
  return list;
}

/** Health rows are only serialised: timestamps are read as ISO strings (see QueryOptions.isoTimestamps). */
function readRows<Row>(ctx: Context, sql: string, params: unknown[]): Promise<Row[]> {
  return queryRows<Row>(ctx, sql, params, { isoTimestamps: true });
}

function loader<K, V>(ctx: Context, name: string, batch: (keys: readonly K[]) => Promise<V[]>, cacheKeyFn?: (key: K) => string): DataLoader<K, V, string> {
  let found = ctx.loaders.get(name) as DataLoader<K, V, string> | undefined;
  if (!found) {
    found = new DataLoader<K, V, string>(batch, cacheKeyFn ? { cacheKeyFn } : {});
    ctx.loaders.set(name, found);
  }
  return found;
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** `AND` conditions for an inclusive date range; parameters are appended to `params`. */
function rangeSql(range: RangeArgs, params: unknown[]): string {
  let sql = '';
  if (range.from) {
    params.push(range.from);
    sql += ` AND t."date" >= $${params.length}::date`;
  }
  if (range.to) {
    params.push(range.to);
    sql += ` AND t."date" <= $${params.length}::date`;
  }
  return sql;
}

const dayKey = (key: DayKey): string => `${key.userId}|${key.date}`;

/** The records of one user's local date, as selected. One statement per table and selection. */
export function rowsOfDay(ctx: Context, table: HealthTable, fields: readonly string[], key: DayKey): Promise<HealthRow[]> {
  const select = selectList(table, fields);
  return loader<DayKey, HealthRow[]>(
    ctx,
    `health:day:${table.table}:${select}`,
    async (keys) => {
      const userIds = [...new Set(keys.map((k) => k.userId))];
      const dates = [...new Set(keys.map((k) => k.date))];
      const rows = await readRows<HealthRow>(
        ctx,
        `SELECT ${select} FROM "${table.table}" t WHERE t."userId" = ANY($1::uuid[]) AND t."date" = ANY($2::date[]) ORDER BY ${table.dayOrder ?? 't."id"'}`,
        [userIds, dates],
      );
      const byKey = groupBy(rows, (row) => `${row.userId}|${row.date}`);
      return keys.map((k) => byKey.get(dayKey(k)) ?? []);
    },
    dayKey,
  ).load(key);
}

export interface UserRange {
  userId: string;
  from: LocalDate;
  to: LocalDate;
}

const rangeKey = (key: UserRange): string => `${key.userId}|${key.from}|${key.to}`;

/** A record of a range: `id` only when the selection asks for it (the `id` field is its only reader). */
export type RangeRow = { date: LocalDate } & Record<string, unknown>;

/**
 * The records of a user from `from` to `to` (inclusive), as selected, in day order: what `days`
 * preloads for each record field. All users and ranges of a request share one statement per table
 * and selection (the union of the ranges is read, then split). A year of rows is most of what the
 * database sends for `days`, so only what is needed is read: no id unless selected, no userId
 * unless several users share the statement.
 */
export function rowsOfRange(ctx: Context, table: HealthTable, fields: readonly string[], key: UserRange): Promise<RangeRow[]> {
  const select = selectList(table, fields, fields.includes('id') ? `${DATE_ONLY}, t."id"` : DATE_ONLY);
  return loader<UserRange, RangeRow[]>(
    ctx,
    `health:range:${table.table}:${select}`,
    async (keys) => {
      const userIds = [...new Set(keys.map((k) => k.userId))];
      let from = keys[0]!.from;
      let to = keys[0]!.to;
      for (const k of keys) {
        if (k.from < from) from = k.from;
        if (k.to > to) to = k.to;
      }
      const several = userIds.length > 1;
      const rows = await readRows<RangeRow & { userId?: string }>(
        ctx,
        `SELECT ${several ? 't."userId", ' : ''}${select} FROM "${table.table}" t WHERE t."userId" = ANY($1::uuid[]) AND t."date" >= $2::date AND t."date" <= $3::date ORDER BY ${table.dayOrder ?? 't."id"'}`,
        [userIds, from, to],
      );
      if (keys.length === 1) return [rows];
      const byUser = several ? groupBy(rows, (row) => row.userId!) : new Map([[userIds[0]!, rows]]);
      return keys.map((k) => {
        const list = byUser.get(k.userId) ?? [];
        return k.from === from && k.to === to ? list : list.filter((row) => row.date >= k.from && row.date <= k.to);
      });
    },
    rangeKey,
  ).load(key);
}

export interface PageQuery extends RangeArgs {
  /** Rows to read: the page size plus one (to tell whether another page exists); negative reads backwards. */
  take: number;
  /** Id of the row the page starts after (forward) or ends before (backward). */
  cursorId?: string | undefined;
}

/**
 * One page of a user's records in (date, id) order, oldest first, as selected. Every user of a
 * request with the same page query shares one statement (row_number per user when there are several).
 */
export function pageOfUser(ctx: Context, table: HealthTable, fields: readonly string[], userId: string, page: PageQuery): Promise<HealthRow[]> {
  const select = selectList(table, fields);
  return loader<string, HealthRow[]>(ctx, `health:page:${table.table}:${select}:${page.from}:${page.to}:${page.take}:${page.cursorId}`, async (userIds) => {
    const params: unknown[] = [userIds];
    let where = `t."userId" = ANY($1::uuid[])${rangeSql(page, params)}`;
    const backward = page.take < 0;
    if (page.cursorId !== undefined) {
      params.push(page.cursorId);
      where += ` AND (t."date", t."id") ${backward ? '<' : '>'} (SELECT c."date", c."id" FROM "${table.table}" c WHERE c."id" = $${params.length}::uuid AND c."userId" = ANY($1::uuid[]))`;
    }
    params.push(Math.abs(page.take));
    const direction = backward ? 'DESC' : 'ASC';
    const order = `t."date" ${direction}, t."id" ${direction}`;
    const sql =
      userIds.length === 1
        ? `SELECT ${select} FROM "${table.table}" t WHERE ${where} ORDER BY ${order} LIMIT $${params.length}`
        : `SELECT * FROM (SELECT ${select}, row_number() OVER (PARTITION BY t."userId" ORDER BY ${order}) AS "__rank" FROM "${table.table}" t WHERE ${where}) ranked WHERE "__rank" <= $${params.length}`;
    const rows = await readRows<HealthRow>(ctx, sql, params);
    const byUser = groupBy(rows, (row) => row.userId);
    return userIds.map((id) => {
      // Oldest first either way: a backward page's extra row (if any) comes first.
      const list = byUser.get(id) ?? [];
      if (userIds.length > 1) return list.sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date < b.date ? -1 : 1));
      return backward ? list.reverse() : list;
    });
  }).load(userId);
}

/** How many records of a user fall in the range (a connection's totalCount). */
export function countOfUser(ctx: Context, table: HealthTable, userId: string, range: RangeArgs): Promise<number> {
  return loader<string, number>(ctx, `health:count:${table.table}:${range.from}:${range.to}`, async (userIds) => {
    const params: unknown[] = [userIds];
    const rows = await queryRows<{ userId: string; count: number }>(
      ctx,
      `SELECT t."userId", count(*)::int AS "count" FROM "${table.table}" t WHERE t."userId" = ANY($1::uuid[])${rangeSql(range, params)} GROUP BY t."userId"`,
      params,
    );
    const counts = new Map(rows.map((row) => [row.userId, Number(row.count)]));
    return userIds.map((id) => counts.get(id) ?? 0);
  }).load(userId);
}

/**
 * A record by id if the viewer may read it (own records; admin keys: any), as selected. This is the
 * tenancy check of `node(id)`/`nodes(ids)`: no viewer, no rows.
 */
export async function rowById(ctx: Context, table: HealthTable, fields: readonly string[], id: string): Promise<HealthRow | null> {
  const viewer = ctx.viewer;
  if (!viewer || (!viewer.isAdmin && !viewer.userId)) return null;
  const owner = viewer.isAdmin ? null : viewer.userId;
  const select = selectList(table, fields);
  return loader<string, HealthRow | null>(ctx, `health:id:${table.table}:${select}`, async (ids) => {
    const params: unknown[] = [ids];
    let where = 't."id" = ANY($1::uuid[])';
    if (owner) {
      params.push(owner);
      where += ' AND t."userId" = $2::uuid';
    }
    const rows = await readRows<HealthRow>(ctx, `SELECT ${select} FROM "${table.table}" t WHERE ${where}`, params);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((key) => byId.get(key) ?? null);
  }).load(id);
}

/** A user's record whose `column` (text) equals `value`, as selected (e.g. an exercise by its id or Polar id). */
export async function rowOfUserBy(ctx: Context, table: HealthTable, fields: readonly string[], column: string, userId: string, value: string): Promise<HealthRow | null> {
  const select = selectList(table, fields);
  const key = (user: string, text: string): string => `${user}|${text}`;
  return loader<string, HealthRow | null>(ctx, `health:by:${table.table}:${column}:${select}`, async (keys) => {
    const pairs = keys.map((k) => k.split('|') as [string, string]);
    const rows = await readRows<HealthRow & { __key: string }>(
      ctx,
      `SELECT ${select}, t."${column}"::text AS "__key" FROM "${table.table}" t WHERE t."userId" = ANY($1::uuid[]) AND t."${column}"::text = ANY($2::text[])`,
      [[...new Set(pairs.map((p) => p[0]))], [...new Set(pairs.map((p) => p[1]))]],
    );
    const found = new Map(rows.map((row) => [key(row.userId, row.__key), row]));
    return keys.map((k) => found.get(k) ?? null);
  }).load(key(userId, value));
}

/** A user's latest record by `orderColumn` dated on or before `asOf` (any date when null), as selected. */
export function latestOfUser(ctx: Context, table: HealthTable, fields: readonly string[], orderColumn: string, userId: string, asOf: LocalDate | null): Promise<HealthRow | null> {
  const select = selectList(table, fields);
  return loader<string, HealthRow | null>(ctx, `health:latest:${table.table}:${orderColumn}:${asOf}:${select}`, async (userIds) => {
    const params: unknown[] = [userIds];
    const rows = await readRows<HealthRow>(
      ctx,
      `SELECT DISTINCT ON (t."userId") ${select} FROM "${table.table}" t WHERE t."userId" = ANY($1::uuid[])${rangeSql({ to: asOf }, params)} ORDER BY t."userId", t."${orderColumn}" DESC`,
      params,
    );
    const byUser = new Map(rows.map((row) => [row.userId, row]));
    return userIds.map((id) => byUser.get(id) ?? null);
  }).load(userId);
}
