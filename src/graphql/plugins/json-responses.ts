// Single (non-streamed) results are serialised by jsonToBuffer (json/json-buffer.ts) into a UTF-8
// Buffer: Yoga sends whatever a result's `stringify` returns as the response body, and a Buffer body
// goes to the socket as it is, with its Content-Length.
import type { Plugin } from 'graphql-yoga';
import { jsonToBuffer } from '../json/json-buffer.js';

export function useJsonResponses(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result }) {
          if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) {
            (result as { stringify?: (value: unknown) => Buffer }).stringify = jsonToBuffer;
          }
        },
      };
    },
  };
}
