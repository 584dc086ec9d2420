// The one SchemaBuilder: plugins, scalars, relay and complexity settings. Types live in modules/.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { BigIntResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { prismaOf, type Context } from './context.js';
import { DateTimeScalar, LocalDateScalar, type LocalDate } from './dates.js';
import { ForbiddenError, ValidationError } from './error-classes.js';
import { decodeGlobalIdStrict, encodeGlobalId } from './ids.js';
import { limitError, LIMITS } from './limits.js';

/**
 * A resolver that forgets to spread plugin-prisma's `query` loads too little or too much. This is a
 * programming error: an error (tests fail) unless `setUnusedQueryCheck('warn')` is called, which
 * production may do (env.ts, the only reader of the environment, has no NODE_ENV today).
 */
let unusedQueryMode: 'error' | 'warn' = 'error';
export function setUnusedQueryCheck(mode: 'error' | 'warn'): void {
  unusedQueryMode = mode;
}
function reportUnusedQuery(info: { parentType: { name: string }; fieldName: string }): void {
  const message = `Prisma query was unused in resolver for ${info.parentType.name}.${info.fieldName}`;
  if (unusedQueryMode === 'error') throw new Error(message);
  console.warn(message);
}

export interface AuthScopes {
  /** Any valid key. */
  authenticated: boolean;
  /** ADMIN_API_KEY or an isAdmin key. */
  admin: boolean;
  /** The viewer may read or act on this user's data: it is the key's user, or the key is admin. */
  owner: string;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: LocalDate; Output: Date | LocalDate };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    BigInt: { Input: bigint; Output: bigint | number };
    ID: { Input: string; Output: string };
  };
}>({
  defaultFieldNullability: false,
  plugins: [
    ScopeAuthPlugin,
    ErrorsPlugin,
    PrismaPlugin,
    RelayPlugin,
    DataloaderPlugin,
    ComplexityPlugin,
    ValidationPlugin,
  ],
  scopeAuth: {
    authorizeOnSubscribe: true,
    treatErrorsAsUnauthorized: true,
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      admin: ctx.viewer?.isAdmin === true,
      owner: (userId: string) => ctx.viewer !== null && (ctx.viewer.isAdmin || ctx.viewer.userId === userId),
    }),
    unauthorizedError: (_parent, context, info) =>
      new ForbiddenError(
        context.viewer === null
          ? 'An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`.'
          : `This API key may not use ${info.parentType.name}.${info.fieldName}.`,
      ),
  },
  errors: {
    directResult: true,
    // Mutation input validation failures become the typed ValidationError result (not a thrown
    // error). Input shapes are public in the schema, so reporting them before auth reveals nothing.
    unsafelyHandleInputErrors: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result` },
  },
  prisma: {
    client: (ctx) => prismaOf(ctx),
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: (info) => reportUnusedQuery(info),
    defaultConnectionSize: LIMITS.defaultPageSize,
    maxConnectionSize: LIMITS.maxPageSize,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, String(id)),
    decodeGlobalID: (globalID) => decodeGlobalIdStrict(globalID),
    nodeQueryOptions: { nullable: true },
    nodesQueryOptions: { nullable: { list: false, items: true } },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: LIMITS.maxComplexity, depth: LIMITS.maxDepth, breadth: LIMITS.maxBreadth },
    complexityError: (kind, result) => limitError(kind, result),
  },
  validation: {
    validationError: (result) => ValidationError.fromIssues(result.issues),
  },
});

builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('BigInt', BigIntResolver);
builder.addScalarType('Date', LocalDateScalar);

builder.queryType({ description: 'Start with `viewer` (the API key’s user). Admin keys also reach `user(id)` and `users`.' });
builder.mutationType({});
builder.subscriptionType({});
