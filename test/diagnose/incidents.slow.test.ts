import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { BILLING, BILLING_HEAD, BILLING_MIGRATIONS } from './support/billing-project.js';
import { GOLANG_BILLING, INCIDENT_NAMES, alembicAvailable, needsAlembic, prepareIncident, type Incident, type IncidentName } from './support/incidents.js';
import { auditTruth } from './support/truth-audit.js';
import { withClient } from './support/with-client.js';

// The ground truth `pgdrift diagnose` is tested on: each incident is produced by the real tool
// failing the way it fails in production, and its description is checked here on the catalog
// alone, against databases the same tool migrated cleanly — no pgdrift code is involved.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the Alembic incidents: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;
const names = INCIDENT_NAMES.filter((n) => available || !needsAlembic(n));
const TIMEOUT = 300_000;

/** Runs tasks at most `concurrency` at a time: the machine has two cores and Alembic is Python. */
function limited(concurrency: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** A query on the incident's database and the one value it must return: literal checks of the key facts. */
type Fact = readonly [sql: string, expected: unknown];

const indexValid = (name: string) => `SELECT indisvalid FROM pg_index WHERE indexrelid = '${name}'::regclass`;
const exists = (name: string) => `SELECT to_regclass('${name}') IS NOT NULL`;
const notNull = (table: string, column: string) => `SELECT attnotnull FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${column}' AND NOT attisdropped`;
const validated = (name: string) => `SELECT convalidated FROM pg_constraint WHERE conname = '${name}'`;
const hasConstraint = (name: string) => `SELECT count(*)::int FROM pg_constraint WHERE conname = '${name}'`;
const column = (table: string, name: string) => `SELECT count(*)::int FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attname = '${name}' AND NOT attisdropped`;
const uncollectible = `SELECT 'uncollectible' = ANY (enum_range(NULL::invoice_status)::text[])`;

const FACTS: Readonly<Record<IncidentName, readonly Fact[]>> = {
  'healthy-head': [[indexValid('uq_payments_provider_external_ref'), true], [validated('ck_customers_country_iso'), true], [exists('customer_balances'), true]],
  'healthy-behind': [[column('customers', 'tax_id'), 1], [uncollectible, false], [exists('credit_notes'), false]],
  'interrupted-after-commit': [[uncollectible, true], [column('invoices', 'dunning_level'), 1], [notNull('invoices', 'issued_at'), false], [exists('ix_invoices_status_issued_at'), false]],
  'failed-concurrent-index': [[indexValid('uq_payments_provider_external_ref'), false], [hasConstraint('ck_payments_external_ref_not_blank'), 0], [exists('credit_notes'), false]],
  'invalid-index-recorded': [[indexValid('uq_payments_provider_external_ref'), false], [hasConstraint('ck_payments_external_ref_not_blank'), 1], [exists('ix_customers_country'), true]],
  'failed-validate-constraint': [[validated('ck_customers_country_iso'), false], [exists('ix_customers_country'), false], [exists('credit_notes'), true]],
  'hand-dropped-column': [[column('customers', 'tax_id'), 0], [column('customers', 'billing_email'), 1]],
  'hand-hotfix': [
    [column('payments', 'refunded_at'), 1],
    [indexValid('ix_payments_received_at'), true],
    [`SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'invoices'::regclass AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND attname = 'currency')`, "'USD'::bpchar"],
  ],
  'wrong-stamp-ahead': [[column('customers', 'tax_id'), 1], [uncollectible, false], [exists('customer_balances'), false]],
  'wrong-stamp-behind': [[exists('customer_balances'), true], [validated('ck_customers_country_iso'), true]],
  'half-applied-plus-hotfix': [[uncollectible, true], [notNull('invoices', 'issued_at'), false], [column('customers', 'vip'), 1]],
  'app-branch-concurrent-index-timeout': [[column('comments', 'edited_at'), 1], [indexValid('ix_comments_author_id_created_at'), false], [column('posts', 'reading_time'), 0]],
  'app-branch-lock-timeout-rolled-back': [[column('comments', 'edited_at'), 0], [exists('ix_comments_author_id_created_at'), false]],
  'golang-migrate-dirty': [[column('invoices', 'reference'), 1], [indexValid('invoices_reference_key'), false], [hasConstraint('invoices_reference_format'), 0], [exists('payments'), false]],
  'golang-migrate-dirty-rolled-back': [[column('invoices', 'reference'), 0], [exists('invoices_reference_key'), false]],
};

/** What stopped each failed run, as PostgreSQL said it. */
const FAILURES: Readonly<Partial<Record<IncidentName, RegExp>>> = {
  'interrupted-after-commit': /column "issued_at" of relation "invoices" contains null values/,
  'half-applied-plus-hotfix': /column "issued_at" of relation "invoices" contains null values/,
  'failed-concurrent-index': /could not create unique index "uq_payments_provider_external_ref"/,
  'invalid-index-recorded': /could not create unique index "uq_payments_provider_external_ref"/,
  'failed-validate-constraint': /check constraint "ck_customers_country_iso" of relation "customers" is violated by some row/,
  'app-branch-concurrent-index-timeout': /canceling statement due to lock timeout/,
  'app-branch-lock-timeout-rolled-back': /canceling statement due to lock timeout/,
  'golang-migrate-dirty': /could not create unique index "invoices_reference_key"/,
  'golang-migrate-dirty-rolled-back': /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/,
};

interface Prepared {
  readonly incident: Incident;
  /** What auditTruth found wrong with the truth. */
  readonly audit: string[];
}

function facts(incident: Incident): Promise<unknown[]> {
  return withClient(incident.db.url, async (client) => {
    const values: unknown[] = [];
    for (const [sql] of FACTS[incident.name]) values.push(Object.values((await client.query(sql)).rows[0] ?? {})[0]);
    return values;
  });
}

describe('incidents are what their truth says (checked on the catalog, without pgdrift)', () => {
  const prepared = new Map<IncidentName, Promise<Prepared>>();
  const created: Incident[] = [];

  beforeAll(() => {
    const pool = limited(3);
    for (const name of names) {
      const result = pool(async () => {
        const incident = await prepareIncident(name);
        created.push(incident);
        return { incident, audit: await auditTruth(incident) };
      });
      result.catch(() => {}); // each test awaits its own
      prepared.set(name, result);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(prepared.values());
    await Promise.all(created.map((incident) => incident.db.drop()));
  }, TIMEOUT);

  test.each(names)('%s', async (name) => {
    const { incident, audit } = await (prepared.get(name) as Promise<Prepared>);
    expect(audit).toEqual([]);
    expect(await facts(incident)).toEqual(FACTS[name].map(([, expected]) => expected));
    const failure = FAILURES[name];
    if (failure) expect(incident.failure?.message).toMatch(failure);
    else expect(incident.failure).toBeNull();
  }, TIMEOUT);

  describeIf('the audit rejects a truth that is not what happened', () => {
    test('interrupted-after-commit described as merely behind, or with its missing index applied', async () => {
      const { incident } = await (prepared.get('interrupted-after-commit') as Promise<Prepared>);
      const behind = await auditTruth(incident, { ...incident.truth, partial: null });
      expect(behind).toEqual([
        expect.stringMatching(/^column:public\.invoices\.dunning_level: smallint NOT NULL DEFAULT 0 in the database, absent at 5e7a2b9c0d68/),
        expect.stringMatching(/^enum:public\.invoice_status: draft, open, paid, uncollectible, void in the database, draft, open, paid, void at 5e7a2b9c0d68/),
      ]);
      const partial = incident.truth.partial!;
      const indexApplied = await auditTruth(incident, {
        ...incident.truth,
        partial: { ...partial, applied: [...partial.applied, 'index:public.invoices.ix_invoices_status_issued_at'], missing: ['column:public.invoices.issued_at'] },
      });
      expect(indexApplied).toEqual([expect.stringMatching(/^index:public\.invoices\.ix_invoices_status_issued_at: listed as applied, but absent in the database/)]);
      const stamped = await auditTruth(incident, { ...incident.truth, recorded: [BILLING.dunning] });
      expect(stamped).toEqual([`version table holds ["${BILLING.billingDetails}"], truth says ["${BILLING.dunning}"]`]);
    }, TIMEOUT);

    test('hand-hotfix with a wrong kind and a wrong origin line', async () => {
      const { incident } = await (prepared.get('hand-hotfix') as Promise<Prepared>);
      const [currency, ...rest] = incident.truth.handMade;
      const wrong = await auditTruth(incident, {
        ...incident.truth,
        handMade: [{ ...currency!, kind: 'missing', origin: { ...currency!.origin!, line: currency!.origin!.line - 1 } }, ...rest],
      });
      expect(wrong).toEqual([
        expect.stringMatching(/^column:public\.invoices\.currency: hand-made missing, but character\(3\) NOT NULL DEFAULT 'USD'::bpchar in the database/),
        expect.stringMatching(/^column:public\.invoices\.currency: origin .*5e7a2b9c0d68_customer_billing_details\.py:\d+ is not an op making currency/),
      ]);
    }, TIMEOUT);
  });
});

describe('the incident fixtures are interpretable by pgdrift without Python', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pgdrift-incident-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));
  const testIf = available ? test : test.skip;

  testIf('fixtures/alembic/incident: snapshot, heads and history', async () => {
    const snap = await runCli(['snapshot', '--migrations', BILLING_MIGRATIONS, '--no-cache', '-o', join(scratch, 'alembic.json')]);
    expect(snap.stderr).toBe('');
    expect(snap.code).toBe(0);
    expect(snap.stdout).toMatch(/^snapshot of .* at head \(71c5d3e9b0a4\): 4 tables,/);
    const heads = await runCli(['heads', '--migrations', BILLING_MIGRATIONS]);
    expect(heads.stdout).toBe(`${BILLING_HEAD} (head)\n`);
    const history = await runCli(['history', '--migrations', BILLING_MIGRATIONS]);
    expect(history.stdout.trim().split('\n').map((l) => /-> (\w+)/.exec(l)?.[1])).toEqual(Object.values(BILLING).reverse());
  }, TIMEOUT);

  test('fixtures/migrations/golang-migrate-billing: snapshot and heads', async () => {
    const snap = await runCli(['snapshot', '--migrations', GOLANG_BILLING, '--no-cache', '-o', join(scratch, 'golang.json')]);
    expect(snap.stderr).toBe('');
    expect(snap.code).toBe(0);
    expect(snap.stdout).toMatch(/at head \(4\): 3 tables,/);
    expect((await runCli(['heads', '--migrations', GOLANG_BILLING])).stdout).toBe('4 (head)\n');
  }, TIMEOUT);
});
