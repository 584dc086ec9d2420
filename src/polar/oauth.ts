import { PolarOAuthError } from './errors.js';
import {
  PullNotificationSchema,
  TokenErrorSchema,
  TokenResponseSchema,
  WebhookCreatedSchema,
  WebhookInfoSchema,
  type PullNotification,
  type TokenResponse,
  type WebhookCreated,
  type WebhookEventType,
  type WebhookInfoItem,
} from './schemas.js';
import {
  buildUrl,
  DEFAULT_TIMEOUT_MS,
  errorForResponse,
  isSuccess,
  parseJsonBody,
  payloadError,
  send,
  type ResponseInfo,
  type TransportConfig,
  type TransportResponse,
} from './transport.js';
import { emptyBatch, formatZodError, validateBatch, type BatchResult } from './validate.js';
import type { CallOptions } from './client.js';

export const DEFAULT_AUTH_URL = 'https://flow.polar.com/oauth2/authorization';
export const DEFAULT_TOKEN_URL = 'https://polarremote.com/v2/oauth2/token';
export const POLAR_SCOPE = 'accesslink.read_all';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** `Authorization: Basic base64(client_id:client_secret)`, as Polar's example client sends it. */
export function basicAuthHeader({ clientId, clientSecret }: ClientCredentials): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}

// ---- authorization redirect -------------------------------------------------------------------

export interface AuthorizationUrlParams {
  clientId: string;
  /** Opaque value echoed back on the callback; bind it to the user's session to stop CSRF. */
  state: string;
  /** Must equal a redirect URL registered for the client; omitted → Polar uses the registered default. */
  redirectUri?: string;
  /** Default `accesslink.read_all`; null omits the parameter. */
  scope?: string | null;
  /** Default https://flow.polar.com/oauth2/authorization (POLAR_AUTH_URL). */
  authUrl?: string;
}

export function buildAuthorizationUrl(params: AuthorizationUrlParams): string {
  const url = new URL(params.authUrl ?? DEFAULT_AUTH_URL);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  if (params.redirectUri !== undefined) url.searchParams.set('redirect_uri', params.redirectUri);
  const scope = params.scope === undefined ? POLAR_SCOPE : params.scope;
  if (scope !== null) url.searchParams.set('scope', scope);
  url.searchParams.set('state', params.state);
  return url.toString();
}

export interface AuthorizationCallback {
  code: string;
  state: string | null;
}

/**
 * Reads Polar's redirect back to us (`?code=&state=` or `?error=&state=`).
 * Throws PolarOAuthError for `error=...` (e.g. access_denied) or a missing code.
 * The caller still has to compare `state` with the one it issued.
 */
export function parseAuthorizationCallback(input: string | URL | URLSearchParams): AuthorizationCallback {
  const params =
    input instanceof URLSearchParams
      ? input
      : input instanceof URL
        ? input.searchParams
        : new URL(input, 'http://callback.invalid').searchParams;
  const state = params.get('state');
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new PolarOAuthError(`Polar authorization failed: ${error}${description ? ` (${description})` : ''}`, {
      oauthError: error,
      description,
    });
  }
  const code = params.get('code');
  if (!code) {
    throw new PolarOAuthError('Polar authorization callback has neither code nor error', { oauthError: 'invalid_request' });
  }
  return { code, state };
}

// ---- token exchange ---------------------------------------------------------------------------

export interface TokenExchangeOptions extends ClientCredentials, CallOptions {
  code: string;
  /** Required by Polar iff it was sent in the authorization request. */
  redirectUri?: string;
  /** Default https://polarremote.com/v2/oauth2/token (POLAR_TOKEN_URL). */
  tokenUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  onResponse?: (info: ResponseInfo) => void;
}

/**
 * Exchanges an authorization code for a user token. Polar issues no refresh token; the access
 * token lives until revoked. The code is single-use: never call this twice with the same code
 * (Polar then revokes every token issued from it), so do not retry it blindly.
 *
 * Throws PolarOAuthError for documented `{"error": ...}` answers (`invalid_grant`, ...), the
 * transport errors of the data client otherwise, PolarPayloadError for an unreadable 200.
 */
export async function exchangeAuthorizationCode(options: TokenExchangeOptions): Promise<TokenResponse> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: options.code });
  if (options.redirectUri !== undefined) form.set('redirect_uri', options.redirectUri);
  const res = await send(
    {
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onResponse: options.onResponse,
    },
    {
      method: 'POST',
      url: options.tokenUrl ?? DEFAULT_TOKEN_URL,
      headers: {
        Authorization: basicAuthHeader(options),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json;charset=UTF-8',
      },
      body: form.toString(),
      signal: options.signal,
    },
  );
  if (!isSuccess(res)) throw tokenError(res);
  const parsed = TokenResponseSchema.safeParse(parseJsonBody(res));
  if (!parsed.success) throw payloadError(res, formatZodError(parsed.error));
  return parsed.data;
}

function tokenError(res: TransportResponse) {
  if (res.status === 400 || res.status === 401) {
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      json = undefined;
    }
    const parsed = TokenErrorSchema.safeParse(json);
    if (parsed.success) {
      const description = parsed.data.error_description ?? null;
      return new PolarOAuthError(
        `Polar token request failed: ${parsed.data.error}${description ? ` (${description})` : ''}`,
        {
          oauthError: parsed.data.error,
          description,
          status: res.status,
          method: res.method,
          url: res.url,
          rateLimit: res.rateLimit,
          bodySnippet: res.text.slice(0, 500),
        },
      );
    }
  }
  return errorForResponse(res);
}

