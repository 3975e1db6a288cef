import { InputError } from '../errors.js';
import { ident } from '../ddl/quote.js';
import type { Snapshot } from '../model/snapshot.js';

/**
 * Tenant schemas: one expected schema, written once (`CREATE TABLE account …` in `public`, or a
 * snapshot of one schema), compared with each schema of a database that a glob matches
 * (`tenant_*`). The expected side is *mapped* onto each tenant: what belongs to the template
 * schema is renamed into the tenant's, consistently — the objects' own schema, and every
 * reference to them in catalog text (`REFERENCES public.account(id)`,
 * `nextval('public.account_id_seq'::regclass)`, `'active'::public.status`, a column of type
 * `public.status`, `EXECUTE FUNCTION public.touch()`). A reference to something the template does
 * not declare (`public.citext` of an extension, a shared `billing.currency`) stays as written,
 * since every tenant shares it. What cannot be mapped with certainty is refused (exit 2), never
 * guessed: a function body naming a template object with its schema, a `search_path` setting
 * naming the template schema, the template's name used for something other than a schema.
 *
 * Extensions are database-wide, not part of any tenant schema: they are left out of tenant
 * comparisons (check them with a plain `check`).
 */
export interface TenantTemplate {
  /** The schema of the expected side that every tenant schema is compared with. */
  readonly schema: string;
  /** The expected snapshot reduced to that schema (its extensions left out). */
  readonly snapshot: Snapshot;
  /** Names of the template's objects a qualified reference can name: relations, sequences, types, functions. */
  readonly declared: ReadonlySet<string>;
}

type Named = { readonly schema: string };

/** The lists of a snapshot whose entries carry a `schema`. */
const SCHEMA_LISTS = ['tables', 'constraints', 'indexes', 'sequences', 'views', 'functions', 'triggers', 'enums', 'domains', 'compositeTypes', 'policies'] as const;

/**
 * The template of a tenant check: the one schema the expected side declares objects in.
 *
 * @throws InputError (exit 2) when the expected side declares objects in no schema or in more
 *   than one, or holds something that cannot be renamed with certainty
 * @example tenantTemplate(await snapshot('tenant.sql')).schema // 'public'
 */
export function tenantTemplate(expected: Snapshot): TenantTemplate {
  const used = new Set<string>();
  for (const list of SCHEMA_LISTS) for (const o of expected[list] as readonly Named[]) used.add(o.schema);
  if (used.size === 0) throw new InputError(`--schemas: the expected schema (${expected.source.description}) declares no table, view, sequence, type or function to compare tenant schemas with`);
  if (used.size > 1) {
    const names = [...used].sort().join(', ');
    throw new InputError(
      `--schemas maps one expected schema onto each tenant schema, but the expected side has objects in ${names}; choose the template with --schema NAME (objects of the others stay shared references)`,
    );
  }
  const schema = [...used][0] as string;
  const declared = new Set<string>([
    ...expected.tables.map((t) => t.name),
    ...expected.views.map((v) => v.name),
    ...expected.sequences.map((s) => s.name),
    ...expected.indexes.map((i) => i.name),
    ...expected.functions.map((f) => f.name),
    ...expected.enums.map((e) => e.name),
    ...expected.domains.map((d) => d.name),
    ...expected.compositeTypes.map((c) => c.name),
  ]);
  const where = `the expected schema ${schema}`;
  if (declared.has(schema)) throw new InputError(`--schemas: ${where} has an object named ${schema}, like the schema itself; references to it cannot be told from schema names`);
  for (const f of expected.functions) {
    if (namesQualified(f.body, schema, declared)) {
      throw new InputError(`--schemas: the body of function ${schema}.${f.name} names objects of ${schema} with their schema; pgdrift does not rewrite function bodies: write them unqualified (and SET search_path), or check each schema with --schema`);
    }
    const path = (c: string): string[] => c.slice('search_path='.length).split(',').map((p) => p.trim().replace(/^"(.*)"$/, '$1'));
    if (f.config.some((c) => c.startsWith('search_path=') && path(c).includes(schema))) {
      throw new InputError(`--schemas: function ${schema}.${f.name} sets search_path to ${schema}; whether a tenant's copy should keep it or name its own schema cannot be told`);
    }
  }
  const keep = <T extends Named>(list: readonly T[]): T[] => list.filter((o) => o.schema === schema);
  const snapshot: Snapshot = {
    ...expected,
    schemas: expected.schemas.filter((s) => s.name === schema),
    extensions: [],
    ...Object.fromEntries(SCHEMA_LISTS.map((l) => [l, keep(expected[l] as readonly Named[])])),
    grants: expected.grants.filter((g) => g.schema === schema),
  } as Snapshot;
  // Map once onto the template's own name: whatever cannot be mapped fails now, before any database is read.
  mapToSchema({ schema, snapshot, declared }, `${schema}_pgdrift_probe`);
  return { schema, snapshot, declared };
}

