// Sync bookkeeping (runs, Polar connection status) and the sync-related mutations and the
// `syncProgress` subscription. Everything that talks to Polar goes through the injected
// SyncService; without one, the mutations return SyncUnavailableError(NOT_CONFIGURED).
import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { SyncStatus, SyncTrigger, PolarConnectionStatus } from '../../../generated/prisma/enums.js';
import type { SyncProgressEvent } from '../../../pubsub.js';
import { SYNC_DATA_TYPES, SyncUnavailableError, type SyncDataType, type SyncService } from '../../../sync/service.js';
import { builder } from '../../builder.js';
import { depsOf, ownedBy, prismaOf, type Context } from '../../context.js';
import { toDbDate } from '../../dates.js';
import { ForbiddenError, NotFoundError, SyncUnavailableGraphQLError, ValidationError } from '../../error-classes.js';
import { decodeIdOf, encodeGlobalId } from '../../ids.js';
import { LIMITS } from '../../limits.js';
import { connectionComplexity, rangeIssues } from '../health/health.args.js';
import { targetUserId, UserRef } from '../user/user.type.js';

export const SyncStatusEnum = builder.enumType(SyncStatus, { name: 'SyncStatus' });
export const SyncTriggerEnum = builder.enumType(SyncTrigger, { name: 'SyncTrigger' });
export const PolarConnectionStatusEnum = builder.enumType(PolarConnectionStatus, { name: 'PolarConnectionStatus' });

