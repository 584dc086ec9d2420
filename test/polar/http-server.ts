import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  pathname: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export const RATE_LIMIT_HEADERS = {
  'RateLimit-Usage': '37, 412',
  'RateLimit-Limit': '700, 6000',
  'RateLimit-Reset': '541, 61298',
};

/** A tiny AccessLink stand-in: routes keyed by `METHOD /path` (query ignored), every request recorded. */
export interface TestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  route(method: string, pathname: string, handler: Handler): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        pathname: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      });
      const handler = routes.get(`${req.method} ${url.pathname}`);
      if (!handler) {
        res.writeHead(599, { 'Content-Type': 'text/plain' }).end(`no route for ${req.method} ${url.pathname}`);
        return;
      }
      void Promise.resolve(handler(req, res, body)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : undefined);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route(method, pathname, handler) {
      routes.set(`${method} ${pathname}`, handler);
    },
    reset() {
      routes.clear();
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Responds with a status, optional body text and the example rate-limit headers. */
export function reply(status: number, body?: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    const h: Record<string, string> = { ...RATE_LIMIT_HEADERS, ...headers };
    if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
      h['Content-Type'] = 'application/json';
    }
    res.writeHead(status, h);
    res.end(body);
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
