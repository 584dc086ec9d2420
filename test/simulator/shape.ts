// Recursive JSON shape comparison: field names, JSON types (integer vs number) and nesting.
// Example payloads are parsed with a literal-aware parser so that `178.0` counts as a float
// field and `81` as an integer field; a field is integer-only when every example writes it so.
import { readFileSync } from 'node:fs';

type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'map';

export interface Schema {
  kinds: Set<Kind>;
  objects: number;
  props: Map<string, { schema: Schema; count: number }>;
  items?: Schema;
  values?: Schema;
}

class Num {
  constructor(
    readonly value: number,
    readonly float: boolean,
  ) {}
}

/** JSON.parse that keeps whether each number literal had a fraction/exponent. */
export function parseLiteral(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const k = value() as string;
        ws();
        i++; // :
        out[k] = value();
        ws();
        if (text[i++] === '}') return out;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === ']') return out;
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    const m = /^(?:true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`parseLiteral: unexpected ${text.slice(i, i + 20)}`);
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    return new Num(Number(m[0]), m[1] !== undefined || m[2] !== undefined);
  };
  return value();
}

const TIME_KEY = /^\d{2}:\d{2}$/;

function kindOf(v: unknown): Kind {
  if (v instanceof Num) return v.float ? 'number' : 'integer';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v as Kind;
}

function emptySchema(): Schema {
  return { kinds: new Set(), objects: 0, props: new Map() };
}

function isMapObject(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => TIME_KEY.test(k));
}

export function addExample(schema: Schema, v: unknown): Schema {
  const kind = kindOf(v);
  if (kind === 'object' && isMapObject(v as Record<string, unknown>)) {
    schema.kinds.add('map');
    schema.values ??= emptySchema();
    for (const x of Object.values(v as object)) addExample(schema.values, x);
    return schema;
  }
  schema.kinds.add(kind);
  if (kind === 'object') {
    schema.objects++;
    for (const [k, x] of Object.entries(v as object)) {
      let p = schema.props.get(k);
      if (!p) schema.props.set(k, (p = { schema: emptySchema(), count: 0 }));
      p.count++;
      addExample(p.schema, x);
    }
  } else if (kind === 'array') {
    for (const x of v as unknown[]) addExample((schema.items ??= emptySchema()), x);
  }
  return schema;
}

const EXAMPLES = '/work/shared/accesslink/';

/** Merged schema of example files (relative to shared/accesslink, e.g. `official/sleep.json`). */
export function schemaOf(...files: string[]): Schema {
  const s = emptySchema();
  for (const f of files) addExample(s, parseLiteral(readFileSync(EXAMPLES + f, 'utf8')));
  return s;
}

/** Schema of the elements of example arrays. */
export function itemSchemaOf(...files: string[]): Schema {
  const s = schemaOf(...files);
  if (!s.items) throw new Error('not an array example');
  return s.items;
}

export interface ShapeOptions {
  /** Keys that may be absent even though every example has them. */
  optional?: string[];
}

export function shapeDiff(actual: unknown, schema: Schema, options: ShapeOptions = {}, path = '$'): string[] {
  const errs: string[] = [];
  const kind = kindOf(actual);
  if (kind === 'object' && schema.kinds.has('map') && schema.values) {
    const keys = Object.keys(actual as object);
    if (keys.every((k) => TIME_KEY.test(k))) {
      for (const [k, x] of Object.entries(actual as object)) errs.push(...shapeDiff(x, schema.values, options, `${path}["${k}"]`));
      return errs;
    }
  }
  const accepted = schema.kinds.has(kind) || (kind === 'integer' && schema.kinds.has('number'));
  if (!accepted) return [`${path}: expected ${[...schema.kinds].join('|')}, got ${kind} (${JSON.stringify(actual)?.slice(0, 40)})`];
  if (kind === 'object') {
    const obj = actual as Record<string, unknown>;
    for (const [k, x] of Object.entries(obj)) {
      const p = schema.props.get(k);
      if (!p) errs.push(`${path}: unexpected key "${k}"`);
      else errs.push(...shapeDiff(x, p.schema, options, `${path}.${k}`));
    }
    for (const [k, p] of schema.props)
      if (p.count === schema.objects && !(k in obj) && !options.optional?.includes(k)) errs.push(`${path}: missing key "${k}"`);
  } else if (kind === 'array' && schema.items) {
    (actual as unknown[]).forEach((x, i) => errs.push(...shapeDiff(x, schema.items!, options, `${path}[${i}]`)));
  }
  return errs;
}
