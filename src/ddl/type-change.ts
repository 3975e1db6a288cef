/**
 * What changing a column's type takes: whether `ALTER COLUMN … TYPE` needs a USING expression,
 * whether the conversion can lose information, and whether it rewrites the table. Types are
 * `format_type` text (`character varying(20)`, `numeric(10,2)[]`, `timestamp(3) without time zone`).
 *
 * A conversion is lossless when every value either converts exactly or makes the statement
 * fail (an assignment cast to a shorter `varchar` fails rather than truncates); one that can
 * round, truncate or drop elements (numeric scale, timestamp precision, an array to its first
 * element, json to jsonb) or that is not known is not.
 */
export interface TypeChange {
  /** The USING expression, or null when the implicit (assignment) conversion does it. */
  readonly using: string | null;
  readonly lossless: boolean;
  readonly rewrites: boolean;
}

/** What else is known about the two types: whether `to` is a domain over `from` (or the reverse), an enum. */
export interface TypeFacts {
  readonly domainOver: (domain: string, base: string) => boolean;
  readonly isEnum: (type: string) => boolean;
}

interface ParsedType {
  readonly base: string;
  readonly mods: readonly number[] | null;
  readonly dims: number;
}

function parseType(text: string): ParsedType {
  let rest = text.trim();
  let dims = 0;
  while (rest.endsWith('[]')) {
    dims++;
    rest = rest.slice(0, -2);
  }
  const m = /\(([\d,\s]+)\)/.exec(rest);
  const mods = m ? (m[1] as string).split(',').map((n) => Number(n.trim())) : null;
  const base = (m ? rest.replace(m[0], '') : rest).replace(/\s+/g, ' ').trim();
  return { base, mods, dims };
}

const INTEGERS = ['smallint', 'integer', 'bigint'];
const NUMBERS = [...INTEGERS, 'numeric', 'real', 'double precision'];
const STRINGS = ['text', 'character varying', 'character', 'bpchar', 'name'];
const LENGTHS = [...STRINGS, 'bit varying', 'bit'];
const PRECISIONS = ['timestamp without time zone', 'timestamp with time zone', 'time without time zone', 'time with time zone', 'interval'];
const DATETIMES = ['date', 'timestamp without time zone', 'timestamp with time zone'];
const JSONS = ['json', 'jsonb'];

/**
 * @example
 * typeChange('x', 'integer', 'bigint', facts)               // { using: null, lossless: true, rewrites: true }
 * typeChange('x', 'character varying(10)', 'text', facts)   // { using: null, lossless: true, rewrites: false }
 * typeChange('x', 'integer', 'integer[]', facts)            // { using: 'ARRAY[x]::integer[]', lossless: true, rewrites: true }
 * typeChange('x', 'text', 'app.mood', facts)                // { using: 'x::app.mood', lossless: true, rewrites: true }
 * typeChange('x', 'app.mood', 'app.feeling', facts)         // { using: 'x::text::app.feeling', lossless: false, rewrites: true }
 */
export function typeChange(column: string, fromType: string, toType: string, facts: TypeFacts): TypeChange {
  const from = parseType(fromType);
  const to = parseType(toType);
  if (from.dims === 0 && to.dims > 0) return { using: `ARRAY[${column}]::${toType}`, lossless: true, rewrites: true };
  if (from.dims > 0 && to.dims === 0) return { using: `${column}[1]::${toType}`, lossless: false, rewrites: true };
  const sameBase = from.base === to.base && from.dims === to.dims;
  const assignable =
    from.dims === to.dims &&
    (sameBase ||
      (NUMBERS.includes(from.base) && NUMBERS.includes(to.base)) ||
      STRINGS.includes(to.base) ||
      (DATETIMES.includes(from.base) && DATETIMES.includes(to.base)) ||
      (JSONS.includes(from.base) && JSONS.includes(to.base)) ||
      facts.domainOver(toType, fromType) ||
      facts.domainOver(fromType, toType));
  // No cast leads from an enum to another type but text's I/O conversion: go through text.
  const throughText = !assignable && from.dims === to.dims && facts.isEnum(fromType.replace(/(\[\])+$/, ''));
  return {
    using: assignable ? null : throughText ? `${column}::text${'[]'.repeat(from.dims)}::${toType}` : `${column}::${toType}`,
    lossless: sameBase ? sameBaseLossless(from, to) : otherLossless(from, to, fromType, toType, facts),
    rewrites: !(sameBase && sameBaseBinary(from, to)) && !(from.dims === to.dims && binaryStrings(from, to)),
  };
}

function sameBaseLossless(from: ParsedType, to: ParsedType): boolean {
  if (LENGTHS.includes(from.base)) return true;
  if (from.base === 'numeric') {
    if (to.mods === null) return true;
    const fromScale = from.mods === null ? Infinity : (from.mods[1] ?? 0);
    return (to.mods[1] ?? 0) >= fromScale;
  }
  if (PRECISIONS.includes(from.base)) {
    if (to.mods === null) return true;
    return from.mods !== null && (to.mods[0] ?? 0) >= (from.mods[0] ?? 0);
  }
  return to.mods === null || (from.mods !== null && from.mods.every((m, i) => (to.mods?.[i] ?? 0) >= m));
}

function otherLossless(from: ParsedType, to: ParsedType, fromType: string, toType: string, facts: TypeFacts): boolean {
  if (from.dims !== to.dims) return false;
  if (INTEGERS.includes(from.base) && (INTEGERS.includes(to.base) || (to.base === 'numeric' && to.mods === null))) return true;
  if (['smallint', 'integer'].includes(from.base) && to.base === 'double precision') return true;
  if (STRINGS.includes(to.base)) return true;
  if (from.base === 'date' && to.base.startsWith('timestamp')) return true;
  if (from.base === 'timestamp without time zone' && to.base === 'timestamp with time zone') return to.mods === null || (from.mods !== null && (to.mods[0] ?? 0) >= (from.mods[0] ?? 0));
  if (from.base === 'jsonb' && to.base === 'json') return true;
  if (STRINGS.includes(from.base) && facts.isEnum(toType)) return true;
  return facts.domainOver(toType, fromType) || facts.domainOver(fromType, toType);
}

/** The same type with a wider (or no) length or precision: PostgreSQL keeps the stored data. */
function sameBaseBinary(from: ParsedType, to: ParsedType): boolean {
  if (to.mods === null) return from.base !== 'character' && from.base !== 'bit';
  if (from.mods === null) return false;
  if (['character varying', 'bit varying'].includes(from.base)) return (to.mods[0] ?? 0) >= (from.mods[0] ?? 0);
  if (from.base === 'numeric') return (to.mods[1] ?? 0) === (from.mods[1] ?? 0) && (to.mods[0] ?? 0) >= (from.mods[0] ?? 0);
  if (PRECISIONS.includes(from.base)) return (to.mods[0] ?? 0) >= (from.mods[0] ?? 0);
  return false;
}

/** text ↔ unbounded varchar, varchar(n) → text: the same bytes on disk. */
function binaryStrings(from: ParsedType, to: ParsedType): boolean {
  const unbounded = (t: ParsedType): boolean => t.base === 'text' || (t.base === 'character varying' && t.mods === null);
  return (from.base === 'character varying' || from.base === 'text') && unbounded(to);
}
