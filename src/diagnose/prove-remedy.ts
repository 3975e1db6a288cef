import type { Change } from '../compare/change.js';
import { compare } from '../compare/compare.js';
import { planMigration } from '../ddl/plan.js';
import { literal, qualified } from '../ddl/quote.js';
import { batches } from '../ddl/session.js';
import type { DdlPlan } from '../ddl/statement.js';
import { introspect } from '../catalog/introspect.js';
import { emptySnapshot, type Snapshot } from '../model/snapshot.js';
import { applyScript } from '../shadow/apply-script.js';
import { parseScript, type ParsedScript } from '../shadow/parsed-script.js';
import { refuseUnsafeStatements } from '../shadow/refused-statements.js';
import { openShadowFor } from '../shadow/shadow-with-scripts.js';
import type { Shadow } from '../shadow/shadow.js';

/** Why a remedy is not offered, or null when its script did what it says on a copy. */
export type ProofResult = string | null;

const COPY_NAME = 'copy of the live schema';

/**
 * Runs remedy scripts on a copy of the live schema (a shadow built from the live snapshot)
 * before they are offered: a script that fails there, or leaves any of the objects it is
 * for still different from what it aims at, is withheld with the reason. The copy holds the
 * schema, not the rows: what only the data can stop (a NOT NULL on rows holding NULL) is the
 * remedy's note, not part of the proof.
 *
 * One copy serves every remedy: each runs in a transaction rolled back afterwards, with
 * CONCURRENTLY left out (the same schema results). A script with `ALTER TYPE … ADD VALUE`
 * must commit before the label is used, so it gets a copy of its own and runs as psql would.
 *
 * @example
 * const prover = new RemedyProver(live, {});
 * try { reason = await prover.prove(plan, target, (c) => ids.has(c.id)); } finally { await prover.close(); }
 */
export class RemedyProver {
  private shared: Promise<Shadow> | null = null;

  constructor(
    private readonly live: Snapshot,
    private readonly options: { readonly shadowUrl?: string },
  ) {}