function screaming(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export const SyncDataTypeEnum = builder.enumType('SyncDataType', {
  description: 'An AccessLink data type the sync engine fetches.',
  values: Object.fromEntries(SYNC_DATA_TYPES.map((type) => [screaming(type), { value: type }])) as Record<string, { value: SyncDataType }>,
});

export const SyncRunRef = builder.prismaNode('SyncRun', {
  description: 'One sync of one user with Polar: why it ran, what it fetched, how it ended.',
  id: { field: 'id' },
  select: { id: true, userId: true },
  nullable: true,
  findUnique: (id, ctx) => ({ id, ...ownedBy(ctx) }),
  authScopes: (run) => ({ owner: run.userId }),
  fields: (t) => ({
    trigger: t.expose('trigger', { type: SyncTriggerEnum }),
    status: t.expose('status', { type: SyncStatusEnum }),
    requestedTypes: t.exposeStringList('requestedTypes', { description: 'Data types requested; empty means all.' }),
    rangeFrom: t.expose('rangeFrom', { type: 'Date', nullable: true }),
    rangeTo: t.expose('rangeTo', { type: 'Date', nullable: true }),
    counts: t.expose('counts', { type: 'JSON', description: 'Per data type: { fetched, stored, rejected, deleted }.' }),
    apiCalls: t.exposeInt('apiCalls'),
    errors: t.expose('errors', { type: 'JSON', description: 'Typed errors: [{ type, code, message, retryable }].' }),
    queuedAt: t.expose('queuedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
  }),
});

export const PolarConnectionRef = builder.prismaObject('PolarConnection', {
  description: 'The link between a user and their Polar account. The access token is never exposed.',
  select: { id: true, userId: true },
  authScopes: (connection) => ({ owner: connection.userId }),
  fields: (t) => ({
    status: t.expose('status', { type: PolarConnectionStatusEnum }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    polarUserId: t.expose('polarUserId', { type: 'BigInt' }),
    memberId: t.exposeString('memberId'),
    tokenExpiresAt: t.expose('tokenExpiresAt', { type: 'DateTime', nullable: true }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime', nullable: true }),
    polarProfile: t.expose('polarProfile', { type: 'JSON', nullable: true }),
    connectedAt: t.expose('connectedAt', { type: 'DateTime' }),
    disconnectedAt: t.expose('disconnectedAt', { type: 'DateTime', nullable: true }),
    nextScheduledSyncAt: t.expose('nextScheduledSyncAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectFields(UserRef, (t) => ({
  polarConnection: t.relation('polarConnection', { nullable: true, description: 'Null until the user connects Polar.' }),
  syncRuns: t.relatedConnection(
    'syncRuns',
    {
      description: 'Sync runs, newest first.',
      cursor: 'id',
      totalCount: true,
      complexity: connectionComplexity,
      query: { orderBy: [{ queuedAt: 'desc' }, { id: 'asc' }] },
    },
    { name: 'UserSyncRunsConnection' },
    { name: 'UserSyncRunsEdge' },
  ),
}));

function syncService(ctx: Context): SyncService {
  const sync = depsOf(ctx).sync;
  if (!sync) throw new SyncUnavailableGraphQLError('NOT_CONFIGURED', 'This server has no sync engine configured.');
  return sync;
}

/** Runs a SyncService call, turning its SyncUnavailableError into the typed GraphQL error. */
async function callSync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SyncUnavailableError) throw new SyncUnavailableGraphQLError(error.code, error.message);
    throw error;
  }
}

const syncErrors = [SyncUnavailableGraphQLError, ValidationError, ForbiddenError, NotFoundError];

const userIdField = 'The user to act on (admin keys only; default: the calling key’s user).';

// startPolarConnection
const StartPolarConnectionInput = builder.inputType('StartPolarConnectionInput', {
  fields: (t) => ({ userId: t.id({ description: userIdField }) }),
});
const StartPolarConnectionPayload = builder.objectRef<{ authorizationUrl: string }>('StartPolarConnectionPayload').implement({
  fields: (t) => ({ authorizationUrl: t.exposeString('authorizationUrl', { description: 'Open this URL in a browser to authorise access at Polar.' }) }),
});
builder.mutationField('startPolarConnection', (t) =>
  t.field({
    type: StartPolarConnectionPayload,
    description: 'Starts the OAuth flow with Polar and returns the authorisation URL.',
    authScopes: { authenticated: true },
    errors: { types: syncErrors },
    args: { input: t.arg({ type: StartPolarConnectionInput, required: false }) },
    resolve: async (_root, { input }, ctx) => {
      const userId = await targetUserId(ctx, input?.userId === null || input?.userId === undefined ? undefined : String(input.userId), ['input', 'userId']);
      const sync = syncService(ctx);
      const { authorizationUrl } = await callSync(() => sync.startConnection(userId));
      return { authorizationUrl };
    },
  }),
);

// disconnectPolar
const DisconnectPolarInput = builder.inputType('DisconnectPolarInput', {
  fields: (t) => ({
    keepData: t.boolean({ required: true, description: 'Keep the stored health data (true) or delete it (false).' }),
    userId: t.id({ description: userIdField }),
  }),
});
const DisconnectPolarPayload = builder.objectRef<{ userId: string }>('DisconnectPolarPayload').implement({
  fields: () => ({}),
});
builder.objectFields(DisconnectPolarPayload, (t) => ({
  user: t.prismaField({
    type: 'User',
    resolve: (query, payload, _args, ctx) => prismaOf(ctx).user.findUniqueOrThrow({ ...query, where: { id: payload.userId } }),
  }),
}));
builder.mutationField('disconnectPolar', (t) =>
  t.field({
    type: DisconnectPolarPayload,
    description: 'De-registers the user at Polar and deletes the token; with keepData false, deletes their health data too.',
    authScopes: { authenticated: true },
    errors: { types: syncErrors },
    args: { input: t.arg({ type: DisconnectPolarInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const userId = await targetUserId(ctx, input.userId === null || input.userId === undefined ? undefined : String(input.userId), ['input', 'userId']);
      const sync = syncService(ctx);
      await callSync(() => sync.disconnect(userId, { keepData: input.keepData }));
      return { userId };
    },
  }),
);

// triggerSync
const TriggerSyncInput = builder.inputType('TriggerSyncInput', {
  fields: (t) => ({
    types: t.field({ type: [SyncDataTypeEnum], description: 'Data types to sync; omit or empty for all.' }),
    from: t.field({ type: 'Date', description: 'First local date to (re)fetch; omit for the incremental window.' }),
    to: t.field({ type: 'Date', description: 'Last local date to (re)fetch.' }),
    userId: t.id({ description: userIdField }),
  }),
  validate: z.looseObject({ from: z.string().nullish(), to: z.string().nullish() }).superRefine((input, zctx) => {
    for (const issue of rangeIssues(input as { from?: never; to?: never }, LIMITS.maxConnectionRange, { from: ['from'], to: ['to'] })) {
      zctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  }),
});
const TriggerSyncPayload = builder.objectRef<{ syncRunId: string }>('TriggerSyncPayload').implement({
  fields: () => ({}),
});
builder.objectFields(TriggerSyncPayload, (t) => ({
  syncRun: t.prismaField({
    type: 'SyncRun',
    description: 'The queued run; follow it with the `syncProgress` subscription.',
    resolve: (query, payload, _args, ctx) => prismaOf(ctx).syncRun.findUniqueOrThrow({ ...query, where: { id: payload.syncRunId } }),
  }),
}));
builder.mutationField('triggerSync', (t) =>
  t.field({
    type: TriggerSyncPayload,
    description: 'Queues a sync with Polar now (never two at once per user).',
    authScopes: { authenticated: true },
    errors: { types: syncErrors },
    args: { input: t.arg({ type: TriggerSyncInput, required: false }) },
    resolve: async (_root, { input }, ctx) => {
      const userId = await targetUserId(ctx, input?.userId === null || input?.userId === undefined ? undefined : String(input.userId), ['input', 'userId']);
      const sync = syncService(ctx);
      const run = await callSync(() =>
        sync.triggerSync({
          userId,
          trigger: 'MANUAL',
          ...(input?.types && input.types.length > 0 ? { types: input.types } : {}),
          ...(input?.from ? { from: input.from } : {}),
          ...(input?.to ? { to: input.to } : {}),
        }),
      );
      return { syncRunId: run.id };
    },
  }),
);

// syncProgress
export const SyncProgressKindEnum = builder.enumType('SyncProgressKind', {
  values: ['RUN_QUEUED', 'RUN_STARTED', 'TYPE_STARTED', 'TYPE_PROGRESS', 'TYPE_FINISHED', 'RUN_FINISHED'] as const,
});

const SyncProgressErrorRef = builder.objectRef<{ code: string; message: string }>('SyncProgressError').implement({
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

function counter(event: SyncProgressEvent, key: 'fetched' | 'stored' | 'rejected' | 'deleted'): number | null {
  return event.kind === 'TYPE_PROGRESS' || event.kind === 'TYPE_FINISHED' ? event[key] : null;
}

export const SyncProgressEventRef = builder.objectRef<SyncProgressEvent>('SyncProgressEvent').implement({
  description: 'A step of a sync run. Counters are cumulative for the data type.',
  fields: (t) => ({
    kind: t.field({ type: SyncProgressKindEnum, resolve: (event) => event.kind }),
    runId: t.id({ description: 'Global ID of the SyncRun.', resolve: (event) => encodeGlobalId('SyncRun', event.runId) }),
    userId: t.id({ description: 'Global ID of the User.', resolve: (event) => encodeGlobalId('User', event.userId) }),
    at: t.field({ type: 'DateTime', resolve: (event) => new Date(event.at) }),
    dataType: t.string({ nullable: true, resolve: (event) => ('dataType' in event ? event.dataType : null) }),
    fetched: t.int({ nullable: true, resolve: (event) => counter(event, 'fetched') }),
    stored: t.int({ nullable: true, resolve: (event) => counter(event, 'stored') }),
    rejected: t.int({ nullable: true, resolve: (event) => counter(event, 'rejected') }),
    deleted: t.int({ nullable: true, resolve: (event) => counter(event, 'deleted') }),
    apiCalls: t.int({ nullable: true, resolve: (event) => ('apiCalls' in event ? event.apiCalls : null) }),
    status: t.field({ type: SyncStatusEnum, nullable: true, resolve: (event) => (event.kind === 'RUN_FINISHED' ? event.status : null) }),
    durationMs: t.int({ nullable: true, resolve: (event) => (event.kind === 'RUN_FINISHED' ? event.durationMs : null) }),
    error: t.field({
      type: SyncProgressErrorRef,
      nullable: true,
      resolve: (event) => (event.kind === 'TYPE_PROGRESS' || event.kind === 'TYPE_FINISHED' ? (event.error ?? null) : null),
    }),
  }),
});

builder.subscriptionField('syncProgress', (t) =>
  t.field({
    type: SyncProgressEventRef,
    description: 'Live progress of the viewer’s sync runs (admin keys: pass `userId`). Filter to one run with `runId`.',
    authScopes: { authenticated: true },
    args: {
      runId: t.arg.id({ description: 'Only events of this SyncRun.' }),
      userId: t.arg.id({ description: 'The user to follow (admin keys only; default: the calling key’s user).' }),
    },
    subscribe: async (_root, args, ctx) => {
      const runId = args.runId ? decodeIdOf('SyncRun', String(args.runId), ['runId']) : null;
      const userId = await targetUserId(ctx, args.userId ? String(args.userId) : undefined, ['userId']);
      if (runId) {
        // Only the viewer's own runs (a run of another user would simply never match, but say so).
        const run = await prismaOf(ctx).syncRun.findFirst({ where: { id: runId, userId }, select: { id: true } });
        if (!run) throw new NotFoundError('No sync run with this ID is visible to this key.');
      }
      const events = depsOf(ctx).pubsub.subscribe('sync:progress', userId);
      return pipe(
        events,
        filter((event: SyncProgressEvent) => event.userId === userId && (runId === null || event.runId === runId)),
      );
    },
    resolve: (event) => event,
  }),
);

