// JSON.stringify straight into a UTF-8 Buffer, for large GraphQL responses.
//
// One JSON.stringify of a whole response builds one string as large as the response. V8 puts such
// strings (> 128 KiB) on large-object pages of their own, and Node then encodes the string into
// another freshly allocated buffer to write it: a year of days with analytics (≈500 kB) cost ≈270
// page faults per response, and both copies count against the heap's growth. Here the lists that
// make a response large are stringified in runs of ≈64 KiB, encoded into a reused scratch buffer,
// and the response is one exact-size copy of it. The bytes are exactly JSON.stringify's.
//
// A RawJsonMembers value stands for members rendered ahead of time (`"a":1,"b":[…]`): they take the
// place of the marker's own key and value in the object that holds it.
import { randomBytes } from 'node:crypto';

const RUN_CHARS = 64 * 1024;
/** Plain objects deeper than this are stringified whole even when they hold lists. */
const MAX_WALK_DEPTH = 6;
/** A scratch buffer grown past this by one huge response is not kept for the next. */
const MAX_KEPT_SCRATCH = 4 * 1024 * 1024;

class Sink {
  buffer: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  writeBytes(bytes: Buffer): void {
    this.reserve(bytes.length);
    this.length += bytes.copy(this.buffer, this.length);
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.length + bytes, this.buffer.length * 2));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
}

let scratch: Sink | null = null;

/** Inside JSON.stringify a marker becomes this string (unguessable, so no stored value can pose as one). */
const PLACEHOLDER = `\u0000${randomBytes(9).toString('base64url')}`;
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);
/** Markers met by the JSON.stringify call in progress, in output order; null outside jsonToBuffer. */
let pending: RawJsonMembers[] | null = null;

/**
 * Object members already serialised, as UTF-8 without the braces (`"a":1,"b":{…}`), possibly empty.
 * jsonToBuffer writes them in place of the key and value that hold the marker.
 */
export class RawJsonMembers {
  constructor(readonly bytes: Buffer) {}

  toJSON(): string {
    if (!pending) throw new Error('RawJsonMembers can only be serialised by jsonToBuffer');
    pending.push(this);
    return PLACEHOLDER;
  }
}

/** `text` (JSON.stringify output) with each marker's `"key":placeholder` replaced by its members. */
function writeJson(sink: Sink, text: string): void {
  if (pending === null || pending.length === 0) {
    sink.write(text);
    return;
  }
  let from = 0;
  for (const members of pending) {
    const at = text.indexOf(PLACEHOLDER_JSON, from);
    if (at < 0) throw new Error('jsonToBuffer: a RawJsonMembers placeholder is missing from the output');
    // `"key":` precedes the placeholder; the key is the marker's response key (no escapes).
    let cut = text.lastIndexOf('"', at - 3);
    let resume = at + PLACEHOLDER_JSON.length;
    if (members.bytes.length === 0) {
      // No members: drop the separating comma too (the one before the key, else the one after).
      if (text.charCodeAt(cut - 1) === 0x2c) cut--;
      else if (text.charCodeAt(resume) === 0x2c) resume++;
    }
    sink.write(text.slice(from, cut));
    sink.writeBytes(members.bytes);
    from = resume;
  }
  pending.length = 0;
  sink.write(from === 0 ? text : text.slice(from));
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Lists of objects, and the plain objects on the way to them from the root, are walked; the
 * elements of such a list go in runs, one JSON.stringify per run; anything else is one
 * JSON.stringify. Returns false where JSON.stringify would leave the value out (undefined, functions).
 */
function writeValue(sink: Sink, value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > MAX_WALK_DEPTH) {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) return false;
    writeJson(sink, text);
    return true;
  }
  if (Array.isArray(value)) {
    if (value.length < 2 || value[0] === null || typeof value[0] !== 'object') {
      writeJson(sink, JSON.stringify(value));
      return true;
    }
    sink.write('[');
    let run = 16;
    for (let start = 0; start < value.length; ) {
      if (start > 0) sink.write(',');
      const end = Math.min(value.length, start + run);
      const text = JSON.stringify(start === 0 && end === value.length ? value : value.slice(start, end));
      writeJson(sink, text.slice(1, -1));
      run = Math.max(1, Math.min(4096, Math.floor(((end - start) * RUN_CHARS) / text.length)));
      start = end;
    }
    sink.write(']');
    return true;
  }
  if (!isPlainObject(value)) {
    writeJson(sink, JSON.stringify(value));
    return true;
  }
  sink.write('{');
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (item instanceof RawJsonMembers) {
      if (item.bytes.length === 0) continue;
      if (!first) sink.write(',');
      sink.writeBytes(item.bytes);
      first = false;
      continue;
    }
    sink.write(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    writeValue(sink, item, depth + 1);
  }
  sink.write('}');
  return true;
}

/** The UTF-8 bytes of `JSON.stringify(value)`, for a value JSON.stringify turns into text. */
export function jsonToBuffer(value: unknown): Buffer {
  const sink = scratch ?? new Sink(64 * 1024);
  scratch = null; // a nested call (from a toJSON) gets a sink of its own
  const outerPending = pending;
  pending = [];
  try {
    sink.length = 0;
    writeValue(sink, value, 0);
    const out = Buffer.allocUnsafe(sink.length);
    sink.buffer.copy(out, 0, 0, sink.length);
    return out;
  } finally {
    pending = outerPending;
    if (sink.buffer.length <= MAX_KEPT_SCRATCH) scratch = sink;
  }
}
