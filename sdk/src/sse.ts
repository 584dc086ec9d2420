// GraphQL over Server-Sent Events, "distinct connections" mode (what graphql-yoga serves by default):
// POST the operation with `Accept: text/event-stream`, then read `next` events until `complete`.
import { PolarFlowClientError, type GraphQLErrorEntry } from './errors.js';

export interface SseMessage {
  event: string;
  data: string;
}

export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon >= 0 ? line.slice(0, colon) : line;
          const value = colon >= 0 ? line.slice(colon + 1).replace(/^ /, '') : '';
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length > 0 || event !== 'message') yield { event, data: data.join('\n') };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export interface ExecutionPayload<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

export async function* subscriptionPayloads<T>(response: Response): AsyncGenerator<ExecutionPayload<T>> {
  if (!response.body) throw new PolarFlowClientError('PROTOCOL', 'subscription response has no body');
  for await (const message of readEventStream(response.body)) {
    if (message.event === 'complete') return;
    if (message.event !== 'next' && message.event !== 'message') continue;
    if (!message.data) continue;
    yield JSON.parse(message.data) as ExecutionPayload<T>;
  }
}
