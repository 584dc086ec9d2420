import type { DocumentTypeDecoration, ResultOf, VariablesOf } from './document-type.js';
import { kindFromCode, PolarFlowClientError, type GraphQLErrorEntry, type Result } from './errors.js';
import { subscriptionPayloads, type ExecutionPayload } from './sse.js';

/** A generated operation (TypedDocumentString): its text, result and variable types, persisted hash. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
  __meta__?: { hash?: string | undefined; [key: string]: unknown } | undefined;
};

type AnyDocument = TypedDocument<any, any>;

export interface ClientOptions {
  /** The server's GraphQL endpoint, e.g. http://localhost:4000/graphql */
  url: string;
  /** An API key (`pfs_…`); sent as `Authorization: Bearer`. */
  apiKey?: string | undefined;
  /** A fetch implementation (defaults to the global fetch). */
  fetch?: typeof fetch | undefined;
  /** Send only the persisted document id (for servers that accept persisted documents only). */
  persistedDocuments?: boolean | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

export interface SubscribeOptions {
  /** Aborting ends the iteration quietly (no error). */
  signal?: AbortSignal | undefined;
  /**
   * Called once the server has accepted the subscription (HTTP 200, event stream open): events
   * published from then on are delivered. Use it to start work whose progress you follow.
   */
  onOpen?: (() => void) | undefined;
}

/** Whether a variables type may be omitted (no variables, or all of them optional). */
type VariablesOptional<TVariables> = [TVariables] extends [never]
  ? true
  : TVariables extends Record<string, never>
    ? true
    : object extends TVariables
      ? true
      : false;

/** `variables` is required exactly when the operation has a required variable. */
export type VariablesArg<TVariables> = VariablesOptional<TVariables> extends true ? [variables?: TVariables] : [variables: TVariables];
export type SubscribeArgs<TVariables> =
  VariablesOptional<TVariables> extends true
    ? [variables?: TVariables, options?: SubscribeOptions]
    : [variables: TVariables, options?: SubscribeOptions];

// Result and variables types come from the document alone (never inferred from the arguments).
export interface PolarFlowClient {
  /** Runs a query or mutation; never throws: failures come back as `{ ok: false, error }`. */
  execute<TDocument extends AnyDocument>(document: TDocument, ...variables: VariablesArg<VariablesOf<TDocument>>): Promise<Result<ResultOf<TDocument>>>;
  /** Like execute, but returns the data or throws PolarFlowClientError. */
  request<TDocument extends AnyDocument>(document: TDocument, ...variables: VariablesArg<VariablesOf<TDocument>>): Promise<ResultOf<TDocument>>;
  /**
   * Subscribes over Server-Sent Events; iterate the results, `break` (or abort the signal) to stop.
   * Nothing is sent until iteration starts. The iterator throws PolarFlowClientError on failure.
   */
  subscribe<TDocument extends AnyDocument>(document: TDocument, ...args: SubscribeArgs<VariablesOf<TDocument>>): AsyncIterable<ResultOf<TDocument>>;
}

function errorFromStatus(status: number, errors: GraphQLErrorEntry[] | undefined): PolarFlowClientError {
  const message = errors?.[0]?.message ?? `HTTP ${status}`;
  if (status === 401) return new PolarFlowClientError('UNAUTHENTICATED', message, { status, errors });
  if (status === 403) return new PolarFlowClientError('FORBIDDEN', message, { status, errors });
  return new PolarFlowClientError(status >= 500 ? 'SERVER' : 'BAD_REQUEST', message, { status, errors });
}

