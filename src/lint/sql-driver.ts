import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { InputError } from '../errors.js';
import type { ApplyOptions, MigrationRevision, MigrationTool } from '../migrations/history.js';
import { statementKind, type MigrationStatement } from '../migrations/migration-statement.js';
import { dbmateMarker, dbmateSection } from '../migrations/sql-tools/dbmate.js';
import { compareFlywayVersions } from '../migrations/sql-tools/flyway.js';
import { listFolder, readText } from '../migrations/sql-tools/read-files.js';
import { statementError } from '../migrations/apply-statements.js';
import { applyScript } from '../shadow/apply-script.js';
import { parseScript, type ParsedScript } from '../shadow/parsed-script.js';
import { openShadowFor } from '../shadow/shadow-with-scripts.js';
import { lineColumn, type SqlScript } from '../shadow/source-text.js';
import { shadowSql } from '../shadow/sql-text.js';
import { serverVersion, type LintDriver, type Place } from './driver.js';
import type { RevisionWatch } from './observe.js';
import { fileTransaction, flywayKnowsNonTransactional, needsNoTransaction } from './transactions.js';
import { multiStatementPlan } from './multi-statement-plan.js';
import { ToolFailure } from './tool-failure.js';
import type { ToolSettings } from './tool-settings.js';

/** A SQL migration's script in one direction, and how the tool runs it. */
interface SqlStep {
  readonly script: SqlScript;
  /** The line the section starts at (dbmate's marker), else 1. */
  readonly line: number;
  readonly dbmateTransaction?: string;
  readonly flywayExecuteInTransaction?: string;
}

/** The up and down scripts of a SQL-file migration as the tool reads them; down null when there is none. */
async function sqlSteps(tool: MigrationTool, dir: string, revision: MigrationRevision, flywayUndo: Map<string, string>): Promise<{ up: SqlStep; down: SqlStep | null; downPlace: Place }> {
  const text = await readText(revision.file);
  if (tool === 'dbmate') {
    const up = dbmateSection(text, 'up') ?? '';
    const down = dbmateSection(text, 'down');
    const upMarker = dbmateMarker(text, 'up');
    const downMarker = dbmateMarker(text, 'down');
    return {
      up: { script: { name: revision.file, text: up }, line: upMarker?.line ?? 1, dbmateTransaction: upMarker?.options.get('transaction') ?? 'true' },
      down: down === null ? null : { script: { name: revision.file, text: down }, line: downMarker?.line ?? 1, dbmateTransaction: downMarker?.options.get('transaction') ?? 'true' },
      downPlace: { file: revision.file, line: downMarker?.line ?? null },
    };
  }
  if (tool === 'golang-migrate') {
    const downFile = revision.file.replace(/\.up\.sql$/, '.down.sql');
    const down = existsSync(downFile) ? { script: { name: downFile, text: await readText(downFile) }, line: 1 } : null;
    return { up: { script: { name: revision.file, text }, line: 1 }, down, downPlace: { file: down ? downFile : revision.file, line: down ? 1 : null } };
  }
  const conf = async (file: string) => {
    if (!existsSync(`${file}.conf`)) return undefined;
    const m = /^\s*executeInTransaction\s*=\s*(\S+)\s*$/m.exec(await readText(`${file}.conf`));
    return m?.[1]?.toLowerCase();
  };
  const undo = [...flywayUndo].find(([v]) => compareFlywayVersions(v, revision.id) === 0)?.[1];
  return {
    up: { script: { name: revision.file, text }, line: 1, flywayExecuteInTransaction: await conf(revision.file) },
    down: undo ? { script: { name: undo, text: await readText(undo) }, line: 1, flywayExecuteInTransaction: await conf(undo) } : null,
    downPlace: { file: undo ?? revision.file, line: undo ? 1 : null },
  };
}

const MULTI_STATEMENT_FIX = 'move it out of the BEGIN … COMMIT block: with x-multi-statement, golang-migrate sends each statement as its own query, outside any transaction the file does not open';

const FLYWAY_UNDO = /^U(\d+(?:[._]\d+)*)__(.+)\.sql$/;

/**
 * A lint driver for golang-migrate, dbmate and Flyway folders: each file's up (and down) script
 * applied statement by statement, as psql would, each statement watched; whether the tool would
 * run the file in a transaction is worked out per file (`fileTransaction`, with Flyway's `mixed`)
 * and reported, not replayed. With golang-migrate's `x-multi-statement`, the file is sent in the
 * pieces golang-migrate cuts it into, each its own query, and it stops where golang-migrate would.
 */
