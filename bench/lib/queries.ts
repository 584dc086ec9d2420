// The questions the load scenarios ask, in each server's dialect, plus detection of the analytics
// fields on `Day` by introspection (they may not exist yet; the scenario is then skipped).

/** Scenario 1's fields: the same columns from every server. */
const SLEEP_FIELDS = 'date sleepScore sleepStartTime sleepEndTime lightSleep deepSleep remSleep totalInterruptionDuration sleepCharge continuity';
const RECHARGE_FIELDS = 'date heartRateAvg heartRateVariabilityAvg breathingRateAvg ansCharge nightlyRechargeStatus';

export function nightsQuery(from: string, to: string): string {
  return `query Nights {
  viewer {
    sleeps(from: "${from}", to: "${to}", first: 400) { edges { node { ${SLEEP_FIELDS} } } }
    nightlyRecharges(from: "${from}", to: "${to}", first: 400) { edges { node { ${RECHARGE_FIELDS} } } }
  }
}`;
}

/** PostGraphile without the filter plugin has no range filter: the newest `n` rows of the user (n = rows in the range). */
export function postgraphileNightsQuery(userId: string, sleeps: number, recharges: number): string {
  return `query Nights {
  allSleepsList(condition: { userId: "${userId}" }, orderBy: DATE_DESC, first: ${sleeps}) { ${SLEEP_FIELDS} }
  allNightlyRechargesList(condition: { userId: "${userId}" }, orderBy: DATE_DESC, first: ${recharges}) { ${RECHARGE_FIELDS} }
}`;
}

const DAY_FIELDS = `date
      sleep { sleepScore lightSleep deepSleep remSleep sleepStartTime sleepEndTime }
      nightlyRecharge { heartRateVariabilityAvg heartRateAvg breathingRateAvg ansCharge }
      dailyActivity { steps calories activeCalories }
      cardioLoad { cardioLoad strain tolerance cardioLoadStatus }`;

export function daysQuery(from: string, to: string, analyticsSelection = ''): string {
  return `query Days {
  viewer {
    days(from: "${from}", to: "${to}") {
      ${DAY_FIELDS}${analyticsSelection ? `\n      ${analyticsSelection}` : ''}
    }
  }
}`;
}

/**
 * PostGraphile's equivalent of `daysQuery` without analytics: the same four record types and
 * columns as plain lists (no date-range filter without a plugin: the newest n rows of each, n = the
 * rows in the range, as in scenario 1). It returns only existing records, not one object per day.
 */
export function postgraphileDaysQuery(userId: string, counts: { sleep: number; nightlyRecharge: number; dailyActivity: number; cardioLoad: number }): string {
  const list = (field: string, n: number, fields: string) => `${field}(condition: { userId: "${userId}" }, orderBy: DATE_DESC, first: ${n}) { date ${fields} }`;
  return `query Days {
  ${list('allSleepsList', counts.sleep, 'sleepScore lightSleep deepSleep remSleep sleepStartTime sleepEndTime')}
  ${list('allNightlyRechargesList', counts.nightlyRecharge, 'heartRateVariabilityAvg heartRateAvg breathingRateAvg ansCharge')}
  ${list('allDailyActivitiesList', counts.dailyActivity, 'steps calories activeCalories')}
  ${list('allCardioLoadsList', counts.cardioLoad, 'cardioLoad strain tolerance cardioLoadStatus')}
}`;
}

/** A one-user dashboard: the last 30 days of sleep score, HRV and steps. */
export function dashboardQuery(from: string, to: string): string {
  return `query Dashboard {
  viewer {
    days(from: "${from}", to: "${to}") {
      date
      sleep { sleepScore }
      nightlyRecharge { heartRateVariabilityAvg }
      dailyActivity { steps }
    }
  }
}`;
}

// ---- analytics fields by introspection ------------------------------------------------------------

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  args: { name: string; type: TypeRef; defaultValue: string | null }[];
  type: TypeRef;
}
interface FullType {
  name: string;
  kind: string;
  fields: Field[] | null;
  possibleTypes: { name: string }[] | null;
  enumValues: { name: string }[] | null;
}

