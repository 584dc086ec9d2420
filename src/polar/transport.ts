import {
  PolarAbortedError,
  PolarAuthError,
  PolarBadRequestError,
  PolarConflictError,
  PolarConsentError,
  PolarHttpError,
  PolarNetworkError,
  PolarNotFoundError,
  PolarPayloadError,
  PolarRateLimitError,
  PolarServerError,
  PolarTimeoutError,
  type PolarError,
  type PolarErrorDetails,
} from './errors.js';
import { parseRateLimitHeaders, parseRetryAfterSeconds, secondsUntilAllowed, type RateLimitInfo } from './rate-limit.js';
import { ErrorBodySchema, type ErrorBody } from './schemas.js';

/** Reported once for every HTTP response received (not for timeouts or network failures). */
export interface ResponseInfo {
  method: string;
  url: string;
  status: number;
  rateLimit: RateLimitInfo | null;
  /** From sending the request to the end of the body. */
  durationMs: number;
}

export interface TransportConfig {
  fetch: typeof fetch;
  timeoutMs: number;
  onResponse?: ((info: ResponseInfo) => void) | undefined;
  userAgent?: string | undefined;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
}

export interface TransportResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  text: string;
  rateLimit: RateLimitInfo | null;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const SNIPPET_LENGTH = 500;

/** Query string from defined values only; booleans become `true`/`false`. */
export function buildUrl(base: string, path: string, query?: Record<string, string | number | boolean | undefined>): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}

function causeCodeOf(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = causeCodeOf(error);
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/**
 * One HTTP exchange: a single attempt, no retries, bounded by `timeoutMs` for headers and body
 * together. Throws only PolarTimeoutError / PolarNetworkError / PolarAbortedError; any HTTP status
 * is returned for the caller to map.
 */
export async function send(config: TransportConfig, request: TransportRequest): Promise<TransportResponse> {
  const timeoutSignal = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeoutSignal, request.signal]) : timeoutSignal;
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (config.userAgent) headers['User-Agent'] = config.userAgent;
  const base: PolarErrorDetails = { method: request.method, url: request.url };

  const failure = (error: unknown, phase: string): PolarError => {
    if (request.signal?.aborted && !timeoutSignal.aborted) {
      return new PolarAbortedError(`Polar ${request.method} ${request.url} aborted by caller`, { ...base, cause: error });
    }
    if (timeoutSignal.aborted) {
      return new PolarTimeoutError(`Polar ${request.method} ${request.url} timed out after ${config.timeoutMs} ms (${phase})`, {
        ...base,
        cause: error,
        timeoutMs: config.timeoutMs,
      });
    }
    return new PolarNetworkError(`Polar ${request.method} ${request.url} failed (${phase}): ${describe(error)}`, {
      ...base,
      cause: error,
      causeCode: causeCodeOf(error),
    });
  };

  const started = performance.now();
  let response: Response;
  try {
    response = await config.fetch(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
  } catch (error) {
    throw failure(error, 'request');
  }

  const rateLimit = parseRateLimitHeaders(response.headers);
  let text: string | undefined;
  let bodyError: unknown;
  try {
    text = await response.text();
  } catch (error) {
    bodyError = error;
  }
  config.onResponse?.({
    method: request.method,
    url: request.url,
    status: response.status,
    rateLimit,
    durationMs: performance.now() - started,
  });
  if (text === undefined) throw failure(bodyError, 'reading body');

  return { method: request.method, url: request.url, status: response.status, headers: response.headers, text, rateLimit };
}

export function isSuccess(response: TransportResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function snippet(text: string): string | null {
  if (text === '') return null;
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}

function errorBodyOf(text: string): ErrorBody | null {
  if (text === '') return null;
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The typed error for a non-success status (API.md §4). */
export function errorForResponse(response: TransportResponse): PolarError {
  const errorBody = errorBodyOf(response.text);
  const details: PolarErrorDetails = {
    status: response.status,
    method: response.method,
    url: response.url,
    rateLimit: response.rateLimit,
    bodySnippet: snippet(response.text),
    errorBody,
  };
  const path = new URL(response.url).pathname;
  const suffix = errorBody?.message ? `: ${errorBody.message}` : '';
  const message = `Polar ${response.method} ${path} responded ${response.status}${suffix}`;
  const status = response.status;
  if (status === 400) return new PolarBadRequestError(message, details);
  if (status === 401) return new PolarAuthError(message, details);
  if (status === 403) return new PolarConsentError(message, details);
  if (status === 404) return new PolarNotFoundError(message, details);
  if (status === 409) return new PolarConflictError(message, details);
  if (status === 429) {
    const fromWindows = secondsUntilAllowed(response.rateLimit);
    const retryAfterSeconds = parseRetryAfterSeconds(response.headers) ?? (fromWindows ? fromWindows : null);
    return new PolarRateLimitError(message, { ...details, retryAfterSeconds });
  }
  if (status >= 500) return new PolarServerError(message, details);
  return new PolarHttpError(message, details);
}

export function payloadError(response: TransportResponse, reason: string): PolarPayloadError {
  const path = new URL(response.url).pathname;
  return new PolarPayloadError(`Polar ${response.method} ${path} returned an unexpected body: ${reason}`, {
    status: response.status,
    method: response.method,
    url: response.url,
    rateLimit: response.rateLimit,
    bodySnippet: snippet(response.text),
    reason,
  });
}

/** Parses the body as JSON or throws PolarPayloadError. */
export function parseJsonBody(response: TransportResponse): unknown {
  if (response.text.trim() === '') throw payloadError(response, 'empty body');
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    throw payloadError(response, `malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
