// Polar access tokens at rest: AES-256-GCM with ENCRYPTION_KEY, or with a key generated once into
// DATA_DIR/encryption.key (mode 0600) when the variable is unset. Stored form (PolarConnection
// .encryptedToken): base64(iv).base64(tag).base64(ciphertext). The user id is bound as additional
// authenticated data, so a ciphertext copied onto another user's row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '../env.js';

export const KEY_FILE_NAME = 'encryption.key';

export class TokenCryptoError extends Error {
  override readonly name = 'TokenCryptoError';
}

export interface TokenCipher {
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(ciphertext: string, associatedData?: string): string;
  /** 'env' (ENCRYPTION_KEY) or the key file path. */
  readonly keySource: string;
}

/** 64 hex characters or base64 of 32 bytes. */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new TokenCryptoError('encryption key must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** Reads DATA_DIR/encryption.key, creating it (0600, exclusive create) on first use. */
export function loadOrCreateKeyFile(dataDir: string): { key: Buffer; path: string } {
  const path = join(dataDir, KEY_FILE_NAME);
  try {
    return { key: parseEncryptionKey(readFileSync(path, 'utf8')), path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return { key, path };
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: parseEncryptionKey(readFileSync(path, 'utf8')), path };
    throw error;
  }
}

export function createTokenCipherFromKey(key: Buffer, keySource = 'key'): TokenCipher {
  if (key.length !== 32) throw new TokenCryptoError('AES-256-GCM needs a 32-byte key');
  return {
    keySource,
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${ciphertext.toString('base64')}`;
    },
    decrypt(stored, associatedData) {
      const parts = stored.split('.');
      if (parts.length !== 3) throw new TokenCryptoError('stored token is not iv.tag.ciphertext');
      const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64')) as [Buffer, Buffer, Buffer];
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new TokenCryptoError('stored token cannot be decrypted (wrong ENCRYPTION_KEY or tampered value)');
      }
    },
  };
}

/** The cipher for this deployment: ENCRYPTION_KEY, else the generated key file in DATA_DIR. */
export function createTokenCipher(env: Pick<Env, 'ENCRYPTION_KEY' | 'DATA_DIR'>): TokenCipher {
  if (env.ENCRYPTION_KEY) return createTokenCipherFromKey(parseEncryptionKey(env.ENCRYPTION_KEY), 'env');
  const { key, path } = loadOrCreateKeyFile(env.DATA_DIR);
  return createTokenCipherFromKey(key, path);
}
