// Runs `prisma generate` offline. The Prisma CLI insists on a native schema-engine binary that it
// downloads from a host these machines cannot reach, although generation itself runs in WASM;
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing executable satisfies the check.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let prismaCli;
try {
  prismaCli = require.resolve('prisma/build/index.js');
} catch {
  // Production installs (`npm ci --omit=dev`) ship the generated client inside dist/.
  console.log('prisma CLI not installed; skipping client generation');
  process.exit(0);
}
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
// Generators (prisma-pothos-types) are resolved on PATH, as under `npm run`.
env.PATH = [join(process.cwd(), 'node_modules', '.bin'), env.PATH].join(delimiter);
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const result = spawnSync(process.execPath, [prismaCli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
