// The GraphQL server: Yoga over the Pothos schema, with authentication in context creation,
// masked unexpected errors, request limits, SSE subscriptions and a GraphiQL page.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, maskError, renderGraphiQL as renderCdnGraphiQL, type YogaServerInstance, type YogaServerOptions } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { apiKeyFromHeaders, authenticate, createContext, registerDeps, type Context, type GraphQLDeps, type Viewer } from './context.js';
import { addDays, fromDbDate } from './dates.js';
import { getOperationAST } from './graphql.js';
import { useArgumentRules } from './plugins/argument-rules.js';
import { usePersistedDocuments, type PersistedDocuments } from './plugins/persisted-documents.js';
import { useRequestLimits } from './plugins/limits.js';
import { useRequireApiKey } from './plugins/require-api-key.js';
import { useJsonResponses } from './plugins/json-responses.js';
import { usePreserialisedAnalytics } from './plugins/preserialised-analytics.js';
import { schema } from './schema.js';

export const GRAPHQL_PATH = '/graphql';

export type GraphQLServer = YogaServerInstance<Record<string, unknown>, Context>;

export interface GraphQLServerOptions extends GraphQLDeps {
  /** Accept only these documents (the SDK's persisted-documents manifest). */
  persistedDocuments?: PersistedDocuments | undefined;
  logger?: Logger | undefined;
  /** Development mode shows original error messages; never in production. */
  development?: boolean | undefined;
  /** false: Day analytics are executed per request instead of spliced in pre-serialised. Default true. */
  preserialisedAnalytics?: boolean | undefined;
}

/** The query GraphiQL opens with: the last week of the key's user, one object per day. */
export function exampleQuery(today = fromDbDate(new Date())): string {
  const from = addDays(today, -6);
  return `# polar-flow-server GraphQL API.
# Add your API key in the Headers tab below:  { "Authorization": "Bearer pfs_..." }
# Then press the run button. Dates are local calendar days (YYYY-MM-DD).

query LastWeek {
  viewer {
    name
    polarConnection { status }
    days(from: "${from}", to: "${today}") {
      date
      sleep { sleepScore sleepStartTime sleepEndTime }
      nightlyRecharge { ansCharge heartRateVariabilityAvg }
      dailyActivity { steps activeCalories }
      cardioLoad { cardioLoad strain }
      heartRate { minHeartRate avgHeartRate maxHeartRate }
      exercises { sport durationSeconds heartRateAverage }
    }
  }
}
`;
}

type RenderGraphiQL = (options: Record<string, unknown>) => string;
let localGraphiQL: Promise<RenderGraphiQL | null> | undefined;

/**
 * GraphiQL with its assets served inline by this server (no CDN), from @graphql-yoga/render-graphiql
 * when it is installed. Without it, Yoga's default page loads the assets from unpkg.com.
 */
export function loadLocalGraphiQL(): Promise<RenderGraphiQL | null> {
  const specifier = '@graphql-yoga/render-graphiql';
  localGraphiQL ??= import(specifier).then(
    (module: { renderGraphiQL?: RenderGraphiQL }) => module.renderGraphiQL ?? null,
    () => null,
  );
  return localGraphiQL;
}

export function createGraphQLServer(options: GraphQLServerOptions): GraphQLServer {
  const handle = registerDeps(options);
  const logger = options.logger;
  const yogaOptions: YogaServerOptions<Record<string, unknown>, Context> = {
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    logging: logger
      ? {
          debug: (...args) => logger.debug(args.map(String).join(' ')),
          info: (...args) => logger.info(args.map(String).join(' ')),
          warn: (...args) => logger.warn(args.map(String).join(' ')),
          error: (...args) => logger.error(args.map(String).join(' ')),
        }
      : false,
    maskedErrors: {
      isDev: options.development ?? false,
      maskError(error, message, isDev) {
        const masked = maskError(error, message, isDev);
        if (masked !== error) logger?.error({ err: (error as { originalError?: unknown }).originalError ?? error }, 'unexpected GraphQL error');
        return masked;
      },
    },
    graphiql: () => ({
      title: 'polar-flow-server',
      defaultQuery: exampleQuery(),
      subscriptionsProtocol: 'SSE',
    }),
    renderGraphiQL: async (graphiqlOptions) => {
      const local = await loadLocalGraphiQL();
      return local ? local(graphiqlOptions as Record<string, unknown>) : renderCdnGraphiQL(graphiqlOptions);
    },
    context: async (initial) => {
      // WebSocket operations arrive already authenticated (websocket.ts, at connection time).
      const socketViewer = (initial as { socketViewer?: Viewer | null }).socketViewer;
      if (socketViewer !== undefined) return createContext(handle, socketViewer);
      const key = apiKeyFromHeaders((name) => initial.request.headers.get(name));
      return createContext(handle, await authenticate(options, key));
    },
    plugins: [
      ...(options.persistedDocuments ? [usePersistedDocuments(options.persistedDocuments)] : []),
      useRequestLimits(),
      useArgumentRules(),
      useRequireApiKey(),
      // Queries run through graphql-jit (compiled once per document, cached with Yoga's parsed
      // document): a year of `days` costs ~30 % less CPU than graphql-js' interpreter. Mutations and
      // subscriptions keep the standard executor.
      useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation === 'query' }),
      // After the jit plugin: it wraps the jit executor (see the plugin for when it applies).
      usePreserialisedAnalytics({ enabled: options.preserialisedAnalytics }),
      useJsonResponses(),
    ],
  };
  const yoga = createYoga(yogaOptions);
  authenticators.set(yoga, (key) => authenticate(options, key));
  return yoga;
}

const authenticators = new WeakMap<object, (key: string | undefined) => Promise<Viewer | null>>();

/** Resolves an API key to its viewer the way `yoga`'s HTTP requests do (throws a 401 GraphQLError). */
export function authenticateFor(yoga: GraphQLServer, key: string | undefined): Promise<Viewer | null> {
  const authenticateKey = authenticators.get(yoga);
  if (!authenticateKey) throw new Error('not a server created by createGraphQLServer');
  return authenticateKey(key);
}