/**
 * The template as tenant `tenant` should have it: every object of the template schema moved
 * there, and every qualified reference to one renamed. The `public` schema's own properties
 * (owner, comment, PUBLIC's USAGE) are PostgreSQL's defaults for `public`, not something a
 * tenant schema copies: with `public` as template the tenant schema's own properties and grants
 * are not compared.
 *
 * @example mapToSchema(template, 'tenant_a').tables[0].schema // 'tenant_a'
 * @throws InputError (exit 2) for catalog text that uses the template's name other than as a schema
 */
export function mapToSchema(template: TenantTemplate, tenant: string): Snapshot {
  const { schema: from, snapshot: s, declared } = template;
  const text = (t: string): string => mapText(t, from, tenant, declared);
  const opt = (t: string | null): string | null => (t === null ? null : text(t));
  const dotted = (t: string): string => (t.startsWith(`${from}.`) && declared.has(t.slice(from.length + 1).split('.')[0] as string) ? `${tenant}.${t.slice(from.length + 1)}` : t);
  const sch = (name: string): string => (name === from ? tenant : name);
  const publicTemplate = from === 'public' && tenant !== 'public';
  return {
    ...s,
    schemas: s.schemas.map((o) => ({ ...o, name: sch(o.name), ...(publicTemplate ? { owner: null, comment: null } : {}) })),
    tables: s.tables.map((t) => ({
      ...t,
      schema: sch(t.schema),
      partitionOf: t.partitionOf === null ? null : dotted(t.partitionOf),
      partitionBound: opt(t.partitionBound),
      partitionKey: opt(t.partitionKey),
      inherits: t.inherits.map(dotted),
      columns: t.columns.map((c) => ({ ...c, type: text(c.type), default: opt(c.default), generated: opt(c.generated) })),
    })),
    constraints: s.constraints.map((c) => ({
      ...c,
      schema: sch(c.schema),
      definition: text(c.definition),
      references: c.references === null ? null : { ...c.references, schema: c.references.schema === from && declared.has(c.references.table) ? tenant : c.references.schema },
    })),
    indexes: s.indexes.map((i) => ({ ...i, schema: sch(i.schema), definition: text(i.definition), keys: i.keys.map(text), include: i.include.map(text), predicate: opt(i.predicate) })),
    sequences: s.sequences.map((q) => ({ ...q, schema: sch(q.schema), type: text(q.type), ownedBy: q.ownedBy === null ? null : dotted(q.ownedBy) })),
    views: s.views.map((v) => ({ ...v, schema: sch(v.schema), definition: text(v.definition) })),
    functions: s.functions.map((f) => ({
      ...f,
      schema: sch(f.schema),
      identityArguments: text(f.identityArguments),
      arguments: text(f.arguments),
      returns: opt(f.returns),
    })),
    triggers: s.triggers.map((t) => ({ ...t, schema: sch(t.schema), definition: text(t.definition), function: dotted(t.function), condition: opt(t.condition) })),
    enums: s.enums.map((e) => ({ ...e, schema: sch(e.schema) })),
    domains: s.domains.map((d) => ({
      ...d,
      schema: sch(d.schema),
      baseType: text(d.baseType),
      default: opt(d.default),
      checks: d.checks.map((c) => ({ ...c, definition: text(c.definition) })),
    })),
    compositeTypes: s.compositeTypes.map((c) => ({ ...c, schema: sch(c.schema), attributes: c.attributes.map((a) => ({ ...a, type: text(a.type) })) })),
    policies: s.policies.map((p) => ({ ...p, schema: sch(p.schema), using: opt(p.using), withCheck: opt(p.withCheck) })),
    grants: s.grants
      .filter((g) => !(publicTemplate && g.objectType === 'schema'))
      .map((g) => ({
        ...g,
        schema: sch(g.schema),
        object: g.objectType === 'schema' ? sch(g.object) : g.objectType === 'function' ? text(g.object) : g.object,
      })),
  };
}

/**
 * A tenant's part of a database snapshot: the objects in schema `name`. Extensions are left out
 * (database-wide, compared by a plain check), and so are grants on other schemas.
 */
export function restrictToSchema(actual: Snapshot, name: string): Snapshot {
  const keep = <T extends Named>(list: readonly T[]): T[] => list.filter((o) => o.schema === name);
  return {
    ...actual,
    source: { ...actual.source, description: `${actual.source.description} schema ${name}` },
    schemas: actual.schemas.filter((s) => s.name === name),
    extensions: [],
    ...Object.fromEntries(SCHEMA_LISTS.map((l) => [l, keep(actual[l] as readonly Named[])])),
    grants: actual.grants.filter((g) => g.schema === name),
  } as Snapshot;
}

