import type { IsoDate, SimDataType, SimRecord } from './dataset.js';

export type ChrRangeShape = 'spec' | 'heart_rates';

export type FaultKind =
  | 'rate_limit'
  | 'http_500'
  | 'http_502'
  | 'http_503'
  | 'slow'
  | 'reset'
  | 'truncated'
  | 'malformed'
  | 'schema';

export const ALL_FAULT_KINDS: readonly FaultKind[] = [
  'rate_limit',
  'http_500',
  'http_502',
  'http_503',
  'slow',
  'reset',
  'truncated',
  'malformed',
  'schema',
];

export interface RateLimitOptions {
  /** Short (15 min) window: base + perUser·N. Defaults 500 + 20·N. */
  shortBase?: number;
  shortPerUser?: number;
  /** Long (24 h) window: base + perUser·N. Defaults 5000 + 100·N. */
  longBase?: number;
  longPerUser?: number;
  shortWindowSeconds?: number;
  longWindowSeconds?: number;
}

export interface SimulatorOptions {
  /** 0 (default) = random free port. */
  port?: number;
  host?: string;
  /** Number of generated users (ignored with scenarioDir). Default 3. */
  users?: number;
  /** Days of history generated up to `today`. Default 90. */
  days?: number;
  seed?: number;
  /** Serve exactly the AccessLink payloads found in this directory (see README.md). */
  scenarioDir?: string;
  /** Fault rate 0..1 on /v3 requests. Default 0. */
  faults?: number;
  /** Seed of the fault sequence; defaults to `seed`. */
  faultSeed?: number;
  /** Restrict which fault kinds are drawn. */
  faultKinds?: FaultKind[];
  /** Slow faults wait this long plus `slowExtraMs` before answering. Default 5000. */
  clientTimeoutMs?: number;
  slowExtraMs?: number;
  /** Simulator's "today". Default: the scenario's latest date, else the real UTC date. */
  today?: IsoDate;
  /** UTC time of day the clock is placed at by `set`/`advance` and at start. Default '20:00:00'. */
  timeOfDay?: string;
  /** Real-time source; the simulated clock ticks with it. Inject a fixed function in tests. */
  now?: () => number;
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URI. When unset, any redirect_uri given in the request is accepted. */
  redirectUri?: string;
  chrRangeShape?: ChrRangeShape;
  /** Deliver every webhook event twice (Polar is known to do this). */
  duplicateWebhooks?: boolean;
  webhookTimeoutMs?: number;
  rateLimits?: RateLimitOptions;
  /** Scales the daily rescoring/deletion probabilities on clock advance; 0 disables. Default 1. */
  mutationRate?: number;
  /** Non-transactional /v3/exercises only lists uploads after registration (the spec's wording). Default false. */
  exercisesAfterRegistrationOnly?: boolean;
  /** Users that start registered with a consent, as if OAuth + POST /v3/users had happened
   *  (indices or polar ids; `true` = all). Tokens are available via `Simulator.issueToken`. */
  autoRegister?: boolean | number[];
}

export interface SimUserSummary {
  index: number;
  polarUserId: number;
  /** A ready-made authorization URL that auto-approves this user. */
  authorizeUrl: string;
  /** Test credentials: the simulator never asks for them (it auto-approves), shown for humans. */
  email: string;
  password: string;
  registered: boolean;
  consent: boolean;
  memberId: string | null;
  hasToken: boolean;
}

export interface RequestCounts {
  total: number;
  byEndpoint: Record<string, number>;
  byUser: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
}

export type WebhookEventType =
  | 'EXERCISE'
  | 'SLEEP'
  | 'CONTINUOUS_HEART_RATE'
  | 'SLEEP_WISE_CIRCADIAN_BEDTIME'
  | 'SLEEP_WISE_ALERTNESS'
  | 'ACTIVITY_SUMMARY'
  | 'PHYSICAL_INFORMATION';

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  'EXERCISE',
  'SLEEP',
  'CONTINUOUS_HEART_RATE',
  'SLEEP_WISE_CIRCADIAN_BEDTIME',
  'SLEEP_WISE_ALERTNESS',
  'ACTIVITY_SUMMARY',
  'PHYSICAL_INFORMATION',
];

export interface WebhookEventInput {
  event: WebhookEventType;
  userId: number;
  /** exercise id for EXERCISE */
  entityId?: string;
  date?: IsoDate;
  from?: IsoDate;
  to?: IsoDate;
  /** Instant in ms; default: the simulator clock's now. */
  timestamp?: number;
}

export interface WebhookDelivery {
  event: string;
  url: string;
  body: string;
  signature: string;
  status: number | null;
  error: string | null;
  at: string;
}

export interface FaultRecord {
  seq: number;
  kind: FaultKind;
  method: string;
  path: string;
}

export interface AdvanceResult {
  today: IsoDate;
  events: WebhookEventInput[];
  deliveries: WebhookDelivery[];
}

export interface SimClockApi {
  today(): IsoDate;
  /** Simulated instant, ms since epoch. */
  now(): number;
  /** Moves the clock to `date` at the configured time of day (forward or back). */
  set(date: IsoDate): Promise<AdvanceResult>;
  advance(days: number): Promise<AdvanceResult>;
}

export type GroundTruthType = SimDataType | 'physicalInfo';

export interface IssuedToken {
  accessToken: string;
  polarUserId: number;
}

export interface Simulator {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  clock: SimClockApi;
  /** Current snapshot of the simulated users. */
  readonly users: SimUserSummary[];
  close(): Promise<void>;
  /** Every record of (user, type) as served, without visibility limits (deleted records excluded). */
  groundTruth(userId: number, type: GroundTruthType): SimRecord[];
  requestCounts(): RequestCounts;
  resetRequestCounts(): void;
  emitWebhook(event: WebhookEventInput): Promise<WebhookDelivery[]>;
  webhookDeliveries(): WebhookDelivery[];
  setConsent(userId: number, consent: boolean): void;
  revokeToken(userId: number): void;
  /** Issues a token directly (no OAuth round trip) and optionally registers the user. */
  issueToken(userId: number, options?: { register?: boolean; memberId?: string }): IssuedToken;
  faultLog(): FaultRecord[];
}
