import { loadParser, parseOrNull } from './parser.js';
import { normalizeTree } from './normalize-tree.js';
import { adjust, wrap, type FragmentKind } from './wrappers.js';

export { loadParser };
export type { FragmentKind };

/** Canonical forms already computed; the same text recurs across snapshots (defaults, bodies). */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/**
 * A string that is equal for two catalog texts exactly when PostgreSQL's parser reads them as
 * the same tree (after the version rewrites in `normalize-tree.ts`). Text that does not parse
 * falls back to its whitespace-normalised form; the `tree:` / `text:` prefixes keep the two
 * from ever matching each other. Requires {@link loadParser} to have resolved.
 *
 * @example
 * canonicalFragment('expression', "(('x'::text))") === canonicalFragment('expression', "'x'::text") // true
 * canonicalFragment('view', ' SELECT users.id FROM app.users;') === canonicalFragment('view', 'SELECT id FROM app.users') // true
 */
export function canonicalFragment(kind: FragmentKind, text: string): string {
  const cacheKey = `${kind}\u0000${text}`;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  const tree = parseOrNull(wrap(kind, text));
  const result = tree === null ? `text:${collapseWhitespace(text)}` : `tree:${JSON.stringify(adjust(kind, normalizeTree(tree)))}`;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cacheKey, result);
  return result;
}

/**
 * The canonical form of a routine body. `LANGUAGE sql` bodies go through the parser; other
 * languages (plpgsql, plpython…) are their own text: only line endings (CRLF from a Windows
 * checkout) and trailing whitespace, which editors and git change without meaning to, are
 * ignored.
 *
 * @example
 * canonicalBody('plpgsql', 'BEGIN\r\n  RETURN 1;  \r\nEND;\n\n') === canonicalBody('plpgsql', 'BEGIN\n  RETURN 1;\nEND;') // true
 */
export function canonicalBody(language: string, body: string): string {
  if (language === 'sql') return canonicalFragment('sql body', body);
  return `text:${body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd()}`;
}

/**
 * Whitespace runs outside quoted literals and identifiers become one space; the ends and a
 * final `;` are trimmed. The fallback for text the parser rejects.
 *
 * @example
 * collapseWhitespace("a  =\n 'x  y' ;") // "a = 'x  y'"
 */
export function collapseWhitespace(text: string): string {
  let out = '';
  let quote: string | null = null;
  let pendingSpace = false;
  for (const ch of text) {
    if (quote !== null) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (/\s/.test(ch)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += ch;
    if (ch === "'" || ch === '"') quote = ch;
  }
  return out.replace(/\s*;$/, '');
}
