import { writeFileSync } from 'node:fs';
import type { Change } from '../../../src/compare/change.js';
import { compare } from '../../../src/compare/compare.js';
import { planChanges } from '../../../src/ddl/plan.js';
import type { DdlPlan, PlanOptions } from '../../../src/ddl/statement.js';
import type { Snapshot } from '../../../src/model/snapshot.js';
import { renderSqlScript } from '../../../src/report/sql-script.js';
import { snapshotDatabase } from '../../../src/sources/database.js';
import type { TestDatabase } from '../../helpers/db.js';
import { prepareDrift, type DriftCase, type PreparedCase } from '../../drift/support/case.js';
import { belongsTo, closeCorpusDatabases, openCorpusDatabases } from '../../drift/support/corpus.js';
import { corpusRoles, serverVersionNum } from '../../drift/support/server.js';
import { applyPlans, type ApplyError } from './apply-plan.js';
import { exceptionFor, type Direction } from './not-round-trippable.js';

const SETUP_TIMEOUT_MS = 300_000;

/** PGDRIFT_RT_DUMP=FILE writes every plan, as the script `diff --sql` would print, to FILE: to read what the planner does. */
const DUMP = process.env.PGDRIFT_RT_DUMP;

/** What one direction of one case gave. */
interface DirectionOutcome {
  readonly plan: DdlPlan;
  readonly safePlan: DdlPlan;
  error: ApplyError | null;
  remaining: readonly Change[];
}

interface Outcome {
  readonly byCase: Map<string, Record<Direction, DirectionOutcome>>;
  readonly setupErrors: Map<string, string>;
  fatal: unknown;
}

/**
 * Registers round trips over a drift corpus: for each case, A = `base` and B = `base` +
 * `change`. The plan A→B, applied to A, must leave nothing to report against B, and the plan
 * B→A (with `unsafe`) applied to B nothing against A. All cases share one pair of databases, each
 * in its own schema, as the corpus harness does; each case's statements are applied on their
 * own, so a failure names its case. Plans are made with `unsafe`; without it, the statements
 * and the withheld ones must be exactly the unsafe plan, split.
 *
 * @example
 * runRoundTrips('round trip: columns', 'rtco', 'columns', columnCases);
 */
