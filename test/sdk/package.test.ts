// The SDK as a consumer gets it: generate + build + `npm pack`, install the tarball into a fresh
// TypeScript project outside this repository, type-check a consumer (and prove a wrong one fails),
// then run the consumer with node against a live server and the AccessLink simulator.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { loadEnv } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulator/index.js';
import { consumerSource, consumerTsconfig, MISSPELLED_ERROR_LINES, misspelledSource, misspelledTsconfig, readmeExamplesSource } from './consumer-sources.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SDK = join(ROOT, 'sdk');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ADMIN_API_KEY = 'sdk-test-admin-key-0123456789abcdef';
const TYPESCRIPT_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version;
const TYPES_NODE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string }).version;

const work = mkdtempSync(join(tmpdir(), 'pfs-sdk-pack-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  try {
    return await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string; code?: number };
    throw Object.assign(new Error(`${command} ${args.join(' ')} failed (${failure.code}):\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`), { stdout: failure.stdout, stderr: failure.stderr, code: failure.code });
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

test('the packed SDK installs, type-checks and drives a live server', { timeout: 900_000 }, async () => {
  // 1. generate, build and pack (prepack builds: clean dist, tsc, persisted-documents manifest)
  await sh(process.execPath, [join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', 'codegen.ts', '--silent'], ROOT);
  const packed = await sh(NPM, ['pack', '--json', '--pack-destination', work], SDK);
  const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const shipped = pack!.files.map((file) => file.path).sort();
  expect(shipped).toContain('dist/index.js');
  expect(shipped).toContain('dist/index.d.ts');
  expect(shipped).toContain('dist/gql/graphql.js');
  expect(shipped).toContain('dist/persisted-documents.json');
  expect(shipped).toContain('README.md');
  expect(shipped.filter((path) => path.startsWith('src/') || path.endsWith('.ts.map') || path.includes('gql/gql.'))).toEqual([]);

  // the package has no dependencies, and the built JS imports only its own files
  const manifest = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.dependencies ?? {}).toEqual({});
  expect(manifest.peerDependencies ?? {}).toEqual({});
  for (const file of filesUnder(join(SDK, 'dist')).filter((path) => /\.(js|d\.ts)$/.test(path))) {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((match) => match[1]!);
    const external = specifiers.filter((specifier) => !specifier.startsWith('./') && !specifier.startsWith('../'));
    expect(external, `${relative(SDK, file)} imports only relative files`).toEqual([]);
  }

  // 2. a fresh project outside the repository (no parent node_modules to lean on)
  const app = join(work, 'consumer');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }, null, 2));
  const tarball = join(work, pack!.filename);
  const quiet = ['--no-audit', '--no-fund', '--no-package-lock'];
  try {
    await sh(NPM, ['install', tarball, `typescript@${TYPESCRIPT_VERSION}`, `@types/node@${TYPES_NODE_VERSION}`, '--prefer-offline', ...quiet], app);
  } catch (error) {
    // Neither the npm cache nor the registry has them: borrow the repository's copies.
    console.warn(`installing typescript/@types/node failed, linking the repository's: ${(error as Error).message.split('\n')[0]}`);
    await sh(NPM, ['install', tarball, '--offline', ...quiet], app);
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    for (const name of ['typescript', '@types/node', 'undici-types']) {
      if (existsSync(join(ROOT, 'node_modules', name))) symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name), 'dir');
    }
  }
  const installed = readdirSync(join(app, 'node_modules'));
  expect(installed, 'installing the SDK pulls in no graphql runtime').not.toContain('graphql');
  expect(installed).not.toContain('@graphql-typed-document-node');

  // 3. type-check: the consumer and the README examples compile; the misspelled one fails on every wrong line
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(consumerTsconfig, null, 2));
  writeFileSync(join(app, 'tsconfig.misspelled.json'), JSON.stringify(misspelledTsconfig, null, 2));
  writeFileSync(join(app, 'consumer.ts'), consumerSource);
  writeFileSync(join(app, 'misspelled.ts'), misspelledSource);
  writeFileSync(join(app, 'readme-examples.ts'), readmeExamplesSource);
  const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
  await sh(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
  const failure = await sh(process.execPath, [tsc, '-p', 'tsconfig.misspelled.json'], app).then(
    () => null,
    (error: Error & { stdout?: string }) => error.stdout ?? error.message,
  );
  expect(failure, 'tsc must reject misspelled.ts').not.toBeNull();
  const errorLines = [...new Set([...failure!.matchAll(/misspelled\.ts\((\d+),\d+\): error TS\d+/g)].map((match) => Number(match[1])))].sort((a, b) => a - b);
  expect(errorLines).toEqual(MISSPELLED_ERROR_LINES);
  expect(failure).toContain("'sleepScroe'");
  expect(failure).toContain('"SLEEPS"');

  // 4. a live server and simulator; the server only accepts the shipped documents when it can
  const simulator = await startSimulator({ port: 0, users: 1, days: 30, seed: 7 });
  cleanups.push(() => simulator.close());
  const shippedManifest = join(app, 'node_modules', '@polar-flow-server', 'sdk', 'dist', 'persisted-documents.json');
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: join(work, 'data'),
    PORT: '0',
    PUBLIC_URL: '',
    ADMIN_API_KEY,
    POLAR_CLIENT_ID: simulator.clientId,
    POLAR_CLIENT_SECRET: simulator.clientSecret,
    POLAR_API_BASE_URL: simulator.url,
    POLAR_AUTH_URL: `${simulator.url}/oauth2/authorization`,
    POLAR_TOKEN_URL: `${simulator.url}/v2/oauth2/token`,
    SYNC_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'warn',
    PERSISTED_DOCUMENTS: shippedManifest,
  });
  const persisted = (env as Record<string, unknown>).PERSISTED_DOCUMENTS !== undefined;
  if (!persisted) console.warn('src/env.ts has no PERSISTED_DOCUMENTS yet: the consumer runs with full documents');
  const server = await startServer(env, { port: 0, logger: createLogger('warn'), syncClock: () => simulator.clock.now() });
  expect(server.sync, 'the server runs its sync engine').toBeDefined();
  cleanups.push(() => server.close());
  const graphqlUrl = `${server.url}/graphql`;
  if (persisted) {
    const arbitrary = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_API_KEY}` },
      body: JSON.stringify({ query: '{ users { totalCount } }' }),
    });
    expect(arbitrary.status).toBe(400);
    expect(await arbitrary.text()).toContain('PERSISTED_DOCUMENTS_ONLY');
  }

  // 5. run the compiled consumer with node
  const today = simulator.clock.today();
  const result = await sh(process.execPath, [join(app, 'dist', 'consumer.js')], app, {
    PFS_URL: graphqlUrl,
    PFS_ADMIN_KEY: ADMIN_API_KEY,
    PFS_PERSISTED: persisted ? '1' : '0',
    PFS_POLAR_USER_ID: String(simulator.users[0]!.polarUserId),
    PFS_FROM: isoDate(Date.parse(today) - 6 * 86_400_000),
    PFS_TO: today,
  });
  const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  expect(summary).toMatchObject({
    persistedDocuments: persisted,
    anonymous: 'UNAUTHENTICATED',
    wrongKey: 'UNAUTHENTICATED',
    unreachable: 'NETWORK',
    viewerName: 'SDK consumer',
    connectionBefore: null,
    connectionAfter: 'ACTIVE',
    days: 7,
    firstDay: isoDate(Date.parse(today) - 6 * 86_400_000),
  });
  expect(summary.typedError).toMatch(/Error$/);
  expect(summary.runKinds).toEqual(expect.arrayContaining(['RUN_STARTED', 'TYPE_FINISHED', 'RUN_FINISHED']));
  expect(['SUCCEEDED', 'PARTIAL']).toContain(summary.runStatus);
  expect(summary.daysWithSleep as number).toBeGreaterThan(0);
  expect(summary.sleepRangeCount as number).toBeGreaterThan(0);
  // analytics: every day has a readiness with a gating status; with a month of synced nights the
  // latest days are past calibration
  const readiness = summary.readiness as { status: string; score: number | null }[];
  expect(readiness).toHaveLength(7);
  for (const day of readiness) expect(['OK', 'CALIBRATING', 'INSUFFICIENT_WINDOW', 'NO_DATA']).toContain(day.status);
  expect(readiness.some((day) => day.status === 'OK' && typeof day.score === 'number')).toBe(true);
  expect(summary.trendStatus).toEqual(expect.any(String));
  console.log('SDK consumer summary:', JSON.stringify(summary));
});
