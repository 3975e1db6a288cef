import type { Change } from '../compare/change.js';
import { compare } from '../compare/compare.js';
import { planChanges } from '../ddl/plan.js';
import type { DdlPlan, DdlStatement } from '../ddl/statement.js';
import type { MigrationRevision } from '../migrations/history.js';
import type { Index, Snapshot } from '../model/snapshot.js';
import { objectIdentity } from '../compare/keys.js';
import type { DiagnoseContext } from './diagnose.js';
import type { DriftFinding, PartialRevision } from './diagnosis.js';
import { relationIds } from './object-index.js';
import { columnRenames, renamedToward } from './column-renames.js';
import { shownPath } from './shown-path.js';
import { versionFix, type VersionFix } from './version-fix.js';
import { statementsOf } from './order-steps.js';
import { RemedyProver } from './prove-remedy.js';
import { progress } from '../progress.js';

/**
 * - `finish`: do what the half-applied revision has not done yet, then record it
 * - `revert`: undo what it did, leaving the database honestly at the revision before
 * - `restore`: undo differences no revision explains, back to the schema the code expects
 * - `stamp`: only correct what the version table records
 */
export type RemedyKind = 'finish' | 'revert' | 'restore' | 'stamp';

/** One way out. pgdrift never runs it: `--emit-sql` writes it for review. */
export interface Remedy {
  readonly kind: RemedyKind;
  /** One line: what it does, e.g. `finish revision b4c5d6e7f809 (2 statements), then record it`. */
  readonly title: string;
  readonly recommended: boolean;
  /** The schema statements, in order, each with its hazards. */
  readonly plan: DdlPlan;
  /** The version-table update that goes with it, or null when the table already says the right thing. */
  readonly versionTable: VersionFix | null;
  /** What a reviewer must know that no statement says (data statements pgdrift cannot replay…). */
  readonly notes: readonly string[];
}

/**
 * The remedies for a diagnosis, the recommended one first. Every plan is made by the general
 * DDL planner from the live schema to the schema of a revision, restricted to the objects in
 * question; destructive statements are part of them (each says so) because they are what the
 * remedy means — finishing a revision that drops a column drops it.
 *
 * @example
 * (await remediesFor(context, partial, drift)).map((r) => r.kind) // ['finish', 'revert', 'restore']
 */
export async function remediesFor(
  context: DiagnoseContext,
  partial: PartialRevision | null,
  drift: readonly DriftFinding[],
  options: { readonly shadowUrl?: string } = {},
): Promise<{ readonly offered: Remedy[]; readonly withheld: WithheldRemedy[] }> {
  const candidates = await candidateRemedies(context, partial, drift);
  const prover = new RemedyProver(context.live, options);
  const offered: Remedy[] = [];
  const withheld: WithheldRemedy[] = [];
  try {
    for (const { remedy, target, concerned } of candidates) {
      if (target !== null) progress(`trying the ${remedy.kind} remedy on a copy of the live schema`);
      const reason = target === null ? null : await prover.prove(remedy.plan, target, concerned);
      if (reason === null) offered.push(remedy);
      else withheld.push({ kind: remedy.kind, title: remedy.title, reason });
    }
  } finally {
    await prover.close();
  }
  // With the recommended way withheld, the first one proven is the way out.
  if (offered.length > 0 && !offered.some((r) => r.recommended)) {
    const first = offered[0] as Remedy;
    offered[0] = { ...first, recommended: true, title: first.title.replace(/^(or|and) /, '') };
  }
  return { offered, withheld };
}

/** A remedy whose script failed on a copy of the live schema: named, never offered. */
export interface WithheldRemedy {
  readonly kind: RemedyKind;
  readonly title: string;
  /** What happened on the copy, one line. */
  readonly reason: string;
}

interface Candidate {
  readonly remedy: Remedy;
  /** The schema the plan aims at, or null for a remedy with no schema statements. */
  readonly target: Snapshot | null;
  /** The differences from the target that the plan is meant to remove. */
  readonly concerned: (change: Change) => boolean;
}

