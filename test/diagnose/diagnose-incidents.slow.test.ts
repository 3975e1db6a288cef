import { resolve } from 'node:path';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { Diagnosis, DiagnosisState } from '../../src/diagnose/diagnosis.js';
import type { RemedyKind } from '../../src/diagnose/remedy.js';
import { checkMigrations } from '../../src/migrations/check-migrations.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { applyRemedy, diagnosisValidator } from './support/remedies.js';
import { REMOVE_DUPLICATE_PAYMENT } from './support/billing-project.js';
import { INCIDENT_NAMES, alembicAvailable, needsAlembic, prepareIncident, type Incident, type IncidentName, type IncidentTruth } from './support/incidents.js';

// `pgdrift diagnose` on databases that real migration runs left broken (see support/incidents.ts,
// whose truth incidents.slow.test.ts checks on the catalog alone): the verdict, the half-applied
// revision and its objects, the origin of every hand-made difference, and remedies that, once
// run with psql, leave a database `check --migrations` finds clean.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the Alembic incidents of diagnose: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const names = INCIDENT_NAMES.filter((n) => available || !needsAlembic(n));
const TIMEOUT = 300_000;
const validate = diagnosisValidator();
const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * What the operator fixes in the rows before running a remedy: a revision that failed on its
 * data fails again on the same rows (the finish remedy's notes say so), and reverting an enum
 * label needs the rows that use it changed first (as the revision's own downgrade() does).
 */
const ROW_FIXES: Partial<Record<IncidentName, Partial<Record<RemedyKind, string>>>> = {
  'interrupted-after-commit': { finish: 'UPDATE invoices SET issued_at = now() WHERE issued_at IS NULL', revert: "UPDATE invoices SET status = 'open' WHERE status = 'uncollectible'" },
  'half-applied-plus-hotfix': { finish: 'UPDATE invoices SET issued_at = now() WHERE issued_at IS NULL' },
  'failed-concurrent-index': { finish: REMOVE_DUPLICATE_PAYMENT },
  'failed-validate-constraint': { finish: 'UPDATE customers SET country = upper(country)' },
  'golang-migrate-dirty': { finish: "UPDATE invoices SET reference = 'INV-' || id" },
};

async function runRemedy(incident: Incident, d: Diagnosis, kind: RemedyKind): Promise<void> {
  const fix = ROW_FIXES[incident.name]?.[kind];
  if (fix !== undefined) await incident.db.exec(fix);
  await applyRemedy(incident.db, d, kind);
}

/** The verdict the truth calls for. */
async function stateFor(incident: Incident): Promise<DiagnosisState> {
  const t = incident.truth;
  if (t.partial) return 'half_applied';
  if (t.dirty) return 'failed_run';
  if (incident.tool === 'alembic' && (t.recorded.length !== 1 || t.recorded[0] !== t.completeThrough)) return 'wrong_stamp';
  if (t.handMade.length > 0) return 'drift';
  const heads = (await loadMigrationHistory(incident.migrations)).graph.heads();
  return heads.includes(t.completeThrough ?? '') ? 'healthy' : 'behind';
}

/** The database is now exactly at `revision`, as recorded, apart from revisions still pending. */
async function expectClean(incident: Incident, revision: string | null, because: string): Promise<void> {
  const check = await checkMigrations(incident.db.url, incident.migrations, { cacheDir: null });
  expect({ because, current: check.migrations.current, findings: check.findings.filter((f) => f.state !== 'behind'), changes: check.schema?.changes }).toEqual({
    because,
    current: revision === null ? [] : [revision],
    findings: [],
    changes: [],
  });
}

function expectTruth(d: Diagnosis, t: IncidentTruth): void {
  expect(validate(d)).toBeNull();
  expect(sorted(d.recorded)).toEqual(sorted(t.recorded));
  expect(d.bestMatch.revision).toBe(t.completeThrough);
  if (t.partial === null) {
    expect(d.partial).toBeNull();
  } else {
    expect(d.partial).not.toBeNull();
    const p = d.partial as NonNullable<Diagnosis['partial']>;
    expect({ revision: p.revision, file: resolve(p.file), applied: sorted(p.applied.map((o) => o.id)), missing: sorted(p.missing.map((o) => o.id)), invalid: sorted(p.invalid.map((o) => o.id)) }).toEqual({
      revision: t.partial.revision,
      file: t.partial.file,
      applied: sorted(t.partial.applied),
      missing: sorted(t.partial.missing),
      invalid: sorted(t.partial.invalid),
    });
    expect(d.verdict).toMatch(new RegExp(`^revision ${t.partial.revision}\\b.* is half-applied: `));
  }
  const drift = d.drift.map((c) => ({ id: c.id, kind: c.kind, origin: c.origin && { revision: c.origin.revision, file: resolve(c.origin.file), line: c.origin.line } }));
  expect(drift.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([...t.handMade].sort((a, b) => (a.id < b.id ? -1 : 1)));
}

describe.each(names)('%s', (name) => {
  test(
    'the verdict, the half-applied revision, the origins, and remedies that leave check clean',
    async () => {
      const incident = await prepareIncident(name);
      try {
        const d = await diagnose(incident.db.url, incident.migrations, { cacheDir: null });
        expectTruth(d, incident.truth);
        const state = await stateFor(incident);
        expect(d.state).toBe(state);
        expect(d.status).toBe(state === 'healthy' || state === 'behind' ? 'ok' : 'action');
        if (d.status === 'ok') {
          expect(d.remedies).toEqual([]);
          return;
        }
        // Run every remedy the diagnosis recommends, in order: the recommended fix first, then restoring hand-made drift.
        const kinds: RemedyKind[] = d.remedies.filter((r) => r.recommended || r.kind === 'restore').map((r) => r.kind);
        for (const kind of kinds) await runRemedy(incident, d, kind);
        // Finished, a half-applied revision is where the database stands — unless it lies behind the recorded one.
        const partial = incident.truth.partial;
        const at = partial && d.pending.includes(partial.revision) ? partial.revision : incident.truth.completeThrough;
        await expectClean(incident, at, `after ${kinds.join(' + ')}`);
        const again = await diagnose(incident.db.url, incident.migrations, { cacheDir: null });
        expect(again.status).toBe('ok');
      } finally {
        await incident.db.drop();
      }
    },
    TIMEOUT,
  );
});

describe.each(names.filter((n) => n.includes('interrupted') || n.includes('failed-concurrent') || n.includes('failed-validate') || n === 'golang-migrate-dirty' || n === 'app-branch-concurrent-index-timeout'))(
  '%s, reverted',
  (name) => {
    test(
      'the revert remedy leaves the database honestly at the revision before, recorded so',
      async () => {
        const incident = await prepareIncident(name);
        try {
          const d = await diagnose(incident.db.url, incident.migrations, { cacheDir: null });
          await runRemedy(incident, d, 'revert');
          await expectClean(incident, incident.truth.completeThrough, 'after revert');
        } finally {
          await incident.db.drop();
        }
      },
      TIMEOUT,
    );
  },
);
