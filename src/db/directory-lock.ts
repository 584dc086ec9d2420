// PGlite is single-process: two servers opening one data folder would corrupt it. A lock file
// holding the owner's pid keeps a second process out; a lock left by a dead process is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../env.js';

export interface DirectoryLock {
  path: string;
  release(): void;
}

function ownerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDirectoryLock(dir: string): DirectoryLock {
  const path = join(dir, 'polar-flow-server.lock');
  const content = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, content, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(path, { force: true });
      };
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ConfigError('DATA_DIR', `cannot create ${path} (${(error as NodeJS.ErrnoException).code}); choose a writable folder`);
      }
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // unreadable or half-written lock: treat as stale
      }
      const sameHost = owner.host === undefined || owner.host === hostname();
      if (owner.pid && owner.pid !== process.pid && sameHost && ownerAlive(owner.pid)) {
        throw new ConfigError(
          'DATA_DIR',
          `${dir} is already in use by another polar-flow-server process (pid ${owner.pid}); stop it, or give this one another DATA_DIR, or use DATABASE_URL for PostgreSQL to run several processes`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new ConfigError('DATA_DIR', `cannot lock ${dir}`);
}
