// Admin user management. Deleting a user removes all of that user's data (foreign keys cascade).
import { z } from 'zod';
import { builder } from '../../builder.js';
import { prismaOf } from '../../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../error-classes.js';
import { withPrismaErrors } from '../../errors.js';
import { decodeIdOf, encodeGlobalId } from '../../ids.js';
import { UserRef } from './user.type.js';

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(1, 'must not be empty').max(200) }),
    email: t.string({ validate: z.email('must be an email address').max(320).nullish() }),
  }),
});

const CreateUserPayload = builder.objectRef<{ userId: string }>('CreateUserPayload').implement({
  fields: () => ({}),
});

builder.objectFields(CreateUserPayload, (t) => ({
  user: t.prismaField({
    type: 'User',
    resolve: (query, payload, _args, ctx) => prismaOf(ctx).user.findUniqueOrThrow({ ...query, where: { id: payload.userId } }),
  }),
}));

builder.mutationField('createUser', (t) =>
  t.field({
    type: CreateUserPayload,
    description: 'Creates a user (admin keys only). Create an API key for it with `createApiKey`.',
    authScopes: { admin: true },
    errors: { types: [ValidationError, ConflictError, ForbiddenError] },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const user = await withPrismaErrors(() =>
        prismaOf(ctx).user.create({ data: { name: input.name.trim(), email: input.email ?? null }, select: { id: true } }),
      );
      return { userId: user.id };
    },
  }),
);

const DeleteUserInput = builder.inputType('DeleteUserInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const DeleteUserPayload = builder.objectRef<{ deletedUserId: string }>('DeleteUserPayload').implement({
  fields: (t) => ({ deletedUserId: t.exposeID('deletedUserId', { description: 'The global ID of the deleted user.' }) }),
});

builder.mutationField('deleteUser', (t) =>
  t.field({
    type: DeleteUserPayload,
    description: 'Deletes a user and all of their data: health records, sync history, API keys, Polar connection (admin keys only).',
    authScopes: { admin: true },
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: DeleteUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeIdOf('User', String(input.id), ['input', 'id']);
      await withPrismaErrors(() => prismaOf(ctx).user.delete({ where: { id }, select: { id: true } }));
      return { deletedUserId: encodeGlobalId('User', id) };
    },
  }),
);