export const INTROSPECTION = `query BenchIntrospection {
  __schema { types { name kind possibleTypes { name } enumValues { name } fields { name args { name defaultValue type { ...T } } type { ...T } } } }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

/** The analytics the issue names: readiness, baselines, anomalies (whatever their exact field names). */
const ANALYTICS_FIELD = /^(readiness|baselines?|anomalies)$/i;
/** Preferred values for required enum arguments (e.g. `baseline(metric, window)`); else the first value. */
const PREFERRED_ARGS: Record<string, RegExp[]> = {
  metric: [/^LN_RMSSD$/, /RESTING/],
  window: [/^DAYS_30$/],
};

function named(type: TypeRef): TypeRef {
  let t = type;
  while (t.ofType) t = t.ofType;
  return t;
}

const isRequired = (type: TypeRef) => type.kind === 'NON_NULL';

/**
 * Selection of every scalar/enum leaf under `type`, `depth` object levels deep, skipping fields with
 * required arguments (and, below the first level, connection-like or list-heavy history fields).
 */
function selectionOf(types: Map<string, FullType>, typeName: string, depth: number): string | null {
  const type = types.get(typeName);
  if (!type) return null;
  if (type.kind === 'SCALAR' || type.kind === 'ENUM') return '';
  if (depth <= 0) return null;
  if (type.kind === 'UNION' || type.kind === 'INTERFACE') {
    const parts = (type.possibleTypes ?? []).map((p) => {
      const sel = selectionOf(types, p.name, depth);
      return sel ? `... on ${p.name} { ${sel} }` : null;
    });
    const present = parts.filter((p): p is string => p !== null);
    return present.length > 0 ? `__typename ${present.join(' ')}` : '__typename';
  }
  const parts: string[] = [];
  for (const field of type.fields ?? []) {
    if (field.args.some((a) => isRequired(a.type) && a.defaultValue === null)) continue;
    const inner = named(field.type);
    const sel = selectionOf(types, inner.name!, depth - 1);
    if (sel === null) continue;
    parts.push(sel === '' ? field.name : `${field.name} { ${sel} }`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

export interface AnalyticsFields {
  /** Names of the analytics fields found on Day. */
  fields: string[];
  /** GraphQL selection to append inside `days { … }`; empty when none. */
  selection: string;
}

export function analyticsFieldsOf(introspection: { __schema: { types: FullType[] } }): AnalyticsFields {
  const types = new Map(introspection.__schema.types.map((t) => [t.name, t]));
  const day = types.get('Day');
  const fields: string[] = [];
  const parts: string[] = [];
  for (const field of day?.fields ?? []) {
    if (!ANALYTICS_FIELD.test(field.name)) continue;
    // Scalar and enum leaves of the field's type (nested objects/history lists left out).
    const sel = selectionOf(types, named(field.type).name!, 1);
    if (sel === null) continue;
    const required = field.args.filter((a) => isRequired(a.type) && a.defaultValue === null);
    if (required.length === 0) {
      fields.push(field.name);
      parts.push(sel === '' ? field.name : `${field.name} { ${sel} }`);
      continue;
    }
    // Required arguments: only enums can be filled in; one aliased call per preferred value of the first.
    const choices = required.map((arg) => {
      const values = types.get(named(arg.type).name!)?.enumValues?.map((v) => v.name) ?? [];
      const preferred = (PREFERRED_ARGS[arg.name] ?? []).map((re) => values.find((v) => re.test(v))).filter((v): v is string => v !== undefined);
      return { arg: arg.name, values: preferred.length > 0 ? preferred : values.slice(0, 1) };
    });
    if (choices.some((c) => c.values.length === 0)) continue;
    const [first, ...rest] = choices;
    for (const value of first!.values) {
      const argList = [`${first!.arg}: ${value}`, ...rest.map((c) => `${c.arg}: ${c.values[0]}`)].join(', ');
      const alias = `${field.name}_${value.toLowerCase()}`;
      fields.push(`${field.name}(${argList})`);
      parts.push(`${alias}: ${field.name}(${argList})${sel === '' ? '' : ` { ${sel} }`}`);
    }
  }
  return { fields, selection: parts.join('\n      ') };
}
