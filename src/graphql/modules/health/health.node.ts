// The one way a health record type is defined: a plain Pothos object implementing Relay `Node`,
// whose fields read columns loaded by health.rows.ts (only the selected ones), and the fields under
// `User` that reach it (date-ranged connection, record of one date).
//
// Why not plugin-prisma's prismaNode: its select mode plans a Prisma query per parent and checks a
// row mapping in every exposed field of every row, which made a year of days cost ~8x the CPU of
// PostGraphile for the same rows. Here the selection is walked once per field position per request
// and every field is a property read.
//
// Authorization: these types carry no per-row auth scope. Every path to them is already owner-
// checked: they are reached only under `User` (whose type-level `owner` scope admits the key's own
// user, or any user for admin keys), under `Day` (itself only under `User`), or through
// `node(id)`/`nodes(ids)`, whose loader filters by the viewer's user id in SQL (rowById).
import { getConnectionPageSize, PothosValidationError, validateConnectionArguments, type ObjectRef } from '@pothos/core';
import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma';
import { getDatamodel } from '../../../generated/pothos-types.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import type { LocalDate } from '../../dates.js';
import { LIMITS } from '../../limits.js';
import { UserRef } from '../user/user.type.js';
import { connectionComplexity, dateRangeArgsSchema, FROM_DOC, TO_DOC } from './health.args.js';
import { selectedFieldNames } from './health.selection.js';
import { countOfUser, pageOfUser, rowById, rowsOfDay, type DayKey, type HealthRow, type HealthTable, type RangeArgs } from './health.rows.js';

type Scalar = 'Date' | 'DateTime' | 'Int' | 'Float' | 'String' | 'Boolean' | 'JSON' | 'BigInt';
/** A GraphQL scalar, `?` when nullable. */
export type FieldType = Scalar | `${Scalar}?`;
/** A column of the type's table, or a computed one (`sql` over table alias `t`). */
export type FieldSpec = FieldType | { type: FieldType; sql: string; description?: string };

export interface HealthNode extends HealthTable {
  readonly typeName: string;
  readonly ref: ObjectRef<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, HealthRow>;
}

export interface HealthNodeOptions {
  fields: Record<string, FieldSpec>;
  dayOrder?: string;
}

const datamodel: Record<string, { documentation?: string | undefined; fields: readonly { name: string; documentation?: string | undefined }[] }> = getDatamodel().datamodel.models;

/** Schema doc comments as descriptions, as plugin-prisma's `exposeDescriptions` gave them. */
function documentation(typeName: string, field?: string): string | undefined {
  const model = datamodel[typeName];
  if (!model) return undefined;
  return field === undefined ? model.documentation : model.fields.find((f) => f.name === field)?.documentation;
}

