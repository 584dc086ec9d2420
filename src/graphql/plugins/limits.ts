// Abuse limits that run before execution (our small stand-in for GraphQL Armor, which is not a
// dependency): a token budget checked while lexing, an alias budget checked on the parsed document,
// and the Pothos complexity/depth/breadth rule added to validation so an expensive query is
// rejected with HTTP 400 before any resolver runs.
import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, Kind, Lexer, Source, TokenKind, visit } from '../graphql.js';
import type { ASTVisitor, DocumentNode, ValidationRule } from 'graphql';
import { BaseError } from '../error-classes.js';
import type { Plugin } from 'graphql-yoga';
import { limitError, LIMITS } from '../limits.js';

function limitExceeded(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

export function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  // Lexing stops as soon as the budget is spent, so a huge document costs little.
  while (lexer.advance().kind !== TokenKind.EOF) {
    count += 1;
    if (count > stopAfter) break;
  }
  return count;
}

export function countAliases(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.alias) count += 1;
    },
  });
  return count;
}

/**
 * Computing complexity maps field arguments, which runs argument validation; an invalid argument
 * must not abort validation with a thrown error. It is reported by the argument rules (or again
 * at execution), so here it only means the complexity of this document is not computed.
 */
function tolerateInputErrors(rule: ValidationRule): ValidationRule {
  return (context) => {
    const visitor = rule(context) as Record<string, { enter?: (...args: unknown[]) => unknown; leave?: (...args: unknown[]) => unknown }>;
    let aborted = false;
    const guard =
      (fn: ((...args: unknown[]) => unknown) | undefined) =>
      (...args: unknown[]) => {
        if (aborted || !fn) return undefined;
        try {
          return fn(...args);
        } catch (error) {
          if (error instanceof BaseError) {
            aborted = true;
            return undefined;
          }
          throw error;
        }
      };
    const wrapped: Record<string, unknown> = {};
    for (const [kind, handlers] of Object.entries(visitor)) {
      wrapped[kind] = typeof handlers === 'function' ? guard(handlers as never) : { enter: guard(handlers.enter), leave: guard(handlers.leave) };
    }
    return wrapped as ASTVisitor;
  };
}

export function useRequestLimits(options: { maxTokens?: number; maxAliases?: number } = {}): Plugin<{ params?: { variables?: Record<string, unknown>; operationName?: string } }> {
  const maxTokens = options.maxTokens ?? LIMITS.maxTokens;
  const maxAliases = options.maxAliases ?? LIMITS.maxAliases;
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      let tokens = 0;
      try {
        tokens = countTokens(source, maxTokens);
      } catch {
        // A syntax error: let the parser report it with its location.
      }
      if (tokens > maxTokens) {
        throw limitExceeded(`The document has more than ${maxTokens} tokens; send a smaller query.`, 'QUERY_TOKEN_LIMIT');
      }
      return ({ result, replaceParseResult }) => {
        if (result === null || result instanceof Error) return;
        const aliases = countAliases(result as DocumentNode);
        if (aliases > maxAliases) {
          replaceParseResult(limitExceeded(`The document uses ${aliases} aliases; the limit is ${maxAliases}.`, 'QUERY_ALIAS_LIMIT'));
        }
      };
    },
    onValidate({ addValidationRule, context }) {
      addValidationRule(
        tolerateInputErrors(createComplexityRule({
          context,
          variableValues: context.params?.variables ?? {},
          operationName: context.params?.operationName,
          validate: (result, reportError) => {
            const limits = { ...result, maxComplexity: LIMITS.maxComplexity, maxDepth: LIMITS.maxDepth, maxBreadth: LIMITS.maxBreadth };
            if (result.depth > LIMITS.maxDepth) reportError(limitError('Depth', limits));
            else if (result.breadth > LIMITS.maxBreadth) reportError(limitError('Breadth', limits));
            else if (result.complexity > LIMITS.maxComplexity) reportError(limitError('Complexity', limits));
          },
        })),
      );
    },
  };
}
