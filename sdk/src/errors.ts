/** A typed error the API returned in a mutation's result union (e.g. ValidationError). */
export interface ApiErrorValue {
  __typename: `${string}Error`;
  code: string;
  message: string;
  [field: string]: unknown;
}

/**
 * The typed-error members of a result union: every member whose `__typename` ends in `Error`
 * (ValidationError, NotFoundError, ForbiddenError, ConflictError, SyncUnavailableError, …).
 */
export type ApiError<T> = Extract<T, { __typename: `${string}Error` }>;
/** The success members of a result union (e.g. TriggerSyncPayload). */
export type ApiPayload<T> = Exclude<T, { __typename: `${string}Error` }>;

/**
 * Narrows a mutation's result union: `if (isApiError(result.triggerSync)) …` gives the typed error
 * (with `code`, `message` and its own fields such as `issues` or `reason`), else the payload.
 */
export function isApiError<T extends { __typename: string }>(value: T): value is ApiError<T> {
  return value.__typename.endsWith('Error');
}

/** Why a request failed before producing data. */
export type ClientErrorKind =
  | 'NETWORK' // fetch failed (server down, DNS, reset)
  | 'UNAUTHENTICATED' // HTTP 401: missing or wrong API key
  | 'FORBIDDEN' // the key may not do this
  | 'BAD_REQUEST' // the server rejected the operation (validation, limits)
  | 'GRAPHQL' // the operation ran and returned errors
  | 'SERVER' // HTTP 5xx without a GraphQL response
  | 'PROTOCOL'; // the response was not GraphQL over HTTP

export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export class PolarFlowClientError extends Error {
  override readonly name = 'PolarFlowClientError';
  constructor(
    readonly kind: ClientErrorKind,
    message: string,
    readonly details: { status?: number; errors?: GraphQLErrorEntry[]; cause?: unknown } = {},
  ) {
    super(message);
  }

  /** The first GraphQL error's `extensions.code` (e.g. VALIDATION_ERROR, FORBIDDEN), if any. */
  get code(): string | undefined {
    return this.details.errors?.[0]?.extensions?.code;
  }
}

/** Maps a GraphQL error code to a client error kind. */
export function kindFromCode(code: string | undefined): ClientErrorKind {
  if (code === 'UNAUTHENTICATED') return 'UNAUTHENTICATED';
  if (code === 'FORBIDDEN') return 'FORBIDDEN';
  if (code === 'BAD_REQUEST' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code?.startsWith('PERSISTED_DOCUMENT') || code?.startsWith('QUERY_')) {
    return 'BAD_REQUEST';
  }
  return 'GRAPHQL';
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: PolarFlowClientError };
