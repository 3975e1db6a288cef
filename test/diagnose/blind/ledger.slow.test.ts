import { alembicAvailable } from '../../migrations/alembic-helpers.js';
import { blindProject, LEDGER, LEDGER_HEAD, LEDGER_MIGRATIONS, LEDGER_PROJECT, expectClean, originIn, summary } from '../support/blind-projects.js';
import { applyRemedy } from '../support/remedies.js';
import { alembicFails, alembicSucceeds } from '../support/tool-run.js';
import { withClient } from '../support/with-client.js';

// `pgdrift diagnose` on databases real Alembic left in each state, for a project written the
// way `alembic revision --autogenerate` writes (op.f() names, Identity, Computed, JSONB, ARRAY,
// UUID defaults, enums) with non-hex revision ids, a merge and a depends_on across branches.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the blind-ledger diagnose tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;
const TIMEOUT = 300_000;

/** One account with a numeric tier, written when the database stands at the merge. */
const ACCOUNT = `INSERT INTO accounts (email, tier) VALUES ('ops@acme.test', '1')`;
/** A webhook delivered twice: one external id booked twice on one account. */
const DUPLICATE_ENTRY = `
  INSERT INTO entries (account_id, external_id, amount_cents) SELECT id, 'ext-1', 100 FROM accounts;
  INSERT INTO entries (account_id, external_id, amount_cents) SELECT id, 'ext-1', 100 FROM accounts;
`;
const REMOVE_DUPLICATE_ENTRY = `DELETE FROM entries WHERE id = (SELECT max(id) FROM entries)`;

const { diagnosed, database, copy } = blindProject(LEDGER_PROJECT, LEDGER_MIGRATIONS, TIMEOUT);