async function candidateRemedies(context: DiagnoseContext, partial: PartialRevision | null, drift: readonly DriftFinding[]): Promise<Candidate[]> {
  const { steps, live, order, history, recorded, status, reading } = context;
  const table = status.versionTable ?? history.versionTable;
  const fix = (applied: number): VersionFix | null => versionFix(history, table, recorded, order.slice(0, applied).map((r) => r.id));
  const name = (step: number): string => (step === 0 ? 'base' : (order[step - 1] as MigrationRevision).id);
  const serverVersionNum = live.source.serverVersionNum;
  const remedies: Candidate[] = [];
  const among = (ids: ReadonlySet<string>) => (c: Change) => ids.has(c.id) || relationIds(c).some((r) => ids.has(r));

  if (partial !== null && reading.partial !== null) {
    const revision = order[reading.partial.step - 1] as MigrationRevision;
    // What the revision has not done is relative to the schema it leaves — or, for one a later
    // deploy recorded over, to the schema now expected.
    const target = reading.partial.behind ? reading.at : reading.partial.step;
    const broken = reading.partial.unreplayable;
    // Its RENAME COLUMNs, made (or undone) as renames: a drop and an add would lose the column's data.
    const renames = columnRenames((await context.objectsOf(reading.partial.step)) ?? []);
    if (!broken) {
      const undone = new Set([...partial.missing, ...partial.invalid].map((o) => o.id));
      const concurrent = new Set([...partial.missing, ...partial.invalid].filter((o) => o.concurrently).map((o) => o.id));
      const toTarget = renamedToward(live, steps.get(target) as Snapshot, renames);
      const finish = withFirst(
        toTarget.statements,
        planChanges(toTarget.live, steps.get(target) as Snapshot, (await withRenameHints(steps.get(target) as Snapshot, toTarget.live)).filter((c) => undone.has(c.id)), {
          unsafe: true,
          concurrently: (index: Index) => concurrent.has(objectIdentity('index', index.schema, index.table, index.name).id),
          serverVersionNum,
        }),
      );
      const finishFix = fix(target);
      remedies.push({ target: steps.get(target) as Snapshot, concerned: among(undone), remedy: {
        kind: 'finish',
        title: `finish revision ${revision.id} (${statementsCount(finish)})${finishFix ? ', then record it as applied' : ''}`,
        recommended: true,
        plan: finish,
        versionTable: finishFix,
        // The revision's own data statements, and those of any revision the record jumps over.
        notes: [...rowCheckNote(finish), ...rerunNote(finish), ...(await dataNotes(context, order.slice(0, target).filter((r) => !status.applied.includes(r.id))))],
      } });
    }
    if (!reading.partial.behind) {
      const before = reading.partial.step - 1;
      // A missing object is usually as before the revision, and then the plan leaves it alone; one
      // left between two of the revision's statements (renamed, not yet retyped) is undone too.
      const done = new Set([...partial.applied, ...partial.invalid, ...partial.missing].map((o) => o.id));
      const toBefore = renamedToward(live, steps.get(before) as Snapshot, renames);
      const beforeVsLive = await withRenameHints(steps.get(before) as Snapshot, toBefore.live);
      const revert = withFirst(
        toBefore.statements,
        planChanges(toBefore.live, steps.get(before) as Snapshot, beforeVsLive.filter((c) => done.has(c.id) || relationIds(c).some((r) => done.has(r))), {
          unsafe: true,
          serverVersionNum,
        }),
      );
      const revertFix = fix(before);
      remedies.push({ target: steps.get(before) as Snapshot, concerned: among(done), remedy: {
        kind: 'revert',
        title: broken
          ? `revert what revision ${revision.id} applied (${statementsCount(revert)})${revertFix ? ', then record the revision before it' : ''}: it fails even on an empty database, so fix the migration, then run it again`
          : `or revert what revision ${revision.id} applied (${statementsCount(revert)})${revertFix ? ', then record the revision before it' : ''}: the database is then honestly at ${name(before)}, and ${revision.id} can run again`,
        recommended: broken,
        plan: revert,
        versionTable: revertFix,
        notes: [],
      } });
    }
  } else {
    const stampFix = fix(reading.at);
    if (stampFix !== null) {
      // Revisions the stamp records without running them: their data statements never ran.
      const skipped = order.slice(0, reading.at).filter((r) => !status.applied.includes(r.id));
      remedies.push({ target: null, concerned: () => false, remedy: {
        kind: 'stamp',
        title: `record ${reading.at === 0 ? 'base (nothing applied)' : `revision ${name(reading.at)}`}, the one the schema is, in the version table`,
        recommended: true,
        plan: { statements: [], withheld: [], manual: [] },
        versionTable: stampFix,
        notes: await dataNotes(context, skipped),
      } });
    }
  }

  if (drift.length > 0) {
    const restore = planChanges(live, steps.get(reading.against) as Snapshot, drift as readonly Change[], { unsafe: true, serverVersionNum });
    remedies.push({ target: steps.get(reading.against) as Snapshot, concerned: among(new Set(drift.map((c) => c.id))), remedy: {
      kind: 'restore',
      title: `${remedies.length > 0 ? 'and ' : ''}undo the ${drift.length === 1 ? 'difference' : `${drift.length} differences`} no revision explains (${statementsCount(restore)}), or write a migration that makes ${drift.length === 1 ? 'it' : 'them'} part of the code`,
      recommended: remedies.length === 0,
      plan: restore,
      versionTable: null,
      notes: [],
    } });
  }
  return remedies;
}

