import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export const SCENARIO_DIR = fileURLToPath(new URL('../fixtures/scenario', import.meta.url));
export const SCENARIO_USER = 48213977;
export const HAS_GENERATOR = existsSync(fileURLToPath(new URL('../../src/simulator/generator/index.ts', import.meta.url)));
export const REDIRECT_URI = 'http://127.0.0.1:1/callback';

/** A fixed real-time source: the simulated clock does not drift during a test. */
export const FIXED_NOW = () => Date.parse('2030-01-01T00:00:00Z');

export function startScenario(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ scenarioDir: SCENARIO_DIR, now: FIXED_NOW, redirectUri: REDIRECT_URI, ...options });
}

export function basicAuth(sim: Simulator): string {
  return `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')}`;
}

/** OAuth code flow with plain fetch. */
export async function oauthToken(sim: Simulator, user?: number): Promise<{ access_token: string; x_user_id: number }> {
  const q = new URLSearchParams({ response_type: 'code', client_id: sim.clientId, redirect_uri: REDIRECT_URI, state: 's1' });
  if (user !== undefined) q.set('user', String(user));
  const auth = await fetch(`${sim.url}/oauth2/authorization?${q}`, { redirect: 'manual' });
  if (auth.status !== 302) throw new Error(`authorize: ${auth.status}`);
  const code = new URL(auth.headers.get('location')!).searchParams.get('code')!;
  const res = await fetch(`${sim.url}/v2/oauth2/token`, {
    method: 'POST',
    headers: { Authorization: basicAuth(sim), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json;charset=UTF-8' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }).toString(),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status}`);
  return (await res.json()) as { access_token: string; x_user_id: number };
}

/** OAuth + POST /v3/users; returns a bearer header. */
export async function connectUser(sim: Simulator, user?: number): Promise<{ token: string; userId: number; headers: Record<string, string> }> {
  const t = await oauthToken(sim, user);
  const headers = { Authorization: `Bearer ${t.access_token}` };
  const reg = await fetch(`${sim.url}/v3/users`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ 'member-id': `member-${t.x_user_id}` }),
  });
  if (reg.status !== 200) throw new Error(`register: ${reg.status}`);
  return { token: t.access_token, userId: t.x_user_id, headers };
}

export async function getJson(sim: Simulator, path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown; text: string; res: Response }> {
  const res = await fetch(`${sim.url}${path}`, { headers });
  const text = await res.text();
  let body: unknown = undefined;
  if (text.length > 0 && (res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: res.status, body, text, res };
}

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local webhook receiver; `status` decides what it answers. */
export async function startReceiver(status: () => number = () => 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status());
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/polar/webhook`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
