// Expected failures as schema types (the `Error` interface and its implementations) and the one
// place Prisma's known request errors are mapped to them.
import { builder } from './builder.js';
import {
  BaseError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  SyncUnavailableGraphQLError,
  ValidationError,
  type FieldIssue,
} from './error-classes.js';

export const ErrorInterface = builder.interfaceRef<BaseError>('Error').implement({
  description: 'An expected, client-actionable failure. `code` is stable; `message` is for humans.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
  }),
});

builder.objectType(BaseError, {
  name: 'BaseError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof BaseError && value.constructor === BaseError,
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The referenced object does not exist or is not visible to this API key.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'This API key may not perform the operation (e.g. it needs an admin key).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The operation conflicts with existing data (e.g. a unique value already in use).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid argument or input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path to the argument or input field, e.g. ["input", "to"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'One or more arguments are invalid; `issues` names each one.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({ type: [FieldIssueRef], resolve: (error) => error.issues }),
  }),
});

export const SyncUnavailableReason = builder.enumType('SyncUnavailableReason', {
  values: ['NOT_CONFIGURED', 'NOT_CONNECTED', 'NEEDS_REAUTHORIZATION', 'NEEDS_CONSENT', 'POLAR_NOT_CONFIGURED', 'INVALID_RANGE'] as const,
});

builder.objectType(SyncUnavailableGraphQLError, {
  name: 'SyncUnavailableError',
  description: 'Syncing with Polar is not possible right now; `reason` says why.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof SyncUnavailableGraphQLError,
  fields: (t) => ({
    reason: t.field({ type: SyncUnavailableReason, resolve: (error) => error.reason }),
  }),
});

interface KnownRequestError {
  code: string;
  meta?: Record<string, unknown>;
}

function isKnownRequestError(error: unknown): error is KnownRequestError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && /^P\d{4}$/.test((error as { code: string }).code);
}

/** Maps Prisma's known request errors to typed errors; anything else is returned unchanged. */
export function mapPrismaError(error: unknown): unknown {
  if (!isKnownRequestError(error)) return error;
  switch (error.code) {
    case 'P2002': {
      const target = error.meta?.target;
      const fields = Array.isArray(target) ? target.join(', ') : typeof target === 'string' ? target : 'a unique field';
      return new ConflictError(`A record with the same ${fields} already exists.`);
    }
    case 'P2025':
      return new NotFoundError('The record does not exist.');
    case 'P2003':
      return ValidationError.field([], 'A referenced record does not exist.');
    default:
      return error;
  }
}

/** Runs a write and rethrows Prisma errors as typed errors. */
export async function withPrismaErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapPrismaError(error);
  }
}

export { BaseError, ConflictError, ForbiddenError, NotFoundError, SyncUnavailableGraphQLError, ValidationError };
