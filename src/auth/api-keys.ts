// API keys: random, shown once, stored as SHA-256 hashes. A key is `pfs_` + 32 random bytes in
// base64url, so it is recognisable in logs and secret scanners and has 256 bits of entropy
// (a plain hash suffices; no slow KDF is needed for random keys).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';

const KEY_PREFIX = 'pfs_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
  isAdmin: boolean;
  userId: string | null;
}

export async function createApiKey(
  prisma: PrismaClient,
  options: { userId?: string | null; admin?: boolean; name?: string },
): Promise<CreatedApiKey> {
  const key = generateApiKey();
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const record = await prisma.apiKey.create({
    data: {
      userId: options.userId ?? null,
      isAdmin: options.admin ?? false,
      name: options.name ?? (options.admin ? 'admin key' : 'api key'),
      prefix,
      hash: hashApiKey(key),
    },
  });
  return { id: record.id, key, prefix, isAdmin: record.isAdmin, userId: record.userId };
}

/** Constant-time comparison for the ADMIN_API_KEY from the environment. */
export function matchesSecret(candidate: string, secret: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}
