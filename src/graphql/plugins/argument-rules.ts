// Argument checks that need no data, run as a GraphQL validation rule so a bad request is
// rejected before execution (HTTP 400) with a typed error naming the argument:
// - `from`/`to` on the same field: `to` not before `from`, span within the field's maximum;
// - `first`/`last`: 0 to the maximum page size (Pothos would otherwise clamp silently).
// The same range rules also run at execution (plugin-validation), e.g. for persisted documents.
import type { ASTVisitor, FieldNode, ValidationContext, ValidationRule, ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { parseLocalDate } from '../dates.js';
import { GraphQLError, Kind } from '../graphql.js';
import { LIMITS } from '../limits.js';
import { rangeIssues } from '../modules/health/health.args.js';

function valueOf(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

function responsePath(ancestors: ReadonlyArray<unknown>, field: FieldNode): string[] {
  const path: string[] = [];
  for (const ancestor of ancestors) {
    if (ancestor && typeof ancestor === 'object' && (ancestor as { kind?: string }).kind === Kind.FIELD) {
      const node = ancestor as FieldNode;
      path.push(node.alias?.value ?? node.name.value);
    }
  }
  path.push(field.alias?.value ?? field.name.value);
  return path;
}

function issueError(path: string[], argument: string, message: string): GraphQLError {
  return new GraphQLError(`${path.join('.')}(${argument}): ${message}`, {
    extensions: { code: 'VALIDATION_ERROR', issues: [{ path: [...path, argument], message }], http: { status: 400 } },
  });
}

export function argumentRule(variables: Record<string, unknown>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Field(node, _key, _parent, _path, ancestors) {
      const args = new Map((node.arguments ?? []).map((argument) => [argument.name.value, argument.value]));
      for (const name of ['first', 'last']) {
        const value = valueOf(args.get(name), variables);
        if (typeof value === 'number' && (value < 0 || value > LIMITS.maxPageSize)) {
          context.reportError(issueError(responsePath(ancestors, node), name, `must be between 0 and ${LIMITS.maxPageSize} (the maximum page size); page with \`after\`/\`before\`.`));
        }
      }
      const from = valueOf(args.get('from'), variables);
      const to = valueOf(args.get('to'), variables);
      if (typeof from !== 'string' || typeof to !== 'string') return;
      const fromDate = parseLocalDate(from);
      const toDate = parseLocalDate(to);
      if (!fromDate || !toDate) return; // the Date scalar reports malformed dates
      const max = node.name.value === 'days' ? LIMITS.maxDayRange : LIMITS.maxConnectionRange;
      for (const issue of rangeIssues({ from: fromDate, to: toDate }, max, { from: ['from'], to: ['to'] })) {
        context.reportError(issueError(responsePath(ancestors, node), issue.path[0] ?? 'to', issue.message));
      }
    },
  });
}

export function useArgumentRules(): Plugin<{ params?: { variables?: Record<string, unknown> } }> {
  return {
    onValidate({ addValidationRule, context }) {
      addValidationRule(argumentRule(context.params?.variables ?? {}));
    },
  };
}
