// The only module that reads process.env. Every variable is validated here so a bad value is
// reported once, by name, before anything starts.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const httpUrl = (fallback: string) =>
  optionalString.pipe(
    z
      .string()
      .default(fallback)
      .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), 'must be an http(s) URL such as https://example.com'),
  );

const integer = (fallback: number, min: number, max: number) =>
  optionalString.pipe(
    z
      .string()
      .default(String(fallback))
      .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, `must be a whole number from ${min} to ${max}`)
      .transform(Number),
  );

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .refine(
        (value) => {
          if (!/^postgres(ql)?:\/\//.test(value) || !URL.canParse(value)) return false;
          const url = new URL(value);
          return url.hostname !== '' && url.pathname.length > 1;
        },
        'must be a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/polar_flow (leave it unset for the embedded database)',
      )
      .optional(),
  ),
  PORT: integer(4000, 0, 65535),
  DATA_DIR: optionalString.pipe(z.string().default('./data')),
  PUBLIC_URL: optionalString.pipe(
    z
      .string()
      .refine((value) => URL.canParse(value) && /^https?:/.test(value), 'must be the http(s) URL users reach this server at')
      .optional(),
  ),
  POLAR_CLIENT_ID: optionalString,
  POLAR_CLIENT_SECRET: optionalString,
  POLAR_API_BASE_URL: httpUrl('https://www.polaraccesslink.com'),
  POLAR_AUTH_URL: httpUrl('https://flow.polar.com/oauth2/authorization'),
  POLAR_TOKEN_URL: httpUrl('https://polarremote.com/v2/oauth2/token'),
  POLAR_WEBHOOK_SECRET: optionalString,
  ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine(
        (value) => /^[0-9a-fA-F]{64}$/.test(value) || Buffer.from(value, 'base64').length === 32,
        'must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)',
      )
      .optional(),
  ),
  ADMIN_API_KEY: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), 'must be a Redis URL such as redis://127.0.0.1:6379')
      .optional(),
  ),
  SYNC_INTERVAL_MINUTES: integer(60, 0, 7 * 24 * 60),
  SYNC_CONCURRENCY: integer(4, 1, 64),
  ANALYTICS_CACHE_ENTRIES: integer(32, 0, 10_000),
  PERSISTED_DOCUMENTS: optionalString.pipe(
    z
      .string()
      .refine((path) => existsSync(path), 'must be the path of a persisted-documents manifest, e.g. node_modules/@polar-flow-server/sdk/dist/persisted-documents.json')
      .optional(),
  ),
  LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

export type Env = Omit<z.output<typeof envSchema>, 'DATA_DIR'> & {
  /** Absolute path. */
  DATA_DIR: string;
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue.message} (got ${JSON.stringify(source[variable] ?? '')})`);
  }
  return { ...result.data, DATA_DIR: resolve(result.data.DATA_DIR) };
}

/** The URL this server is reachable at, used for OAuth redirect URIs and printed links. */
export function publicUrl(env: Env, listeningPort = env.PORT): string {
  return (env.PUBLIC_URL ?? `http://localhost:${listeningPort}`).replace(/\/$/, '');
}
