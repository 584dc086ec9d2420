// End to end, as a newcomer and a product team would see it: `demo` connects users through the
// simulator's OAuth flow and syncs them; then a real sync's progress arrives over SSE and over
// WebSocket (graphql-transport-ws) while the data lands and is readable through GraphQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient as createWsClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemo, type RunningDemo } from '../../src/demo/index.js';

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo({ users: 2, historyDays: 35, seed: 7, port: 0, dataDir: mkdtempSync(join(tmpdir(), 'pfs-demo-')), verbose: false });
}, 240_000);

afterAll(async () => {
  await demo?.close();
});

async function graphql(query: string, variables: Record<string, unknown> = {}, key = demo.apiKey) {
  const response = await fetch(demo.graphiqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
}

const TRIGGER = /* GraphQL */ `
  mutation Trigger($input: TriggerSyncInput) {
    triggerSync(input: $input) {
      __typename
      ... on TriggerSyncPayload { syncRun { id status } }
      ... on Error { message }
    }
  }`;

const PROGRESS = /* GraphQL */ `
  subscription Progress { syncProgress { kind runId dataType fetched stored status apiCalls } }`;

describe('demo', () => {
  it('connected every demo user through OAuth and stored more history than Polar’s 28-day window', async () => {
    const connections = await demo.server.db.prisma.polarConnection.findMany();
    expect(connections).toHaveLength(2);
    expect(connections.every((c) => c.status === 'ACTIVE' && c.encryptedToken && !c.encryptedToken.includes('sim'))).toBe(true);
    const result = await graphql(`{ viewer { name sleeps(first: 400) { totalCount } polarConnection { status } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer.polarConnection.status).toBe('ACTIVE');
    // 35 days of clock history + Polar's 28-day window at the start ≈ 60 nights, minus missing nights.
    expect(result.data.viewer.sleeps.totalCount).toBeGreaterThan(40);
  });
});

describe('syncProgress for a real sync', () => {
  it('arrives over SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(demo.graphiqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${demo.apiKey}` },
      body: JSON.stringify({ query: PROGRESS }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const events: any[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (const match of buffer.matchAll(/^data: (.+)$/gm)) {
          const payload = JSON.parse(match[1]!);
          if (payload.data?.syncProgress) events.push(payload.data.syncProgress);
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
        if (events.some((e) => e.kind === 'RUN_FINISHED')) break;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300)); // subscription registered
    const triggered = await graphql(TRIGGER, { input: { types: ['SLEEP', 'NIGHTLY_RECHARGE'] } });
    expect(triggered.data.triggerSync.__typename).toBe('TriggerSyncPayload');
    await reading;
    controller.abort();
    const runId = triggered.data.triggerSync.syncRun.id;
    const ofRun = events.filter((e) => e.runId === runId);
    expect(ofRun.map((e) => e.kind)).toEqual(expect.arrayContaining(['RUN_STARTED', 'TYPE_STARTED', 'TYPE_FINISHED', 'RUN_FINISHED']));
    expect(new Set(ofRun.filter((e) => e.kind === 'TYPE_FINISHED').map((e) => e.dataType))).toEqual(new Set(['sleep', 'nightlyRecharge']));
    expect(ofRun.at(-1)).toMatchObject({ kind: 'RUN_FINISHED', status: 'SUCCEEDED' });
    expect(ofRun.at(-1).apiCalls).toBeGreaterThan(0);
  }, 120_000);

  it('arrives over WebSocket (graphql-transport-ws)', async () => {
    const client = createWsClient({
      url: demo.graphiqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${demo.apiKey}` },
    });
    const events: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: PROGRESS },
        {
          next: (value) => {
            const event = (value.data as any)?.syncProgress;
            if (event) events.push(event);
            if (event?.kind === 'RUN_FINISHED') resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const triggered = await graphql(TRIGGER, { input: { types: ['CARDIO_LOAD'] } });
    expect(triggered.data.triggerSync.__typename).toBe('TriggerSyncPayload');
    await done;
    await client.dispose();
    const runId = triggered.data.triggerSync.syncRun.id;
    expect(events.filter((e) => e.runId === runId).map((e) => e.kind)).toEqual(expect.arrayContaining(['TYPE_FINISHED', 'RUN_FINISHED']));
    expect(events.find((e) => e.kind === 'TYPE_FINISHED')).toMatchObject({ dataType: 'cardioLoad' });
  }, 120_000);

  it('never delivers another user’s events', async () => {
    const otherUser = demo.userIds[1]!;
    const events: any[] = [];
    let ownRunFinished!: () => void;
    const ownFinished = new Promise<void>((resolve) => (ownRunFinished = resolve));
    const client = createWsClient({
      url: demo.graphiqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${demo.apiKey}` },
    });
    client.subscribe(
      { query: PROGRESS },
      {
        next: (value) => {
          const event = (value.data as any)?.syncProgress;
          events.push(event);
          if (event?.kind === 'RUN_FINISHED') ownRunFinished();
        },
        error: (error) => events.push({ error }),
        complete: () => {},
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const otherRun = await demo.server.sync!.triggerSync({ userId: otherUser, trigger: 'MANUAL', types: ['spo2'] });
    await demo.server.sync!.waitForRun(otherRun.id);
    // The subscription is alive: the viewer's own run arrives, and only it.
    const own = await graphql(TRIGGER, { input: { types: ['SPO2'] } });
    await ownFinished;
    await client.dispose();
    const ownRunId = own.data.triggerSync.syncRun.id;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e?.runId === ownRunId)).toBe(true);
  }, 120_000);
});