export function runRoundTrips(title: string, tag: string, corpus: string, cases: readonly DriftCase[], options: PlanOptions = {}): void {
  const roles = corpusRoles(tag);
  const prepared = cases.map((c, i) => {
    const schema = `${tag}${String(i + 1).padStart(3, '0')}`;
    return prepareDrift(c, schema, { s: schema, ...roles });
  });
  const runnable = prepared.filter((c) => c.minVersion === undefined || serverVersionNum >= c.minVersion);
  const outcome: Outcome = { byCase: new Map(), setupErrors: new Map(), fatal: null };
  const databases: TestDatabase[] = [];

  describe(title, () => {
    beforeAll(async () => {
      try {
        const [dbA, dbB] = await openCorpusDatabases(roles, runnable, { first: 'A', second: 'B' }, databases, outcome.setupErrors);
        const [a, b] = await Promise.all([snapshotDatabase(dbA.url), snapshotDatabase(dbB.url)]);
        const [towardB, towardA] = await Promise.all([compare(b, a), compare(a, b)]);
        const plansAB = new Map<string, DdlPlan['statements']>();
        const plansBA = new Map<string, DdlPlan['statements']>();
        for (const c of runnable) {
          const mine = (changes: readonly Change[]): Change[] => changes.filter((ch) => belongsTo(c, ch));
          const direction = (from: Snapshot, to: Snapshot, changes: readonly Change[]): DirectionOutcome => ({
            plan: planChanges(from, to, mine(changes), { ...options, unsafe: true }),
            safePlan: planChanges(from, to, mine(changes), options),
            error: null,
            remaining: [],
          });
          const ab = direction(a, b, towardB.changes);
          const ba = direction(b, a, towardA.changes);
          outcome.byCase.set(c.name, { 'A→B': ab, 'B→A': ba });
          plansAB.set(c.name, ab.plan.statements);
          plansBA.set(c.name, ba.plan.statements);
        }
        if (DUMP !== undefined) dumpPlans(DUMP, title, outcome);
        const [errorsA, errorsB] = await Promise.all([applyPlans(dbA.url, plansAB), applyPlans(dbB.url, plansBA)]);
        const [a2, b2] = await Promise.all([snapshotDatabase(dbA.url), snapshotDatabase(dbB.url)]);
        const [leftA, leftB] = await Promise.all([compare(b, a2), compare(a, b2)]);
        for (const c of runnable) {
          const r = outcome.byCase.get(c.name);
          if (!r) continue;
          r['A→B'].error = errorsA.get(c.name) ?? null;
          r['A→B'].remaining = leftA.changes.filter((ch) => belongsTo(c, ch));
          r['B→A'].error = errorsB.get(c.name) ?? null;
          r['B→A'].remaining = leftB.changes.filter((ch) => belongsTo(c, ch));
        }
      } catch (error) {
        outcome.fatal = error;
      }
    }, SETUP_TIMEOUT_MS);

    afterAll(() => closeCorpusDatabases(roles, databases), SETUP_TIMEOUT_MS);

    for (const c of prepared) {
      const skipped = c.minVersion !== undefined && serverVersionNum < c.minVersion;
      for (const direction of ['A→B', 'B→A'] as const) {
        const exception = exceptionFor(corpus, c.name, direction);
        const label = `${direction}: ${c.name}${exception ? ` (does not round-trip: ${exception.reason})` : ''}`;
        (skipped ? test.skip : test)(label, () => {
          const r = result(outcome, c, direction);
          if (exception) {
            // Listed as not round-tripping: the plan must say so (a manual item), so the list stays honest.
            expect(r.plan.manual.map((m) => m.reason).join('\n')).toMatch(exception.manual);
            return;
          }
          // A case always has something to do: an empty plan would leave its changes behind.
          expect(r.plan.statements.length).toBeGreaterThan(0);
          expect(summary(r)).toEqual({ error: null, manual: [], remaining: [] });
        });
      }
      (skipped ? test.skip : test)(`without unsafe: ${c.name}`, () => {
        for (const direction of ['A→B', 'B→A'] as const) {
          const r = result(outcome, c, direction);
          const sql = (list: DdlPlan['statements']): string[] => list.map((s) => s.sql);
          expect(sql(r.safePlan.statements).filter((s) => !sql(r.plan.statements).includes(s))).toEqual([]);
          expect([...sql(r.safePlan.statements), ...sql(r.safePlan.withheld)].sort()).toEqual(sql(r.plan.statements).sort());
          expect(r.safePlan.statements.filter((s) => s.hazards.includes('destructive'))).toEqual([]);
        }
      });
    }
  });
}

function dumpPlans(file: string, title: string, outcome: Outcome): void {
  const scripts = [...outcome.byCase].flatMap(([name, r]) => (['A→B', 'B→A'] as const).map((d) => renderSqlScript(r[d].plan, [`${title}: ${d}: ${name}`])));
  writeFileSync(file, scripts.join('\n'));
}

function result(outcome: Outcome, c: PreparedCase, direction: Direction): DirectionOutcome {
  if (outcome.fatal !== null) throw outcome.fatal;
  const setup = outcome.setupErrors.get(c.name);
  if (setup !== undefined) throw new Error(`setup failed: ${setup}`);
  const r = outcome.byCase.get(c.name)?.[direction];
  if (!r) throw new Error('round trip setup did not run');
  return r;
}

/** What a failing round trip prints: the error, manual items and what is left, with the plan when anything is. */
function summary(r: DirectionOutcome): Record<string, unknown> {
  const s: Record<string, unknown> = {
    error: r.error,
    manual: r.plan.manual,
    remaining: r.remaining.map((c) => c.message),
  };
  if (r.error !== null || r.plan.manual.length > 0 || r.remaining.length > 0) s.plan = r.plan.statements.map((x) => x.sql);
  return s;
}
