import type { Severity } from '../compare/change.js';

/**
 * A place in the repository: a file (or folder) as a path relative to the repository root,
 * with `/` separators, and the line and column when known.
 */
export interface CiLocation {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
}

/**
 * One thing a CI format shows — a schema change, a migration-state problem, an object a
 * half-applied revision left out — in the one shape the GitHub, SARIF, JUnit and metrics
 * renderers share, whatever command found it.
 */
export interface CiFinding {
  /** The kind of finding, stable across runs: `drift/column/missing`, `migration/behind`. */
  readonly rule: string;
  readonly severity: Severity;
  /** At or above `--fail-on`: this finding is why the command exits 1. */
  readonly failing: boolean;
  /** Short: `column public.user.email missing`. */
  readonly title: string;
  /** One line, complete on its own (the change's message). */
  readonly message: string;
  /** Identifies the same finding in the next run: the change id (`column:public.user.email`), or the state and revision. */
  readonly fingerprint: string;
  /** Where the code declares, creates or last changed what is found, when known. */
  readonly location: CiLocation | null;
  /** The database object, for labels and logical locations; null for a migration-state finding. */
  readonly object: { readonly type: string; readonly name: string } | null;
  /** The check step it belongs to (`schema`, `migration state`, `models`): a JUnit test suite. */
  readonly step: string;
  /** Metrics labels: the object type (or `migration`) and the kind (`missing`, `behind`…). */
  readonly objectType: string;
  readonly kind: string;
}

/** A command's result as the CI formats see it. */
export interface CiResult {
  /** `check`, `diff`, `diagnose`, `status`. */
  readonly command: string;
  /** `fail` exactly when the command exits 1. */
  readonly status: 'pass' | 'fail';
  /** The first line of the text report, in words. */
  readonly verdict: string;
  /** What was checked (the database, password redacted), for names and labels. */
  readonly target: string;
  /**
   * Where to point a finding that has no place of its own: the migrations folder, the models,
   * or the expected-schema file that was given; null when only databases were compared.
   */
  readonly fallback: CiLocation | null;
  /** The steps this command ran, in order, whether or not they found anything. */
  readonly steps: readonly string[];
  readonly findings: readonly CiFinding[];
  /** The job summary (markdown). */
  readonly summary: string;
}

/** `column public.user.email` style: schema, table and name joined, the parts there are. */
export function qualifiedName(parts: { readonly schema: string | null; readonly table: string | null; readonly name: string }): string {
  return [parts.schema, parts.table, parts.name].filter((p): p is string => p !== null && p !== '').join('.');
}
