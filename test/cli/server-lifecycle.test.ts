// `serve` on the embedded database: /health reports the back end and migration state, data
// written through the server's database survives a restart, and bad configuration fails with a
// message naming the variable and a non-zero exit, never a stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/migrate.js';
import { runCli, startCliServer } from '../helpers/cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'pfs-cli-'));
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe('serve on the embedded database', () => {
  it('reports health with back end and migrations, and keeps data across a restart', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, PORT: '0' };
    const first = await startCliServer(env);
    const health = await (await fetch(`${first.url}/health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      database: { backend: 'pglite', migrations: { applied: readMigrations().length, pending: [], latest: readMigrations().at(-1)!.name } },
    });
    expect(await first.stop()).toBe(0);

    // Write through the CLI (keys create needs a user: create one through the migrate-then-key path).
    const admin = await runCli(['keys', 'create', '--admin', '--name', 'restart-check'], env);
    expect(admin.code).toBe(0);
    expect(admin.stdout.trim()).toMatch(/^pfs_[A-Za-z0-9_-]{43}$/);

    const second = await startCliServer(env);
    const again = await (await fetch(`${second.url}/health`)).json();
    expect(again.status).toBe('ok');
    expect(await second.stop()).toBe(0);
    // The key row written between the runs is still there: a fresh process finds it.
    const check = await runCli(['migrate'], env);
    expect(check.stdout).toContain('database is up to date');
    const { openDatabase } = await import('../../src/db/client.js');
    const db = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: dataDir });
    try {
      expect(await db.prisma.apiKey.count({ where: { name: 'restart-check' } })).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('refuses a second process on the same data directory', async () => {
    const dataDir = tempDir();
    const first = await startCliServer({ DATA_DIR: dataDir, PORT: '0' });
    try {
      const second = await runCli(['serve'], { DATA_DIR: dataDir, PORT: '0' });
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/DATA_DIR: .* already in use by another polar-flow-server process/);
      noStackTrace(second.stderr);
      // The first server is unaffected.
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
  });
});

describe('bad configuration', () => {
  const cases: { name: string; env: () => Record<string, string>; variable: string; pattern: RegExp }[] = [
    { name: 'malformed DATABASE_URL', env: () => ({ DATABASE_URL: 'mysql://nope' }), variable: 'DATABASE_URL', pattern: /must be a PostgreSQL URL/ },
    { name: 'DATABASE_URL without a database name', env: () => ({ DATABASE_URL: 'postgres://127.0.0.1:5432' }), variable: 'DATABASE_URL', pattern: /must be a PostgreSQL URL/ },
    {
      name: 'unreachable PostgreSQL',
      env: () => ({ DATABASE_URL: `postgres://postgres@127.0.0.1:${unusedPort}/nowhere` }),
      variable: 'DATABASE_URL',
      pattern: /cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/nowhere \(ECONNREFUSED/,
    },
    {
      name: 'unwritable DATA_DIR',
      env: () => {
        const file = join(tempDir(), 'a-file');
        writeFileSync(file, 'not a folder');
        return { DATA_DIR: join(file, 'data') };
      },
      variable: 'DATA_DIR',
      pattern: /cannot write to .*a-file\/data/,
    },
    { name: 'non-numeric PORT', env: () => ({ PORT: 'eighty', DATA_DIR: tempDir() }), variable: 'PORT', pattern: /whole number/ },
    { name: 'short ENCRYPTION_KEY', env: () => ({ ENCRYPTION_KEY: 'abc', DATA_DIR: tempDir() }), variable: 'ENCRYPTION_KEY', pattern: /32 random bytes/ },
  ];
  let unusedPort = 1;

  it.each(cases)('$name: names $variable, exits non-zero, no stack trace', async ({ env, variable, pattern }) => {
    unusedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, () => {
        const port = (probe.address() as { port: number }).port;
        probe.close(() => resolve(port));
      });
    });
    const result = await runCli(['serve'], { PORT: '0', ...env() });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain(`configuration error: ${variable}:`);
    expect(result.stderr).toMatch(pattern);
    noStackTrace(result.stderr);
  });

  it('a wrong PostgreSQL database name is reported clearly', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    const probe = new pg.Client({ connectionString: url.toString() });
    const reachable = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => {});
    if (!reachable) return; // the embedded-only default run has nothing to check here
    url.pathname = '/database_that_does_not_exist';
    const result = await runCli(['migrate'], { DATABASE_URL: url.toString() });
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(/DATABASE_URL: cannot connect to PostgreSQL .*database_that_does_not_exist.*does not exist/);
    noStackTrace(result.stderr);
  });
});
