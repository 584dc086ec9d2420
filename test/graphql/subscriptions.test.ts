// syncProgress over SSE (Yoga built-in) and WebSocket (graphql-transport-ws on the same /graphql
// endpoint). Events are published on the pubsub directly here; a real-sync version follows when
// the sync engine lands.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { encodeGlobalId } from '../../src/graphql/ids.js';
import { attachGraphQLWebSocket, type GraphQLWebSocket } from '../../src/graphql/websocket.js';
import type { SyncProgressEvent } from '../../src/pubsub.js';
import { seedUser, type SeededUser } from '../helpers/seed.js';
import { createTestServer, type TestServer } from './harness.js';

let server: TestServer;
let alice: SeededUser;
let bob: SeededUser;
let runId: string;
let http: Server;
let ws: GraphQLWebSocket;
let wsUrl: string;

beforeAll(async () => {
  server = await createTestServer();
  alice = await seedUser(server.prisma, { name: 'Alice', index: 1, days: 1 });
  bob = await seedUser(server.prisma, { name: 'Bob', index: 2, days: 1 });
  runId = alice.ids.SyncRun![0]!;
  http = createServer((request, response) => server.app.handle(request, response));
  ws = attachGraphQLWebSocket(http, server.app.graphql);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  wsUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await ws?.close();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await server?.close();
});

const SUBSCRIPTION = `subscription($runId: ID) { syncProgress(runId: $runId) { kind runId dataType fetched stored status durationMs at } }`;

function events(userId: string, run: string): SyncProgressEvent[] {
  const at = new Date('2025-01-01T00:00:00Z').toISOString();
  return [
    { kind: 'RUN_STARTED', runId: run, userId, at },
    { kind: 'TYPE_FINISHED', runId: run, userId, dataType: 'sleep', fetched: 3, stored: 3, rejected: 0, deleted: 0, apiCalls: 2, at },
    { kind: 'RUN_FINISHED', runId: run, userId, status: 'SUCCEEDED', apiCalls: 2, durationMs: 12, at },
  ];
}

/** Publishes until `done` resolves, so a subscriber that attaches late still sees the events. */
async function publishUntil(done: Promise<unknown>, publish: () => void): Promise<void> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  for (let i = 0; i < 100 && !finished; i++) {
    publish();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const expected = [
  { kind: 'RUN_STARTED', dataType: null, fetched: null, status: null },
  { kind: 'TYPE_FINISHED', dataType: 'sleep', fetched: 3, stored: 3, status: null },
  { kind: 'RUN_FINISHED', status: 'SUCCEEDED', durationMs: 12 },
];

describe('syncProgress over SSE', () => {
  test('delivers the viewer’s events, filtered by run, and not another user’s', async () => {
    const controller = new AbortController();
    const response = await server.app.graphql.fetch('http://localhost/graphql', {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${alice.key}` },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { runId: encodeGlobalId('SyncRun', runId) } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const received: Array<Record<string, unknown>> = [];
    const reading = (async () => {
      let buffer = '';
      while (received.length < 3) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const data = message.split('\n').find((line) => line.startsWith('data: '));
          if (data) {
            const payload = JSON.parse(data.slice(6)) as { data?: { syncProgress: Record<string, unknown> } };
            if (payload.data) received.push(payload.data.syncProgress);
          }
        }
      }
    })();
    let sent = false;
    await publishUntil(reading, () => {
      // Another user's events and another run's events must not arrive.
      for (const event of events(bob.id, runId)) server.pubsub.publish('sync:progress', bob.id, event);
      for (const event of events(alice.id, '00000000-0000-4000-8000-000000000000')) server.pubsub.publish('sync:progress', alice.id, event);
      if (!sent || received.length === 0) for (const event of events(alice.id, runId)) server.pubsub.publish('sync:progress', alice.id, event);
      sent = true;
    });
    await reading;
    controller.abort();
    expect(received.slice(0, 3)).toMatchObject(expected);
    expect(received.every((event) => event.runId === encodeGlobalId('SyncRun', runId))).toBe(true);
  });

  test('without a key: 401', async () => {
    const response = await server.app.graphql.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUBSCRIPTION }),
    });
    expect(response.status).toBe(401);
    await response.text();
  });
});

describe('syncProgress over WebSocket (graphql-transport-ws)', () => {
  test('delivers the viewer’s events with the key in connectionParams', async () => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${alice.key}` }, retryAttempts: 0 });
    try {
      const received: Array<Record<string, unknown>> = [];
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe<{ syncProgress: Record<string, unknown> }>(
          { query: SUBSCRIPTION, variables: { runId: encodeGlobalId('SyncRun', runId) } },
          {
            next: (result) => {
              if (result.errors) reject(new Error(JSON.stringify(result.errors)));
              if (result.data) received.push(result.data.syncProgress);
              if (received.length >= 3) resolve();
            },
            error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
            complete: () => resolve(),
          },
        );
      });
      let sentOnce = false;
      await publishUntil(done, () => {
        for (const event of events(bob.id, runId)) server.pubsub.publish('sync:progress', bob.id, event);
        if (!sentOnce || received.length === 0) for (const event of events(alice.id, runId)) server.pubsub.publish('sync:progress', alice.id, event);
        sentOnce = true;
      });
      await done;
      expect(received.slice(0, 3)).toMatchObject(expected);
    } finally {
      await client.dispose();
    }
  });

  test('queries work over the socket too, with the key from the upgrade request headers', async () => {
    const client = createClient({
      url: wsUrl,
      retryAttempts: 0,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { 'x-api-key': bob.key } });
        }
      },
    });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query: '{ viewer { name } }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toEqual({ data: { viewer: { name: 'Bob' } } });
    } finally {
      await client.dispose();
    }
  });

  test('an unknown key closes the connection with 4403', async () => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { apiKey: 'pfs_unknown' }, retryAttempts: 0 });
    const error = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: SUBSCRIPTION }, { next: () => {}, error: resolve, complete: () => resolve(null) });
    });
    expect((error as { code?: number }).code).toBe(4403);
    await client.dispose();
  });

  test('without a key, subscribing is refused with UNAUTHENTICATED', async () => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query: SUBSCRIPTION }, { next: resolve, error: reject, complete: () => resolve(null) });
      });
      expect(JSON.stringify(result)).toContain('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });
});
