// GraphQL-over-HTTP compliance: every MUST audit of graphql-http passes against /graphql. The
// audits send no API key, which the server allows for `{ __typename }` and introspection only.
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(async () => server?.close());

describe('graphql-http MUST audits', () => {
  const audits = serverAudits({
    url: 'http://localhost/graphql',
    fetchFn: ((input: string, init?: RequestInit) => server.app.graphql.fetch(input, init as never)) as unknown as typeof fetch,
  });
  const must = audits.filter((audit) => audit.name.startsWith('MUST'));
  test('there are MUST audits', () => expect(must.length).toBeGreaterThan(10));
  test.each(must.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
  });
});
