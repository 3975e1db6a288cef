import type { Column, Constraint, DomainCheck, Identity, ForeignKeyTarget, ViewColumnComment } from '../model/snapshot.js';
import type { Change } from './change.js';
import type { Draft, PropertyDifference } from './diff-objects.js';
import { collapseWhitespace } from './postgres/canonical.js';

/**
 * One-line messages, complete on their own:
 *   column public.users.email: type text expected, character varying(255) found
 *   index public.orders.orders_user_id_idx is missing
 *   column public.users.hotfix_flag is not expected (boolean)
 *   index public.orders.orders_created_idx is invalid (a failed CREATE INDEX CONCURRENTLY leaves it so)
 */

/**
 * @example
 * messageFor(draft) // 'column public.users.email: type text expected, character varying(255) found'
 */
export function messageFor(draft: Draft): string {
  const { label, objectType } = draft.identity;
  const other = draft.pairedWith;
  const hint = pairHint(draft.renameHint, other && { objectType: other.identity.objectType, name: other.identity.name, kind: other.kind });
  if (draft.kind === 'missing') return `${label} is missing${detail(objectType, draft.expected)}${hint}`;
  if (draft.kind === 'unexpected') return `${label} is not expected${detail(objectType, draft.actual)}${hint}`;
  const phrases = draft.differences.filter((d) => !d.derived).map(phrase);
  const only = phrases.length === 1 ? phrases[0] : undefined;
  if (only !== undefined && only.state) return `${label} is ${only.text}`;
  return `${label}: ${phrases.map((p) => p.text).join('; ')}`;
}

/** The end of a paired change's message: what the other change of the pair is. */
function pairHint(renameHint: { readonly from: string; readonly to: string } | undefined, other: Pick<Change, 'objectType' | 'name' | 'kind'> | undefined): string {
  if (renameHint) return ` (looks like a rename of ${renameHint.from} to ${renameHint.to})`;
  if (other) return ` (the same columns are made unique by ${other.objectType} ${other.name}, ${other.kind === 'missing' ? 'expected' : 'found'} instead)`;
  return '';
}

/**
 * A change of a pair on its own, once the other change is left out of the report (ignored):
 * a pairing with an object nobody compares would name it, and count two changes as one.
 *
 * @example
 * unpaired(missingMail, unexpectedEmail).message // 'column public.users.mail is missing (text)'
 */
export function unpaired(change: Change, other: Change): Change {
  const { renameHint: _hint, pairedWith: _with, ...rest } = change;
  const suffix = pairHint(change.renameHint, other);
  return { ...rest, message: change.message.endsWith(suffix) ? change.message.slice(0, -suffix.length) : change.message };
}

/** What a missing or unexpected object is, when its name alone does not say enough. */
function detail(objectType: string, object: object | null): string {
  if (object === null) return '';
  if (objectType === 'column') {
    const c = object as Column;
    return ` (${c.type}${c.notNull ? ' NOT NULL' : ''})`;
  }
  if (objectType === 'constraint') return ` (${oneLine((object as Constraint).definition)})`;
  return '';
}

interface Phrase {
  readonly text: string;
  /** A state of the object ("invalid", "disabled"): reads `X is invalid` when alone. */
  readonly state: boolean;
}

const LONG = 160;
/** Properties holding SQL text long enough that the text report diffs them line by line. */
const BODIES = new Set(['definition', 'body']);

const INVALID_INDEX = 'invalid (a failed CREATE INDEX CONCURRENTLY leaves it so)';

/** Booleans read as the SQL that sets them: [when true, when false]. */
const BOOLEAN_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  notNull: ['NOT NULL', 'nullable'],
  rlsEnabled: ['row level security enabled', 'row level security disabled'],
  rlsForced: ['row level security forced', 'row level security not forced'],
  validated: ['validated', 'NOT VALID'],
  deferrable: ['DEFERRABLE', 'NOT DEFERRABLE'],
  initiallyDeferred: ['INITIALLY DEFERRED', 'INITIALLY IMMEDIATE'],
  unique: ['UNIQUE', 'not unique'],
  strict: ['STRICT', 'CALLED ON NULL INPUT'],
  securityDefiner: ['SECURITY DEFINER', 'SECURITY INVOKER'],
  leakproof: ['LEAKPROOF', 'NOT LEAKPROOF'],
  cycle: ['CYCLE', 'NO CYCLE'],
  permissive: ['PERMISSIVE', 'RESTRICTIVE'],
  materialized: ['materialized', 'not materialized'],
  grantable: ['WITH GRANT OPTION', 'without GRANT OPTION'],
  valid: ['valid', 'invalid'],
};

