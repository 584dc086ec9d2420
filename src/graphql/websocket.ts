// GraphQL over WebSocket (`graphql-transport-ws`) on the same /graphql endpoint as HTTP and SSE.
// Every operation goes through yoga.getEnveloped, so parsing, validation, limits, auth and error
// masking are the ones HTTP uses. The API key comes from connectionParams (`authorization:
// "Bearer <key>"` or `apiKey`) or, failing that, from the upgrade request's headers; an unknown key
// closes the socket with 4403.
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError } from './graphql.js';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { apiKeyFromHeaders, type Viewer } from './context.js';
import { authenticateFor, GRAPHQL_PATH, type GraphQLServer } from './yoga.js';

type Extra = {
  request: IncomingMessage;
  viewer?: Viewer | null;
};

function keyFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  const authorization = params.authorization ?? params.Authorization;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    return apiKeyFromHeaders((name) => (name === 'authorization' ? authorization : undefined));
  }
  const apiKey = params.apiKey ?? params['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
}

interface EnvelopedRoot {
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

export interface GraphQLWebSocket {
  close(): Promise<void>;
}

/**
 * Attaches the graphql-transport-ws WebSocket server to `server` at /graphql. Call once after
 * creating the http.Server; `close()` it before closing the server.
 */
export function attachGraphQLWebSocket(server: Server, yoga: GraphQLServer): GraphQLWebSocket {
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: async (ctx) => {
        try {
          const key =
            keyFromConnectionParams(ctx.connectionParams) ??
            apiKeyFromHeaders((name) => {
              const value = ctx.extra.request.headers[name];
              return Array.isArray(value) ? value[0] : value;
            });
          ctx.extra.viewer = await authenticateFor(yoga, key);
          return true;
        } catch (error) {
          if (error instanceof GraphQLError) return false; // graphql-ws closes with 4403 Forbidden
          throw error;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          socketViewer: ctx.extra.viewer ?? null,
          req: ctx.extra.request,
          params: payload,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies EnvelopedRoot,
        };
        const errors = validate(args.schema, args.document);
        if (errors.length > 0) return errors;
        return args;
      },
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
