// The storage contract, run on every back end (test/storage/pglite.test.ts on embedded PGlite,
// test/postgres/storage.test.ts on PostgreSQL): committed migrations build exactly the schema that
// prisma/schema.prisma describes, re-applying them changes nothing, and every model survives a
// create / read / upsert-by-natural-key round trip through the generated Prisma client.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationState, readMigrations } from '../../src/db/migrate.js';
import { parsePrismaSchema, scalarFields, sqlDefault, type SchemaField, type SchemaModel } from '../../scripts/lib/prisma-schema.js';
import { createTestDatabase, type Backend, type TestDatabase } from '../helpers/database.js';

const schema = parsePrismaSchema(readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8'));
const enumNames = new Set(schema.enums.map((e) => e.name));
const enumValues = new Map(schema.enums.map((e) => [e.name, e.values]));

function expectedDataType(field: SchemaField): { dataType: string; udt?: string } {
  if (field.list) return { dataType: 'ARRAY' };
  if (enumNames.has(field.type)) return { dataType: 'USER-DEFINED', udt: field.type };
  const native = field.nativeType?.replace(/\(.*\)$/, '');
  if (native === 'Uuid') return { dataType: 'uuid' };
  if (native === 'Date') return { dataType: 'date' };
  if (native === 'Timestamptz') return { dataType: 'timestamp with time zone' };
  const byType: Record<string, string> = {
    String: 'text', Int: 'integer', Float: 'double precision', BigInt: 'bigint', Boolean: 'boolean',
    Json: 'jsonb', DateTime: 'timestamp without time zone',
  };
  return { dataType: byType[field.type]! };
}

function uniqueKeys(model: SchemaModel): string[][] {
  return [...scalarFields(model).filter((f) => f.isUnique).map((f) => [f.name]), ...model.uniques];
}

function primaryKey(model: SchemaModel): string[] {
  const id = scalarFields(model).find((f) => f.isId);
  return id ? [id.name] : model.ids[0]!;
}

const delegateName = (model: string) => model[0]!.toLowerCase() + model.slice(1);

/** A value of the field's type; `variant` changes it so an upsert's update is observable. */
function sampleValue(field: SchemaField, variant: number): unknown {
  if (enumNames.has(field.type)) return enumValues.get(field.type)![variant % enumValues.get(field.type)!.length];
  if (field.list) return [`item-${variant}`, 'second'];
  if (field.nativeType === 'Uuid') return randomUUID();
  switch (field.type) {
    case 'String':
      return `${field.name}-${variant}-é✓`;
    case 'Int':
      return 40 + variant;
    case 'Float':
      return 12.5 + variant;
    case 'BigInt':
      return 9_007_199_254_740_993n + BigInt(variant);
    case 'Boolean':
      return variant % 2 === 0;
    case 'Json':
      return { nested: { list: [1, 2.5, null, 'x'], variant }, 'hyphen-key': true };
    case 'DateTime':
      return field.nativeType === 'Date'
        ? new Date(Date.UTC(2025, 10, 12 + variant))
        : new Date(Date.UTC(2025, 10, 12, 7, 4, 12, 345) + variant * 1000);
    default:
      throw new Error(`no sample for ${field.type}`);
  }
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function storageSuite(backend: Backend): void {
  describe(`storage on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(backend);
      await applyMigrations(database.db.sql);
    });
    afterAll(async () => {
      await database?.dispose();
    });

    it('records applied migrations in _prisma_migrations as prisma migrate deploy does', async () => {
      const files = readMigrations();
      const rows = await database.db.sql.query<{ migration_name: string; checksum: string; finished_at: unknown; applied_steps_count: number }>(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
      expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    });

    it('applying the migrations again is a no-op', async () => {
      const columnsBefore = await database.db.sql.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public'`);
      const second = await applyMigrations(database.db.sql);
      expect(second.applied).toEqual([]);
      const rows = await database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0]!.n).toBe(readMigrations().length);
      const columnsAfter = await database.db.sql.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public'`);
      expect(columnsAfter).toEqual(columnsBefore);
      const state = await migrationState(database.db.sql);
      expect(state.pending).toEqual([]);
    });

    it('has exactly the tables, columns, types, nullability and defaults of schema.prisma', async () => {
      const columns = await database.db.sql.query<{
        table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string; column_default: string | null;
      }>(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
      const actual = new Map<string, (typeof columns)[number]>(columns.map((c) => [`${c.table_name}.${c.column_name}`, c]));
      const expected = schema.models.flatMap((model) => scalarFields(model).map((field) => ({ model, field })));
      expect([...actual.keys()].sort()).toEqual(expected.map(({ model, field }) => `${model.name}.${field.name}`).sort());
      for (const { model, field } of expected) {
        const column = actual.get(`${model.name}.${field.name}`)!;
        const type = expectedDataType(field);
        expect({ column: `${model.name}.${field.name}`, type: column.data_type }).toEqual({ column: `${model.name}.${field.name}`, type: type.dataType });
        if (type.udt) expect(column.udt_name).toBe(type.udt);
        expect({ column: `${model.name}.${field.name}`, nullable: column.is_nullable === 'YES' }).toEqual({
          column: `${model.name}.${field.name}`,
          nullable: field.optional,
        });
        expect({ column: `${model.name}.${field.name}`, hasDefault: column.column_default !== null }).toEqual({
          column: `${model.name}.${field.name}`,
          hasDefault: sqlDefault(field) !== null,
        });
      }
    });

    it('has every primary key, unique key, index and foreign key of schema.prisma', async () => {
      const indexes = await database.db.sql.query<{ table: string; unique: boolean; primary: boolean; columns: string[] | string }>(`
        SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
               array_agg(a.attname::text ORDER BY k.ordinality) AS columns
          FROM pg_index ix
          JOIN pg_class t ON t.oid = ix.indrelid
          JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
          CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ordinality)
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE t.relname <> '_prisma_migrations'
         GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`);
      const asList = (columns: string[] | string) => (Array.isArray(columns) ? columns : columns.replace(/^\{|\}$/g, '').split(','));
      const describeIndex = (table: string, kind: string, columns: string[]) => `${table}:${kind}(${columns.join(',')})`;
      const actual = indexes.map((ix) => describeIndex(ix.table, ix.primary ? 'pk' : ix.unique ? 'unique' : 'index', asList(ix.columns))).sort();
      const expected = schema.models
        .flatMap((model) => [
          describeIndex(model.name, 'pk', primaryKey(model)),
          ...uniqueKeys(model).map((cols) => describeIndex(model.name, 'unique', cols)),
          ...model.indexes.map((cols) => describeIndex(model.name, 'index', cols)),
        ])
        .sort();
      expect(actual).toEqual(expected);

      const foreignKeys = await database.db.sql.query<{ table: string; definition: string }>(`
        SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS definition
          FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`);
      const actualFks = foreignKeys.map((fk) => `${fk.table.replace(/"/g, '')}: ${fk.definition.replace(/"/g, '')}`).sort();
      const onDelete: Record<string, string> = { Cascade: ' ON DELETE CASCADE', SetNull: ' ON DELETE SET NULL' };
      const expectedFks = schema.models
        .flatMap((model) =>
          model.fields
            .filter((f) => f.relation)
            .map((f) => `${model.name}: FOREIGN KEY (${f.relation!.fields.join(', ')}) REFERENCES ${f.type}(${f.relation!.references.join(', ')}) ON UPDATE CASCADE${onDelete[f.relation!.onDelete ?? ''] ?? ''}`),
        )
        .sort();
      expect(actualFks).toEqual(expectedFks);

      const enums = await database.db.sql.query<{ name: string; values: string[] | string }>(`
        SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
      expect(Object.fromEntries(enums.map((e) => [e.name, asList(e.values)]))).toEqual(Object.fromEntries(schema.enums.map((e) => [e.name, e.values])));
    });

    it('every model survives a create / read / upsert round trip by its natural key', async () => {
      const prisma = database.db.prisma as unknown as Record<string, {
        create(args: unknown): Promise<Record<string, unknown>>;
        findUniqueOrThrow(args: unknown): Promise<Record<string, unknown>>;
        upsert(args: unknown): Promise<Record<string, unknown>>;
        count(args?: unknown): Promise<number>;
      }>;
      const created = new Map<string, Record<string, unknown>>();
      const order = [...schema.models].sort((a, b) => dependencyDepth(a) - dependencyDepth(b));
      function dependencyDepth(model: SchemaModel): number {
        const parents = model.fields.filter((f) => f.relation && f.type !== model.name).map((f) => schema.models.find((m) => m.name === f.type)!);
        return parents.length === 0 ? 0 : 1 + Math.max(...parents.map(dependencyDepth));
      }
      for (const model of order) {
        const foreign = new Map<string, string>();
        for (const relation of model.fields.filter((f) => f.relation)) {
          const parent = created.get(relation.type)!;
          relation.relation!.fields.forEach((name, i) => foreign.set(name, parent[relation.relation!.references[i]!] as string));
        }
        const data = (variant: number) =>
          Object.fromEntries(
            scalarFields(model)
              .filter((f) => !f.isUpdatedAt)
              .map((f) => [f.name, foreign.get(f.name) ?? sampleValue(f, variant)]),
          );
        const first = data(0);
        const row = await prisma[delegateName(model.name)]!.create({ data: first });
        created.set(model.name, row);
        const key = model.ids[0] ?? uniqueKeys(model).find((cols) => cols.length > 1) ?? uniqueKeys(model)[0] ?? primaryKey(model);
        const where = key.length === 1 ? { [key[0]!]: row[key[0]!] } : { [key.join('_')]: Object.fromEntries(key.map((k) => [k, row[k]])) };
        const read = await prisma[delegateName(model.name)]!.findUniqueOrThrow({ where });
        for (const [name, value] of Object.entries(first)) {
          expect({ field: `${model.name}.${name}`, value: normalise(read[name]) }).toEqual({ field: `${model.name}.${name}`, value: normalise(value) });
        }
        // Upsert by the natural key: updates the existing row (changing the non-key columns), never inserts a second.
        const changed = Object.fromEntries(
          Object.entries(data(1)).filter(([name]) => !key.includes(name) && !foreign.has(name) && !scalarFields(model).find((f) => f.name === name)!.isId && !scalarFields(model).find((f) => f.name === name)!.isUnique),
        );
        const upserted = await prisma[delegateName(model.name)]!.upsert({ where, create: { ...first, ...changed }, update: changed });
        expect(await prisma[delegateName(model.name)]!.count({ where: key.length === 1 ? where : Object.fromEntries(key.map((k) => [k, row[k]])) })).toBe(1);
        for (const [name, value] of Object.entries(changed)) {
          if (scalarFields(model).find((f) => f.name === name)!.nativeType === 'Uuid') continue;
          expect({ field: `${model.name}.${name}`, value: normalise(upserted[name]) }).toEqual({ field: `${model.name}.${name}`, value: normalise(value) });
        }
      }
      expect(created.size).toBe(schema.models.length);
    });

    it('isoTimestamps reads timestamptz as the toISOString() of the Date read otherwise', async () => {
      const values = ['2025-11-12 07:04:12.345+00', '2025-11-12 07:04:12.3+00', '2025-11-12 07:04:12+00', '2024-02-29 23:59:59.999+02', '0099-01-01 00:00:00+00', '2025-11-12 07:04:12.345678+00'];
      const sql = `SELECT v::timestamptz(3) AS "t3", v::timestamptz AS "t6" FROM unnest($1::text[]) WITH ORDINALITY AS x(v, n) ORDER BY n`;
      const asDates = await database.db.sql.query<{ t3: Date; t6: Date }>(sql, [values]);
      const asText = await database.db.sql.query<{ t3: unknown; t6: unknown }>(sql, [values], { isoTimestamps: true });
      // Plain UTC values come as strings; the rest (year 99 here) as the runner's usual Dates.
      expect(asText.slice(0, 4).every((row) => typeof row.t3 === 'string' && typeof row.t6 === 'string')).toBe(true);
      expect(asText.map((row) => ({ t3: normalise(row.t3), t6: normalise(row.t6) }))).toEqual(asDates.map((row) => ({ t3: row.t3.toISOString(), t6: row.t6.toISOString() })));
      const special = await database.db.sql.query<{ t: unknown }>(`SELECT 'infinity'::timestamptz AS "t"`, [], { isoTimestamps: true });
      expect(special[0]!.t).toEqual((await database.db.sql.query<{ t: unknown }>(`SELECT 'infinity'::timestamptz AS "t"`))[0]!.t);
    });

    it('a prepared statement gives the same rows as an unprepared one', async () => {
      const sql = `SELECT n AS "a", n::text AS "b", NULL::int AS "c", n * 1.5 AS "a", '2025-11-12 07:04:12.345+00'::timestamptz AS "when", '{"x":[1]}'::jsonb AS "json" FROM generate_series(1, 3) AS n ORDER BY n`;
      const unprepared = await database.db.sql.query(sql);
      expect(await database.db.sql.query(sql, [], { prepared: true })).toEqual(unprepared);
      expect(await database.db.sql.query(sql, [], { prepared: true })).toEqual(unprepared);
      expect(Object.keys(unprepared[0]!)).toEqual(['a', 'b', 'c', 'when', 'json']);
    });

    it('deleting a user removes every row that belongs to that user', async () => {
      const prisma = database.db.prisma;
      const user = await prisma.user.findFirstOrThrow();
      await prisma.user.delete({ where: { id: user.id } });
      const leftovers = await database.db.sql.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'userId'`,
      );
      for (const { table_name } of leftovers) {
        const rows = await database.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "userId" = $1`, [user.id]);
        expect({ table: table_name, rows: rows[0]!.n }).toEqual({ table: table_name, rows: 0 });
      }
    });
  });
}
