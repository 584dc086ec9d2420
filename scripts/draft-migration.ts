// Prints the SQL that creates the whole schema of prisma/schema.prisma, in the layout
// `prisma migrate diff --from-empty --to-schema` produces. Used to author the first migration
// offline; later migrations are written as ALTER statements (see README, "Adding a migration").
// Usage: npx tsx scripts/draft-migration.ts > prisma/migrations/<timestamp>_<name>/migration.sql
import { readFileSync } from 'node:fs';
import { parsePrismaSchema, scalarFields, sqlColumnType, sqlDefault, type SchemaModel } from './lib/prisma-schema.js';

const schema = parsePrismaSchema(readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8'));
const enumNames = new Set(schema.enums.map((e) => e.name));
const quote = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const out: string[] = [];

for (const e of schema.enums) {
  out.push(`-- CreateEnum\nCREATE TYPE "${e.name}" AS ENUM (${e.values.map((v) => `'${v}'`).join(', ')});\n`);
}

function primaryKey(model: SchemaModel): string[] {
  const idField = scalarFields(model).find((f) => f.isId);
  return idField ? [idField.name] : model.ids[0] ?? [];
}

for (const model of schema.models) {
  const columns = scalarFields(model).map((field) => {
    const def = sqlDefault(field);
    return `    "${field.name}" ${sqlColumnType(field, enumNames)}${field.optional ? '' : ' NOT NULL'}${def ? ` DEFAULT ${def}` : ''}`;
  });
  columns.push(`\n    CONSTRAINT "${model.name}_pkey" PRIMARY KEY (${quote(primaryKey(model))})`);
  out.push(`-- CreateTable\nCREATE TABLE "${model.name}" (\n${columns.join(',\n')}\n);\n`);
}

for (const model of schema.models) {
  for (const fields of model.indexes) {
    out.push(`-- CreateIndex\nCREATE INDEX "${model.name}_${fields.join('_')}_idx" ON "${model.name}"(${quote(fields)});\n`);
  }
  const uniques = [...scalarFields(model).filter((f) => f.isUnique).map((f) => [f.name]), ...model.uniques];
  for (const fields of uniques) {
    out.push(`-- CreateIndex\nCREATE UNIQUE INDEX "${model.name}_${fields.join('_')}_key" ON "${model.name}"(${quote(fields)});\n`);
  }
}

const onDeleteSql: Record<string, string> = { Cascade: 'CASCADE', SetNull: 'SET NULL', Restrict: 'RESTRICT', NoAction: 'NO ACTION' };
for (const model of schema.models) {
  for (const field of model.fields) {
    if (!field.relation) continue;
    const { fields, references, onDelete } = field.relation;
    const onDeleteClause = onDelete ? onDeleteSql[onDelete] : field.optional ? 'SET NULL' : 'RESTRICT';
    out.push(
      `-- AddForeignKey\nALTER TABLE "${model.name}" ADD CONSTRAINT "${model.name}_${fields.join('_')}_fkey" ` +
        `FOREIGN KEY (${quote(fields)}) REFERENCES "${field.type}"(${quote(references)}) ON DELETE ${onDeleteClause} ON UPDATE CASCADE;\n`,
    );
  }
}

process.stdout.write(out.join('\n'));
