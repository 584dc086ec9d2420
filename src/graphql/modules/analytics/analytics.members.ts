// Pre-serialised analytics of a Day. A year of `days` with readiness, baselines and anomalies returns
// ≈340 kB of analytics JSON per request, built from a computation that stays the same until the
// user's data changes (analytics.cache.ts). Building those objects, stringifying them and
// collecting them again cost most of what the analytics add to such a request, so the analytics
// part of each Day is rendered to JSON once per (computation, day, selection) and spliced into the
// response as bytes (json/json-buffer.ts, RawJsonMembers).
//
// How: a query's `Day` selection has each run of adjacent analytics fields replaced by one internal
// field (rewriteDayAnalytics) that exists only in the executing schema, never in the public one
// (plugins/preserialised-analytics.ts). Its resolver returns the run's members for the Day, rendered
// on first use by executing the original run on that Day. Any shape the rewrite cannot keep
// byte-identical (fragments or repeated response keys on the way to the Day) runs as written.
import type { DocumentNode, FieldNode, OperationDefinitionNode, SelectionSetNode, VariableDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { UserAnalytics } from '../../../analytics/index.js';
import type { Context } from '../../context.js';
import { execute, getNamedType, getOperationAST, GraphQLError, GraphQLSchema, isObjectType, Kind, print, visit, type GraphQLObjectType } from '../../graphql.js';
import { RawJsonMembers } from '../../json/json-buffer.js';
import type { DayShape } from '../day/day.type.js';
import { DAY_ANALYTICS_FIELDS, MEMBERS_FIELD, type DayAnalyticsRef } from './analytics.loader.js';
import { dayOf } from './analytics.type.js';

/** Response keys given to the internal field (a suffix is added until the key is free). */
const MEMBERS_ALIAS = 'pfsAnalyticsMembers';
/** Selections rendered per computation; the oldest is dropped beyond this. */
const MAX_SELECTIONS_PER_COMPUTATION = 4;

/** One run of adjacent analytics fields of a Day selection, executable on its own against a Day. */
export interface AnalyticsRun {
  /** The run as printed: with the variable values it uses, the key of its rendered members. */
  readonly text: string;
  readonly variableNames: readonly string[];
  /** `query (<variables the run uses>) { <run> }` against the Day-rooted schema. */
  readonly document: DocumentNode;
  compiled?: CompiledQuery | null;
}

const runsByField = new WeakMap<FieldNode, AnalyticsRun>();

/** Whether an error's path runs through a members field (its errors are the query as written's to report). */
export function isMembersPath(path: readonly (string | number)[] | undefined): boolean {
  return path?.some((key) => typeof key === 'string' && key.startsWith(MEMBERS_ALIAS)) ?? false;
}

/** Thrown when a run's own execution reports errors: the request then runs as written. */
export class RunAsWritten extends Error {
  constructor() {
    super('analytics members need the query as written');
  }
}

// ---------------------------------------------------------------------------------------------
// Rewriting

function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/** The plain fields of a selection set with distinct response keys, else null (fragments or merging). */
function plainFields(set: SelectionSetNode): FieldNode[] | null {
  const keys = new Set<string>();
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    const key = responseKey(selection);
    if (keys.has(key)) return null;
    keys.add(key);
  }
  return set.selections as FieldNode[];
}

function usesFragmentSpreads(fields: readonly FieldNode[]): boolean {
  let found = false;
  for (const field of fields) visit(field, { FragmentSpread: () => void (found = true) });
  return found;
}

function variablesOf(fields: readonly FieldNode[]): string[] {
  const names = new Set<string>();
  for (const field of fields) visit(field, { Variable: (node) => void names.add(node.name.value) });
  return [...names];
}

function makeRun(fields: FieldNode[], variableDefinitions: readonly VariableDefinitionNode[]): AnalyticsRun {
  const variableNames = variablesOf(fields);
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: fields };
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    variableDefinitions: variableDefinitions.filter((d) => variableNames.includes(d.variable.name.value)),
    directives: [],
    selectionSet,
  };
  return { text: print(selectionSet), variableNames, document: { kind: Kind.DOCUMENT, definitions: [operation] } };
}

