import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FIXTURE_APP, alembicAvailable } from '../../migrations/alembic-helpers.js';
import {
  BILLING,
  BILLING_HEAD,
  BILLING_MIGRATIONS,
  BILLING_PROJECT,
  BILLING_ROWS,
  DRAFT_INVOICE_ROWS,
  DUPLICATE_PAYMENT_ROWS,
  LOWERCASE_COUNTRY_ROWS,
  REMOVE_DUPLICATE_PAYMENT,
} from './billing-project.js';
import { golangMigrateUp } from './golang-migrate-run.js';
import { upgradeAfterWriterBegan, upgradeBeforeWriterBegan } from './long-writer.js';
import { opLine, revisionFile } from './revision-file.js';
import { alembicFailure, alembicFails, alembicSucceeds, type ToolFailure } from './tool-run.js';

export { alembicAvailable };

export type IncidentName =
  | 'healthy-head'
  | 'healthy-behind'
  | 'interrupted-after-commit'
  | 'failed-concurrent-index'
  | 'invalid-index-recorded'
  | 'failed-validate-constraint'
  | 'hand-dropped-column'
  | 'hand-hotfix'
  | 'wrong-stamp-ahead'
  | 'wrong-stamp-behind'
  | 'half-applied-plus-hotfix'
  | 'app-branch-concurrent-index-timeout'
  | 'app-branch-lock-timeout-rolled-back'
  | 'golang-migrate-dirty'
  | 'golang-migrate-dirty-rolled-back';

/** A database left in a known state by a real migration run, and what that state is. */
export interface Incident {
  readonly name: IncidentName;
  /** A fresh database on the test server; the caller drops it. */
  readonly db: TestDatabase;
  /** The migrations folder to give pgdrift. */
  readonly migrations: string;
  readonly tool: 'alembic' | 'golang-migrate';
  readonly truth: IncidentTruth;
  /** The error the incident's failed run stopped on; null when no run failed. */
  readonly failure: ToolFailure | null;
}

/**
 * What an incident left, at the level of the operations that create objects: a table made by
 * `op.create_table` is one object (its inline columns and constraints belong to it); an index made
 * by `op.create_index`, a column made by `op.add_column` or changed by `op.alter_column`, a
 * constraint made by `op.create_*_constraint` / `op.create_foreign_key` are objects of their own.
 * Ids are pgdrift's change ids (`column:public.invoices.issued_at`).
 */
export interface IncidentTruth {
  /** What the version table holds: Alembic's rows (sorted), golang-migrate's one version. */
  readonly recorded: readonly string[];
  /** golang-migrate's dirty flag (false for Alembic). */
  readonly dirty: boolean;
  /**
   * The last revision whose every change is in the database: the schema is this revision's,
   * apart from `partial` and `handMade`. null = base.
   */
  readonly completeThrough: string | null;
  /**
   * The revision applied only in part, or null — also when a failed revision left nothing
   * behind (its transaction rolled back).
   */
  readonly partial: PartialRevision | null;
  /** Differences no revision explains, made by hand. */
  readonly handMade: readonly HandMadeDifference[];
}

export interface PartialRevision {
  readonly revision: string;
  /** Path of its revision (or migration) file. */
  readonly file: string;
  /** Objects the revision creates or changes that are in the database as the revision leaves them. */
  readonly applied: readonly string[];
  /** … that are not: absent, or (a changed object) still as before the revision. */
  readonly missing: readonly string[];
  /** … that exist but are unusable: an INVALID index, a NOT VALID constraint. */
  readonly invalid: readonly string[];
}

export interface HandMadeDifference {
  readonly id: string;
  /** As a comparison of the database with the schema at `completeThrough` reports it. */
  readonly kind: 'missing' | 'unexpected' | 'changed';
  /** The op that created (or last changed) the object; null when no revision ever made it. */
  readonly origin: null | { readonly revision: string; readonly file: string; readonly line: number };
}

/** The golang-migrate fixture whose third file can fail half-way. */
export const GOLANG_BILLING = fileURLToPath(new URL('../../../fixtures/migrations/golang-migrate-billing', import.meta.url));

/** The app fixture's revisions around its merge (two branches, then the merge, then a concurrent index). */
const APP = {
  commentsHead: '8192a3b4c5d6',
  auditHead: '92a3b4c5d6e7',
  merge: 'a3b4c5d6e7f8',
  concurrentIndex: 'b4c5d6e7f809',
} as const;

const APP_ROWS = `
  INSERT INTO users (email, timezone) VALUES ('ada@example.test', 'Europe/London');
  INSERT INTO posts (author_id, title, slug) VALUES (1, 'Release notes', 'release-notes');
  INSERT INTO comments (post_id, author_id, body) VALUES (1, 1, 'Great news');
`;

