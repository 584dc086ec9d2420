// The subset of `fetch` the transport uses, over node:http(s) with keep-alive agents. The global
// fetch (undici) costs several times more CPU per request (WHATWG streams, Request/Response
// objects, per-request abort plumbing); at thousands of AccessLink calls per sync pass that was a
// visible share of the sync process's CPU. Same contract for the transport: resolves with the
// status and headers once they arrive, `text()` reads the whole body, rejects on network errors
// and when `signal` aborts (with the signal's reason). No redirects, no content decoding (the
// request asks for none).
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' }),
};

interface MinimalInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Drop-in for the transport's `fetch` (string URL, plain-object headers, string body). */
export const nodeFetch = ((input: string | URL, init: MinimalInit = {}): Promise<Response> => {
  const url = typeof input === 'string' ? new URL(input) : input;
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!mod) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(init.body));

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let bodyFailure: ((error: unknown) => void) | null = null;
    const req = mod.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] });
    const onAbort = () => {
      const reason = abortReason(signal!);
      req.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      if (!settled) {
        settled = true;
        reject(reason);
      } else bodyFailure?.(reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      cleanup();
      if (!settled) {
        settled = true;
        reject(error);
      } else bodyFailure?.(error);
    });
    req.on('response', (res) => {
      settled = true;
      const chunks: Buffer[] = [];
      const body = new Promise<string>((resolveBody, rejectBody) => {
        bodyFailure = rejectBody;
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          cleanup();
          if (!res.complete) rejectBody(new Error('response body ended early'));
          else resolveBody(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
        });
        res.on('aborted', () => rejectBody(new Error('response aborted')));
        res.on('error', (error) => {
          cleanup();
          rejectBody(error);
        });
      });
      body.catch(() => {}); // read (or not) by text(); never an unhandled rejection
      const responseHeaders = new Headers();
      const raw = res.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
      const status = res.statusCode ?? 0;
      resolve({
        status,
        ok: status >= 200 && status < 300,
        statusText: res.statusMessage ?? '',
        headers: responseHeaders,
        url: url.toString(),
        text: () => body,
        json: async () => JSON.parse(await body) as unknown,
      } as unknown as Response);
    });
    req.end(init.body);
  });
}) as unknown as typeof fetch;