/**
 * The live database compared with a step's schema, renames guessed: a revision that renames a
 * column is finished or reverted by a drop and an add, which lose its data, and the statements
 * must say that a RENAME would keep it. (The comparisons of every step leave the guess out.)
 */
async function withRenameHints(step: Snapshot, live: Snapshot): Promise<readonly Change[]> {
  return (await compare(step, live)).changes;
}

/** The plan with `statements` run before all of it (renames: every later statement uses the new name). */
function withFirst(statements: readonly DdlStatement[], plan: DdlPlan): DdlPlan {
  return statements.length === 0 ? plan : { ...plan, statements: [...statements, ...plan.statements] };
}

/**
 * A revision that stopped half-way most often stopped on its data: the statement that checks
 * existing rows fails again, at the same place, until those rows are fixed.
 */
function rowCheckNote(plan: DdlPlan): string[] {
  const checking = plan.statements.filter((s) => s.hazards.includes('scans-table') || /^CREATE\s+UNIQUE\s+INDEX/i.test(s.sql));
  if (checking.length === 0) return [];
  return [
    `${checking.length === 1 ? 'a statement checks' : `${checking.length} statements check`} the existing rows (NOT NULL, unique index, VALIDATE, CHECK): if the revision stopped there, fix the rows that stopped it first, or the script stops at the same place`,
  ];
}

function statementsCount(plan: DdlPlan): string {
  const n = plan.statements.length;
  const manual = plan.manual.length > 0 ? ` and ${plan.manual.length} to do by hand` : '';
  return `${n} ${n === 1 ? 'statement' : 'statements'}${manual}`;
}

/**
 * Statements outside a transaction stay applied when a later one fails: running the same script
 * again then fails on them, where a new diagnosis gives the statements still to run.
 */
function rerunNote(plan: DdlPlan): string[] {
  if (!plan.statements.some((s) => !s.transactional)) return [];
  return ['statements outside a transaction stay applied if a later one fails: if the script stops, run pgdrift diagnose again for the statements still to run rather than this script twice'];
}

/** Data statements of revisions: pgdrift cannot tell whether they ran, a reviewer must. */
async function dataNotes(context: DiagnoseContext, revisions: readonly MigrationRevision[]): Promise<string[]> {
  const statements = [];
  for (const revision of revisions) statements.push(...((await statementsOf(context.history, revision)) ?? []));
  return statements
    .filter((s) => s.kind === 'data')
    .map((s) => `${shownPath(s.file)}:${s.line} moves data (${firstLine(s.sql)}); pgdrift cannot tell whether it ran: check, and run it if it did not`);
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
