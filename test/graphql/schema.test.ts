// schema.graphql is the committed contract the SDK is generated from: it must match the code.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { printedSchema, schemaPath } from '../../scripts/print-schema.js';

test('schema.graphql is up to date (run `npx tsx scripts/print-schema.ts` to refresh it)', () => {
  let committed = '';
  try {
    committed = readFileSync(schemaPath, 'utf8');
  } catch {
    // missing: fails below with the whole schema as the diff
  }
  expect(committed === printedSchema(), 'schema.graphql is stale: run `npx tsx scripts/print-schema.ts`').toBe(true);
});

test('the schema has the documented entry points', () => {
  const text = printedSchema();
  for (const field of ['viewer: User', 'user(id: ID!): User', 'users(', 'node(id: ID!): Node', 'syncProgress(', 'createApiKey(input: CreateApiKeyInput!)', 'triggerSync(input: TriggerSyncInput)']) {
    expect(text).toContain(field);
  }
  expect(text).toContain('days(from: Date!, to: Date!): [Day!]!');
  expect(text).not.toContain('encryptedToken');
  expect(text).not.toMatch(/\bhash\b/);
});
