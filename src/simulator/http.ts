import type { IncomingMessage } from 'node:http';

/** What a handler returns; the server serializes it (and may corrupt it when injecting faults). */
export interface SimResponse {
  status: number;
  /** JSON body; `undefined` = empty body. */
  json?: unknown;
  /** Raw body (used for non-JSON content such as GPX/TCX). */
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export const empty = (status = 204, headers?: Record<string, string>): SimResponse => ({ status, headers });
export const ok = (json: unknown, status = 200): SimResponse => ({ status, json });

export type RouteHandler<C> = (ctx: C, params: Record<string, string>) => SimResponse | Promise<SimResponse>;

export interface Route<C> {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler<C>;
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, pattern: string, handler: RouteHandler<C>): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]!);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern, regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** First route whose pattern matches; `methodMismatch` when only other methods match. */
  match(method: string, path: string): { route: Route<C>; params: Record<string, string> } | { methodMismatch: boolean } {
    let mismatch = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        mismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return { methodMismatch: mismatch };
  }
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseBasicAuth(header: string | undefined): { id: string; secret: string } | null {
  if (!header) return null;
  const m = /^Basic\s+(\S+)$/i.exec(header.trim());
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export function parseBearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}
