import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** shared/accesslink beside the repository, or ACCESSLINK_EXAMPLES_DIR. */
export const EXAMPLES_DIR =
  process.env['ACCESSLINK_EXAMPLES_DIR'] ??
  resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/accesslink');
export const OFFICIAL_DIR = join(EXAMPLES_DIR, 'official');

export function listJsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function readText(name: string, dir: string = EXAMPLES_DIR): string {
  return readFileSync(join(dir, name), 'utf8');
}

export function readJson<T = unknown>(name: string, dir: string = EXAMPLES_DIR): T {
  return JSON.parse(readText(name, dir)) as T;
}
