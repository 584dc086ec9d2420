// One simulated Polar user with 60 days synced through the real sync engine (PGlite), an API key of
// theirs, and the app around that database: for tests that query real synced data over GraphQL.
import { expect } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { createLogger } from '../../src/logger.js';
import { createAppPubSub, type AppPubSub } from '../../src/pubsub.js';
import { connectUser, createHarness, type Harness } from '../sync/helpers.js';

export interface SyncedApp {
  h: Harness;
  app: App;
  pubsub: AppPubSub;
  key: string;
  /** The simulator's today (YYYY-MM-DD), the last synced day. */
  today: string;
  dispose(): Promise<void>;
}

export async function createSyncedApp(seed: number, keyName: string): Promise<SyncedApp> {
  const pubsub = await createAppPubSub();
  const h = await createHarness({ seed, users: 1, days: 60, chrRangeShape: 'spec' });
  const { userId } = await connectUser(h, 0);
  const key = (await createApiKey(h.db.prisma, { userId, name: keyName })).key;
  const run = await h.service.waitForRun((await h.service.triggerSync({ userId, trigger: 'INITIAL' })).id);
  expect(run.status).toBe('SUCCEEDED');
  const app = createApp({ db: h.db, env: h.env, logger: createLogger('silent'), pubsub: pubsub.pubsub, sync: h.service });
  return {
    h,
    app,
    pubsub: pubsub.pubsub,
    key,
    today: new Date(h.sim.clock.now()).toISOString().slice(0, 10),
    async dispose() {
      await h.dispose();
      await pubsub.close();
    },
  };
}

/** `from: "…", to: "<today>"` arguments spanning `days` days back from today. */
export function rangeBack(today: string, days: number): string {
  return `from: "${new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10)}", to: "${today}"`;
}