/** With `public` as template, the tenant schema's own owner, comment and grants are not compared (see `mapToSchema`). */
export function withoutSchemaProperties(actual: Snapshot, template: TenantTemplate): Snapshot {
  if (template.schema !== 'public') return actual;
  return {
    ...actual,
    schemas: actual.schemas.map((s) => (s.name === 'public' ? s : { ...s, owner: null, comment: null })),
    grants: actual.grants.filter((g) => g.objectType !== 'schema' || g.object === 'public'),
  };
}

/** One lexical token of catalog text: an identifier (bare or quoted) with its name, a literal, or anything else. */
interface Token {
  readonly kind: 'ident' | 'string' | 'other';
  readonly start: number;
  readonly end: number;
  /** The identifier's name: a bare one folded to lower case, a quoted one unescaped. */
  readonly name?: string;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

function* tokens(text: string): Generator<Token> {
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const start = i;
    if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'" && !IDENT_PART.test(text[i - 1] ?? ' '))) {
      const escapes = c !== "'";
      i += escapes ? 2 : 1;
      while (i < text.length) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
      yield { kind: 'string', start, end: Math.min(i, text.length) };
    } else if (c === '"') {
      i++;
      let name = '';
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          name += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else name += text[i++];
      }
      i++;
      yield { kind: 'ident', start, end: Math.min(i, text.length), name };
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(text.slice(i)) && !IDENT_PART.test(text[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? text.length : close + tag.length;
      yield { kind: 'string', start, end: i };
    } else if (IDENT_START.test(c)) {
      while (i < text.length && IDENT_PART.test(text[i] as string)) i++;
      yield { kind: 'ident', start, end: i, name: text.slice(start, i).toLowerCase() };
    } else {
      i++;
      yield { kind: 'other', start, end: i };
    }
  }
}

/** Catalog casts whose string literal is itself a (qualified) object name. */
const NAME_CASTS = /^::(regclass|regtype|regproc|regprocedure|regoper|regoperator|regconfig|regdictionary|regcollation)\b/;

/**
 * `text` with each reference `from.X` to a declared object X renamed `tenant.X`, inside the
 * string literals of `::regclass` and the other name casts too. Other literals are data and stay.
 *
 * @example mapText("nextval('public.account_id_seq'::regclass)", 'public', 'tenant_a', new Set(['account_id_seq'])) // "nextval('tenant_a.account_id_seq'::regclass)"
 * @throws InputError when `from` appears as a name but not as a schema qualifier (a column or an alias of that name)
 */
export function mapText(text: string, from: string, tenant: string, declared: ReadonlySet<string>): string {
  if (from === tenant) return text;
  const all = [...tokens(text)];
  let out = '';
  let last = 0;
  for (let k = 0; k < all.length; k++) {
    const t = all[k] as Token;
    if (t.kind === 'string') {
      const cast = NAME_CASTS.test(text.slice(t.end));
      if (!cast) continue;
      const quoted = text.slice(t.start, t.end);
      if (!quoted.startsWith("'") || !quoted.endsWith("'")) continue;
      const inner = quoted.slice(1, -1).replaceAll("''", "'");
      const mapped = mapText(inner, from, tenant, declared);
      if (mapped !== inner) {
        out += text.slice(last, t.start) + `'${mapped.replaceAll("'", "''")}'`;
        last = t.end;
      }
      continue;
    }
    if (t.kind !== 'ident' || t.name !== from) continue;
    const before = all[k - 1];
    const afterDot = before !== undefined && before.kind === 'other' && text[before.start] === '.';
    if (afterDot) continue;
    const dot = all[k + 1];
    const next = all[k + 2];
    const qualifies = dot !== undefined && dot.kind === 'other' && text[dot.start] === '.' && next !== undefined && next.kind === 'ident';
    if (!qualifies) {
      throw new InputError(`--schemas: "${text.slice(0, 120)}" uses the name ${from} other than as a schema; it cannot be mapped onto tenant schemas with certainty`);
    }
    if (!declared.has(next.name as string)) continue;
    out += text.slice(last, t.start) + ident(tenant);
    last = t.end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Whether `text` (a function body, raw) names a declared object qualified with `schema`, anywhere, strings and comments included. */
function namesQualified(text: string, schema: string, declared: ReadonlySet<string>): boolean {
  const pair = /("(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)\s*\.\s*("(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)/g;
  const norm = (s: string): string => (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s.toLowerCase());
  // One match at a time, each from the end of the previous one's first name: `a.public.account` is seen as `public.account` too.
  for (let m = pair.exec(text); m !== null; m = pair.exec(text)) {
    if (norm(m[1] as string) === schema && declared.has(norm(m[2] as string))) return true;
    pair.lastIndex = m.index + (m[1] as string).length;
  }
  return false;
}
