// node:http handlers the server mounts: GET /oauth/polar/callback and POST /webhooks/polar.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PolarOAuthError, parseAuthorizationCallback } from '../polar/index.js';
import { ConnectionError } from './connection.js';
import { SyncUnavailableError, type SyncService } from './service.js';

export const WEBHOOK_BODY_LIMIT_BYTES = 1_000_000;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads the raw request body, refusing more than `limit` bytes. */
export async function readRawBody(req: IncomingMessage, limit = WEBHOOK_BODY_LIMIT_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new BodyTooLargeError(`body larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

/** GET /oauth/polar/callback?code=…&state=… (or ?error=…): completes the connection, answers a page. */
export async function handleOAuthCallbackRequest(service: SyncService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET' });
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://callback.local');
  let callback: { code: string; state: string | null };
  try {
    callback = parseAuthorizationCallback(url.searchParams);
  } catch (error) {
    const denied = error instanceof PolarOAuthError && error.oauthError === 'access_denied';
    page(
      res,
      400,
      denied ? 'Polar connection cancelled' : 'Polar connection failed',
      denied ? 'You did not allow access to your Polar data. Nothing was connected.' : `Polar answered with an error: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  if (!callback.state) {
    page(res, 400, 'Polar connection failed', 'The link is missing its state parameter. Start connecting Polar again.');
    return;
  }
  try {
    await service.completeConnection({ code: callback.code, state: callback.state });
    page(res, 200, 'Polar connected', 'Your Polar account is connected. Your data is being imported now; you can close this page.');
  } catch (error) {
    if (error instanceof ConnectionError) page(res, error.code === 'POLAR_ACCOUNT_IN_USE' ? 409 : 400, 'Polar connection failed', error.message);
    else if (error instanceof SyncUnavailableError) page(res, 503, 'Polar connection unavailable', error.message);
    else page(res, 500, 'Polar connection failed', 'Something went wrong on this server while connecting Polar. Please try again.');
  }
}

/** POST /webhooks/polar: raw body (size-limited) to SyncService.handleWebhook. */
export async function handleWebhookRequest(service: SyncService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' });
    res.end();
    return;
  }
  let rawBody: Buffer;
  try {
    rawBody = await readRawBody(req);
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    res.writeHead(tooLarge ? 413 : 400, { 'Content-Type': 'application/json', Connection: 'close' });
    res.end(JSON.stringify({ error: tooLarge ? 'body too large' : 'could not read the body' }));
    return;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers)) headers[key] = Array.isArray(value) ? value.join(',') : value;
  try {
    const result = await service.handleWebhook({ headers, rawBody });
    res.writeHead(result.status, { 'Content-Type': 'application/json' });
    res.end(result.body);
  } catch {
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'internal error' }));
  }
}
