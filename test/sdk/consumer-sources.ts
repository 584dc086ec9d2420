// Sources of the throw-away TypeScript project that installs the packed SDK (test/sdk/package.test.ts).
// Kept as strings: they import '@polar-flow-server/sdk', which only resolves inside that project.

export const consumerTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // the SDK's .d.ts files are checked too
    skipLibCheck: false,
    types: ['node'],
    outDir: 'dist',
  },
  files: ['consumer.ts', 'readme-examples.ts'],
};

export const misspelledTsconfig = {
  extends: './tsconfig.json',
  compilerOptions: { noEmit: true },
  files: ['misspelled.ts'],
};

/** Each line marked `// error:` must be a compile error (the test counts them). */
export const misspelledSource = `import { createClient, DaysDocument, TrendDocument, TriggerSyncDocument, ViewerDocument } from '@polar-flow-server/sdk';

const client = createClient({ url: 'http://localhost:4000/graphql', apiKey: 'pfs_example' });
const days = await client.request(DaysDocument, { from: '2025-01-01', to: '2025-01-07' });
console.log(days.viewer?.days[0]?.sleep?.sleepScroe); // error: misspelled field
await client.request(TriggerSyncDocument, { input: { types: ['SLEEPS'] } }); // error: not a SyncDataType
await client.request(DaysDocument, { from: '2025-01-01' }); // error: required variable missing
const viewer = await client.request(ViewerDocument);
const name: number = viewer.viewer?.name ?? 0; // error: name is a string
console.log(name);
await client.request(TrendDocument, { metric: 'HRV' }); // error: not an AnalyticsMetric
const score: string | null = days.viewer?.days[0]?.readiness.score ?? null; // error: score is a number
console.log(score);
`;

export const MISSPELLED_ERROR_LINES = [5, 6, 7, 9, 11, 12];

/**
 * The consumer: an admin creates a user and an API key for it; the user connects Polar through the
 * OAuth flow (the simulator approves), triggers a sync, follows it over the syncProgress
 * subscription until RUN_FINISHED, then reads days. Prints one JSON summary line.
 */
