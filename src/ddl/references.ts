import { parseOrNull } from '../compare/postgres/parser.js';
import { wrap, type FragmentKind } from '../compare/postgres/wrappers.js';

/**
 * What a piece of catalog text refers to, read with the real PostgreSQL parser: the relations,
 * functions and types it names. Catalog text is schema-qualified (pgdrift reads it with
 * `search_path = ''`), so every user object appears as `schema.name`; names without a schema
 * are built-in or local (CTEs, columns) and are left out. This is what orders views after what
 * they select from and finds the dependents of an object that is dropped and re-created.
 */
export interface References {
  /** `schema.name` of tables, views and sequences (`nextval('s.q'::regclass)` counts). */
  readonly relations: ReadonlySet<string>;
  /** `schema.name` of functions called (any overload). */
  readonly functions: ReadonlySet<string>;
  /** `schema.name` of types named in casts, column types and signatures. */
  readonly types: ReadonlySet<string>;
}

/** The kinds of text read here: the comparator's fragment kinds, plus a type and a routine's result. */
export type ReferenceSource = FragmentKind | 'type' | 'function result';

const EMPTY: References = { relations: new Set(), functions: new Set(), types: new Set() };
const cache = new Map<string, References>();

/**
 * The references in one piece of catalog text; text the parser rejects refers to nothing.
 * Requires the parser to be loaded (`loadParser()`), as `compare()` does.
 *
 * @example
 * referencesIn('view', ' SELECT u.id FROM app.users u JOIN app.orders o ON o.uid = u.id;').relations
 * // Set { 'app.users', 'app.orders' }
 * referencesIn('expression', "nextval('app.users_id_seq'::regclass)").relations // Set { 'app.users_id_seq' }
 * referencesIn('type', 'app.mood[]').types // Set { 'app.mood' }
 */
export function referencesIn(source: ReferenceSource, text: string | null): References {
  if (text === null || text.trim() === '') return EMPTY;
  const cacheKey = `${source}\u0000${text}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const tree = parseOrNull(statementFor(source, text));
  const found = { relations: new Set<string>(), functions: new Set<string>(), types: new Set<string>() };
  if (tree !== null) walk(tree, found);
  cache.set(cacheKey, found);
  return found;
}

/**
 * True when some text refers to an object named `schema.name` in any of these ways.
 *
 * @example
 * mentions(referencesIn('expression', 'app.f(x)'), 'app.f') // true
 */
export function mentions(refs: References, qualifiedName: string): boolean {
  return refs.relations.has(qualifiedName) || refs.functions.has(qualifiedName) || refs.types.has(qualifiedName);
}

function statementFor(source: ReferenceSource, text: string): string {
  switch (source) {
    case 'type':
      return `SELECT NULL::${text}`;
    case 'function result':
      return `CREATE FUNCTION pgdrift_wrapper() RETURNS ${text} LANGUAGE sql AS ''`;
    case 'view':
      return text.trim().replace(/;$/, '');
    default:
      return wrap(source, text);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((n) => (isObject(n) && isObject(n.String) && typeof n.String.sval === 'string' ? n.String.sval : ''));
}

function qualifiedName(parts: readonly string[]): string | null {
  if (parts.length !== 2 || parts[0] === 'pg_catalog' || parts[0] === '') return null;
  return `${parts[0]}.${parts[1]}`;
}

function walk(node: unknown, found: { relations: Set<string>; functions: Set<string>; types: Set<string> }): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, found);
    return;
  }
  if (!isObject(node)) return;
  const range = node.RangeVar;
  if (isObject(range) && typeof range.schemaname === 'string' && typeof range.relname === 'string') {
    found.relations.add(`${range.schemaname}.${range.relname}`);
  }
  const call = node.FuncCall;
  if (isObject(call)) {
    const name = qualifiedName(names(call.funcname));
    if (name !== null) found.functions.add(name);
  }
  if (Array.isArray(node.names) && 'typemod' in node) {
    const name = qualifiedName(names(node.names));
    if (name !== null) found.types.add(name);
  }
  const cast = node.TypeCast;
  if (isObject(cast)) {
    // 'schema.seq'::regclass names a relation inside a string, as a serial's default does.
    const type = isObject(cast.typeName) ? names(cast.typeName.names) : [];
    const arg = isObject(cast.arg) && isObject(cast.arg.A_Const) && isObject(cast.arg.A_Const.sval) ? cast.arg.A_Const.sval.sval : undefined;
    if (type[type.length - 1] === 'regclass' && typeof arg === 'string') {
      const name = qualifiedName(splitQualified(arg));
      if (name !== null) found.relations.add(name);
    }
  }
  for (const v of Object.values(node)) walk(v, found);
}

/** `app."My Seq"` → ['app', 'My Seq'], as regclass output quotes names. */
function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === '.') {
      parts.push(current);
      current = '';
    } else current += ch.toLowerCase();
  }
  parts.push(current);
  return parts;
}
