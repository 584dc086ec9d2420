// Connecting a user's Polar account: authorisation URL with a stored single-use state, the OAuth
// callback (token exchange, POST /v3/users registration, encrypted token, initial backfill), and
// disconnecting (de-registration at Polar, token deleted, optionally all health data deleted).
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { publicUrl, type Env } from '../env.js';
import type { Prisma, SyncRun } from '../generated/prisma/client.js';
import {
  buildAuthorizationUrl,
  exchangeAuthorizationCode,
  PolarAuthError,
  PolarConsentError,
  PolarError,
  PolarNotFoundError,
  PolarOAuthError,
  type UserInfo,
} from '../polar/index.js';
import type { SyncEngine } from './engine.js';
import type { PolarGateway } from './gateway.js';
import { SyncUnavailableError } from './service.js';
import type { TokenCipher } from './token-crypto.js';

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
export const OAUTH_CALLBACK_PATH = '/oauth/polar/callback';

export type ConnectionErrorCode =
  | 'INVALID_STATE'
  | 'STATE_EXPIRED'
  | 'AUTHORIZATION_DENIED'
  | 'TOKEN_EXCHANGE_FAILED'
  | 'REGISTRATION_FAILED'
  | 'NEEDS_CONSENT'
  | 'POLAR_ACCOUNT_IN_USE';

/** A failed connection attempt, with a message fit for the user. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Every health table with a userId (deleted on disconnect without keepData). */
export const HEALTH_TABLES = [
  'Sleep',
  'NightlyRecharge',
  'DailyActivity',
  'ActivitySamples',
  'ExerciseSamples',
  'Exercise',
  'CardioLoad',
  'ContinuousHeartRate',
  'SleepWiseAlertness',
  'SleepWiseBedtime',
  'BodyTemperature',
  'SkinTemperature',
  'SkinContact',
  'EcgTest',
  'Spo2Test',
  'PhysicalInfo',
] as const;

export interface ConnectionDeps {
  db: Database;
  env: Env;
  logger: Logger;
  gateway: PolarGateway;
  cipher: TokenCipher;
  engine: SyncEngine;
  clock: () => number;
  fetch?: typeof fetch;
  requestTimeoutMs: number;
}

export function redirectUri(env: Env): string {
  return `${publicUrl(env)}${OAUTH_CALLBACK_PATH}`;
}

function credentials(env: Env): { clientId: string; clientSecret: string } {
  if (!env.POLAR_CLIENT_ID || !env.POLAR_CLIENT_SECRET)
    throw new SyncUnavailableError('POLAR_NOT_CONFIGURED', 'POLAR_CLIENT_ID and POLAR_CLIENT_SECRET must be set to connect Polar accounts');
  return { clientId: env.POLAR_CLIENT_ID, clientSecret: env.POLAR_CLIENT_SECRET };
}

export async function startConnection(deps: ConnectionDeps, userId: string): Promise<{ authorizationUrl: string; state: string }> {
  const { clientId } = credentials(deps.env);
  const user = await deps.db.prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new SyncUnavailableError('NOT_CONNECTED', `user ${userId} does not exist`);
  const now = new Date(deps.clock());
  const state = randomBytes(24).toString('base64url');
  const redirect = redirectUri(deps.env);
  await deps.db.prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: now } } });
  await deps.db.prisma.oAuthState.create({
    data: { state, userId, redirectUri: redirect, createdAt: now, expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS) },
  });
  return { authorizationUrl: buildAuthorizationUrl({ clientId, state, redirectUri: redirect, authUrl: deps.env.POLAR_AUTH_URL }), state };
}

