// Pre-rendered JSON of immutable objects, reused across responses.
//
// Some resolvers return objects that never change once built and are kept across requests (the
// analytics of a day: built once per kept computation, analytics.type.ts). When every selected field
// is a plain property (no resolver), such an object gives the same output for the same selection
// every time, so its JSON can be rendered once and copied into later responses instead of being
// stringified again. A year of days with readiness and two baselines is ≈340 kB of
// such JSON per response.
import type { FieldNode, GraphQLObjectType, GraphQLOutputType, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { getNamedType, isLeafType, isNonNullType, isObjectType } from '../graphql.js';
import { fragmentMarker, jsonToBuffer } from './json-buffer.js';

interface Reused {
  path: GraphQLResolveInfo['path'];
  source: object;
  node: FieldNode;
}

/** Selections an object was rendered for; a document that changes every request only replaces them. */
const MAX_RENDERINGS_PER_OBJECT = 4;

const reusedByRequest = new WeakMap<object, Reused[]>();
const SHARED_CONTEXT: Reused[] = Object.freeze([]) as unknown as Reused[];
const renderings = new WeakMap<object, Map<FieldNode, Buffer>>();
/** Per field of a parsed document: whether its output can be reused (isPureSelection). */
const reusableFields = new WeakMap<FieldNode, boolean>();

/**
 * Whether the output of `selectionSet` on `type` is a function of the object alone: every selected
 * field a plain property (no resolver), down to the leaves, and no directives or arguments, whose
 * variables could change the output between requests.
 */
function isPureSelection(type: GraphQLObjectType, selectionSet: SelectionSetNode | undefined, fragments: GraphQLResolveInfo['fragments'], seen = new Set<string>()): boolean {
  if (!selectionSet) return false;
  for (const selection of selectionSet.selections) {
    if (selection.directives?.length) return false;
    if (selection.kind === 'Field') {
      if (selection.arguments?.length) return false;
      if (selection.name.value === '__typename') continue;
      const field = type.getFields()[selection.name.value];
      if (!field || field.resolve !== undefined) return false;
      const named = getNamedType(field.type);
      if (isObjectType(named)) {
        if (!isPureSelection(named, selection.selectionSet, fragments, seen)) return false;
      } else if (!isLeafType(named)) {
        return false; // interfaces and unions resolve their type at run time
      }
    } else if (selection.kind === 'InlineFragment') {
      if (selection.typeCondition && selection.typeCondition.name.value !== type.name) return false;
      if (!isPureSelection(type, selection.selectionSet, fragments, seen)) return false;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      const fragment = fragments[name];
      if (!fragment || fragment.directives?.length || fragment.typeCondition.name.value !== type.name) return false;
      if (!isPureSelection(type, fragment.selectionSet, fragments, seen)) return false;
    }
  }
  return true;
}

/** The field's object type, unless the field is a list (or not an object). */
function objectTypeOf(type: GraphQLOutputType): GraphQLObjectType | null {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isObjectType(inner) ? inner : null;
}

function isReusable(info: GraphQLResolveInfo, node: FieldNode): boolean {
  let reusable = reusableFields.get(node);
  if (reusable === undefined) {
    const type = objectTypeOf(info.returnType);
    reusable = type !== null && isPureSelection(type, node.selectionSet, info.fragments);
    reusableFields.set(node, reusable);
  }
  return reusable;
}

/** Starts collecting the reusable objects of one execution with this context (the plugin calls it). */
export function collectReusedJson(context: object): void {
  // Two executions at once on one context could not tell their objects apart: neither reuses any.
  reusedByRequest.set(context, reusedByRequest.has(context) ? SHARED_CONTEXT : []);
}

/**
 * Marks `source`, the value this resolver returns, as immutable: its JSON in this response may be a
 * copy of an earlier rendering of the same object for the same field. Ignored unless the field's
 * selection is pure (see isPureSelection) and the response is serialised by
 * serializeResult (plugins/json-responses.ts).
 */
export function reuseJsonOf<T extends object>(context: object, info: GraphQLResolveInfo, source: T): T {
  const list = reusedByRequest.get(context);
  if (!list || list === SHARED_CONTEXT || info.fieldNodes.length !== 1) return source;
  const node = info.fieldNodes[0]!;
  if (isReusable(info, node)) list.push({ path: info.path, source, node });
  return source;
}

function keysOf(path: GraphQLResolveInfo['path']): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = path; at; at = at.prev) keys.push(at.key);
  return keys.reverse();
}

/**
 * `result` as UTF-8 JSON, with the outputs of the objects marked during its execution copied from
 * their earlier renderings (rendered now if this is the first time). The result is left as it was.
 */
export function serializeResult(context: object | undefined, result: { data?: unknown }): Buffer {
  const reused = context ? reusedByRequest.get(context) : undefined;
  if (context) reusedByRequest.delete(context);
  if (!reused?.length || result.data === null || typeof result.data !== 'object') return jsonToBuffer(result);
  const fragments: Buffer[] = [];
  const replaced: { parent: Record<string | number, unknown>; key: string | number; output: object }[] = [];
  try {
    for (const { path, source, node } of reused) {
      const keys = keysOf(path);
      let parent = result.data as Record<string | number, unknown> | null;
      for (let i = 0; i < keys.length - 1 && parent; i++) {
        const next = parent[keys[i]!];
        parent = next !== null && typeof next === 'object' ? (next as Record<string | number, unknown>) : null;
      }
      const key = keys[keys.length - 1]!;
      const output = parent?.[key];
      if (!parent || output === null || typeof output !== 'object') continue; // nulled by an error
      let byNode = renderings.get(source);
      let bytes = byNode?.get(node);
      if (!bytes) {
        bytes = Buffer.from(JSON.stringify(output), 'utf8');
        if (!byNode) renderings.set(source, (byNode = new Map()));
        else if (byNode.size >= MAX_RENDERINGS_PER_OBJECT) byNode.clear();
        byNode.set(node, bytes);
      }
      replaced.push({ parent, key, output });
      parent[key] = fragmentMarker(fragments.length);
      fragments.push(bytes);
    }
    return jsonToBuffer(result, fragments);
  } finally {
    for (const { parent, key, output } of replaced) parent[key] = output;
  }
}
