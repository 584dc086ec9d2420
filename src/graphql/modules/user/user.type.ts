// User: the root of everything a key can read. A user key sees only its own user (`viewer`);
// admin keys also reach any user (`user(id)`, `users`).
import { builder } from '../../builder.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import { depsOf, prismaOf, type Context } from '../../context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../error-classes.js';
import { decodeIdOf } from '../../ids.js';
import { connectionComplexity } from '../health/health.args.js';

/** Prisma `where` restricting users to those the viewer may read. */
export function visibleUsers(ctx: Pick<Context, 'viewer'>): { id?: string | { in: string[] } } {
  if (ctx.viewer?.isAdmin) return {};
  if (ctx.viewer?.userId) return { id: ctx.viewer.userId };
  return { id: { in: [] } };
}

const USER_COLUMNS = new Set(['id', 'name', 'email', 'createdAt', 'updatedAt']);

/**
 * One user as plugin-prisma planned it. When the plan reads only User columns (the usual `viewer`
 * under which health data is asked for), one plain SELECT through the SQL runner costs a fraction of
 * Prisma's findUnique; plans with relations (polarConnection, apiKeys, …) go through Prisma.
 */
async function findUser(ctx: Context, query: { select?: Prisma.UserSelect; include?: Prisma.UserInclude }, id: string) {
  const sql = depsOf(ctx).sql;
  const select = query.select;
  if (sql && select && query.include === undefined && Object.entries(select).every(([name, value]) => value === true && USER_COLUMNS.has(name))) {
    const columns = Object.keys(select).map((name) => `"${name}"`);
    const rows = await sql.query<{ id: string }>(`SELECT ${columns.length ? columns.join(', ') : '"id"'} FROM "User" WHERE "id" = $1::uuid`, [id], { prepared: true });
    return (rows[0] ?? null) as never;
  }
  return prismaOf(ctx).user.findUnique({ ...query, where: { id } });
}

export const UserRef = builder.prismaNode('User', {
  description: 'A person whose Polar data this server keeps.',
  id: { field: 'id' },
  select: { id: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visibleUsers(ctx)] }),
  authScopes: (user) => ({ owner: user.id }),
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The user of the API key making the request (null for admin keys that belong to no user).',
    authScopes: { authenticated: true },
    resolve: async (query, _root, _args, ctx) => {
      const userId = ctx.viewer?.userId;
      if (!userId) {
        void { ...query }; // nothing to load: mark the planned query as deliberately unused
        return null;
      }
      return findUser(ctx, query, userId);
    },
  }),
  user: t.prismaField({
    type: 'User',
    nullable: true,
    description: 'Any user by ID (admin keys only). Null when no such user exists.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      return findUser(ctx, query, decodeIdOf('User', String(args.id), ['id']));
    },
  }),
  users: t.prismaConnection(
    {
      type: 'User',
      cursor: 'id',
      description: 'Every user, oldest first (admin keys only).',
      authScopes: { admin: true },
      complexity: connectionComplexity,
      totalCount: (_connection, _args, ctx) => prismaOf(ctx).user.count(),
      resolve: (query, _root, _args, ctx) => prismaOf(ctx).user.findMany({ ...query, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    },
    { name: 'UserConnection' },
    { name: 'UserEdge' },
  ),
}));

/** The user a mutation acts on: `input.userId` when given (own user, or any user for admins), else the key's user. */
export async function targetUserId(ctx: Context, globalId: string | null | undefined, path: string[]): Promise<string> {
  if (globalId) {
    const id = decodeIdOf('User', globalId, path);
    if (!ctx.viewer?.isAdmin && ctx.viewer?.userId !== id) throw new ForbiddenError('Only admin keys may act on another user.');
    const exists = await prismaOf(ctx).user.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new NotFoundError('No user has this ID.');
    return id;
  }
  if (ctx.viewer?.userId) return ctx.viewer.userId;
  throw ValidationError.field(path, 'This admin key belongs to no user: pass the user’s ID.');
}
