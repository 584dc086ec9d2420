// The schema reader that drafts migrations and drives the storage contract must read
// schema.prisma exactly as Prisma does (compared with Prisma's own parse, the Pothos datamodel).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePrismaSchema, scalarFields } from '../../scripts/lib/prisma-schema.js';
import { getDatamodel } from '../../src/generated/pothos-types.js';

const schema = parsePrismaSchema(readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8'));

describe('schema reader', () => {
  it('agrees with Prisma’s own parse of schema.prisma (models, fields, optionality, lists, unique keys)', () => {
    const prismaModels = getDatamodel().datamodel.models as unknown as Record<string, {
      fields: { name: string; kind: string; type: string; isRequired: boolean; isList: boolean; isUnique: boolean; isId: boolean }[];
      primaryKey: { fields: string[] } | null;
      uniqueIndexes: { fields: string[] }[];
    }>;
    expect(schema.models.map((m) => m.name).sort()).toEqual(Object.keys(prismaModels).sort());
    for (const model of schema.models) {
      const theirs = prismaModels[model.name]!;
      const ours = scalarFields(model).map((f) => ({ name: f.name, type: f.type, required: !f.optional, list: f.list, unique: f.isUnique, id: f.isId }));
      const expected = theirs.fields
        .filter((f) => f.kind !== 'object')
        .map((f) => ({ name: f.name, type: f.type, required: f.isRequired, list: f.isList, unique: f.isUnique, id: f.isId }));
      expect(ours).toEqual(expected);
      expect(model.uniques).toEqual(theirs.uniqueIndexes.map((u) => u.fields));
      expect(model.ids).toEqual(theirs.primaryKey ? [theirs.primaryKey.fields] : []);
      expect(model.fields.filter((f) => f.relation).map((f) => f.name)).toEqual(
        theirs.fields.filter((f) => f.kind === 'object' && (f as { relationFromFields?: string[] }).relationFromFields?.length).map((f) => f.name),
      );
    }
  });
});