export async function completeConnection(deps: ConnectionDeps, input: { code: string; state: string }): Promise<{ userId: string; run: SyncRun | null }> {
  const { clientId, clientSecret } = credentials(deps.env);
  const prisma = deps.db.prisma;
  // Consume the state atomically: a replayed callback finds nothing.
  const consumed = await deps.db.sql.query<{ userId: string; expiresAt: Date; redirectUri: string | null }>(
    `DELETE FROM "OAuthState" WHERE "state" = $1 RETURNING "userId", "expiresAt", "redirectUri"`,
    [input.state],
  );
  const state = consumed[0];
  if (!state) throw new ConnectionError('INVALID_STATE', 'This connection link is not valid (it was already used or never issued). Start connecting Polar again.');
  if (new Date(state.expiresAt).getTime() < deps.clock())
    throw new ConnectionError('STATE_EXPIRED', 'This connection link expired (links are valid for 10 minutes). Start connecting Polar again.');
  const userId = state.userId;

  let token: { access_token: string; expires_in?: number | null | undefined; x_user_id: number };
  try {
    token = await exchangeAuthorizationCode({
      clientId,
      clientSecret,
      code: input.code,
      ...(state.redirectUri ? { redirectUri: state.redirectUri } : {}),
      tokenUrl: deps.env.POLAR_TOKEN_URL,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      timeoutMs: deps.requestTimeoutMs,
    });
  } catch (error) {
    const detail = error instanceof PolarOAuthError ? error.oauthError : error instanceof Error ? error.message : String(error);
    throw new ConnectionError('TOKEN_EXCHANGE_FAILED', `Polar did not accept the authorization (${detail}). Start connecting Polar again.`, { cause: error });
  }
  const accessToken = token.access_token;
  const polarUserId = BigInt(token.x_user_id);

  const meter = { onAttempt: () => undefined };
  let profile: UserInfo | null = null;
  try {
    const registered = await deps.gateway.call((c) => c.registerUser(accessToken, userId), meter);
    if (registered.outcome === 'registered') profile = registered.user;
    else if (registered.outcome === 'already-registered') profile = await deps.gateway.call((c) => c.getUser(accessToken, token.x_user_id), meter);
    else throw new ConnectionError('REGISTRATION_FAILED', 'Polar does not know this account (registration answered 204).');
  } catch (error) {
    if (error instanceof ConnectionError) throw error;
    if (error instanceof PolarConsentError)
      throw new ConnectionError('NEEDS_CONSENT', 'Polar requires you to accept its data-sharing consents in Polar Flow before connecting.', { cause: error });
    throw new ConnectionError('REGISTRATION_FAILED', `Registering with Polar failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  const now = new Date(deps.clock());
  const other = await prisma.polarConnection.findUnique({ where: { polarUserId } });
  if (other && other.userId !== userId) {
    if (other.status !== 'DISCONNECTED')
      throw new ConnectionError('POLAR_ACCOUNT_IN_USE', 'This Polar account is already connected to another user of this server.');
    await prisma.polarConnection.delete({ where: { id: other.id } });
  }
  const interval = deps.env.SYNC_INTERVAL_MINUTES;
  const data = {
    polarUserId,
    memberId: userId,
    encryptedToken: deps.cipher.encrypt(accessToken, userId),
    tokenExpiresAt: typeof token.expires_in === 'number' ? new Date(now.getTime() + token.expires_in * 1000) : null,
    status: 'ACTIVE' as const,
    statusReason: null,
    registeredAt: profile?.['registration-date'] ? new Date(profile['registration-date']) : now,
    polarProfile: (profile ?? undefined) as Prisma.InputJsonValue | undefined,
    connectedAt: now,
    disconnectedAt: null,
    nextScheduledSyncAt: interval > 0 ? new Date(now.getTime() + interval * 60_000) : null,
  };
  await prisma.polarConnection.upsert({ where: { userId }, create: { userId, ...data }, update: data });
  deps.logger.info({ userId, polarUserId: String(polarUserId) }, 'sync: Polar account connected');
  const run = await deps.engine.enqueue(userId, 'INITIAL', { types: null, range: null, exerciseIds: new Set() });
  return { userId, run };
}

export async function disconnect(deps: ConnectionDeps, userId: string, options: { keepData: boolean }): Promise<void> {
  const prisma = deps.db.prisma;
  const connection = await prisma.polarConnection.findUnique({ where: { userId } });
  await deps.engine.cancelUser(userId, 'the user disconnected Polar');
  if (connection?.encryptedToken) {
    try {
      const token = deps.cipher.decrypt(connection.encryptedToken, userId);
      await deps.gateway.call((c) => c.deleteUser(token, String(connection.polarUserId)), { onAttempt: () => undefined });
    } catch (error) {
      // A revoked token or unknown user means Polar already forgot us; anything else is logged.
      if (!(error instanceof PolarAuthError || error instanceof PolarNotFoundError || error instanceof PolarConsentError)) {
        deps.logger.warn({ err: error, userId }, 'sync: de-registering at Polar failed; the token is deleted anyway');
        if (!(error instanceof PolarError)) deps.logger.debug({ err: error }, 'sync: non-Polar error during de-registration');
      }
    }
  }
  const now = new Date(deps.clock());
  await deps.db.sql.transaction(async (tx) => {
    if (connection) {
      await tx.query(
        `UPDATE "PolarConnection" SET "encryptedToken" = NULL, "tokenExpiresAt" = NULL, "status" = 'DISCONNECTED',
           "statusReason" = 'disconnected by the user', "disconnectedAt" = $2::timestamptz, "nextScheduledSyncAt" = NULL, "updatedAt" = now()
         WHERE "userId" = $1`,
        [userId, now.toISOString()],
      );
    }
    await tx.query(`DELETE FROM "SyncWatermark" WHERE "userId" = $1`, [userId]);
    await tx.query(`DELETE FROM "OAuthState" WHERE "userId" = $1`, [userId]);
    if (!options.keepData) {
      for (const table of HEALTH_TABLES) await tx.query(`DELETE FROM "${table}" WHERE "userId" = $1`, [userId]);
      await tx.query(`DELETE FROM "RejectedRecord" WHERE "userId" = $1`, [userId]);
    }
  });
}
