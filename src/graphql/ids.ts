// Relay global IDs: base64("Type:uuid"). Decoding is strict so a malformed ID is a typed
// ValidationError, never a database error.
import { ValidationError } from './error-classes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeGlobalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

export function decodeGlobalIdStrict(globalId: string, path: string[] = ['id']): { typename: string; id: string } {
  const text = /^[A-Za-z0-9+/]+={0,2}$/.test(globalId) ? Buffer.from(globalId, 'base64').toString('utf8') : '';
  const separator = text.indexOf(':');
  const typename = separator > 0 ? text.slice(0, separator) : '';
  const id = separator > 0 ? text.slice(separator + 1) : '';
  if (!/^[A-Z][A-Za-z0-9]*$/.test(typename) || !UUID.test(id)) {
    throw ValidationError.field(path, `${JSON.stringify(globalId)} is not a valid ID; pass an \`id\` value returned by this API.`);
  }
  return { typename, id };
}

/** Decodes an ID that must name `typename`; returns the database id. */
export function decodeIdOf(typename: string, globalId: string, path: string[]): string {
  const decoded = decodeGlobalIdStrict(globalId, path);
  if (decoded.typename !== typename) {
    throw ValidationError.field(path, `Expected a ${typename} ID but got a ${decoded.typename} ID.`);
  }
  return decoded.id;
}