  async prove(plan: DdlPlan, target: Snapshot, concerned: (change: Change) => boolean): Promise<ProofResult> {
    if (plan.statements.length === 0) return null;
    // Its statements carry names and bodies from the live catalog and the migrations: the copy
    // runs them only past the refusal every shadow SQL passes.
    const refused = await refusal(plan, this.options.shadowUrl ? 'server' : 'embedded');
    if (refused !== null) return refused;
    const ownCopy = plan.statements.some((s) => !s.transactional && !isConcurrently(s.sql));
    let shadow: Shadow;
    try {
      shadow = ownCopy ? await this.openCopy() : await (this.shared ??= this.openCopy());
    } catch (err) {
      this.shared = null;
      return `pgdrift could not build a copy of the live schema to run it on first (${oneLine(err)})`;
    }
    try {
      const failed = ownCopy ? await runAsPsqlWould(shadow, plan) : await runRolledBack(shadow, plan, () => this.left(shadow, target, concerned));
      if (typeof failed === 'string') return failed;
      const left = ownCopy ? await this.left(shadow, target, concerned) : (failed as string[]);
      if (left.length > 0) return `run on a copy of the live schema, it leaves ${left.length === 1 ? 'a difference' : `${left.length} differences`} it is meant to remove: ${left.slice(0, 3).join('; ')}${left.length > 3 ? '; …' : ''}`;
      return null;
    } finally {
      if (ownCopy) await shadow.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const shared = this.shared;
    this.shared = null;
    if (shared) await (await shared.catch(() => null))?.close().catch(() => {});
  }

  /** What still differs from the target among the remedy's own objects, as compare() says it. */
  private async left(shadow: Shadow, target: Snapshot, concerned: (change: Change) => boolean): Promise<string[]> {
    const after = await introspect(shadow.db, { ownersDeclared: false, ...schemasOf(this.live) }, { kind: 'sql', description: COPY_NAME });
    return (await compare(target, after)).changes.filter(concerned).map((c) => c.message);
  }

  private async openCopy(): Promise<Shadow> {
    // Planned from nothing first, for what the shadow must be opened with (extensions, roles);
    // then from what a fresh shadow already holds (its public schema, plpgsql).
    // No DDL builds an index INVALID (a failed CREATE INDEX CONCURRENTLY leaves one): the copy
    // builds it valid and then marks it as the live catalog has it, which the shadow's superuser may.
    // A server shadow's throwaway role may not hand objects to the live owners (a superuser,
    // often): there the copy's objects stay its own, which no proof of a remedy depends on.
    const live = this.options.shadowUrl ? withoutOwners(this.live) : this.live;
    const buildable: Snapshot = { ...live, indexes: live.indexes.map((i) => (i.valid ? i : { ...i, valid: true })) };
    const required = await copyScript(emptySnapshot(this.live.source), buildable);
    const shadow = await openShadowFor([required], this.options);
    try {
      const fresh = await introspect(shadow.db, { ownersDeclared: false }, { kind: 'sql', description: COPY_NAME });
      await applyScript(shadow, await copyScript(fresh, buildable));
      for (const i of this.live.indexes.filter((x) => !x.valid)) {
        await shadow.exec(`UPDATE pg_catalog.pg_index SET indisvalid = false WHERE indexrelid = ${literal(qualified(i.schema, i.name))}::regclass`);
      }
    } catch (err) {
      await shadow.close().catch(() => {});
      throw err;
    }
    return shadow;
  }
}

function withoutOwners(s: Snapshot): Snapshot {
  const own = <T extends { readonly owner: string | null }>(xs: readonly T[]): T[] => xs.map((x) => ({ ...x, owner: null }));
  return {
    ...s,
    schemas: own(s.schemas),
    tables: own(s.tables),
    sequences: own(s.sequences),
    views: own(s.views),
    functions: own(s.functions),
    enums: own(s.enums),
    domains: own(s.domains),
    compositeTypes: own(s.compositeTypes),
  };
}

async function refusal(plan: DdlPlan, kind: 'server' | 'embedded'): Promise<ProofResult> {
  try {
    refuseUnsafeStatements([await parseScript({ name: 'remedy script', text: plan.statements.map((s) => `${s.sql};`).join('\n') })], kind);
    return null;
  } catch (err) {
    return `it is not run on a copy of the live schema: ${oneLine(err)}`;
  }
}

async function copyScript(from: Snapshot, live: Snapshot): Promise<ParsedScript> {
  const plan = await planMigration(from, live, { unsafe: true, serverVersionNum: live.source.serverVersionNum });
  const manual = plan.manual[0];
  if (manual) throw new Error(`${manual.changeId}: ${manual.reason}`);
  // The copy's statements are pgdrift's own, from quoted names: the same parse and refusal as any shadow SQL.
  return parseScript({ name: COPY_NAME, text: plan.statements.map((s) => `${stripConcurrently(s.sql)};`).join('\n') });
}

/** The remedy's statements in one transaction, the copy's state read, then everything rolled back. */
async function runRolledBack(shadow: Shadow, plan: DdlPlan, read: () => Promise<string[]>): Promise<string | string[]> {
  await shadow.exec('BEGIN');
  try {
    for (const s of plan.statements) {
      const failed = await attempt(shadow, stripConcurrently(s.sql));
      if (failed !== null) return failed;
    }
    return await read();
  } finally {
    await shadow.exec('ROLLBACK');
  }
}

/** The remedy's statements batched as its script runs them: transactions, and statements alone. */
async function runAsPsqlWould(shadow: Shadow, plan: DdlPlan): Promise<string | null> {
  for (const batch of batches(plan.statements)) {
    if (batch.transactional) await shadow.exec('BEGIN');
    for (const s of batch.statements) {
      const failed = await attempt(shadow, s.sql);
      if (failed !== null) {
        if (batch.transactional) await shadow.exec('ROLLBACK');
        return failed;
      }
    }
    if (batch.transactional) await shadow.exec('COMMIT');
  }
  return null;
}

async function attempt(shadow: Shadow, sql: string): Promise<string | null> {
  try {
    await shadow.exec(sql);
    return null;
  } catch (err) {
    return `run on a copy of the live schema, it fails at \`${firstLine(sql)}\`: ${oneLine(err)}`;
  }
}

function isConcurrently(sql: string): boolean {
  return /^\s*(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX\s+\w+)\s+CONCURRENTLY\b/i.test(sql);
}

function stripConcurrently(sql: string): string {
  return sql.replace(/^(\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX\s+\w+))\s+CONCURRENTLY\b/i, '$1');
}

function schemasOf(live: Snapshot): { schemas?: readonly string[] } {
  const schemas = live.schemas.map((s) => s.name);
  return schemas.length > 0 ? { schemas } : {};
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
