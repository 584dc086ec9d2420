// Ships the persisted-documents manifest with the SDK: copies sdk/src/gql/persisted-documents.json
// (written by `graphql-codegen`) to sdk/dist/persisted-documents.json, checking that it is a
// { "sha256:<hex>": "<document text>" } map so the server's PERSISTED_DOCUMENTS mode can load it.
// Run by `npm run build --prefix sdk` after tsc; paths are relative to this file, not the cwd.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'sdk', 'src', 'gql', 'persisted-documents.json');
const target = join(root, 'sdk', 'dist', 'persisted-documents.json');

let manifest;
try {
  manifest = JSON.parse(readFileSync(source, 'utf8'));
} catch (error) {
  console.error(`copy-sdk-manifest: cannot read ${source} (${error.message}); run \`npm run sdk:generate\` first`);
  process.exit(1);
}
const entries = Object.entries(manifest ?? {});
const bad = entries.find(([hash, text]) => !/^sha256:[0-9a-f]{64}$/.test(hash) || typeof text !== 'string' || text.trim() === '');
if (entries.length === 0 || bad) {
  console.error(`copy-sdk-manifest: ${source} is not a non-empty { "sha256:<hex>": "<document>" } map${bad ? ` (bad entry ${JSON.stringify(bad[0])})` : ''}`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
// Sorted keys: the same operations always give a byte-identical manifest.
const sorted = Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(target, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`copy-sdk-manifest: ${entries.length} persisted documents → ${target}`);
