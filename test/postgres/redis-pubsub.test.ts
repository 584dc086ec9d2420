// Two server processes on one PostgreSQL database share subscription events through Redis:
// an event published by server A reaches a subscriber connected to server B.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { loadEnv } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createPostgresDatabase } from '../helpers/database.js';

const redisUrl = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';
let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
let serverA: RunningServer;
let serverB: RunningServer;

beforeAll(async () => {
  database = await createPostgresDatabase();
  const env = loadEnv({ DATABASE_URL: database.url, REDIS_URL: redisUrl, PORT: '0', LOG_LEVEL: 'silent' });
  serverA = await startServer(env, { logger: createLogger('silent') });
  serverB = await startServer(env, { logger: createLogger('silent') });
});

afterAll(async () => {
  await serverA?.close();
  await serverB?.close();
  await database?.drop();
});

it('an event published on server A reaches an SSE subscriber on server B', async () => {
  const user = await serverA.db.prisma.user.create({ data: { name: 'shared' } });
  const { key } = await createApiKey(serverA.db.prisma, { userId: user.id });
  const controller = new AbortController();
  const response = await fetch(`${serverB.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: 'subscription { syncProgress { kind dataType stored } }' }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const received = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      const match = /^data: (.+)$/m.exec(text);
      if (match) return JSON.parse(match[1]!);
    }
    return null;
  })();
  await new Promise((resolve) => setTimeout(resolve, 500)); // B has subscribed in Redis
  serverA.pubsub.publish('sync:progress', user.id, {
    kind: 'TYPE_FINISHED',
    runId: '00000000-0000-4000-8000-000000000001',
    userId: user.id,
    dataType: 'sleep',
    fetched: 3,
    stored: 3,
    rejected: 0,
    deleted: 0,
    apiCalls: 1,
    at: new Date().toISOString(),
  });
  const payload = await received;
  controller.abort();
  expect(payload).toEqual({ data: { syncProgress: { kind: 'TYPE_FINISHED', dataType: 'sleep', stored: 3 } } });
}, 60_000);
