import type { IncomingMessage } from 'node:http';
import { parseBasicAuth, type SimResponse } from './http.js';
import type { SimUser } from './state.js';
import { rngHex, type Rng } from './util.js';

const CODE_TTL_MS = 10 * 60_000;
/** The documented example value; Polar says tokens do not expire unless revoked. */
const EXPIRES_IN = 31_535_999;

interface CodeInfo {
  polarUserId: number;
  /** redirect_uri as sent to the authorization endpoint (null when omitted). */
  redirectUri: string | null;
  issuedAt: number;
  used: boolean;
  tokens: string[];
}

interface TokenInfo {
  polarUserId: number;
  revoked: boolean;
}

export interface OAuthDeps {
  clientId: string;
  clientSecret: string;
  redirectUri: string | undefined;
  now: () => number;
  rng: Rng;
  users: () => SimUser[];
  findUser: (id: number) => SimUser | undefined;
}

export class OAuthServer {
  private readonly codes = new Map<string, CodeInfo>();
  private readonly tokens = new Map<string, TokenInfo>();
  /** Admin override of the user the next authorization approves. */
  nextUser: number | null = null;

  constructor(private readonly deps: OAuthDeps) {}

  userForToken(token: string): number | null {
    const t = this.tokens.get(token);
    return t && !t.revoked ? t.polarUserId : null;
  }

  hasLiveToken(polarUserId: number): boolean {
    for (const t of this.tokens.values()) if (t.polarUserId === polarUserId && !t.revoked) return true;
    return false;
  }

  revokeUser(polarUserId: number): void {
    for (const t of this.tokens.values()) if (t.polarUserId === polarUserId) t.revoked = true;
  }

  issueToken(polarUserId: number): string {
    const token = rngHex(this.deps.rng, 32);
    this.tokens.set(token, { polarUserId, revoked: false });
    return token;
  }

  private defaultUser(): SimUser | undefined {
    if (this.nextUser !== null) return this.deps.findUser(this.nextUser);
    const users = this.deps.users();
    return users.find((u) => !this.hasLiveToken(u.polarUserId)) ?? users[0];
  }

  /** GET /oauth2/authorization: auto-approves and redirects with code (or a documented error). */
  authorize(query: URLSearchParams): SimResponse {
    const badRequest = (error: string, description: string): SimResponse => ({ status: 400, json: { error, error_description: description } });
    const clientId = query.get('client_id');
    if (!clientId) return badRequest('invalid_request', 'client_id is required');
    if (clientId !== this.deps.clientId) return badRequest('unauthorized_client', 'Unknown client_id');
    const requested = query.get('redirect_uri');
    if (this.deps.redirectUri && requested !== null && requested !== this.deps.redirectUri)
      return badRequest('invalid_request', 'redirect_uri does not match the registered one');
    const target = requested ?? this.deps.redirectUri;
    if (!target) return badRequest('invalid_request', 'redirect_uri is required (none registered)');
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return badRequest('invalid_request', 'redirect_uri is not a URL');
    }
    const state = query.get('state');
    const redirect = (params: Record<string, string>): SimResponse => {
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      if (state !== null) url.searchParams.set('state', state);
      return { status: 302, headers: { Location: url.toString() } };
    };
    const responseType = query.get('response_type');
    if (!responseType) return redirect({ error: 'invalid_request' });
    if (responseType !== 'code') return redirect({ error: 'unsupported_response_type' });
    const scope = query.get('scope');
    if (scope !== null && !scope.split(/[\s+]+/).every((s) => s === 'accesslink.read_all')) return redirect({ error: 'invalid_scope' });
    if (query.get('decision') === 'deny') return redirect({ error: 'access_denied' });
    const userParam = query.get('user');
    const user = userParam !== null ? (/^\d+$/.test(userParam) ? this.deps.findUser(Number(userParam)) : undefined) : this.defaultUser();
    if (!user) return redirect({ error: 'access_denied' });
    const code = rngHex(this.deps.rng, 24);
    this.codes.set(code, { polarUserId: user.polarUserId, redirectUri: requested, issuedAt: this.deps.now(), used: false, tokens: [] });
    return redirect({ code });
  }

  /** POST /v2/oauth2/token */
  token(req: IncomingMessage, body: Buffer): SimResponse {
    const fail = (error: string): SimResponse => ({ status: 400, json: { error } });
    const cred = parseBasicAuth(req.headers.authorization);
    if (!cred || cred.id !== this.deps.clientId || cred.secret !== this.deps.clientSecret) return fail('invalid_client');
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return fail('invalid_request');
    const form = new URLSearchParams(body.toString('utf8'));
    const grantType = form.get('grant_type');
    if (!grantType) return fail('invalid_request');
    if (grantType !== 'authorization_code') return fail('unsupported_grant_type');
    const code = form.get('code');
    if (!code) return fail('invalid_request');
    const info = this.codes.get(code);
    if (!info) return fail('invalid_grant');
    if (info.used) {
      // Reusing a code fails and revokes every token issued from it.
      for (const t of info.tokens) {
        const ti = this.tokens.get(t);
        if (ti) ti.revoked = true;
      }
      return fail('invalid_grant');
    }
    info.used = true;
    if (this.deps.now() - info.issuedAt > CODE_TTL_MS) return fail('invalid_grant');
    const redirectUri = form.get('redirect_uri');
    if (info.redirectUri !== null && redirectUri !== info.redirectUri) return fail('invalid_grant');
    if (info.redirectUri === null && redirectUri !== null && this.deps.redirectUri && redirectUri !== this.deps.redirectUri)
      return fail('invalid_grant');
    const token = this.issueToken(info.polarUserId);
    info.tokens.push(token);
    return {
      status: 200,
      json: { access_token: token, token_type: 'bearer', expires_in: EXPIRES_IN, x_user_id: info.polarUserId },
      headers: { 'Cache-Control': 'no-store' },
    };
  }
}
