// Requests without an API key may only introspect (`__schema`, `__type`, `__typename`): that keeps
// GraphiQL's schema view and the GraphQL-over-HTTP audits working, and nothing user-scoped is
// reachable. Anything else is answered with HTTP 401 before execution.
import { getOperationAST } from '../graphql.js';
import type { DocumentNode, SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { unauthenticated, type Context } from '../context.js';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

function onlyIntrospection(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === 'Field') {
      if (!INTROSPECTION_FIELDS.has(selection.name.value)) return false;
    } else if (selection.kind === 'InlineFragment') {
      if (!onlyIntrospection(selection.selectionSet, document, seen)) return false;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = document.definitions.find((definition) => definition.kind === 'FragmentDefinition' && definition.name.value === name);
      if (!fragment || fragment.kind !== 'FragmentDefinition' || !onlyIntrospection(fragment.selectionSet, document, seen)) return false;
    }
  }
  return true;
}

function needsKey(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false; // execution reports the missing operation itself
  return operation.operation !== 'query' || !onlyIntrospection(operation.selectionSet, document);
}

const MESSAGE = 'An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`.';

export function useRequireApiKey(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (args.contextValue.viewer === null && needsKey(args.document, args.operationName)) {
        setResultAndStopExecution({ errors: [unauthenticated(MESSAGE)] });
      }
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (args.contextValue.viewer === null && needsKey(args.document, args.operationName)) {
        setResultAndStopExecution({ errors: [unauthenticated(MESSAGE)] });
      }
    },
  };
}
