import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIM_DATA_TYPES, type SimRecord } from './dataset.js';
import { buildApiRouter, type Ctx } from './api.js';
import { FaultInjector, malform, violateSchema } from './faults.js';
import { empty, ok, parseBearer, readBody, Router, type SimResponse } from './http.js';
import { OAuthServer } from './oauth.js';
import { RateLimiter } from './ratelimit.js';
import { serialize } from './serialize.js';
import type { DataWorld, SimUser } from './state.js';
import type {
  AdvanceResult,
  ChrRangeShape,
  FaultKind,
  FaultRecord,
  GroundTruthType,
  IssuedToken,
  RequestCounts,
  SimUserSummary,
  SimulatorOptions,
  WebhookDelivery,
  WebhookEventInput,
} from './types.js';
import { WEBHOOK_EVENT_TYPES } from './types.js';
import { addDays, createRng, hashSeed, isIsoDate, isoMillis, rngUuid, type Rng } from './util.js';
import { WebhookManager } from './webhooks.js';

export interface ResolvedOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string | undefined;
  chrRangeShape: ChrRangeShape;
  clientTimeoutMs: number;
  slowExtraMs: number;
  exercisesAfterRegistrationOnly: boolean;
}

interface PiTransaction {
  id: number;
  userId: number;
  keys: string[];
  open: boolean;
}

const EXERCISE_WINDOW_MS = 30 * 86_400_000;

export class SimApp {
  readonly options: ResolvedOptions;
  readonly oauth: OAuthServer;
  readonly webhooks: WebhookManager;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly idRng: Rng;
  private readonly corrRng: Rng;
  readonly transactions = new Map<number, PiTransaction>();
  private nextTxId: number;
  baseUrl = 'http://127.0.0.1';
  private readonly router = buildApiRouter();
  private readonly adminRouter = this.buildAdminRouter();
  private counts: RequestCounts = { total: 0, byEndpoint: {}, byUser: {}, byStatus: {} };
  private readonly timers = new Set<NodeJS.Timeout>();
  private clockChain: Promise<unknown> = Promise.resolve();
  closed = false;

  constructor(
    readonly world: DataWorld,
    opts: SimulatorOptions,
    seed: number,
  ) {
    this.options = {
      clientId: opts.clientId ?? 'sim-client',
      clientSecret: opts.clientSecret ?? 'sim-secret',
      redirectUri: opts.redirectUri,
      chrRangeShape: opts.chrRangeShape ?? 'heart_rates',
      clientTimeoutMs: opts.clientTimeoutMs ?? 5000,
      slowExtraMs: opts.slowExtraMs ?? 500,
      exercisesAfterRegistrationOnly: opts.exercisesAfterRegistrationOnly ?? false,
    };
    const now = () => world.clock.now();
    this.idRng = createRng(hashSeed(seed, 'ids'));
    this.corrRng = createRng(hashSeed(seed, 'corr'));
    this.nextTxId = 1_000_000 + (hashSeed(seed, 'tx') % 1_000_000);
    this.oauth = new OAuthServer({
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      redirectUri: this.options.redirectUri,
      now,
      rng: createRng(hashSeed(seed, 'oauth')),
      users: () => world.users,
      findUser: (id) => world.findUser(id),
    });
    this.webhooks = new WebhookManager({
      now,
      baseUrl: () => this.baseUrl,
      timeoutMs: opts.webhookTimeoutMs ?? 5000,
      duplicate: opts.duplicateWebhooks ?? false,
    });
    this.rateLimiter = new RateLimiter(opts.rateLimits, now);
    this.faults = new FaultInjector(opts.faults ?? 0, opts.faultSeed ?? seed, opts.faultKinds);
  }

  get clientId(): string {
    return this.options.clientId;
  }
  get clientSecret(): string {
    return this.options.clientSecret;
  }

  // ------------------------------------------------------------ state used by the handlers

  error(status: number, errorType: string, message: string, headers?: Record<string, string>): SimResponse {
    return {
      status,
      json: { timestamp: isoMillis(this.world.clock.now()), status, errorType, message, corrId: rngUuid(this.corrRng) },
      headers,
    };
  }

  userForToken(token: string): SimUser | null {
    const id = this.oauth.userForToken(token);
    return id === null ? null : (this.world.userByPolarId(id) ?? null);
  }

  register(user: SimUser, memberId: string): void {
    user.registered = true;
    user.memberId = memberId;
    user.registrationMs = this.world.clock.now();
  }

  deregister(user: SimUser): void {
    user.registered = false;
    user.memberId = null;
    user.registrationMs = null;
    this.oauth.revokeUser(user.polarUserId);
  }

