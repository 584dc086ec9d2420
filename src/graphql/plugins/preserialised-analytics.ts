// Executes queries whose Day selections hold analytics with those analytics pre-serialised
// (modules/analytics/analytics.members.ts): the rewritten document runs against an executing schema
// that is the public one plus the internal members field on Day. Validation, introspection and the
// SDK only ever see the public schema.
//
// Only where the response is written by jsonToBuffer (plugins/json-responses.ts): HTTP responses.
// WebSocket messages are serialised by graphql-ws, so those operations run as written; so does every
// request when analytics are not kept across requests (ANALYTICS_CACHE_ENTRIES=0), where each
// request would render its members anew.
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { DocumentNode, ExecutionArgs, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { depsOf, type Context } from '../context.js';
import { GraphQLObjectType, GraphQLScalarType } from '../graphql.js';
import { MEMBERS_FIELD } from '../modules/analytics/analytics.loader.js';
import { isMembersPath, requestVariables, resolveMembers, rewriteDayAnalytics, RunAsWritten } from '../modules/analytics/analytics.members.js';
import { DEFAULT_ANALYTICS_CACHE_ENTRIES } from '../modules/analytics/analytics.cache.js';

const MembersScalar = new GraphQLScalarType({
  name: 'InternalJsonMembers',
  description: 'Internal: object members serialised ahead of time.',
  serialize: (value) => value,
});

const executingSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();

/** `schema` with the internal members field added to `Day`. */
export function executingSchemaOf(schema: GraphQLSchema): GraphQLSchema {
  let executing = executingSchemas.get(schema);
  if (executing) return executing;
  let dayType: GraphQLObjectType | undefined;
  const resolve = resolveMembers(() => dayType!);
  executing = mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      if (type.name !== 'Day') return type;
      const config = type.toConfig();
      return new GraphQLObjectType({ ...config, fields: { ...config.fields, [MEMBERS_FIELD]: { type: MembersScalar, resolve: resolve as never } } });
    },
  });
  dayType = executing.getType('Day') as GraphQLObjectType;
  executingSchemas.set(schema, executing);
  return executing;
}

type Execute = (args: ExecutionArgs) => unknown;

/** An error of a members field: the request runs again as written, whose errors name the real fields. */
function needsRunAsWritten(result: unknown): boolean {
  const errors = (result as { errors?: readonly { originalError?: unknown; path?: readonly (string | number)[] }[] } | null)?.errors;
  return errors?.some((error) => error.originalError instanceof RunAsWritten || isMembersPath(error.path)) ?? false;
}

export interface PreserialisedAnalyticsOptions {
  /** false: every query runs as written (the comparison tests use it). Default true. */
  enabled?: boolean | undefined;
}

export function usePreserialisedAnalytics(options: PreserialisedAnalyticsOptions = {}): Plugin<Context> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (options.enabled === false) return;
      const context = args.contextValue as Context & { socketViewer?: unknown };
      if (context.socketViewer !== undefined) return;
      if ((depsOf(context).analyticsCacheEntries ?? DEFAULT_ANALYTICS_CACHE_ENTRIES) <= 0) return;
      const rewritten: DocumentNode | null = rewriteDayAnalytics(args.schema, args.document, args.operationName);
      if (!rewritten) return;
      const schema = executingSchemaOf(args.schema);
      const asWritten = executeFn as Execute;
      setExecuteFn(((executeArgs: ExecutionArgs) => {
        requestVariables.set(executeArgs.contextValue as object, (executeArgs.variableValues ?? {}) as Record<string, unknown>);
        const result = asWritten({ ...executeArgs, schema, document: rewritten });
        const settle = (value: unknown) => (needsRunAsWritten(value) ? asWritten(executeArgs) : value);
        return result instanceof Promise ? result.then(settle) : settle(result);
      }) as typeof executeFn);
    },
  };
}
