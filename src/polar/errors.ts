import type { RateLimitInfo } from './rate-limit.js';

/** Stable machine-readable codes; the sync runner branches on these, never on messages. */
export type PolarErrorCode =
  | 'POLAR_UNAUTHORIZED'
  | 'POLAR_CONSENT_REQUIRED'
  | 'POLAR_RATE_LIMITED'
  | 'POLAR_SERVER_ERROR'
  | 'POLAR_TIMEOUT'
  | 'POLAR_NETWORK_ERROR'
  | 'POLAR_BAD_REQUEST'
  | 'POLAR_PAYLOAD_INVALID'
  | 'POLAR_NOT_FOUND'
  | 'POLAR_CONFLICT'
  | 'POLAR_HTTP_ERROR'
  | 'POLAR_OAUTH_ERROR'
  | 'POLAR_ABORTED';

export interface PolarErrorDetails {
  /** HTTP status, when a response was received. */
  status?: number | null;
  method?: string | null;
  url?: string | null;
  rateLimit?: RateLimitInfo | null;
  /** Start of the response body (at most 500 characters), for logs. */
  bodySnippet?: string | null;
  /** Polar's documented error body, when the response carried one. */
  errorBody?: PolarErrorBodyLike | null;
  cause?: unknown;
}

/** Polar's error model (`timestamp, status, errorType, message, corrId`); every field optional. */
export interface PolarErrorBodyLike {
  timestamp?: string | null | undefined;
  status?: number | null | undefined;
  errorType?: string | null | undefined;
  message?: string | null | undefined;
  corrId?: string | null | undefined;
  [key: string]: unknown;
}

export abstract class PolarError extends Error {
  abstract readonly code: PolarErrorCode;
  abstract readonly retryable: boolean;
  readonly status: number | null;
  readonly method: string | null;
  readonly url: string | null;
  readonly rateLimit: RateLimitInfo | null;
  readonly bodySnippet: string | null;
  readonly errorBody: PolarErrorBodyLike | null;

  constructor(message: string, details: PolarErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status ?? null;
    this.method = details.method ?? null;
    this.url = details.url ?? null;
    this.rateLimit = details.rateLimit ?? null;
    this.bodySnippet = details.bodySnippet ?? null;
    this.errorBody = details.errorBody ?? null;
  }
}

/** 401: the token is missing, invalid or revoked; the user must reconnect. */
export class PolarAuthError extends PolarError {
  readonly code = 'POLAR_UNAUTHORIZED' as const;
  readonly retryable = false;
}

/** 403: the user has not accepted Polar's mandatory consents. */
export class PolarConsentError extends PolarError {
  readonly code = 'POLAR_CONSENT_REQUIRED' as const;
  readonly retryable = false;
}

/** 429. `retryAfterSeconds` comes from `Retry-After` or, failing that, the exhausted window's reset. */
export class PolarRateLimitError extends PolarError {
  readonly code = 'POLAR_RATE_LIMITED' as const;
  readonly retryable = true;
  readonly retryAfterSeconds: number | null;

  constructor(message: string, details: PolarErrorDetails & { retryAfterSeconds?: number | null } = {}) {
    super(message, details);
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/** 5xx. */
export class PolarServerError extends PolarError {
  readonly code = 'POLAR_SERVER_ERROR' as const;
  readonly retryable = true;
}

/** No complete response within `timeoutMs` (headers and body). */
export class PolarTimeoutError extends PolarError {
  readonly code = 'POLAR_TIMEOUT' as const;
  readonly retryable = true;
  readonly timeoutMs: number;

  constructor(message: string, details: PolarErrorDetails & { timeoutMs: number }) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
  }
}

/** Connection refused/reset, DNS failure, socket closed mid-body. */
export class PolarNetworkError extends PolarError {
  readonly code = 'POLAR_NETWORK_ERROR' as const;
  readonly retryable = true;
  /** e.g. `ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`, when known. */
  readonly causeCode: string | null;

  constructor(message: string, details: PolarErrorDetails & { causeCode?: string | null } = {}) {
    super(message, details);
    this.causeCode = details.causeCode ?? null;
  }
}

/** 400: bad or too old date, range too wide, invalid webhook request. */
export class PolarBadRequestError extends PolarError {
  readonly code = 'POLAR_BAD_REQUEST' as const;
  readonly retryable = false;
}

/** Malformed JSON, or a body whose envelope (array / wrapper object / single record) does not match. */
export class PolarPayloadError extends PolarError {
  readonly code = 'POLAR_PAYLOAD_INVALID' as const;
  readonly retryable = false;
  /** Human-readable cause: JSON syntax error or zod issues (`path: message; ...`). */
  readonly reason: string;

  constructor(message: string, details: PolarErrorDetails & { reason: string }) {
    super(message, details);
    this.reason = details.reason;
  }
}

/** 404 on an endpoint where 404 is not the documented "no data" answer. */
export class PolarNotFoundError extends PolarError {
  readonly code = 'POLAR_NOT_FOUND' as const;
  readonly retryable = false;
}

/** 409: webhook already exists (user registration 409 is a normal outcome, not this error). */
export class PolarConflictError extends PolarError {
  readonly code = 'POLAR_CONFLICT' as const;
  readonly retryable = false;
}

/** Any other unexpected status. */
export class PolarHttpError extends PolarError {
  readonly code = 'POLAR_HTTP_ERROR' as const;
  readonly retryable = false;
}

/** The caller's AbortSignal fired. */
export class PolarAbortedError extends PolarError {
  readonly code = 'POLAR_ABORTED' as const;
  readonly retryable = false;
}

/** OAuth2 error from the token endpoint (400 `{"error": ...}`) or the authorization redirect. */
export class PolarOAuthError extends PolarError {
  readonly code = 'POLAR_OAUTH_ERROR' as const;
  readonly retryable: boolean;
  /** The OAuth `error` value, e.g. `invalid_grant`, `access_denied`. */
  readonly oauthError: string;
  readonly description: string | null;

  constructor(
    message: string,
    details: PolarErrorDetails & { oauthError: string; description?: string | null },
  ) {
    super(message, details);
    this.oauthError = details.oauthError;
    this.description = details.description ?? null;
    this.retryable = details.oauthError === 'server_error' || details.oauthError === 'temporarily_unavailable';
  }
}

export function isPolarError(value: unknown): value is PolarError {
  return value instanceof PolarError;
}