// ---- client-credentials endpoints: webhooks and pull notifications -----------------------------

export interface AccessLinkAdminClientOptions extends ClientCredentials {
  apiBaseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  onResponse?: (info: ResponseInfo) => void;
  userAgent?: string;
}

export interface WebhookCreateInput {
  events: readonly (WebhookEventType | (string & {}))[];
  url: string;
}

export interface WebhookPatchInput {
  events?: readonly (WebhookEventType | (string & {}))[];
  url?: string;
}

/**
 * Client-level AccessLink resources (Basic auth with the client id/secret): the one webhook a
 * client may have, and pull notifications. Same status → error mapping as AccessLinkClient.
 */
export class AccessLinkAdminClient {
  readonly apiBaseUrl: string;
  private readonly transport: TransportConfig;
  private readonly authorization: string;

  constructor(options: AccessLinkAdminClientOptions) {
    this.apiBaseUrl = options.apiBaseUrl;
    this.authorization = basicAuthHeader(options);
    this.transport = {
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onResponse: options.onResponse,
      userAgent: options.userAgent,
    };
    new URL(this.apiBaseUrl);
  }

  /**
   * Polar PINGs the URL first and fails creation unless it answers 200. 409 (a webhook already
   * exists) → PolarConflictError. The returned `signature_secret_key` is shown only here.
   */
  async createWebhook(input: WebhookCreateInput, options?: CallOptions): Promise<WebhookCreated['data']> {
    const res = await this.request('POST', '/v3/webhooks', options, { events: input.events, url: input.url });
    if (!isSuccess(res)) throw errorForResponse(res);
    const parsed = WebhookCreatedSchema.safeParse(parseJsonBody(res));
    if (!parsed.success) throw payloadError(res, formatZodError(parsed.error));
    return parsed.data.data;
  }

  /** The client's webhooks (at most one); [] when none (204, `{"data": []}`, `{}` all accepted). */
  async getWebhooks(options?: CallOptions): Promise<WebhookInfoItem[]> {
    const res = await this.request('GET', '/v3/webhooks', options);
    if (res.status === 204) return [];
    if (!isSuccess(res)) throw errorForResponse(res);
    const json = parseJsonBody(res);
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      const data = (json as Record<string, unknown>)['data'];
      if (data === undefined || data === null) return [];
    }
    return this.decodeWebhookInfo(res, json);
  }

  /** Null when Polar does not know the id (404). */
  async patchWebhook(id: string, patch: WebhookPatchInput, options?: CallOptions): Promise<WebhookInfoItem | null> {
    const body: Record<string, unknown> = {};
    if (patch.events !== undefined) body['events'] = patch.events;
    if (patch.url !== undefined) body['url'] = patch.url;
    const res = await this.request('PATCH', `/v3/webhooks/${encodeURIComponent(id)}`, options, body);
    if (res.status === 404) return null;
    if (!isSuccess(res)) throw errorForResponse(res);
    const items = this.decodeWebhookInfo(res, parseJsonBody(res));
    return items.find((item) => item.id === id) ?? items[0] ?? null;
  }

  /** False when Polar does not know the id (404). */
  async deleteWebhook(id: string, options?: CallOptions): Promise<boolean> {
    const res = await this.request('DELETE', `/v3/webhooks/${encodeURIComponent(id)}`, options);
    if (res.status === 404) return false;
    if (!isSuccess(res)) throw errorForResponse(res);
    return true;
  }

  /** True when activated (Polar's PING to the URL answered 200); false when there is no webhook (204). */
  async activateWebhook(options?: CallOptions): Promise<boolean> {
    return this.toggle('/v3/webhooks/activate', options);
  }

  /** True when deactivated; false when there is no webhook (204). */
  async deactivateWebhook(options?: CallOptions): Promise<boolean> {
    return this.toggle('/v3/webhooks/deactivate', options);
  }

  /** Pending pull notifications (transactional data kinds only); empty on 204. */
  async listNotifications(options?: CallOptions): Promise<BatchResult<PullNotification>> {
    const res = await this.request('GET', '/v3/notifications', options);
    if (res.status === 204) return emptyBatch();
    if (!isSuccess(res)) throw errorForResponse(res);
    const json = parseJsonBody(res);
    const records =
      json && typeof json === 'object' && !Array.isArray(json)
        ? (json as Record<string, unknown>)['available-user-data']
        : undefined;
    if (!Array.isArray(records)) throw payloadError(res, 'expected an object with an array "available-user-data"');
    return validateBatch(PullNotificationSchema, records);
  }

  private async toggle(path: string, options: CallOptions | undefined): Promise<boolean> {
    const res = await this.request('POST', path, options);
    if (res.status === 204) return false;
    if (!isSuccess(res)) throw errorForResponse(res);
    return true;
  }

  private decodeWebhookInfo(res: TransportResponse, json: unknown): WebhookInfoItem[] {
    const parsed = WebhookInfoSchema.safeParse(json);
    if (!parsed.success) throw payloadError(res, formatZodError(parsed.error));
    const data = parsed.data.data;
    return Array.isArray(data) ? data : [data];
  }

  private request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: CallOptions | undefined,
    body?: unknown,
  ): Promise<TransportResponse> {
    const headers: Record<string, string> = { Authorization: this.authorization };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return send(this.transport, {
      method,
      url: buildUrl(this.apiBaseUrl, path),
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: options?.signal,
    });
  }
}
