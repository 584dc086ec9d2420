// A small reader of prisma/schema.prisma for the parts that decide the SQL shape: models, scalar
// fields with their native types, defaults, ids, unique keys and indexes, relations' foreign keys.
// Prisma's own migration tooling cannot run offline here (see README), so this reader drafts
// migration SQL (scripts/draft-migration.ts) and the schema-agreement test checks migrated
// databases against it. The test also cross-checks this reader against Prisma's own parse
// (the generated Pothos datamodel), so a reader bug cannot hide.

export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  nativeType: string | null; // e.g. "Uuid", "Date", "Timestamptz(3)"
  defaultExpr: string | null; // raw text inside @default(...)
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  relation: { fields: string[]; references: string[]; onDelete: string | null } | null;
}

export interface SchemaModel {
  name: string;
  fields: SchemaField[];
  ids: string[][];
  uniques: string[][];
  indexes: string[][];
}

export interface SchemaEnum {
  name: string;
  values: string[];
}

export interface ParsedSchema {
  models: SchemaModel[];
  enums: SchemaEnum[];
}

const SCALARS = new Set(['String', 'Int', 'Float', 'BigInt', 'Boolean', 'Json', 'DateTime', 'Decimal', 'Bytes']);

function fieldList(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean);
}

/** Text inside the balanced parentheses that open at `open`. */
function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  throw new Error(`unbalanced parentheses in: ${text}`);
}

export function parsePrismaSchema(source: string): ParsedSchema {
  const withoutComments = source.replace(/\/\/.*$/gm, '');
  const models: SchemaModel[] = [];
  const enums: SchemaEnum[] = [];
  const blockPattern = /^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
  const enumNames = new Set<string>();
  for (const match of withoutComments.matchAll(blockPattern)) {
    if (match[1] === 'enum') enumNames.add(match[2]!);
  }
  for (const match of withoutComments.matchAll(blockPattern)) {
    const [, kind, name, body] = match as unknown as [string, string, string, string];
    const lines = body.split('\n').map((line) => line.trim()).filter(Boolean);
    if (kind === 'enum') {
      enums.push({ name, values: lines.map((line) => line.split(/\s+/)[0]!) });
      continue;
    }
    const model: SchemaModel = { name, fields: [], ids: [], uniques: [], indexes: [] };
    for (const line of lines) {
      const blockAttribute = /^@@(id|unique|index)\(\[([^\]]*)\]/.exec(line);
      if (blockAttribute) {
        const fields = fieldList(blockAttribute[2]!);
        if (blockAttribute[1] === 'id') model.ids.push(fields);
        else if (blockAttribute[1] === 'unique') model.uniques.push(fields);
        else model.indexes.push(fields);
        continue;
      }
      if (line.startsWith('@@')) continue;
      const fieldMatch = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!fieldMatch) continue;
      const [, fieldName, type, list, optional, rest] = fieldMatch as unknown as [string, string, string, string | undefined, string | undefined, string];
      if (!SCALARS.has(type) && !enumNames.has(type)) {
        const relationAt = rest.indexOf('@relation(');
        if (relationAt >= 0) {
          const inner = balanced(rest, relationAt + '@relation'.length);
          const fields = /fields:\s*\[([^\]]*)\]/.exec(inner);
          const references = /references:\s*\[([^\]]*)\]/.exec(inner);
          const onDelete = /onDelete:\s*(\w+)/.exec(inner);
          if (fields && references) {
            model.fields.push({
              name: fieldName, type, optional: Boolean(optional), list: Boolean(list), nativeType: null,
              defaultExpr: null, isId: false, isUnique: false, isUpdatedAt: false,
              relation: { fields: fieldList(fields[1]!), references: fieldList(references[1]!), onDelete: onDelete?.[1] ?? null },
            });
          }
        }
        continue;
      }
      const defaultAt = rest.indexOf('@default(');
      const nativeType = /@db\.(\w+(?:\([^)]*\))?)/.exec(rest);
      model.fields.push({
        name: fieldName,
        type,
        optional: Boolean(optional),
        list: Boolean(list),
        nativeType: nativeType?.[1] ?? null,
        defaultExpr: defaultAt >= 0 ? balanced(rest, defaultAt + '@default'.length) : null,
        isId: /@id\b/.test(rest),
        isUnique: /@unique\b/.test(rest),
        isUpdatedAt: /@updatedAt\b/.test(rest),
        relation: null,
      });
    }
    models.push(model);
  }
  return { models, enums };
}

export function scalarFields(model: SchemaModel): SchemaField[] {
  return model.fields.filter((field) => field.relation === null);
}

/** The PostgreSQL column type Prisma uses for a field (as written in its migrations). */
export function sqlColumnType(field: SchemaField, enums: ReadonlySet<string>): string {
  let base: string;
  if (enums.has(field.type)) base = `"${field.type}"`;
  else if (field.nativeType) {
    const native = /^(\w+)(\(.*\))?$/.exec(field.nativeType)!;
    const nativeNames: Record<string, string> = { Uuid: 'UUID', Date: 'DATE', Timestamptz: 'TIMESTAMPTZ', Text: 'TEXT', Integer: 'INTEGER' };
    base = `${nativeNames[native[1]!] ?? native[1]!.toUpperCase()}${native[2] ?? ''}`;
  } else {
    const defaults: Record<string, string> = {
      String: 'TEXT', Int: 'INTEGER', Float: 'DOUBLE PRECISION', BigInt: 'BIGINT', Boolean: 'BOOLEAN',
      Json: 'JSONB', DateTime: 'TIMESTAMP(3)', Decimal: 'DECIMAL(65,30)', Bytes: 'BYTEA',
    };
    base = defaults[field.type]!;
  }
  return field.list ? `${base}[]` : base;
}

/** The SQL DEFAULT clause Prisma writes for a field's @default, or null when it has none in SQL. */
export function sqlDefault(field: SchemaField): string | null {
  const expr = field.defaultExpr;
  if (expr === null) return null;
  const dbGenerated = /^dbgenerated\("(.*)"\)$/.exec(expr);
  if (dbGenerated) return dbGenerated[1]!;
  if (expr === 'now()') return 'CURRENT_TIMESTAMP';
  if (expr === 'true' || expr === 'false') return expr;
  if (/^-?\d+(\.\d+)?$/.test(expr)) return expr;
  if (/^".*"$/.test(expr)) return `'${expr.slice(1, -1).replace(/'/g, "''")}'`;
  if (/^[A-Z_]+$/.test(expr)) return `'${expr}'`; // enum value
  return null; // client-side defaults such as uuid() / cuid()
}