export function createClient(options: ClientOptions): PolarFlowClient {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (!fetchFn) throw new Error('no fetch available: pass options.fetch');

  function body(document: TypedDocument<unknown, unknown>, variables: unknown): string {
    const hash = document.__meta__?.hash;
    if (options.persistedDocuments) {
      if (!hash) throw new PolarFlowClientError('PROTOCOL', 'this document has no persisted hash; regenerate the SDK');
      return JSON.stringify({ documentId: hash, variables: variables ?? {} });
    }
    return JSON.stringify({ query: document.toString(), variables: variables ?? {} });
  }

  function headers(accept: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept,
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      ...options.headers,
    };
  }

  async function execute<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables?: TVariables): Promise<Result<TResult>> {
    let response: Response;
    try {
      response = await fetchFn(options.url, {
        method: 'POST',
        headers: headers('application/graphql-response+json, application/json'),
        body: body(document as TypedDocument<unknown, unknown>, variables),
      });
    } catch (cause) {
      return { ok: false, error: new PolarFlowClientError('NETWORK', `cannot reach ${options.url}: ${(cause as Error).message}`, { cause }) };
    }
    let payload: ExecutionPayload<TResult>;
    try {
      payload = (await response.json()) as ExecutionPayload<TResult>;
    } catch (cause) {
      return { ok: false, error: new PolarFlowClientError(response.ok ? 'PROTOCOL' : errorFromStatus(response.status, undefined).kind, `HTTP ${response.status}: response is not JSON`, { status: response.status, cause }) };
    }
    if (!response.ok && !payload.data) return { ok: false, error: errorFromStatus(response.status, payload.errors) };
    if (payload.errors?.length) {
      const kind = kindFromCode(payload.errors[0]?.extensions?.code);
      return { ok: false, error: new PolarFlowClientError(kind, payload.errors[0]!.message, { status: response.status, errors: payload.errors }) };
    }
    if (payload.data === undefined || payload.data === null) {
      return { ok: false, error: new PolarFlowClientError('PROTOCOL', 'response has no data', { status: response.status }) };
    }
    return { ok: true, data: payload.data };
  }

  return {
    execute: ((document: TypedDocument<unknown, unknown>, variables?: unknown) => execute(document, variables)) as PolarFlowClient['execute'],
    request: (async (document: TypedDocument<unknown, unknown>, variables?: unknown) => {
      const result = await execute(document, variables);
      if (!result.ok) throw result.error;
      return result.data;
    }) as PolarFlowClient['request'],
    subscribe: ((document: TypedDocument<unknown, unknown>, variables?: unknown, subscribeOptions: SubscribeOptions = {}) => {
      return {
        async *[Symbol.asyncIterator]() {
          const controller = new AbortController();
          const onAbort = () => controller.abort();
          if (subscribeOptions.signal?.aborted) return;
          subscribeOptions.signal?.addEventListener('abort', onAbort);
          let response: Response;
          try {
            response = await fetchFn(options.url, {
              method: 'POST',
              headers: headers('text/event-stream'),
              body: body(document as TypedDocument<unknown, unknown>, variables),
              signal: controller.signal,
            });
          } catch (cause) {
            subscribeOptions.signal?.removeEventListener('abort', onAbort);
            if (controller.signal.aborted) return;
            throw new PolarFlowClientError('NETWORK', `cannot reach ${options.url}: ${(cause as Error).message}`, { cause });
          }
          try {
            if (!response.ok) {
              const text = await response.text().catch(() => '');
              let errors: GraphQLErrorEntry[] | undefined;
              try {
                errors = (JSON.parse(text) as ExecutionPayload<unknown>).errors;
              } catch {
                errors = undefined;
              }
              throw errorFromStatus(response.status, errors);
            }
            subscribeOptions.onOpen?.();
            for await (const payload of subscriptionPayloads<unknown>(response)) {
              if (payload.errors?.length) {
                throw new PolarFlowClientError(kindFromCode(payload.errors[0]?.extensions?.code), payload.errors[0]!.message, { status: response.status, errors: payload.errors });
              }
              if (payload.data) yield payload.data;
            }
          } catch (error) {
            if (controller.signal.aborted && !(error instanceof PolarFlowClientError)) return;
            throw error;
          } finally {
            subscribeOptions.signal?.removeEventListener('abort', onAbort);
            controller.abort();
          }
        },
      };
    }) as PolarFlowClient['subscribe'],
  };
}
