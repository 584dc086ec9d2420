// GraphiQL in a real browser: headless Chromium (Debian's /usr/bin/chromium through playwright-core)
// loads the page from a listening server, with no network beyond it, and runs the example query.
// The GraphiQL assets must come from this server (@graphql-yoga/render-graphiql), never a CDN.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadLocalGraphiQL } from '../../src/graphql/yoga.js';
import { seedUser, isoDay, type SeededUser } from '../helpers/seed.js';
import { createTestServer, type TestServer } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the GraphiQL browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

let server: TestServer;
let user: SeededUser;
let http: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  server = await createTestServer();
  const today = new Date();
  const start = isoDay(new Date(today.getTime() - 6 * 86_400_000));
  user = await seedUser(server.prisma, { name: 'Browser User', days: 7, start });
  http = createServer((request, response) => server.app.handle(request, response));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (http) await new Promise<void>((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
  await server?.close();
});

test.skipIf(!hasChromium)('GraphiQL loads from this server without a CDN and runs the example query', async () => {
  expect(await loadLocalGraphiQL(), 'GraphiQL assets are not installed: add the @graphql-yoga/render-graphiql dependency (same version as graphql-yoga)').not.toBeNull();
  const context = await browser.newContext();
  const page = await context.newPage();
  const offHost: string[] = [];
  // Only this server is reachable (as for an offline self-hoster); everything else is recorded and refused.
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== base && url.protocol !== 'blob:' && url.protocol !== 'data:') {
      offHost.push(url.href);
      return route.abort();
    }
    // The user types their key in GraphiQL's Headers tab; the test adds it on the wire instead.
    if (url.pathname === '/graphql' && route.request().method() === 'POST') {
      return route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${user.key}` } });
    }
    return route.continue();
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(`${base}/graphql`, { waitUntil: 'load' });
  await expect.poll(() => page.locator('.graphiql-container').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const editorText = await page.locator('.graphiql-query-editor, .graphiql-editor').first().innerText({ timeout: 30_000 });
  expect(editorText).toContain('LastWeek');

  const response = page.waitForResponse((candidate) => candidate.url().startsWith(`${base}/graphql`) && candidate.request().method() === 'POST' && (candidate.request().postData() ?? '').includes('LastWeek'), { timeout: 30_000 });
  await page.locator('.graphiql-execute-button').click();
  const result = (await (await response).json()) as { data?: { viewer?: { name: string; days: unknown[] } }; errors?: unknown };
  expect(result.errors).toBeUndefined();
  expect(result.data?.viewer?.name).toBe('Browser User');
  expect(result.data?.viewer?.days).toHaveLength(7);
  // Monaco renders spaces as non-breaking spaces.
  await expect.poll(async () => (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' '), { timeout: 15_000 }).toContain('"name": "Browser User"');
  expect(offHost, 'the page tried to load assets from other hosts').toEqual([]);
  expect(pageErrors).toEqual([]);
  await context.close();
});