export async function sqlDriver<T>(
  tool: MigrationTool,
  dir: string,
  options: ApplyOptions & { readonly tool?: ToolSettings },
  revisions: readonly MigrationRevision[],
  body: (driver: LintDriver) => Promise<T>,
): Promise<T> {
  const multiStatement = tool === 'golang-migrate' ? options.tool?.golangMigrateMultiStatement : undefined;
  const undo = new Map<string, string>();
  if (tool === 'flyway') {
    for (const e of await listFolder(dir, true)) {
      const m = FLYWAY_UNDO.exec(e.name);
      if (m) undo.set((m[1] as string).replace(/_/g, '.'), e.path);
    }
  }
  const steps = new Map<string, Awaited<ReturnType<typeof sqlSteps>>>();
  const parsed = new Map<SqlStep, ParsedScript>();
  for (const r of revisions) {
    const s = await sqlSteps(tool, dir, r, undo);
    steps.set(r.id, s);
    for (const step of [s.up, s.down]) if (step) parsed.set(step, await parseScript(step.script));
  }
  const shadow = await openShadowFor([...parsed.values()], options);
  try {
    const version = await serverVersion(shadow);
    const run = async (step: SqlStep, watch: RevisionWatch | null): Promise<MigrationStatement[]> => {
      const p = parsed.get(step) as ParsedScript;
      if (p.statements === null) {
        // The parser rejected it: the server's own message, at its own position (exit 2).
        await applyScript(shadow, p);
        throw new InputError(`${step.script.name}: not SQL pgdrift can read`);
      }
      const ran: MigrationStatement[] = [];
      const apply = async (statement: MigrationStatement) => {
        watch?.checkTransaction(statement);
        await watch?.before(statement);
        try {
          await shadow.exec(statement.sql);
        } catch (err) {
          throw statementError(shadow, statement, err);
        }
        ran.push(statement);
        await watch?.after(statement);
      };
      if (multiStatement) {
        const plan = await multiStatementPlan(p.text, step.script.name, multiStatement.maxSize);
        try {
          for (const statement of plan.statements) await apply(statement);
        } finally {
          // Here only the file's own BEGIN puts a statement in a transaction: the usual fix (a file of its own) would not help.
          watch?.hits.forEach((h, i) => {
            if (h.rule === 'non-transactional-in-transaction' && plan.statements.includes(h.statement)) watch.hits[i] = { ...h, fix: MULTI_STATEMENT_FIX };
          });
        }
        if (plan.stop) {
          const { statement, ...hazard } = plan.stop;
          watch?.hits.push({ ...hazard, severity: 'error', statement });
          throw new ToolFailure(`${statement.file}:${statement.line}: ${hazard.message}`);
        }
        await shadow.exec(shadowSql('reset-session.sql'));
        return ran;
      }
      const trees = p.statements.map((s) => s.tree as unknown as Record<string, unknown>);
      const transactional = fileTransaction(tool, {
        statements: trees.length,
        // Flyway decides from its own list, which misses some of what PostgreSQL refuses.
        nonTransactional: trees.filter((t) => (tool === 'flyway' ? flywayKnowsNonTransactional(t, version) : needsNoTransaction(t, version) !== null)).length,
        ...(step.dbmateTransaction !== undefined ? { dbmateTransaction: step.dbmateTransaction } : {}),
        ...(step.flywayExecuteInTransaction !== undefined ? { flywayExecuteInTransaction: step.flywayExecuteInTransaction } : {}),
        ...(tool === 'flyway' && options.tool?.flywayMixed !== undefined ? { flywayMixed: options.tool.flywayMixed } : {}),
      });
      for (const s of p.statements) {
        const lead = /^\s*/.exec(s.text)?.[0].length ?? 0;
        // Statement by statement, as psql would: a transaction rule is reported, not replayed.
        await apply({ sql: s.text.slice(lead), file: step.script.name, line: lineColumn(p.text, s.index + lead).line, kind: statementKind(s.text), transactional });
      }
      await shadow.exec(shadowSql('reset-session.sql'));
      return ran;
    };
    const stepsOf = (r: MigrationRevision) => {
      const s = steps.get(r.id);
      if (!s) throw new Error(`lint: no steps read for ${basename(r.file)} in ${dirname(r.file)}`);
      return s;
    };
    return await body({
      shadow,
      serverVersionNum: version,
      rollsBack: false,
      upgrade: (r, watch) => run(stepsOf(r).up, watch),
      async downgrade(r) {
        const down = stepsOf(r).down;
        return down ? run(down, null) : null;
      },
      downgradePlace: async (r) => stepsOf(r).downPlace,
    });
  } finally {
    await shadow.close().catch(() => {});
  }
}