  /** Keys of physical-info records a new transaction would contain. */
  pendingPhysicalInfo(user: SimUser): string[] {
    const now = this.world.clock.now();
    const reg = user.registrationMs;
    if (reg === null) return [];
    return user
      .records('physicalInfo')
      .list.filter((e) => e.up <= now && e.up > reg && e.up > now - EXERCISE_WINDOW_MS && !user.committedPhysicalInfo.has(e.rec.key))
      .map((e) => e.rec.key);
  }

  /** A new transaction abandons any open one of the same user (its items are offered again). */
  openTransaction(user: SimUser, keys: string[]): PiTransaction {
    for (const tx of this.transactions.values()) if (tx.userId === user.polarUserId) tx.open = false;
    const tx: PiTransaction = { id: this.nextTxId++, userId: user.polarUserId, keys, open: true };
    this.transactions.set(tx.id, tx);
    return tx;
  }

  // ------------------------------------------------------------ in-process admin (also behind /__admin)

  summaries(): SimUserSummary[] {
    return this.world.users.map((u) => ({
      index: u.index,
      polarUserId: u.polarUserId,
      authorizeUrl: `${this.baseUrl}/oauth2/authorization?response_type=code&client_id=${encodeURIComponent(this.clientId)}&user=${u.polarUserId}`,
      email: `user${u.index + 1}@simulator.test`,
      password: 'simulator',
      registered: u.registered,
      consent: u.consent,
      memberId: u.memberId,
      hasToken: this.oauth.hasLiveToken(u.polarUserId),
    }));
  }

  mustUser(id: number): SimUser {
    const u = this.world.findUser(id);
    if (!u) throw new Error(`simulator: unknown user ${id}`);
    return u;
  }

  groundTruth(userId: number, type: GroundTruthType): SimRecord[] {
    if (type !== 'physicalInfo' && !SIM_DATA_TYPES.includes(type)) throw new Error(`simulator: unknown data type ${String(type)}`);
    return this.mustUser(userId).records(type).list.map((e) => e.rec);
  }

  requestCounts(): RequestCounts {
    return structuredClone(this.counts);
  }

  resetRequestCounts(): void {
    this.counts = { total: 0, byEndpoint: {}, byUser: {}, byStatus: {} };
  }

  setConsent(userId: number, consent: boolean): void {
    this.mustUser(userId).consent = consent;
  }

  revokeToken(userId: number): void {
    this.oauth.revokeUser(this.mustUser(userId).polarUserId);
  }

  issueToken(userId: number, options: { register?: boolean; memberId?: string } = {}): IssuedToken {
    const user = this.mustUser(userId);
    const accessToken = this.oauth.issueToken(user.polarUserId);
    if (options.register && !user.registered) this.register(user, options.memberId ?? `member-${user.polarUserId}`);
    return { accessToken, polarUserId: user.polarUserId };
  }

  async emitWebhook(ev: WebhookEventInput): Promise<WebhookDelivery[]> {
    if (!WEBHOOK_EVENT_TYPES.includes(ev.event)) throw new Error(`simulator: unknown webhook event ${String(ev.event)}`);
    return this.webhooks.deliver({ ...ev, userId: this.mustUser(ev.userId).polarUserId });
  }

  faultLog(): FaultRecord[] {
    return this.faults.log.slice();
  }

  /** Serialized so that concurrent set/advance calls apply in order. */
  moveClock(date: string): Promise<AdvanceResult> {
    if (!isIsoDate(date)) return Promise.reject(new Error(`simulator: invalid date ${date}`));
    const run = async (): Promise<AdvanceResult> => {
      const events = await this.world.moveTo(this.world.clock.instantOf(date));
      const deliveries = this.closed ? [] : await this.webhooks.deliverAll(events);
      return { today: this.world.clock.today(), events, deliveries };
    };
    const p = this.clockChain.then(run, run);
    this.clockChain = p.catch(() => undefined);
    return p;
  }

  advanceClock(days: number): Promise<AdvanceResult> {
    return this.moveClock(addDays(this.world.clock.today(), days));
  }

  // ------------------------------------------------------------ HTTP

  private count(method: string, pattern: string, user: SimUser | null, status: number | string): void {
    const key = `${method} ${pattern}`;
    this.counts.total++;
    this.counts.byEndpoint[key] = (this.counts.byEndpoint[key] ?? 0) + 1;
    this.counts.byStatus[String(status)] = (this.counts.byStatus[String(status)] ?? 0) + 1;
    if (user) {
      const m = (this.counts.byUser[String(user.polarUserId)] ??= {});
      m[key] = (m[key] ?? 0) + 1;
    }
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  cancelTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://simulator');
    let path = url.pathname;
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      this.send(res, { status: 413, json: { error: 'request body too large' } });
      return;
    }