function rewriteDay(set: SelectionSetNode, variableDefinitions: readonly VariableDefinitionNode[]): SelectionSetNode {
  const fields = plainFields(set);
  if (!fields) return set;
  const taken = new Set(fields.map(responseKey));
  const isRunField = (field: FieldNode) => DAY_ANALYTICS_FIELDS.has(field.name.value);
  const selections: FieldNode[] = [];
  let changed = false;
  for (let i = 0; i < fields.length; ) {
    if (!isRunField(fields[i]!)) {
      selections.push(fields[i++]!);
      continue;
    }
    let end = i;
    while (end < fields.length && isRunField(fields[end]!)) end++;
    const run = fields.slice(i, end);
    i = end;
    if (usesFragmentSpreads(run)) {
      selections.push(...run);
      continue;
    }
    let alias = MEMBERS_ALIAS;
    for (let n = 2; taken.has(alias); n++) alias = `${MEMBERS_ALIAS}${n}`;
    taken.add(alias);
    const node: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: MEMBERS_FIELD }, arguments: [], directives: [] };
    runsByField.set(node, makeRun(run, variableDefinitions));
    selections.push(node);
    changed = true;
  }
  return changed ? { ...set, selections } : set;
}

function rewriteSet(set: SelectionSetNode, type: GraphQLObjectType, variableDefinitions: readonly VariableDefinitionNode[]): SelectionSetNode {
  if (type.name === 'Day') return rewriteDay(set, variableDefinitions);
  const fields = plainFields(set);
  if (!fields) return set;
  let changed = false;
  const selections = fields.map((field) => {
    const definition = type.getFields()[field.name.value];
    const inner = definition && field.selectionSet ? getNamedType(definition.type) : undefined;
    if (!inner || !isObjectType(inner)) return field;
    const rewritten = rewriteSet(field.selectionSet!, inner, variableDefinitions);
    if (rewritten === field.selectionSet) return field;
    changed = true;
    return { ...field, selectionSet: rewritten };
  });
  return changed ? { ...set, selections } : set;
}

const rewrites = new WeakMap<DocumentNode, Map<string, DocumentNode | null>>();

/**
 * `document` with the selected query's Day analytics runs replaced by the internal members field,
 * or null when nothing is replaced (not a query, introspection, no analytics on a plain path).
 * Cached per document.
 */