/** Trigger firing modes as the ALTER TABLE that sets them. */
const FIRING: Readonly<Record<string, string>> = {
  origin: 'ENABLE',
  disabled: 'DISABLE',
  replica: 'ENABLE REPLICA',
  always: 'ENABLE ALWAYS',
};

const LABELS: Readonly<Record<string, string>> = {
  partitionKey: 'partition key',
  generatedStorage: 'generated storage',
  partitionOf: 'partition of',
  partitionBound: 'partition bound',
  ownedBy: 'owned by',
  baseType: 'base type',
  withCheck: 'with check',
  columnComments: 'column comments',
  enabled: 'firing mode',
  definition: 'definition',
};

function phrase(d: PropertyDifference): Phrase {
  if (d.property === 'valid' && d.actual === false) return { text: INVALID_INDEX, state: true };
  if (d.property === 'enabled' && d.actual === 'disabled') return { text: 'disabled', state: true };
  const words = BOOLEAN_WORDS[d.property];
  if (words && typeof d.expected === 'boolean' && typeof d.actual === 'boolean') {
    return { text: `${words[d.expected ? 0 : 1]} expected, ${words[d.actual ? 0 : 1]} found`, state: false };
  }
  const label = LABELS[d.property] ?? d.property;
  const expected = format(d.property, d.expected);
  const actual = format(d.property, d.actual);
  // A view or a function body twice on one line helps nobody: the change carries both in full,
  // and the text report shows them as a unified diff.
  const multiLine = BODIES.has(d.property) && [d.expected, d.actual].some((v) => typeof v === 'string' && v.trim().includes('\n'));
  if (multiLine || expected.length > LONG || actual.length > LONG) return { text: `${label} differs (see expected and actual)`, state: false };
  return { text: `${label} ${expected} expected, ${actual} found`, state: false };
}

/**
 * What one property's value says about an object, on its own: `NOT NULL`, `nullable`,
 * `default now()`, `definition PRIMARY KEY (id)`.
 *
 * @example propertyState('notNull', false) // 'nullable'
 */
export function propertyState(property: string, value: unknown): string {
  const words = BOOLEAN_WORDS[property];
  if (words && typeof value === 'boolean') return words[value ? 0 : 1];
  return `${LABELS[property] ?? property} ${format(property, value)}`;
}

/** A value on one line. */
export function format(property: string, value: unknown): string {
  if (value === null || value === undefined) return property === 'collation' ? 'default' : 'none';
  switch (property) {
    case 'comment':
      return quote(String(value));
    case 'labels':
      return list((value as readonly string[]).map(quote));
    case 'enabled':
      return FIRING[String(value)] ?? String(value);
    case 'identity':
      return identity(value as Identity);
    case 'references':
      return references(value as ForeignKeyTarget);
    case 'checks':
      return list(
        (value as readonly DomainCheck[]).map(
          (c) => `${c.name} ${oneLine(c.definition)}${c.validated ? '' : ' NOT VALID'}${c.comment ? ` COMMENT ${quote(c.comment)}` : ''}`,
        ),
      );
    case 'columnComments':
      return list((value as readonly ViewColumnComment[]).map((c) => `${c.name} ${quote(c.comment)}`));
    case 'attributes':
      return list((value as readonly { name: string; type: string; collation: string | null }[]).map((a) => `${a.name} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`));
  }
  if (Array.isArray(value)) return list(value.map(String));
  if (typeof value === 'object') return JSON.stringify(value);
  return oneLine(String(value));
}

function identity(i: Identity): string {
  const s = i.sequence;
  return (
    `GENERATED ${i.generation.toUpperCase()} AS IDENTITY (AS ${s.type} START ${s.start} INCREMENT ${s.increment} ` +
    `MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'})`
  );
}

function references(r: ForeignKeyTarget): string {
  return `${r.schema}.${r.table}(${r.columns.join(', ')}) MATCH ${r.match.toUpperCase()} ON UPDATE ${r.onUpdate.toUpperCase()} ON DELETE ${r.onDelete.toUpperCase()}`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : `(${items.join(', ')})`;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''").replace(/\r?\n/g, '\\n')}'`;
}

/** Whitespace collapsed; a line break inside a literal is shown as `\n`. */
function oneLine(s: string): string {
  return collapseWhitespace(s).replace(/\r?\n/g, '\\n');
}
