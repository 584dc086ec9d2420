// The server's persisted-documents-only mode (src/graphql/plugins/persisted-documents.ts): requests
// name a manifest document by id; arbitrary documents are refused before parsing.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, test } from 'vitest';
import { loadPersistedDocuments, persistedDocumentsFrom, usePersistedDocuments } from '../../src/graphql/plugins/persisted-documents.js';

const HELLO = 'query Hello($name: String) { hello(name: $name) }';
const COUNT = 'subscription Count { count }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const manifest = { [`sha256:${sha256(HELLO)}`]: HELLO, [`sha256:${sha256(COUNT)}`]: COUNT };

const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { hello(name: String): String! secret: String! } type Subscription { count: Int! }',
    resolvers: {
      Query: { hello: (_: unknown, { name }: { name?: string }) => `hello ${name ?? 'world'}`, secret: () => 'leaked' },
      Subscription: {
        count: {
          async *subscribe() {
            for (let i = 1; i <= 2; i += 1) yield { count: i };
          },
        },
      },
    },
  }),
  logging: false,
  plugins: [usePersistedDocuments(persistedDocumentsFrom(manifest))],
});

async function post(body: unknown, accept = 'application/graphql-response+json') {
  const response = await yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

describe('persisted documents only', () => {
  test('a documentId (with or without the sha256: prefix) runs the manifest document with its variables', async () => {
    const withPrefix = await post({ documentId: `sha256:${sha256(HELLO)}`, variables: { name: 'Polar' } });
    expect(withPrefix.status).toBe(200);
    expect(JSON.parse(withPrefix.text)).toEqual({ data: { hello: 'hello Polar' } });
    const bare = await post({ documentId: sha256(HELLO) });
    expect(JSON.parse(bare.text)).toEqual({ data: { hello: 'hello world' } });
  });

  test('Apollo-style extensions.persistedQuery and GET ?documentId= work too', async () => {
    const apollo = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(HELLO) } } });
    expect(JSON.parse(apollo.text)).toEqual({ data: { hello: 'hello world' } });
    const get = await yoga.fetch(`http://yoga/graphql?documentId=sha256:${sha256(HELLO)}`, { headers: { accept: 'application/json' } });
    expect(await get.json()).toEqual({ data: { hello: 'hello world' } });
  });

  test('the exact manifest text is accepted as `query`', async () => {
    expect(JSON.parse((await post({ query: HELLO })).text)).toEqual({ data: { hello: 'hello world' } });
  });

  test('arbitrary documents and unknown ids are refused with HTTP 400 and a stable code', async () => {
    const arbitrary = await post({ query: '{ secret }' });
    expect(arbitrary.status).toBe(400);
    expect(JSON.parse(arbitrary.text).errors[0].extensions.code).toBe('PERSISTED_DOCUMENTS_ONLY');
    expect(arbitrary.text).not.toContain('leaked');
    const reformatted = await post({ query: `${HELLO} ` });
    expect(reformatted.status).toBe(400);
    const unknown = await post({ documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).errors[0].extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    const malformed = await post({ documentId: 'not-a-hash' });
    expect(JSON.parse(malformed.text).errors[0].extensions.code).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
  });

  test('subscriptions over SSE run by documentId', async () => {
    const stream = await post({ documentId: `sha256:${sha256(COUNT)}` }, 'text/event-stream');
    expect(stream.status).toBe(200);
    expect(stream.text).toContain('data: {"data":{"count":1}}');
    expect(stream.text).toContain('data: {"data":{"count":2}}');
    expect(stream.text).toContain('event: complete');
  });

  test('the parse hook refuses sources outside the manifest (the WebSocket path parses through envelop)', () => {
    const { parse } = yoga.getEnveloped({});
    expect(() => parse('{ secret }')).toThrow(/persisted documents only/);
    expect(parse(HELLO).kind).toBe('Document');
  });

  test('loading a manifest file reports missing and malformed files by path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pfs-manifest-'));
    const good = join(dir, 'persisted-documents.json');
    writeFileSync(good, JSON.stringify(manifest));
    expect(loadPersistedDocuments(good).byHash.size).toBe(2);
    expect(() => loadPersistedDocuments(join(dir, 'missing.json'))).toThrow(/cannot read the persisted-documents manifest/);
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{');
    expect(() => loadPersistedDocuments(notJson)).toThrow(/is not JSON/);
    const wrongShape = join(dir, 'wrong.json');
    writeFileSync(wrongShape, JSON.stringify({ md5: 'query { a }' }));
    expect(() => loadPersistedDocuments(wrongShape)).toThrow(/is not "sha256:<64 hex>"/);
    writeFileSync(wrongShape, '{}');
    expect(() => loadPersistedDocuments(wrongShape)).toThrow(/lists no documents/);
  });
});
