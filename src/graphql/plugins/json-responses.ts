// Single (non-streamed) results are serialised by serializeResult (json/fragments.ts) into a UTF-8
// Buffer: Yoga sends whatever a result's `stringify` returns as the response body, and a Buffer body
// goes to the socket as it is, with its Content-Length.
import type { Plugin } from 'graphql-yoga';
import { collectReusedJson, serializeResult } from '../json/fragments.js';

export function useJsonResponses(): Plugin {
  return {
    onExecute({ args }) {
      const context = args.contextValue as object;
      collectReusedJson(context);
      return {
        onExecuteDone({ result }) {
          if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) {
            (result as { stringify?: (value: { data?: unknown }) => Buffer }).stringify = (value) => serializeResult(context, value);
          }
        },
      };
    },
  };
}
