// Typed pub/sub shared by the sync runner (publisher) and GraphQL subscriptions (subscribers).
// In-process by default; with REDIS_URL, events cross server processes through Redis.
import { createPubSub, type PubSub } from 'graphql-yoga';

export type SyncDataTypeName = string;

export type SyncProgressEvent =
  | { kind: 'RUN_QUEUED'; runId: string; userId: string; at: string }
  | { kind: 'RUN_STARTED'; runId: string; userId: string; at: string }
  | { kind: 'TYPE_STARTED'; runId: string; userId: string; dataType: SyncDataTypeName; at: string }
  | {
      kind: 'TYPE_PROGRESS' | 'TYPE_FINISHED';
      runId: string;
      userId: string;
      dataType: SyncDataTypeName;
      fetched: number;
      stored: number;
      rejected: number;
      deleted: number;
      apiCalls: number;
      error?: { code: string; message: string } | null;
      at: string;
    }
  | {
      kind: 'RUN_FINISHED';
      runId: string;
      userId: string;
      status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
      apiCalls: number;
      durationMs: number;
      at: string;
    };

export type PubSubTopics = {
  /** Keyed by user id: every progress event of that user's runs. */
  'sync:progress': [userId: string, event: SyncProgressEvent];
};

export type AppPubSub = PubSub<PubSubTopics>;

export async function createAppPubSub(options: { redisUrl?: string } = {}): Promise<{ pubsub: AppPubSub; close(): Promise<void> }> {
  if (!options.redisUrl) return { pubsub: createPubSub<PubSubTopics>(), close: async () => {} };
  const [{ Redis }, { createRedisEventTarget }] = await Promise.all([import('ioredis'), import('@graphql-yoga/redis-event-target')]);
  const publishClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  return {
    pubsub: createPubSub<PubSubTopics>({ eventTarget }),
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
