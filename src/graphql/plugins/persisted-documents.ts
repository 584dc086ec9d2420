// Persisted-documents-only mode (`PERSISTED_DOCUMENTS=<path to manifest>`): the server runs only the
// operations listed in a manifest such as the SDK's `dist/persisted-documents.json`
// ({ "sha256:<hex>": "<document text>" }, written by graphql-codegen's client preset).
//
// A request names its document by id — `documentId` in the body (GraphQL-over-HTTP persisted
// documents) or the query string (GET), or `extensions.persistedQuery.sha256Hash` (Apollo style),
// with or without the `sha256:` prefix — and this plugin swaps in the manifest text before Yoga
// validates the params. A request that sends `query` text is accepted only when the text is exactly
// a manifest entry; anything else is rejected with HTTP 400 before parsing. The parse hook enforces
// the same allow-list for every path that parses through Yoga's envelop (WebSocket included, whose
// clients must send the manifest text verbatim).
// (@graphql-yoga/plugin-persisted-operations is not a dependency; this is the small subset we need.)
import { readFileSync } from 'node:fs';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError } from '../graphql.js';

export interface PersistedDocuments {
  /** Manifest text by bare hex hash (no `sha256:` prefix). */
  readonly byHash: ReadonlyMap<string, string>;
  /** Every allowed document text. */
  readonly texts: ReadonlySet<string>;
  /** Where the manifest was read from (for logs). */
  readonly source: string;
}

const HASH = /^(?:sha256:)?([0-9a-f]{64})$/i;

/** Builds the allow-list from a manifest object; throws a readable Error when it is malformed. */
export function persistedDocumentsFrom(manifest: unknown, source = 'manifest'): PersistedDocuments {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error(`${source}: a persisted-documents manifest is a JSON object { "sha256:<hex>": "<document>" }`);
  }
  const byHash = new Map<string, string>();
  for (const [key, text] of Object.entries(manifest)) {
    const match = HASH.exec(key);
    if (!match || typeof text !== 'string' || text.trim() === '') {
      throw new Error(`${source}: entry ${JSON.stringify(key)} is not "sha256:<64 hex>": "<document text>"`);
    }
    byHash.set(match[1]!.toLowerCase(), text);
  }
  if (byHash.size === 0) throw new Error(`${source}: the manifest lists no documents`);
  return { byHash, texts: new Set(byHash.values()), source };
}

/** Reads a manifest file (PERSISTED_DOCUMENTS); throws a readable Error when missing or malformed. */
export function loadPersistedDocuments(path: string): PersistedDocuments {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the persisted-documents manifest ${path}: ${(error as Error).message}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
  return persistedDocumentsFrom(manifest, path);
}

function rejected(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

function requestedId(params: Record<string, unknown>, request: Request): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId;
  const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  if (typeof extensions?.persistedQuery?.sha256Hash === 'string') return extensions.persistedQuery.sha256Hash;
  if (request.method === 'GET') return new URL(request.url, 'http://localhost').searchParams.get('documentId') ?? undefined;
  return undefined;
}

/** The Yoga plugin; put it first in `plugins` so later hooks (limits, auth) see the resolved text. */
export function usePersistedDocuments(documents: PersistedDocuments): Plugin {
  return {
    onParams({ params, request, setParams, setResult }) {
      const raw = params as unknown as Record<string, unknown>;
      const { documentId: _documentId, ...rest } = raw;
      const refuse = (error: GraphQLError) => {
        setResult({ errors: [error] });
        // Later onParams hooks (Yoga's own param check among them) still run: leave them valid,
        // inert params so the refusal above is what the client gets.
        setParams({ ...rest, query: '' } as typeof params);
      };
      const id = requestedId(raw, request);
      if (id !== undefined) {
        const hash = HASH.exec(id)?.[1]?.toLowerCase();
        const text = hash === undefined ? undefined : documents.byHash.get(hash);
        if (text === undefined) {
          refuse(rejected(`Unknown persisted document ${JSON.stringify(id)}: this server runs only the documents of its manifest.`, 'PERSISTED_DOCUMENT_NOT_FOUND'));
          return;
        }
        setParams({ ...rest, query: text } as typeof params);
        return;
      }
      if (typeof params.query === 'string' && documents.texts.has(params.query)) return;
      refuse(rejected('This server accepts persisted documents only: send `documentId` (see the SDK\'s persisted-documents.json) instead of `query`.', 'PERSISTED_DOCUMENTS_ONLY'));
    },
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (!documents.texts.has(source)) {
        throw rejected('This server accepts persisted documents only.', 'PERSISTED_DOCUMENTS_ONLY');
      }
    },
  };
}