export const consumerSource = `import {
  AnalyticsAsOfDocument as AnalyticsAsOf,
  ConnectionStatusDocument,
  CreateApiKeyDocument,
  CreateUserDocument,
  DaysDocument,
  SleepRangeDocument,
  StartPolarConnectionDocument,
  SyncProgressDocument,
  SyncRunsDocument,
  TrendDocument,
  TriggerSyncDocument,
  ViewerDocument,
  createClient,
  isApiError,
  PolarFlowClientError,
  type SyncProgressEventFieldsFragment,
} from '@polar-flow-server/sdk';

function must(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`missing \${name}\`);
  return value;
}

const url = must('PFS_URL');
const persistedDocuments = process.env.PFS_PERSISTED === '1';
const polarUserId = must('PFS_POLAR_USER_ID');
const from = must('PFS_FROM');
const to = must('PFS_TO');
const summary: Record<string, unknown> = { persistedDocuments };

// Failures that are not the API's typed errors come back as PolarFlowClientError kinds.
const anonymous = await createClient({ url, persistedDocuments }).execute(ViewerDocument);
summary.anonymous = anonymous.ok ? 'ok' : anonymous.error.kind;
const wrongKey = await createClient({ url, apiKey: 'pfs_not_a_key', persistedDocuments }).execute(ViewerDocument);
summary.wrongKey = wrongKey.ok ? 'ok' : wrongKey.error.kind;
const unreachable = await createClient({ url: 'http://127.0.0.1:9/graphql' }).execute(ViewerDocument);
summary.unreachable = unreachable.ok ? 'ok' : unreachable.error.kind;

const admin = createClient({ url, apiKey: must('PFS_ADMIN_KEY'), persistedDocuments });
const created = await admin.request(CreateUserDocument, { input: { name: 'SDK consumer', email: 'sdk@example.test' } });
if (isApiError(created.createUser)) throw new Error(\`createUser: \${created.createUser.code} \${created.createUser.message}\`);
const userId: string = created.createUser.user.id;

// The API's typed errors are values of the result union.
const badKey = await admin.request(CreateApiKeyDocument, { input: { name: 'x', userId: 'not-an-id' } });
summary.typedError = isApiError(badKey.createApiKey) ? badKey.createApiKey.__typename : 'none';

const keyResult = await admin.request(CreateApiKeyDocument, { input: { name: 'consumer key', userId } });
if (keyResult.createApiKey.__typename !== 'CreateApiKeyPayload') throw new Error(\`createApiKey: \${keyResult.createApiKey.__typename}\`);
const client = createClient({ url, apiKey: keyResult.createApiKey.key, persistedDocuments });

const viewer = await client.request(ViewerDocument);
summary.viewerName = viewer.viewer?.name ?? null;
summary.connectionBefore = viewer.viewer?.polarConnection?.status ?? null;

// Follow sync progress from before anything can sync.
const events: SyncProgressEventFieldsFragment[] = [];
let wake: () => void = () => undefined;
const stop = new AbortController();
let markOpen: () => void = () => undefined;
const opened = new Promise<void>((resolve) => (markOpen = resolve));
const pump = (async () => {
  for await (const event of client.subscribe(SyncProgressDocument, {}, { signal: stop.signal, onOpen: markOpen })) {
    events.push(event.syncProgress);
    wake();
  }
})();
pump.catch(() => undefined);
await Promise.race([opened, pump.then(() => { throw new Error('the subscription ended before it opened'); })]);

async function waitFor(predicate: (event: SyncProgressEventFieldsFragment) => boolean, timeoutMs: number): Promise<SyncProgressEventFieldsFragment> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(\`timed out; events: \${JSON.stringify(events.map((e) => e.kind))}\`);
    await Promise.race([new Promise<void>((resolve) => (wake = resolve)), new Promise((resolve) => setTimeout(resolve, 500))]);
  }
}

// Connect Polar: the simulator plays Polar's consent page and redirects to our OAuth callback.
const started = await client.request(StartPolarConnectionDocument, {});
if (started.startPolarConnection.__typename !== 'StartPolarConnectionPayload') {
  throw new Error(\`startPolarConnection: \${JSON.stringify(started.startPolarConnection)}\`);
}
const consent = await fetch(\`\${started.startPolarConnection.authorizationUrl}&user=\${polarUserId}\`, { redirect: 'manual' });
const callback = consent.headers.get('location');
if (!callback) throw new Error(\`no OAuth redirect (HTTP \${consent.status})\`);
const completed = await fetch(callback.replace(/^https?:\\/\\/[^/]+/, new URL(url).origin));
if (!completed.ok) throw new Error(\`OAuth callback failed: HTTP \${completed.status} \${await completed.text()}\`);
const status = await client.request(ConnectionStatusDocument);
summary.connectionAfter = status.viewer?.polarConnection?.status ?? null;

const triggered = await client.request(TriggerSyncDocument, { input: {} });
if (isApiError(triggered.triggerSync)) throw new Error(\`triggerSync: \${triggered.triggerSync.code} \${triggered.triggerSync.message}\`);
const runId = triggered.triggerSync.syncRun.id;
const finished = await waitFor((event) => event.kind === 'RUN_FINISHED' && event.runId === runId, 240_000);
stop.abort();
await pump;
summary.runKinds = [...new Set(events.filter((event) => event.runId === runId).map((event) => event.kind))];
summary.runStatus = finished.status;
summary.runApiCalls = finished.apiCalls;

const runs = await client.request(SyncRunsDocument, { first: 5 });
summary.syncRuns = runs.viewer?.syncRuns.edges.map((edge) => ({ id: edge.node.id, status: edge.node.status, trigger: edge.node.trigger })) ?? [];

const days = await client.request(DaysDocument, { from, to });
const list = days.viewer?.days ?? [];
summary.days = list.length;
summary.daysWithSleep = list.filter((day) => day.sleep !== null).length;
summary.daysWithRecharge = list.filter((day) => day.nightlyRecharge !== null).length;
summary.firstDay = list[0]?.date ?? null;
summary.sleepScores = list.map((day) => day.sleep?.sleepScore ?? null);
// analytics on each day: readiness (score 50 = usual) with its data-availability status
summary.readiness = list.map((day) => ({ status: day.readiness.status, score: day.readiness.score, band: day.readiness.band }));
summary.trainingLoadStatus = list.at(-1)?.trainingLoad.status ?? null;

const today = await client.request(AnalyticsAsOf, { date: to });
summary.readinessToday = today.viewer?.readiness.score ?? null;
const trend = await client.request(TrendDocument, { metric: 'LN_RMSSD', days: 14, date: to });
summary.trendStatus = trend.viewer?.trend.status ?? null;

const sleeps = await client.request(SleepRangeDocument, { from, to, first: 10 });
summary.sleepRangeCount = sleeps.viewer?.sleeps.totalCount ?? null;

try {
  await client.request(DaysDocument, { from: to, to: from });
  summary.reversedRange = 'ok';
} catch (error) {
  summary.reversedRange = error instanceof PolarFlowClientError ? error.kind : 'unexpected';
}

console.log(JSON.stringify(summary));
`;

