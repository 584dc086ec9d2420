// The SDK is generated, never committed: these checks make sure generation from the committed
// schema.graphql and sdk/src/operations always works, is deterministic, validates every operation,
// and covers every entry point the API serves. (schema.graphql itself is checked against the code
// by test/graphql/schema.test.ts.)
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import {
  buildSchema,
  isObjectType,
  parse,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, describe, expect, test } from 'vitest';
import config from '../../codegen.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OPERATIONS_DIR = join(ROOT, 'sdk', 'src', 'operations');
const SDK_OUTPUT = 'sdk/src/gql/';

/** Entry-point fields an SDK operation need not select (with the reason). */
const NOT_COVERED: Record<string, string> = {
  'Query.nodes': 'batch refetch by ID; `node` (SyncRunById) covers refetching',
};
/** Types whose every field must be selected by some operation: the uses the API serves. */
const ENTRY_TYPES = ['Query', 'Mutation', 'Subscription', 'User', 'Day'];

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

async function generateInto(): Promise<{ dir: string; files: Map<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pfs-sdk-gen-'));
  temporaryDirs.push(dir);
  const output = config.generates[SDK_OUTPUT];
  expect(output, `codegen.ts generates ${SDK_OUTPUT}`).toBeDefined();
  await generate({ ...config, cwd: ROOT, silent: true, generates: { [`${dir}/`]: output! } }, true);
  const files = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  return { dir, files };
}

function operationsDocument(): DocumentNode {
  const files = readdirSync(OPERATIONS_DIR).filter((name) => name.endsWith('.graphql'));
  expect(files.length).toBeGreaterThan(0);
  return parse(files.map((name) => readFileSync(join(OPERATIONS_DIR, name), 'utf8')).join('\n'));
}

function schema(): GraphQLSchema {
  return buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
}

describe('SDK generation', () => {
  test('codegen from schema.graphql and the operations succeeds and is deterministic', async () => {
    const first = await generateInto();
    const second = await generateInto();
    expect([...first.files.keys()].sort()).toEqual(['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json']);
    for (const [name, text] of first.files) expect(second.files.get(name), `${name} differs between two runs`).toBe(text);

    const graphqlTs = first.files.get('graphql.ts')!;
    // no dependency on @graphql-typed-document-node/core (its typings import `graphql`)
    expect(graphqlTs).toContain("from '../document-type.js'");
    expect(graphqlTs).not.toContain('@graphql-typed-document-node/core');
    // enums as unions; scalars mapped explicitly (Date/DateTime strings, BigInt number | string,
    // JSON unknown), never `any`
    expect(graphqlTs).toMatch(/export type SyncStatus =\s*\| 'FAILED'/);
    expect(graphqlTs).toMatch(/export type SleepFieldsFragment = \{ id: string, date: string, sleepStartTime: string,/);
    expect(graphqlTs).toContain('polarUserId: number | string');
    expect(graphqlTs).toContain('counts: unknown');
    expect(graphqlTs).not.toMatch(/:\s*any\b/);

    // every persisted document is keyed by the sha256 of its text, and each operation embeds its hash
    const manifest = JSON.parse(first.files.get('persisted-documents.json')!) as Record<string, string>;
    const operationNames = operationsDocument()
      .definitions.filter((definition) => definition.kind === 'OperationDefinition')
      .map((definition) => definition.name!.value);
    expect(Object.keys(manifest)).toHaveLength(operationNames.length);
    for (const [hash, text] of Object.entries(manifest)) {
      expect(hash).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
      expect(graphqlTs).toContain(`{"hash":"${hash}"}`);
    }
  });

  test('the SDK is versioned with the server', () => {
    const version = (path: string) => (JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { version: string }).version;
    expect(version('sdk/package.json')).toBe(version('package.json'));
  });

  test('every operation is named, unique and valid against schema.graphql', () => {
    const document = operationsDocument();
    const errors = validate(schema(), document, specifiedRules);
    expect(errors.map((error) => error.message)).toEqual([]);
    const names = document.definitions.flatMap((definition) =>
      definition.kind === 'OperationDefinition' || definition.kind === 'FragmentDefinition' ? [definition.name?.value ?? '(anonymous)'] : [],
    );
    expect(names).not.toContain('(anonymous)');
    expect(new Set(names).size).toBe(names.length);
  });

  test('the operations cover every field of Query, Mutation, Subscription, User and Day', () => {
    const built = schema();
    const selected = new Set<string>();
    const typeInfo = new TypeInfo(built);
    visit(
      operationsDocument(),
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field) selected.add(`${parent.name}.${field.name}`);
        },
      }),
    );
    const missing: string[] = [];
    for (const typeName of ENTRY_TYPES) {
      const type = built.getType(typeName);
      if (!type || !isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        const coordinate = `${typeName}.${field}`;
        if (!selected.has(coordinate) && !NOT_COVERED[coordinate]) missing.push(coordinate);
      }
    }
    expect(missing, 'add operations (sdk/src/operations) for these fields, or list them in NOT_COVERED with a reason').toEqual([]);
  });
});