/** The comment a batch job inserts and then sits on, its transaction open. */
const BATCH_COMMENT = `INSERT INTO comments (post_id, author_id, body) VALUES (1, 1, 'imported from the forum')`;

/** Two invoices of one day: the reference 000003 derives from the date alone collides. */
const GOLANG_ROWS = `
  INSERT INTO customers (email, name) VALUES ('ops@acme.test', 'Acme GmbH');
  INSERT INTO invoices (customer_id, total_cents, issued_on) VALUES (1, 120000, '2025-03-03'), (1, 4900, '2025-03-03');
`;

interface Recipe {
  readonly tool: Incident['tool'];
  readonly migrations: string;
  /** Brings a fresh database into the incident's state; the failure its failed run stopped on, if one did. */
  readonly produce: (db: TestDatabase) => Promise<ToolFailure | void>;
  readonly truth: IncidentTruth;
}

const billingIncident = (produce: Recipe['produce'], truth: IncidentTruth): Recipe => ({ tool: 'alembic', migrations: BILLING_MIGRATIONS, produce, truth });
const APP_MIGRATIONS = join(FIXTURE_APP, 'migrations');
const appIncident = (produce: Recipe['produce'], truth: IncidentTruth): Recipe => ({ tool: 'alembic', migrations: APP_MIGRATIONS, produce, truth });

const billing = (db: TestDatabase, ...args: string[]) => alembicSucceeds(BILLING_PROJECT, args, db.url);
const app = (db: TestDatabase, ...args: string[]) => alembicSucceeds(FIXTURE_APP, args, db.url);
const billingFile = (revision: string) => revisionFile(BILLING_MIGRATIONS, revision);
const billingOrigin = (revision: string, op: string) => ({ revision, file: billingFile(revision), line: opLine(billingFile(revision), op) });
const atRevision = (revision: string, recorded: readonly string[] = [revision]): IncidentTruth => ({
  recorded,
  dirty: false,
  completeThrough: revision,
  partial: null,
  handMade: [],
});

/** A production billing database: the schema up to `payments`, customers and their invoices (and `rows`), then `revision`. */
async function billingInProduction(db: TestDatabase, revision: string, rows = ''): Promise<void> {
  await billing(db, 'upgrade', BILLING.payments);
  await db.exec(BILLING_ROWS + rows);
  if (revision !== BILLING.payments) await billing(db, 'upgrade', revision);
}

const atHead = (db: TestDatabase) => billingInProduction(db, BILLING_HEAD);

/** The deploy's `alembic upgrade head` meets draft invoices in `dunning`, after its COMMIT. */
async function interruptedAfterCommit(db: TestDatabase): Promise<ToolFailure> {
  await billingInProduction(db, BILLING.payments, DRAFT_INVOICE_ROWS);
  return alembicFails(BILLING_PROJECT, ['upgrade', 'head'], db.url, 'ALTER TABLE invoices ALTER COLUMN issued_at SET NOT NULL');
}

