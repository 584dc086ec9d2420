// Error classes shared by resolvers, the builder (auth and validation hooks) and errors.ts, which
// turns them into schema types. They extend GraphQLError so that, where a field does not list them
// as typed results, they still reach the client with their code instead of being masked.
import { GraphQLError } from './graphql.js';

export type ErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'VALIDATION_ERROR' | 'CONFLICT' | 'SYNC_UNAVAILABLE';

export class BaseError extends GraphQLError {
  constructor(
    message: string,
    readonly code: ErrorCode,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
    this.name = 'BaseError';
  }
}

export class NotFoundError extends BaseError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
  }
}

export class ForbiddenError extends BaseError {
  constructor(message: string) {
    super(message, 'FORBIDDEN');
  }
}

export interface FieldIssue {
  /** Path to the offending argument or input field, e.g. ["input", "to"]. */
  path: string[];
  message: string;
}

export class ValidationError extends BaseError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    const first = issues[0];
    const message = first ? `${first.path.length > 0 ? `${first.path.join('.')}: ` : ''}${first.message}` : 'Invalid input.';
    super(message, 'VALIDATION_ERROR', { issues });
    this.issues = issues;
  }

  static field(path: string[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }

  static fromIssues(issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined }>): ValidationError {
    return new ValidationError(
      issues.map((issue) => ({
        message: issue.message,
        path: (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)),
      })),
    );
  }
}

export class ConflictError extends BaseError {
  constructor(message: string) {
    super(message, 'CONFLICT');
  }
}

export type SyncUnavailableCode = 'NOT_CONFIGURED' | 'NOT_CONNECTED' | 'NEEDS_REAUTHORIZATION' | 'NEEDS_CONSENT' | 'POLAR_NOT_CONFIGURED' | 'INVALID_RANGE';

export class SyncUnavailableGraphQLError extends BaseError {
  constructor(
    readonly reason: SyncUnavailableCode,
    message: string,
  ) {
    super(message, 'SYNC_UNAVAILABLE', { reason });
  }
}
