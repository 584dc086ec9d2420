// API keys: listed without their secret; created (the key is shown once) and revoked by mutations.
import { z } from 'zod';
import { createApiKey } from '../../../auth/api-keys.js';
import { builder } from '../../builder.js';
import { prismaOf, type Context } from '../../context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../error-classes.js';
import { decodeIdOf } from '../../ids.js';
import { connectionComplexity } from '../health/health.args.js';
import { targetUserId, UserRef } from '../user/user.type.js';

function visibleKeys(ctx: Pick<Context, 'viewer'>): { userId?: string | { in: string[] } } {
  if (ctx.viewer?.isAdmin) return {};
  if (ctx.viewer?.userId) return { userId: ctx.viewer.userId };
  return { userId: { in: [] } };
}

export const ApiKeyRef = builder.prismaNode('ApiKey', {
  description: 'An API key. The key itself is shown once, by `createApiKey`, and never stored.',
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...visibleKeys(ctx) }),
  authScopes: (key) => (key.userId ? { owner: key.userId } : { admin: true }),
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix'),
    isAdmin: t.exposeBoolean('isAdmin'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    user: t.relation('user', { nullable: true }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  apiKeys: t.relatedConnection(
    'apiKeys',
    {
      description: 'This user’s API keys, newest first (revoked keys included, see `revokedAt`).',
      cursor: 'id',
      complexity: connectionComplexity,
      query: { orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] },
    },
    { name: 'UserApiKeysConnection' },
    { name: 'UserApiKeysEdge' },
  ),
}));

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(1, 'must not be empty').max(100) }),
    userId: t.id({ description: 'The user the key belongs to (admin keys only; default: the calling key’s user).' }),
    admin: t.boolean({ description: 'Create an admin key (admin keys only).' }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ key: string; apiKeyId: string }>('CreateApiKeyPayload').implement({
  fields: (t) => ({ key: t.exposeString('key', { description: 'The secret key. It is shown only here: store it now.' }) }),
});

builder.objectFields(CreateApiKeyPayload, (t) => ({
  apiKey: t.prismaField({
    type: 'ApiKey',
    resolve: (query, payload, _args, ctx) => prismaOf(ctx).apiKey.findUniqueOrThrow({ ...query, where: { id: payload.apiKeyId } }),
  }),
}));

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    description: 'Creates an API key and returns it once.',
    authScopes: { authenticated: true },
    errors: { types: [ValidationError, ForbiddenError, NotFoundError] },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (input.admin && !ctx.viewer?.isAdmin) throw new ForbiddenError('Only admin keys may create admin keys.');
      const userId = input.admin && !input.userId ? null : await targetUserId(ctx, input.userId === null || input.userId === undefined ? undefined : String(input.userId), ['input', 'userId']);
      const created = await createApiKey(prismaOf(ctx), { userId, admin: input.admin ?? false, name: input.name.trim() });
      return { key: created.key, apiKeyId: created.id };
    },
  }),
);

const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const RevokeApiKeyPayload = builder.objectRef<{ apiKeyId: string }>('RevokeApiKeyPayload').implement({
  fields: () => ({}),
});

builder.objectFields(RevokeApiKeyPayload, (t) => ({
  apiKey: t.prismaField({
    type: 'ApiKey',
    resolve: (query, payload, _args, ctx) => prismaOf(ctx).apiKey.findUniqueOrThrow({ ...query, where: { id: payload.apiKeyId } }),
  }),
}));

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: RevokeApiKeyPayload,
    description: 'Revokes an API key of the calling key’s user (admin keys: any key). Revoking twice is harmless.',
    authScopes: { authenticated: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeIdOf('ApiKey', String(input.id), ['input', 'id']);
      const prisma = prismaOf(ctx);
      const key = await prisma.apiKey.findFirst({ where: { id, ...visibleKeys(ctx) }, select: { id: true, revokedAt: true } });
      if (!key) throw new NotFoundError('No API key with this ID is visible to this key.');
      if (key.revokedAt === null) await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: { id: true } });
      return { apiKeyId: id };
    },
  }),
);