/** The deploy's `alembic upgrade head` builds the unique payment index over a payment recorded twice. */
async function failedConcurrentIndex(db: TestDatabase): Promise<ToolFailure> {
  await billingInProduction(db, BILLING.dunning, DUPLICATE_PAYMENT_ROWS);
  return alembicFails(BILLING_PROJECT, ['upgrade', 'head'], db.url, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq_payments_provider_external_ref');
}

/** The database stands at both branch heads of the app fixture, with a post and a comment. */
async function appAtBranchHeads(db: TestDatabase): Promise<void> {
  await app(db, 'upgrade', APP.commentsHead);
  await app(db, 'upgrade', APP.auditHead);
  await db.exec(APP_ROWS);
}

const INTERRUPTED_DUNNING: PartialRevision = {
  revision: BILLING.dunning,
  file: billingFile(BILLING.dunning),
  applied: ['enum:public.invoice_status', 'column:public.invoices.dunning_level'],
  missing: ['column:public.invoices.issued_at', 'index:public.invoices.ix_invoices_status_issued_at'],
  invalid: [],
};

const PAYMENT_REFERENCE_INDEX = 'index:public.payments.uq_payments_provider_external_ref';
const PAYMENT_REFERENCE_CHECK = 'constraint:public.payments.ck_payments_external_ref_not_blank';
const paymentReference = (applied: readonly string[], missing: readonly string[]): PartialRevision => ({
  revision: BILLING.paymentReference,
  file: billingFile(BILLING.paymentReference),
  applied,
  missing,
  invalid: [PAYMENT_REFERENCE_INDEX],
});

const RECIPES: Readonly<Record<IncidentName, Recipe>> = {
  'healthy-head': billingIncident(atHead, atRevision(BILLING_HEAD)),
  'healthy-behind': billingIncident((db) => billingInProduction(db, BILLING.billingDetails), atRevision(BILLING.billingDetails)),
  // The run began at `payments`: the COMMIT in `dunning` also committed `billingDetails` and its version row.
  'interrupted-after-commit': billingIncident(interruptedAfterCommit, { ...atRevision(BILLING.billingDetails), partial: INTERRUPTED_DUNNING }),
  'failed-concurrent-index': billingIncident(failedConcurrentIndex, {
    ...atRevision(BILLING.dunning),
    partial: paymentReference([], [PAYMENT_REFERENCE_CHECK]),
  }),
  // The operator removes the duplicate and re-runs the deploy; IF NOT EXISTS skips the INVALID
  // index, so the re-run "succeeds" and records every revision.
  'invalid-index-recorded': billingIncident(
    async (db) => {
      const failure = await failedConcurrentIndex(db);
      await db.exec(REMOVE_DUPLICATE_PAYMENT);
      await billing(db, 'upgrade', 'head');
      return failure;
    },
    { ...atRevision(BILLING_HEAD), partial: paymentReference([PAYMENT_REFERENCE_CHECK], []) },
  ),
  'failed-validate-constraint': billingIncident(
    async (db) => {
      await billingInProduction(db, BILLING.creditNotes, LOWERCASE_COUNTRY_ROWS);
      return alembicFails(BILLING_PROJECT, ['upgrade', 'head'], db.url, 'ALTER TABLE customers VALIDATE CONSTRAINT ck_customers_country_iso');
    },
    {
      ...atRevision(BILLING.creditNotes),
      partial: {
        revision: BILLING.countryCheck,
        file: billingFile(BILLING.countryCheck),
        applied: [],
        missing: ['index:public.customers.ix_customers_country'],
        invalid: ['constraint:public.customers.ck_customers_country_iso'],
      },
    },
  ),
  'hand-dropped-column': billingIncident(
    async (db) => {
      await atHead(db);
      await db.exec('ALTER TABLE customers DROP COLUMN tax_id');
    },
    {
      ...atRevision(BILLING_HEAD),
      handMade: [
        { id: 'column:public.customers.tax_id', kind: 'missing', origin: billingOrigin(BILLING.billingDetails, "op.add_column('customers', sa.Column('tax_id'") },
      ],
    },
  ),
  'hand-hotfix': billingIncident(
    async (db) => {
      await atHead(db);
      await db.exec(`ALTER TABLE payments ADD COLUMN refunded_at timestamptz; ALTER TABLE invoices ALTER COLUMN currency SET DEFAULT 'USD'`);
      // On its own: CREATE INDEX CONCURRENTLY refuses to run in a multi-statement query.
      await db.exec('CREATE INDEX CONCURRENTLY ix_payments_received_at ON payments (received_at)');
    },
    {
      ...atRevision(BILLING_HEAD),
      handMade: [
        { id: 'column:public.invoices.currency', kind: 'changed', origin: billingOrigin(BILLING.billingDetails, "op.alter_column('invoices', 'currency'") },
        { id: 'column:public.payments.refunded_at', kind: 'unexpected', origin: null },
        { id: 'index:public.payments.ix_payments_received_at', kind: 'unexpected', origin: null },
      ],
    },
  ),
  'wrong-stamp-ahead': billingIncident(async (db) => {
    await billingInProduction(db, BILLING.billingDetails);
    await billing(db, 'stamp', 'head');
  }, atRevision(BILLING.billingDetails, [BILLING_HEAD])),
  'wrong-stamp-behind': billingIncident(async (db) => {
    await atHead(db);
    await billing(db, 'stamp', BILLING.billingDetails);
  }, atRevision(BILLING_HEAD, [BILLING.billingDetails])),
  'half-applied-plus-hotfix': billingIncident(
    async (db) => {
      const failure = await interruptedAfterCommit(db);
      await db.exec('ALTER TABLE customers ADD COLUMN vip boolean NOT NULL DEFAULT false');
      return failure;
    },
    {
      ...atRevision(BILLING.billingDetails),
      partial: INTERRUPTED_DUNNING,
      handMade: [{ id: 'column:public.customers.vip', kind: 'unexpected', origin: null }],
    },
  ),
  // The deploy's upgrade runs the merge, then b4c5d6e7f809, whose autocommit_block() commits the
  // merge's bookkeeping before its index build gives up waiting for the batch job.
  'app-branch-concurrent-index-timeout': appIncident(
    async (db) => {
      await appAtBranchHeads(db);
      return upgradeBeforeWriterBegan(FIXTURE_APP, db.url, { table: 'comments', insert: BATCH_COMMENT, lockTimeoutMs: 2000 });
    },
    {
      ...atRevision(APP.merge),
      partial: {
        revision: APP.concurrentIndex,
        file: revisionFile(APP_MIGRATIONS, APP.concurrentIndex),
        applied: ['column:public.comments.edited_at'],
        missing: [],
        invalid: ['index:public.comments.ix_comments_author_id_created_at'],
      },
    },
  ),
  // The batch job's transaction was open before the deploy: the ADD COLUMN of b4c5d6e7f809 times
  // out first and the transaction rolls back — a failed deploy that left nothing half-applied.
  'app-branch-lock-timeout-rolled-back': appIncident(async (db) => {
    await app(db, 'upgrade', APP.merge);
    await db.exec(APP_ROWS);
    const run = await upgradeAfterWriterBegan(FIXTURE_APP, db.url, { table: 'comments', insert: BATCH_COMMENT, lockTimeoutMs: 500 });
    const failure = alembicFailure(run);
    if (run.code === 0 || !failure.statement?.startsWith('ALTER TABLE comments ADD COLUMN edited_at')) {
      throw new Error(`the upgrade was to time out in ADD COLUMN; exit ${run.code}:\n${run.stderr}`);
    }
    return failure;
  }, atRevision(APP.merge)),
  'golang-migrate-dirty': {
    tool: 'golang-migrate',
    migrations: GOLANG_BILLING,
    produce: (db) => golangMigrateFails(db, true),
    truth: {
      recorded: ['3'],
      dirty: true,
      completeThrough: '2',
      partial: {
        revision: '3',
        file: join(GOLANG_BILLING, '000003_invoice_reference.up.sql'),
        applied: ['column:public.invoices.reference'],
        missing: ['constraint:public.invoices.invoices_reference_format'],
        invalid: ['index:public.invoices.invoices_reference_key'],
      },
      handMade: [],
    },
  },
  // Run without x-multi-statement: the file is one implicit transaction, which CREATE INDEX
  // CONCURRENTLY refuses; everything before it rolls back, but the version stays dirty.
  'golang-migrate-dirty-rolled-back': {
    tool: 'golang-migrate',
    migrations: GOLANG_BILLING,
    produce: (db) => golangMigrateFails(db, false),
    truth: { recorded: ['3'], dirty: true, completeThrough: '2', partial: null, handMade: [] },
  },
};

/** Versions 1 and 2 applied, invoices written, then `migrate up`, which fails in version 3. */
async function golangMigrateFails(db: TestDatabase, multiStatement: boolean): Promise<ToolFailure> {
  const clean = await golangMigrateUp(db.url, GOLANG_BILLING, { to: 2, multiStatement: true });
  if (clean) throw new Error(`golang-migrate up to 2 failed: ${clean.message}`);
  await db.exec(GOLANG_ROWS);
  const failure = await golangMigrateUp(db.url, GOLANG_BILLING, { multiStatement });
  const expected = multiStatement ? /could not create unique index "invoices_reference_key"/ : /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/;
  if (!failure || !expected.test(failure.message)) {
    throw new Error(`golang-migrate up was to fail with ${expected}; it ${failure ? `failed: ${failure.message}` : 'succeeded'}`);
  }
  return failure;
}

/** Every incident, in a stable order. */
export const INCIDENT_NAMES = Object.keys(RECIPES) as readonly IncidentName[];

/** The incidents that need Python with Alembic. */
export function needsAlembic(name: IncidentName): boolean {
  return RECIPES[name].tool === 'alembic';
}

/**
 * Prepares an incident in a fresh database on the test server, by running the real migration
 * tool (Alembic, or golang-migrate's behaviour) and making it fail the way it fails in
 * production. Incidents are independent: prepare several at once.
 *
 * @example
 * const incident = await prepareIncident('failed-concurrent-index');
 * try { … diagnose incident.db.url against incident.migrations, compare with incident.truth … }
 * finally { await incident.db.drop(); }
 * @throws Error when the tool did not fail (or succeed) where the incident says.
 */
export async function prepareIncident(name: IncidentName): Promise<Incident> {
  const recipe = RECIPES[name];
  const db = await createTestDatabase('pgdrift_incident');
  try {
    const failure = (await recipe.produce(db)) ?? null;
    return { name, db, migrations: recipe.migrations, tool: recipe.tool, truth: recipe.truth, failure };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
