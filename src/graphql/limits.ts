// Request limits, in one place so documentation, GraphiQL and tests agree.
import { GraphQLError } from './graphql.js';

export const LIMITS = {
  /** Default page size of every connection. */
  defaultPageSize: 100,
  /** Largest page: a year of daily records fits one page. */
  maxPageSize: 400,
  /** Longest inclusive range `days(from, to)` accepts (about ten years). */
  maxDayRange: 3660,
  /** Longest inclusive range a connection's `from`/`to` accepts. */
  maxConnectionRange: 3660,
  /** Pothos complexity: each field costs 1, lists multiply their subtree by their size. */
  maxComplexity: 500_000,
  maxDepth: 14,
  maxBreadth: 400,
  /** Lexical tokens in one document (checked before parsing completes). */
  maxTokens: 6_000,
  /** Aliased fields in one document. */
  maxAliases: 60,
} as const;

export type LimitKind = 'Depth' | 'Breadth' | 'Complexity';

export function limitError(
  kind: string,
  result: { complexity: number; depth: number; breadth: number; maxComplexity?: number; maxDepth?: number; maxBreadth?: number },
): GraphQLError {
  const [actual, max, hint] =
    kind === 'Depth'
      ? [result.depth, result.maxDepth, 'nest fewer levels']
      : kind === 'Breadth'
        ? [result.breadth, result.maxBreadth, 'select fewer fields per level']
        : [result.complexity, result.maxComplexity, 'request smaller pages (`first`/`last`) or shorter date ranges'];
  return new GraphQLError(`Query ${kind.toLowerCase()} ${actual} exceeds the limit of ${max}; ${hint}.`, {
    extensions: { code: `QUERY_${kind.toUpperCase()}_LIMIT`, limit: max, actual, http: { status: 400 } },
  });
}
