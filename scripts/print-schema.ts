// Prints the GraphQL schema, sorted, to schema.graphql at the repository root (the SDK's input).
// `--check` exits 1 when the committed file is stale instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from '../src/graphql/graphql.js';
import { schema } from '../src/graphql/schema.js';

export const schemaPath = join(fileURLToPath(new URL('..', import.meta.url)), 'schema.graphql');

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = printedSchema();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(schemaPath, 'utf8');
    } catch {}
    if (current !== text) {
      console.error('schema.graphql is stale: run `npx tsx scripts/print-schema.ts`.');
      process.exit(1);
    }
    console.log('schema.graphql is up to date.');
  } else {
    writeFileSync(schemaPath, text);
    console.log(`wrote ${schemaPath}`);
  }
}