/** The examples of sdk/README.md, type-checked (not run). */
export const readmeExamplesSource = `import {
  createClient,
  DaysDocument,
  isApiError,
  SleepRangeDocument,
  SyncProgressDocument,
  TriggerSyncDocument,
  ViewerDocument,
  type ApiError,
  type ResultOf,
  type TriggerSyncMutation,
} from '@polar-flow-server/sdk';

export async function examples(): Promise<void> {
  const client = createClient({ url: 'http://localhost:4000/graphql', apiKey: process.env.POLAR_FLOW_API_KEY });
  await client.request(ViewerDocument);

  const { viewer } = await client.request(DaysDocument, { from: '2025-03-01', to: '2025-03-07' });
  for (const day of viewer?.days ?? []) {
    console.log(day.date, day.sleep?.sleepScore, day.nightlyRecharge?.heartRateVariabilityAvg, day.heartRate?.avgHeartRate);
    if (day.readiness.status === 'OK') console.log('readiness', day.readiness.score, day.readiness.band);
    else console.log('readiness not available:', day.readiness.status);
  }

  const result = await client.execute(SleepRangeDocument, { from: '2025-01-01', to: '2025-03-31', first: 100 });
  if (result.ok) {
    const { edges, pageInfo, totalCount } = result.data.viewer!.sleeps;
    console.log(edges.length, pageInfo.endCursor, totalCount);
  } else {
    console.error(result.error.kind, result.error.message);
  }

  const { triggerSync } = await client.request(TriggerSyncDocument, { input: { types: ['SLEEP', 'NIGHTLY_RECHARGE'] } });
  if (isApiError(triggerSync)) {
    switch (triggerSync.__typename) {
      case 'SyncUnavailableError': console.log('cannot sync:', triggerSync.reason); break;
      case 'ValidationError': console.log(triggerSync.issues); break;
      default: console.log(triggerSync.code, triggerSync.message);
    }
  } else {
    console.log('queued run', triggerSync.syncRun.id);
  }
  const failure: ApiError<TriggerSyncMutation['triggerSync']>['__typename'] = 'NotFoundError';
  const days: ResultOf<typeof DaysDocument>['viewer'] = null;
  console.log(failure, days);

  const stop = new AbortController();
  let ready!: () => void;
  const opened = new Promise<void>((resolve) => (ready = resolve));
  const follow = (async () => {
    for await (const { syncProgress: event } of client.subscribe(SyncProgressDocument, {}, { signal: stop.signal, onOpen: ready })) {
      console.log(event.kind, event.dataType ?? '', event.stored ?? '');
      if (event.kind === 'RUN_FINISHED') break;
    }
  })();
  await opened;
  await client.request(TriggerSyncDocument, {});
  await follow;
}
`;
