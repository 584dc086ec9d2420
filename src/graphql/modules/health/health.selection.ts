// Which fields of a health record type a GraphQL field asks for, so loaders read only those columns.
// The walk covers fields, inline fragments and named fragments; it runs once per field position per
// request (graphql-js passes the same `fieldNodes` array to every row of a list), not once per row.
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from '../../graphql.js';

type Fragments = GraphQLResolveInfo['fragments'];

/** A fragment or inline fragment applies to `typeName` when it names it, names `Node`, or names nothing. */
function applies(condition: string | undefined, typeName: string | undefined): boolean {
  return condition === undefined || typeName === undefined || condition === typeName || condition === 'Node';
}

function collect(selectionSet: SelectionSetNode | undefined, typeName: string | undefined, fragments: Fragments, visit: (field: FieldNode) => void): void {
  if (!selectionSet) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value, typeName)) collect(selection.selectionSet, typeName, fragments, visit);
    } else {
      const fragment: FragmentDefinitionNode | undefined = fragments[selection.name.value];
      if (fragment && applies(fragment.typeCondition.name.value, typeName)) collect(fragment.selectionSet, typeName, fragments, visit);
    }
  }
}

/** Selection sets reached from `fields` by following `path` (e.g. `['edges', 'node']` of a connection). */
function descend(fields: readonly FieldNode[], path: readonly string[], fragments: Fragments): FieldNode[] {
  let level = [...fields];
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const field of level) collect(field.selectionSet, undefined, fragments, (child) => child.name.value === name && next.push(child));
    level = next;
  }
  return level;
}

const cache = new WeakMap<readonly FieldNode[], Map<string, readonly string[]>>();

/**
 * Names of the fields of `typeName` selected under `info`'s field (after `path`), sorted, without
 * `__typename`. Cached per `info.fieldNodes` array, which graphql-js shares between all rows of one
 * field position within a request.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, typeName: string, path: readonly string[] = []): readonly string[] {
  let byType = cache.get(info.fieldNodes);
  if (!byType) {
    byType = new Map();
    cache.set(info.fieldNodes, byType);
  }
  const key = `${typeName}/${path.join('.')}`;
  let names = byType.get(key);
  if (!names) {
    const found = new Set<string>();
    for (const field of descend(info.fieldNodes, path, info.fragments)) {
      collect(field.selectionSet, typeName, info.fragments, (child) => {
        if (child.name.value !== '__typename') found.add(child.name.value);
      });
    }
    names = [...found].sort();
    byType.set(key, names);
  }
  return names;
}