/** int8 as the driver gives it (pg: string, PGlite: bigint or number). */
function toBigInt(value: unknown): bigint | null {
  return value === null || value === undefined ? null : BigInt(value as string | number | bigint);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Defines health record type `typeName` (table of the same name) from its field list. */
export function healthNode(typeName: string, options: HealthNodeOptions): HealthNode {
  const columns = new Map<string, string>();
  const specs = Object.entries(options.fields).map(([name, spec]) => {
    const { type, sql, description } = typeof spec === 'string' ? { type: spec, sql: undefined, description: undefined } : spec;
    const nullable = type.endsWith('?');
    const scalar = (nullable ? type.slice(0, -1) : type) as Scalar;
    columns.set(name, sql ?? (scalar === 'Date' ? `t."${name}"::text` : `t."${name}"`));
    return { name, scalar, nullable, description: description ?? documentation(typeName, name) };
  });
  const table: HealthTable = { table: typeName, columns, ...(options.dayOrder ? { dayOrder: options.dayOrder } : {}) };
  const ref = builder.objectRef<HealthRow>(typeName);
  builder.node(ref, {
    ...(documentation(typeName) ? { description: documentation(typeName) } : {}),
    id: { resolve: (row) => row.id },
    loadWithoutCache: (id, ctx, info) => rowById(ctx, table, selectedFieldNames(info, typeName), String(id)),
    fields: (t) =>
      Object.fromEntries(
        specs.map(({ name, scalar, nullable, description }) => {
          const options = { type: scalar, nullable, ...(description ? { description } : {}) };
          // Exposed (no resolver): graphql-jit then reads the property inline instead of calling a
          // resolver with a fresh info and path per row and field.
          const field = scalar === 'BigInt' ? t.field({ ...options, resolve: (row: HealthRow) => toBigInt(row[name]) as never }) : t.expose(name as never, options as never);
          return [name, field];
        }),
      ),
  });
  return { ...table, typeName, ref };
}

/** The records of one day, loaded for every Day/date of the request at once. */
export function recordsOfDay(ctx: Context, info: Parameters<typeof selectedFieldNames>[0], node: HealthNode, key: DayKey): Promise<HealthRow[]> {
  return rowsOfDay(ctx, node, selectedFieldNames(info, node.typeName), key);
}

/** The record of one day, or null. */
export async function recordOfDay(ctx: Context, info: Parameters<typeof selectedFieldNames>[0], node: HealthNode, key: DayKey): Promise<HealthRow | null> {
  return (await recordsOfDay(ctx, info, node, key))[0] ?? null;
}

interface PageArgs extends RangeArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

/** Cursor-page arguments as plugin-prisma read them (same checks, same errors, same cursor format). */
function pageQuery(args: PageArgs): { take: number; cursorId: string | undefined } {
  validateConnectionArguments(args);
  if (args.before && args.after) throw new PothosValidationError('Arguments "before" and "after" are not supported at the same time');
  if (args.before != null && args.first != null) throw new PothosValidationError('Arguments "before" and "first" are not supported at the same time');
  if (args.after != null && args.last != null) throw new PothosValidationError('Arguments "after" and "last" are not supported at the same time');
  const { limit } = getConnectionPageSize({ args, defaultSize: LIMITS.defaultPageSize, maxSize: LIMITS.maxPageSize });
  const cursor = args.before ?? args.after;
  let cursorId: string | undefined;
  if (cursor != null) {
    const parsed = parsePrismaCursor(cursor);
    if (typeof parsed !== 'string' || !UUID.test(parsed)) throw new PothosValidationError(`Invalid cursor: ${cursor}`);
    cursorId = parsed;
  }
  return { take: args.before != null || args.last != null ? -limit : limit, cursorId };
}

/** An edge whose cursor is encoded only when asked for. */
class Edge {
  constructor(readonly node: HealthRow) {}
  get cursor(): string {
    return formatPrismaCursor(this.node, 'id');
  }
}

interface Connection {
  userId: string;
  range: RangeArgs;
  edges: Edge[];
  pageInfo: { startCursor: string | null; endCursor: string | null; hasPreviousPage: boolean; hasNextPage: boolean };
}

/** Page rows read with one extra row (see pageOfUser) → a connection, as plugin-prisma's wrapConnectionResult does. */
function toConnection(userId: string, args: PageArgs, take: number, rows: HealthRow[]): Connection {
  const full = rows.length === Math.abs(take);
  const backward = args.before != null || args.last != null;
  const nodes = full ? rows.slice(take < 0 ? 1 : 0, take < 0 ? rows.length : -1) : rows;
  const edges = nodes.map((node) => new Edge(node));
  return {
    userId,
    range: { from: args.from, to: args.to },
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: args.after != null ? true : backward ? full : false,
      hasNextPage: args.before != null ? true : args.last != null ? false : full,
    },
  };
}

export interface UserRecordFields {
  /** `User.<connection>(from, to, first, last, after, before)` and its type names. */
  connection: { field: string; name: string; edge: string };
  /** `User.<field>(date)`: the record of one local date. */
  ofDate?: string;
}

/** Adds the fields under `User` that reach `node`'s records. */
export function userRecordFields(node: HealthNode, fields: UserRecordFields): void {
  builder.prismaObjectFields(UserRef, (t) => ({
    [fields.connection.field]: t.connection(
      {
        type: node.ref,
        description: `${node.typeName} records with \`from\` <= date <= \`to\` (both optional, inclusive), oldest first.`,
        args: { from: t.arg({ type: 'Date', description: FROM_DOC }), to: t.arg({ type: 'Date', description: TO_DOC }) },
        validate: dateRangeArgsSchema,
        complexity: connectionComplexity,
        resolve: async (user, args, ctx, info) => {
          const page = pageQuery(args as PageArgs);
          const range = { from: args.from as LocalDate | null | undefined, to: args.to as LocalDate | null | undefined };
          const rows = await pageOfUser(ctx, node, selectedFieldNames(info, node.typeName, ['edges', 'node']), user.id, { ...range, ...page });
          return toConnection(user.id, args as PageArgs, page.take, rows) as never;
        },
      },
      {
        name: fields.connection.name,
        fields: (c) => ({
          totalCount: c.int({ resolve: (connection, _args, ctx) => countOfUser(ctx, node, (connection as unknown as Connection).userId, (connection as unknown as Connection).range) }),
        }),
      },
      { name: fields.connection.edge },
    ),
    ...(fields.ofDate
      ? {
          [fields.ofDate]: t.field({
            type: node.ref,
            nullable: true,
            description: `The ${node.typeName} record of one local date, or null.`,
            args: { date: t.arg({ type: 'Date', required: true }) },
            resolve: (user, args, ctx, info) => recordOfDay(ctx, info, node, { userId: user.id, date: args.date }),
          }),
        }
      : {}),
  }));
}