    if (path === '/__admin' || path.startsWith('/__admin/')) {
      this.send(res, await this.handleAdmin(method, path, url.searchParams, body));
      return;
    }
    if (path === '/oauth2/authorization') {
      const r = method === 'GET' ? this.oauth.authorize(url.searchParams) : { status: 405, json: { error: 'invalid_request' } };
      this.count(method, path, null, r.status);
      this.send(res, r);
      return;
    }
    if (path === '/v2/oauth2/token') {
      const r = method === 'POST' ? this.oauth.token(req, body) : { status: 405, json: { error: 'invalid_request' } };
      this.count(method, path, null, r.status);
      this.send(res, r);
      return;
    }
    if (!path.startsWith('/v3/')) {
      this.send(res, { status: 404, json: { error: 'not found' } });
      return;
    }

    const match = this.router.match(method, path);
    const pattern = 'route' in match ? match.route.pattern : match.methodMismatch ? path : '<unknown>';
    const token = parseBearer(req.headers.authorization);
    const tokenUser = token ? this.userForToken(token) : null;
    const rl = this.rateLimiter.hit(this.world.registeredCount());
    if (!rl.allowed) {
      this.count(method, pattern, tokenUser, 429);
      this.send(res, this.error(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded', rl.headers));
      return;
    }
    const fault = this.faults.next(method, path);
    const early = fault ? this.earlyFault(fault, rl.headers) : undefined;
    if (fault === 'reset') {
      this.count(method, pattern, tokenUser, 'reset');
      req.socket.destroy();
      return;
    }
    if (early) {
      this.count(method, pattern, tokenUser, early.status);
      this.send(res, early);
      return;
    }
    if (fault === 'slow') await this.delay(this.options.clientTimeoutMs + this.options.slowExtraMs);
    if (this.closed || res.destroyed) return;

    let response: SimResponse;
    if ('route' in match) {
      const ctx: Ctx = { app: this, req, method, path, query: url.searchParams, body, user: null };
      try {
        response = await match.route.handler(ctx, match.params);
      } catch (err) {
        response = this.error(500, 'INTERNAL_SERVER_ERROR', `simulator bug: ${(err as Error).message}`);
      }
    } else if (match.methodMismatch) {
      response = this.error(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
    } else {
      response = this.error(404, 'NOT_FOUND', 'No such endpoint');
    }
    response.headers = { ...response.headers, ...this.rateLimiter.headers(this.world.registeredCount()) };
    this.count(method, pattern, tokenUser, response.status);
    this.send(res, response, fault);
  }

  private earlyFault(fault: FaultKind, rlHeaders: Record<string, string>): SimResponse | undefined {
    switch (fault) {
      case 'rate_limit':
        return this.error(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded', rlHeaders);
      case 'http_500':
        return this.error(500, 'INTERNAL_SERVER_ERROR', 'Internal server error', rlHeaders);
      case 'http_502':
        return { status: 502, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html', headers: rlHeaders };
      case 'http_503':
        return { status: 503, raw: '<html><body><h1>503 Service Unavailable</h1></body></html>', contentType: 'text/html', headers: rlHeaders };
      default:
        return undefined;
    }
  }

  private send(res: ServerResponse, r: SimResponse, fault: FaultKind | null = null): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...r.headers };
    let payload: Buffer | undefined;
    if (r.json !== undefined) {
      let value = r.json;
      if (fault === 'schema') value = violateSchema(value)?.value ?? value;
      let text = serialize(value);
      if (fault === 'malformed') text = malform(text);
      payload = Buffer.from(text, 'utf8');
      headers['Content-Type'] = 'application/json;charset=UTF-8';
    } else if (r.raw !== undefined) {
      payload = typeof r.raw === 'string' ? Buffer.from(r.raw, 'utf8') : r.raw;
      headers['Content-Type'] = r.contentType ?? 'application/octet-stream';
    }
    if (fault === 'truncated' && payload && payload.length > 1) {
      // A complete HTTP message whose body is cut in the middle of the JSON document.
      res.writeHead(r.status, headers);
      res.end(payload.subarray(0, Math.floor(payload.length / 2)));
      return;
    }
    headers['Content-Length'] = String(payload?.length ?? 0);
    res.writeHead(r.status, headers);
    res.end(payload);
  }

  // ------------------------------------------------------------ /__admin

  private async handleAdmin(method: string, path: string, query: URLSearchParams, body: Buffer): Promise<SimResponse> {
    const m = this.adminRouter.match(method, path);
    if (!('route' in m)) return { status: m.methodMismatch ? 405 : 404, json: { error: 'unknown admin endpoint' } };
    let json: Record<string, unknown> = {};
    if (body.length > 0) {
      try {
        json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return { status: 400, json: { error: 'invalid JSON body' } };
      }
    }
    try {
      return await m.route.handler({ json, query }, m.params);
    } catch (err) {
      return { status: 400, json: { error: (err as Error).message } };
    }
  }

  private buildAdminRouter(): Router<{ json: Record<string, unknown>; query: URLSearchParams }> {
    const r = new Router<{ json: Record<string, unknown>; query: URLSearchParams }>();
    const uid = (s: string | undefined) => Number(s);
    const clock = () => ({ today: this.world.clock.today(), now: isoMillis(this.world.clock.now()) });
    r.add('GET', '/__admin/state', () =>
      ok({ ...clock(), users: this.summaries(), webhook: this.webhooks.hook, counts: this.counts, seedSource: this.world.source.kind }),
    );
    r.add('GET', '/__admin/users', () => ok(this.summaries()));
    r.add('GET', '/__admin/users/{id}/ground-truth/{type}', (_c, p) => ok(this.groundTruth(uid(p.id), p.type as GroundTruthType)));
    r.add('GET', '/__admin/users/{id}/dataset-truth', (_c, p) => ok(this.mustUser(uid(p.id)).dataset.truth));
    r.add('POST', '/__admin/users/{id}/consent', (c, p) => {
      this.setConsent(uid(p.id), c.json.consent !== false);
      return ok({ consent: c.json.consent !== false });
    });
    r.add('POST', '/__admin/users/{id}/revoke', (_c, p) => {
      this.revokeToken(uid(p.id));
      return empty(204);
    });
    r.add('POST', '/__admin/users/{id}/token', (c, p) =>
      ok(this.issueToken(uid(p.id), { register: c.json.register === true, memberId: typeof c.json.memberId === 'string' ? c.json.memberId : undefined })),
    );
    // Many users at once (benchmark set-up): {"users": [{"id": n, "memberId"?: s}], "register"?: true} → IssuedToken[].
    r.add('POST', '/__admin/tokens', (c) => {
      const usage = 'body must be {"users": [{"id": n, "memberId"?: string}], "register"?: boolean}';
      if (!Array.isArray(c.json.users)) return { status: 400, json: { error: usage } };
      const users = c.json.users as { id?: unknown; memberId?: unknown }[];
      // All or nothing: refuse the whole batch before any token is issued or user registered.
      const unknown = users.filter((u) => typeof u?.id !== 'number' || !this.world.findUser(u.id)).map((u) => u?.id);
      if (unknown.length > 0) return { status: 400, json: { error: `${usage}; unknown or invalid user ids: ${JSON.stringify(unknown.slice(0, 10))}` } };
      const register = c.json.register === true;
      return ok(users.map((u) => this.issueToken(u.id as number, { register, memberId: typeof u.memberId === 'string' ? u.memberId : undefined })));
    });
    r.add('POST', '/__admin/authorize-user', (c) => {
      this.oauth.nextUser = typeof c.json.user === 'number' ? c.json.user : null;
      return ok({ user: this.oauth.nextUser });
    });
    r.add('GET', '/__admin/requests', () => ok(this.requestCounts()));
    r.add('POST', '/__admin/requests/reset', () => {
      this.resetRequestCounts();
      return empty(204);
    });
    r.add('POST', '/__admin/rate-limit/reset', () => {
      this.rateLimiter.reset();
      return empty(204);
    });
    r.add('GET', '/__admin/clock', () => ok(clock()));
    r.add('POST', '/__admin/clock', async (c) => {
      let result: AdvanceResult;
      if (typeof c.json.date === 'string') result = await this.moveClock(c.json.date);
      else if (typeof c.json.advanceDays === 'number') result = await this.advanceClock(c.json.advanceDays);
      else return { status: 400, json: { error: 'body must be {"date": "YYYY-MM-DD"} or {"advanceDays": n}' } };
      return ok({ ...clock(), events: result.events, deliveries: result.deliveries });
    });
    r.add('POST', '/__admin/webhooks/emit', async (c) => ok(await this.emitWebhook(c.json as unknown as WebhookEventInput)));
    r.add('GET', '/__admin/webhooks/deliveries', () => ok(this.webhooks.deliveries));
    r.add('GET', '/__admin/faults', () => ok(this.faultLog()));
    return r;
  }
}