describeIf('blind-ledger', () => {
  test('healthy at head: silence', async () => {
    const db = await database('head');
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({ state: 'healthy', recorded: [LEDGER_HEAD], bestMatch: LEDGER_HEAD, partial: null, drift: [] });
    expect(d.remedies).toEqual([]);
  }, TIMEOUT);

  // Alembic runs the dependency first and then keeps only the dependent's row: the version
  // table is right, and no stamp is called for.
  test('behind on a branch whose revision depends_on the other branch', async () => {
    const db = await database(LEDGER.audit.id);
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({ state: 'behind', recorded: [LEDGER.audit.id], bestMatch: LEDGER.audit.id, partial: null, drift: [] });
    expect(d.bestMatch.tips).toEqual([LEDGER.audit.id]);
    expect(d.remedies).toEqual([]);
    expect(d.status).toBe('ok');
  }, TIMEOUT);

  test('a unique index over duplicates fails after the revision COMMITted: finish and revert', async () => {
    const db = await database(LEDGER.merge.id, `${ACCOUNT}; ${DUPLICATE_ENTRY}`);
    await alembicFails(LEDGER_PROJECT, ['upgrade', 'head'], db.url, 'CREATE UNIQUE INDEX uq_entries_account_id_external_id');
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({
      state: 'half_applied',
      recorded: [LEDGER.merge.id],
      bestMatch: LEDGER.merge.id,
      partial: {
        revision: LEDGER.states.id,
        applied: ['column:public.entries.state', 'enum:public.account_status', 'enum:public.entry_state', 'index:public.entries.ix_entries_external_id'],
        missing: ['constraint:public.entries.ck_entries_currency_upper', 'index:public.entries.uq_entries_account_id_external_id'],
        invalid: [],
      },
      drift: [],
    });
    const where = (id: string) => [...(d.partial?.applied ?? []), ...(d.partial?.missing ?? [])].find((o) => o.id === id)?.line;
    const line = (needle: string) => originIn(LEDGER_MIGRATIONS, LEDGER.states, needle).line;
    expect(where('index:public.entries.uq_entries_account_id_external_id')).toBe(line("op.create_index(op.f('uq_entries"));
    // Created with checkfirst=True: the reader's DO block still names the type with its line.
    expect(where('enum:public.entry_state')).toBe(line('entry_state.create(op.get_bind()'));

    const reverted = await copy(db);
    await db.exec(REMOVE_DUPLICATE_ENTRY);
    await applyRemedy(db, d, 'finish');
    await expectClean(db, LEDGER_MIGRATIONS, LEDGER.states.id, 'after finish');
    await applyRemedy(reverted, d, 'revert');
    await expectClean(reverted, LEDGER_MIGRATIONS, LEDGER.merge.id, 'after revert');
  }, TIMEOUT);

  // The run began at the merge: the COMMIT in `states` leaves every later statement on its own,
  // so `tier` stops between its rename and its retype, the column renamed but still text.
  test('a column renamed, then its retype failing on the data: the column is the revision not done, not drift', async () => {
    const db = await database(LEDGER.merge.id, `${ACCOUNT}; INSERT INTO accounts (email, tier) VALUES ('vip@acme.test', 'gold')`);
    await alembicFails(LEDGER_PROJECT, ['upgrade', 'head'], db.url, 'ALTER TABLE accounts ALTER COLUMN tier_level TYPE SMALLINT');
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({
      state: 'half_applied',
      recorded: [LEDGER.states.id],
      bestMatch: LEDGER.states.id,
      partial: {
        revision: LEDGER.tier.id,
        applied: ['column:public.accounts.tier'],
        missing: ['column:public.accounts.tier_level', 'constraint:public.accounts.ck_accounts_tier_level_range'],
        invalid: [],
      },
      drift: [],
    });
    expect(d.remedies.map((r) => r.kind)).toEqual(['finish', 'revert']);
    // The revision renamed tier (its source says so): revert renames it back, keeping the tiers,
    // rather than dropping tier_level and adding tier back empty.
    const revert = d.remedies.find((r) => r.kind === 'revert');
    expect(revert?.plan.statements[0]).toMatchObject({
      sql: 'ALTER TABLE public.accounts RENAME COLUMN tier_level TO tier',
      note: expect.stringMatching(/^renamed as .*20240315_tier_level\.py:\d+ renames it/),
    });
    expect(revert?.plan.statements.map((s) => s.sql)).not.toContainEqual(expect.stringMatching(/DROP COLUMN/));

    const reverted = await copy(db);
    await db.exec(`UPDATE accounts SET tier_level = '3' WHERE tier_level = 'gold'`);
    await applyRemedy(db, d, 'finish');
    await expectClean(db, LEDGER_MIGRATIONS, LEDGER.tier.id, 'after finish');
    await applyRemedy(reverted, d, 'revert');
    await expectClean(reverted, LEDGER_MIGRATIONS, LEDGER.states.id, 'after revert');
    const tiers = await withClient(reverted.url, async (c) => (await c.query<{ tier: string }>('SELECT tier FROM accounts ORDER BY email')).rows.map((r) => r.tier));
    expect(tiers).toEqual(['1', 'gold']);
  }, TIMEOUT);

  // Added nullable, backfilled where it can be, then SET NOT NULL: after the COMMIT the column
  // stays, nullable, between its two statements.
  test('a column added and backfilled, its SET NOT NULL failing after the COMMIT: finish and revert', async () => {
    const db = await database(LEDGER.statements.id, `
      INSERT INTO accounts (email) VALUES ('ops@acme.test');
      INSERT INTO statements (account_id, month, state) SELECT id, '2024-04-01', 'posted' FROM accounts;
      INSERT INTO statements (account_id, month, state) SELECT id, '2024-05-01', 'pending' FROM accounts;
    `);
    await alembicFails(LEDGER_PROJECT, ['upgrade', 'head'], db.url, 'ALTER TABLE statements ALTER COLUMN due_on SET NOT NULL');
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({
      state: 'half_applied',
      recorded: [LEDGER.statements.id],
      bestMatch: LEDGER.statements.id,
      partial: {
        revision: LEDGER.due.id,
        applied: ['enum:public.entry_state'],
        missing: ['column:public.statements.due_on', 'index:public.statements.ix_statements_due_on'],
        invalid: [],
      },
      drift: [],
    });
    const reverted = await copy(db);
    await db.exec(`UPDATE statements SET due_on = month + 30 WHERE due_on IS NULL`);
    await applyRemedy(db, d, 'finish');
    await expectClean(db, LEDGER_MIGRATIONS, LEDGER.due.id, 'after finish');
    await applyRemedy(reverted, d, 'revert');
    await expectClean(reverted, LEDGER_MIGRATIONS, LEDGER.statements.id, 'after revert');
  }, TIMEOUT);

  test('hand-made changes at head, in a second schema and on batch-made objects: each named by its origin', async () => {
    const db = await database('head');
    await db.exec(`
      DROP INDEX ix_accounts_display_name;
      ALTER TABLE accounts ALTER COLUMN locale SET DEFAULT 'de';
      ALTER TABLE accounts ALTER COLUMN tier_level DROP DEFAULT;
      ALTER TABLE accounts ADD COLUMN phone text;
      ALTER TABLE entries ADD CONSTRAINT ck_entries_amount_nonzero CHECK (amount_cents <> 0);
      ALTER TABLE statements DROP CONSTRAINT uq_statements_account_id_month;
      ALTER TABLE audit.events DROP COLUMN payload;
      DROP INDEX audit.ix_audit_events_at;
    `);
    const d = await diagnosed(db);
    const at = (r: (typeof LEDGER)[keyof typeof LEDGER], needle: string) => originIn(LEDGER_MIGRATIONS, r, needle);
    expect(summary(d)).toEqual({
      state: 'drift',
      recorded: [LEDGER_HEAD],
      bestMatch: LEDGER_HEAD,
      partial: null,
      drift: [
        { id: 'column:audit.events.payload', kind: 'missing', origin: at(LEDGER.audit, "op.create_table('events'") },
        { id: 'column:public.accounts.locale', kind: 'changed', origin: at(LEDGER.profile, "batch_op.add_column(sa.Column('locale'") },
        { id: 'column:public.accounts.phone', kind: 'unexpected', origin: null },
        // Renamed on one line, given its default on the next: the default is the second's.
        { id: 'column:public.accounts.tier_level', kind: 'changed', origin: at(LEDGER.tier, "op.alter_column('accounts', 'tier_level'") },
        { id: 'constraint:public.entries.ck_entries_amount_nonzero', kind: 'unexpected', origin: null },
        { id: 'constraint:public.statements.uq_statements_account_id_month', kind: 'missing', origin: at(LEDGER.statements, "op.create_table('statements'") },
        { id: 'index:audit.events.ix_audit_events_at', kind: 'missing', origin: at(LEDGER.audit, "op.create_index(op.f('ix_audit_events_at')") },
        { id: 'index:public.accounts.ix_accounts_display_name', kind: 'missing', origin: at(LEDGER.profile, 'batch_op.create_index(') },
      ],
    });
    await applyRemedy(db, d, 'restore');
    await expectClean(db, LEDGER_MIGRATIONS, LEDGER_HEAD, 'after restore');
  }, TIMEOUT);

  test.each([
    ['behind', 'head', LEDGER.profile.id, LEDGER_HEAD],
    ['ahead', LEDGER.profile.id, 'head', LEDGER.profile.id],
  ])('a stamp of the wrong revision (%s): the stamp remedy records the one the schema is', async (_how, upgradeTo, stampTo, schemaAt) => {
    const db = await database(upgradeTo);
    await alembicSucceeds(LEDGER_PROJECT, ['stamp', stampTo], db.url);
    const d = await diagnosed(db);
    const recorded = stampTo === 'head' ? LEDGER_HEAD : stampTo;
    expect(summary(d)).toEqual({ state: 'wrong_stamp', recorded: [recorded], bestMatch: schemaAt, partial: null, drift: [] });
    await applyRemedy(db, d, 'stamp');
    await expectClean(db, LEDGER_MIGRATIONS, schemaAt, 'after stamp');
  }, TIMEOUT);
});
