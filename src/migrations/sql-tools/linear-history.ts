import { RevisionGraph } from '../graph.js';
import type { MigrationHistory, MigrationRevision, MigrationTool } from '../history.js';
import { withEachScriptGroupApplied, withScriptsApplied } from '../../shadow/shadow-with-scripts.js';
import { parseScript } from '../../shadow/parsed-script.js';
import { lineColumn } from '../../shadow/source-text.js';
import { statementKind, type MigrationStatement } from '../migration-statement.js';
import type { SqlScript } from '../../shadow/source-text.js';

/** One migration of a SQL-file tool, already in apply order. */
export interface SqlMigration {
  /** The version as the tool records it in its table (`20240101120000`, `1.2`, `3`). */
  readonly id: string;
  readonly file: string;
  readonly message: string | null;
  /** What runs on `up`: the file, or its `-- migrate:up` section (other text blanked, positions kept). */
  readonly up: SqlScript;
}

/**
 * A history of SQL files applied in a fixed order: each revision sits on the previous one.
 * Files are applied like `psql -f` (statement by statement), so errors cite `file:line:col`.
 *
 * @example linearSqlHistory('golang-migrate', 'db/migrations', 'schema_migrations', 'tips', migrations, [])
 */
export function linearSqlHistory(
  tool: MigrationTool,
  dir: string,
  versionTable: string,
  records: 'tips' | 'each',
  migrations: readonly SqlMigration[],
  /**
   * Scripts run after the versioned ones (Flyway's repeatable `R__` files). Only when the
   * revisions reach the newest version: at an older one, which state of a repeatable ran then is
   * not known from the files (and it may well need a later version's objects).
   */
  always: readonly SqlMigration[],
): MigrationHistory {
  const graph = RevisionGraph.build<MigrationRevision & { readonly up: SqlScript }>(
    migrations.map((m, i) => ({
      id: m.id,
      parents: i === 0 ? [] : [(migrations[i - 1] as SqlMigration).id],
      dependsOn: [],
      branchLabels: [],
      file: m.file,
      message: m.message,
      up: m.up,
    })),
  );
  const last = migrations[migrations.length - 1]?.id;
  const reachesHead = (revisions: readonly MigrationRevision[]) => revisions.some((r) => r.id === last);
  return {
    tool,
    dir,
    graph,
    versionTable,
    records,
    inputFiles: (revisions) => [...revisions.map((r) => r.file), ...(reachesHead(revisions) ? always.map((a) => a.file) : [])],
    withApplied(revisions, options, use) {
      const scripts = [...revisions.map((r) => graph.get(r.id).up), ...(reachesHead(revisions) ? always.map((a) => a.up) : [])];
      return withScriptsApplied(scripts, { shadowUrl: options.shadowUrl }, use);
    },
    withEachApplied(revisions, options, step) {
      const groups = revisions.map((r, i) => [graph.get(r.id).up, ...(i === revisions.length - 1 && reachesHead(revisions) ? always.map((a) => a.up) : [])]);
      return withEachScriptGroupApplied(groups, { shadowUrl: options.shadowUrl }, step);
    },
    async statementsOf(revision) {
      // The newest version's step also runs the repeatable scripts (see withEachApplied).
      const scripts = [graph.get(revision.id).up, ...(revision.id === last ? always.map((a) => a.up) : [])];
      return (await Promise.all(scripts.map(scriptStatements))).flat();
    },
  };
}

/** A migration file's statements, each at its line of the file; a file the parser rejects has none. */
async function scriptStatements(script: SqlScript): Promise<readonly MigrationStatement[]> {
  const parsed = await parseScript(script);
  return (parsed.statements ?? []).map((st) => {
    // The parser's statement starts where the previous one ended: skip to its first word.
    const lead = /^\s*/.exec(st.text)?.[0].length ?? 0;
    return {
      sql: st.text.slice(lead),
      file: script.name,
      line: lineColumn(parsed.text, st.index + lead).line,
      kind: statementKind(st.text),
      // psql-style: each statement on its own, so CONCURRENTLY works where the tool lets it.
      transactional: true,
    };
  });
}
