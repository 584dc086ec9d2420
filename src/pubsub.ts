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

export async function createAppPubSub(
  options: { redisUrl?: string | undefined; onError?: (error: Error) => void } = {},
): Promise<{ pubsub: AppPubSub; close(): Promise<void> }> {
  if (!options.redisUrl) return { pubsub: createPubSub<PubSubTopics>(), close: async () => {} };
  const [{ Redis }, { createRedisEventTarget }] = await Promise.all([import('ioredis'), import('@graphql-yoga/redis-event-target')]);
  let closed = false;
  const report = (error: Error) => {
    if (!closed) options.onError?.(error);
  };
  const publishClient = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  publishClient.on('error', report);
  subscribeClient.on('error', report);
  // The event target fires publish/subscribe/unsubscribe without awaiting them; a Redis outage
  // (or a shutdown racing a closing subscription) must be reported, not crash the process.
  const guard = (client: InstanceType<typeof Redis>) =>
    ({
      on: client.on.bind(client),
      publish: (channel: string, message: string) => client.publish(channel, message).catch(report),
      subscribe: (channel: string) => client.subscribe(channel).catch(report),
      unsubscribe: (channel: string) => client.unsubscribe(channel).catch(report),
    }) as unknown as InstanceType<typeof Redis>;
  const eventTarget = createRedisEventTarget({ publishClient: guard(publishClient), subscribeClient: guard(subscribeClient) });
  return {
    pubsub: createPubSub<PubSubTopics>({ eventTarget }),
    async close() {
      closed = true;
      await Promise.all([publishClient.quit().catch(() => undefined), subscribeClient.quit().catch(() => undefined)]);
    },
  };
}