export function rewriteDayAnalytics(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): DocumentNode | null {
  let byOperation = rewrites.get(document);
  if (!byOperation) rewrites.set(document, (byOperation = new Map()));
  const cached = byOperation.get(operationName ?? '');
  if (cached !== undefined) return cached;
  let result: DocumentNode | null = null;
  const operation = getOperationAST(document, operationName);
  const query = schema.getQueryType();
  if (operation?.operation === 'query' && query) {
    // Introspection runs against the executing schema, which must not show the internal field.
    const introspects = operation.selectionSet.selections.some((s) => s.kind !== Kind.FIELD || s.name.value === '__schema' || s.name.value === '__type');
    const selectionSet = introspects ? operation.selectionSet : rewriteSet(operation.selectionSet, query, operation.variableDefinitions ?? []);
    if (selectionSet !== operation.selectionSet) {
      result = { ...document, definitions: document.definitions.map((d) => (d === operation ? { ...operation, selectionSet } : d)) };
    }
  }
  byOperation.set(operationName ?? '', result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Rendering

const daySchemas = new WeakMap<GraphQLObjectType, GraphQLSchema>();

/** The schema a run executes against on its own: `Day` as the query root. */
function daySchemaOf(day: GraphQLObjectType): GraphQLSchema {
  let schema = daySchemas.get(day);
  if (!schema) daySchemas.set(day, (schema = new GraphQLSchema({ query: day })));
  return schema;
}

const membersByComputation = new WeakMap<UserAnalytics, Map<string, Map<string, RawJsonMembers>>>();

function membersCacheOf(computation: UserAnalytics, key: string): Map<string, RawJsonMembers> {
  let bySelection = membersByComputation.get(computation);
  if (!bySelection) membersByComputation.set(computation, (bySelection = new Map()));
  let byDate = bySelection.get(key);
  if (!byDate) {
    if (bySelection.size >= MAX_SELECTIONS_PER_COMPUTATION) bySelection.delete(bySelection.keys().next().value!);
    bySelection.set(key, (byDate = new Map()));
  }
  return byDate;
}

type MaybePromise<T> = T | Promise<T>;

function toMembers(result: { data?: unknown; errors?: readonly unknown[] | undefined }): RawJsonMembers {
  if (result.errors?.length || !result.data) throw new RunAsWritten();
  return new RawJsonMembers(Buffer.from(JSON.stringify(result.data).slice(1, -1)));
}

/** Executes `run` on one Day (graphql-jit, compiled once per run; graphql-js if it cannot compile). */
function render(dayType: GraphQLObjectType, run: AnalyticsRun, day: DayShape, ctx: Context, variables: Record<string, unknown>): MaybePromise<RawJsonMembers> {
  const schema = daySchemaOf(dayType);
  if (run.compiled === undefined) {
    const compiled = compileQuery(schema, run.document);
    run.compiled = isCompiledQuery(compiled) ? compiled : null;
  }
  const result = run.compiled
    ? run.compiled.query(day, ctx, variables)
    : execute({ schema, document: run.document, rootValue: day, contextValue: ctx, variableValues: variables });
  return result instanceof Promise ? result.then(toMembers) : toMembers(result);
}

/** Per request (its variables object): the key of each run that uses variables, built once, not per Day. */
const keysByVariables = new WeakMap<Record<string, unknown>, Map<AnalyticsRun, string>>();

function keyOf(run: AnalyticsRun, variables: Record<string, unknown>): string {
  if (run.variableNames.length === 0) return run.text;
  let keys = keysByVariables.get(variables);
  if (!keys) keysByVariables.set(variables, (keys = new Map()));
  let key = keys.get(run);
  if (key === undefined) {
    // A variable left out (its default applies) differs from one given as null.
    key = `${run.text}\n${JSON.stringify(run.variableNames.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])))}`;
    keys.set(run, key);
  }
  return key;
}

function membersFor(dayType: GraphQLObjectType, run: AnalyticsRun, day: DayShape, ref: DayAnalyticsRef | null, ctx: Context, variables: Record<string, unknown>): MaybePromise<RawJsonMembers> {
  // Rendered members depend only on the computation, the date and the run (with its variables).
  const computation = day.preloaded?.analytics ?? ref?.analytics;
  if (!computation) return render(dayType, run, day, ctx, variables);
  const cache = membersCacheOf(computation, keyOf(run, variables));
  const hit = cache.get(day.date);
  if (hit) return hit;
  const rendered = render(dayType, run, day, ctx, variables);
  if (rendered instanceof Promise) return rendered.then((members) => (cache.set(day.date, members), members));
  cache.set(day.date, rendered);
  return rendered;
}

const NO_VARIABLES: Record<string, unknown> = Object.freeze({});

/** Raw (uncoerced) variables of the request being executed, as a run's own execution needs them. */
export const requestVariables = new WeakMap<object, Record<string, unknown>>();

/** Resolver of the internal members field on `dayType` (the executing schema's Day). */
export function resolveMembers(dayType: () => GraphQLObjectType) {
  return (day: DayShape, _args: unknown, ctx: Context, info: { fieldNodes: readonly FieldNode[] }): MaybePromise<RawJsonMembers> => {
    const run = runsByField.get(info.fieldNodes[0]!);
    if (!run) throw new GraphQLError(`${MEMBERS_FIELD} is internal`);
    const variables = requestVariables.get(ctx) ?? NO_VARIABLES;
    const ref = dayOf(ctx, day);
    return ref instanceof Promise ? ref.then((r) => membersFor(dayType(), run, day, r, ctx, variables)) : membersFor(dayType(), run, day, ref, ctx, variables);
  };
}
