// The sync engine's surface for the rest of the server (GraphQL, CLI, HTTP routes). The runner,
// connection flow, webhook intake and scheduler implement it; callers depend only on this.
import type { SyncRun, SyncTrigger } from '../generated/prisma/client.js';

/** AccessLink data types the engine syncs (also the `dataType` in watermarks and progress events). */
export const SYNC_DATA_TYPES = [
  'sleep',
  'nightlyRecharge',
  'activity',
  'activitySamples',
  'exercise',
  'cardioLoad',
  'continuousHeartRate',
  'sleepwiseAlertness',
  'sleepwiseBedtime',
  'bodyTemperature',
  'skinTemperature',
  'skinContacts',
  'ecg',
  'spo2',
  'physicalInfo',
] as const;

export type SyncDataType = (typeof SYNC_DATA_TYPES)[number];

export interface TriggerSyncInput {
  userId: string;
  trigger: SyncTrigger;
  /** Empty or undefined: every type. */
  types?: SyncDataType[];
  /** Inclusive local dates (YYYY-MM-DD); undefined: the engine's incremental window. */
  from?: string;
  to?: string;
}

export class SyncUnavailableError extends Error {
  override readonly name = 'SyncUnavailableError';
  constructor(
    readonly code: 'NOT_CONNECTED' | 'NEEDS_REAUTHORIZATION' | 'NEEDS_CONSENT' | 'POLAR_NOT_CONFIGURED' | 'INVALID_RANGE',
    message: string,
  ) {
    super(message);
  }
}

export interface SyncService {
  /** Queues a run (never two at once per user) and returns its row, status QUEUED. */
  triggerSync(input: TriggerSyncInput): Promise<SyncRun>;
  /** Resolves when the run has finished (SUCCEEDED / PARTIAL / FAILED). */
  waitForRun(runId: string): Promise<SyncRun>;
  /** The Polar authorisation URL for the user, with a stored single-use state. */
  startConnection(userId: string): Promise<{ authorizationUrl: string; state: string }>;
  /** Completes the OAuth flow (callback): token exchange, registration, encrypted storage, initial backfill queued. */
  completeConnection(input: { code: string; state: string }): Promise<{ userId: string; run: SyncRun | null }>;
  /** De-registers at Polar and deletes the token; with keepData false, deletes the user's health data too. */
  disconnect(userId: string, options: { keepData: boolean }): Promise<void>;
  /** Verifies and handles one webhook delivery (raw body bytes as received). */
  handleWebhook(request: { headers: Record<string, string | undefined>; rawBody: Buffer }): Promise<{ status: number; body: string }>;
  /** Stops the scheduler and waits for running syncs to settle. */
  close(): Promise<void>;
}
