import { alembicAvailable } from '../../migrations/alembic-helpers.js';
import { blindProject, CATALOG, CATALOG_MIGRATIONS, CATALOG_PROJECT, expectClean, originIn, summary } from '../support/blind-projects.js';
import { applyRemedy } from '../support/remedies.js';
import { alembicFails } from '../support/tool-run.js';

// `pgdrift diagnose` on a project that lives in a schema of its own and writes much of itself
// as raw multi-statement SQL (a trigger function, triggers, a view), with indexes built
// CONCURRENTLY in autocommit blocks (gin, partial, INCLUDE) and an exclusion constraint.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the blind-catalog diagnose tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;
const TIMEOUT = 300_000;

/** Two products whose SKUs differ only in case: `uniqueSku` makes lower(sku) unique. */
const CLASHING_SKUS = `
  INSERT INTO shop.products (sku, title, price_cents) VALUES ('AB-1', 'Mug', 900), ('ab-1', 'Mug (imported twice)', 900);
  INSERT INTO shop.orders (id, email) VALUES (1, 'ops@acme.test');
`;

const { diagnosed, database, copy } = blindProject(CATALOG_PROJECT, CATALOG_MIGRATIONS, TIMEOUT);

describeIf('blind-catalog', () => {
  test('healthy at head, exclusion constraint and all: silence', async () => {
    const d = await diagnosed(await database('head'));
    expect(summary(d)).toEqual({ state: 'healthy', recorded: [CATALOG.pickups.id], bestMatch: CATALOG.pickups.id, partial: null, drift: [] });
    expect(d.remedies).toEqual([]);
  }, TIMEOUT);

  test('healthy but behind, the last revisions pending', async () => {
    const d = await diagnosed(await database(CATALOG.reshape.id));
    expect(summary(d)).toEqual({ state: 'behind', recorded: [CATALOG.reshape.id], bestMatch: CATALOG.reshape.id, partial: null, drift: [] });
    expect(d.pending).toEqual([CATALOG.totalsView.id, CATALOG.uniqueSku.id, CATALOG.pickups.id]);
    expect(d.remedies).toEqual([]);
  }, TIMEOUT);

  // The autocommit block commits what ran before it — totalsView's version row and uniqueSku's
  // column — and the failed build leaves its index INVALID.
  test('a unique index CONCURRENTLY fails on clashing rows: finish and revert', async () => {
    const db = await database(CATALOG.reshape.id, CLASHING_SKUS);
    await alembicFails(CATALOG_PROJECT, ['upgrade', 'head'], db.url, 'CREATE UNIQUE INDEX CONCURRENTLY uq_products_sku');
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({
      state: 'half_applied',
      recorded: [CATALOG.totalsView.id],
      bestMatch: CATALOG.totalsView.id,
      partial: {
        revision: CATALOG.uniqueSku.id,
        applied: ['column:shop.products.discontinued'],
        missing: ['constraint:shop.orders.uq_orders_email_placed_at', 'index:shop.orders.ix_orders_email'],
        invalid: ['index:shop.products.uq_products_sku'],
      },
      drift: [],
    });
    expect(d.partial?.invalid[0]).toMatchObject({ concurrently: true, line: originIn(CATALOG_MIGRATIONS, CATALOG.uniqueSku, "op.create_index('uq_products_sku'").line });

    const reverted = await copy(db);
    await db.exec(`DELETE FROM shop.products WHERE sku = 'ab-1'`);
    await applyRemedy(db, d, 'finish');
    await expectClean(db, CATALOG_MIGRATIONS, CATALOG.uniqueSku.id, 'after finish');
    await applyRemedy(reverted, d, 'revert');
    await expectClean(reverted, CATALOG_MIGRATIONS, CATALOG.totalsView.id, 'after revert');
  }, TIMEOUT);

  // The index of a later statement is there while the column of an earlier one is not: no run
  // of the revision stops like that, someone made the index ahead of its migration.
  test('an index made by hand ahead of the pending revision that creates it: drift, not a half-applied revision', async () => {
    const db = await database(CATALOG.totalsView.id);
    await db.exec('CREATE INDEX ix_orders_email ON shop.orders (email)');
    const d = await diagnosed(db);
    expect(summary(d)).toEqual({
      state: 'drift',
      recorded: [CATALOG.totalsView.id],
      bestMatch: CATALOG.totalsView.id,
      partial: null,
      drift: [{ id: 'index:shop.orders.ix_orders_email', kind: 'unexpected', origin: originIn(CATALOG_MIGRATIONS, CATALOG.uniqueSku, "op.create_index('ix_orders_email'") }],
    });
    expect(d.drift[0]?.origin?.pending).toBe(true);
    await applyRemedy(db, d, 'restore');
    await expectClean(db, CATALOG_MIGRATIONS, CATALOG.totalsView.id, 'after restore');
  }, TIMEOUT);

  // order_lines became line_items (and unit_price unit_price_cents) in cat004: what cat002 made
  // is traced back through the renames, and a NOT NULL to the op that set it, not to the retype.
  test('hand-made changes to columns of a renamed table: traced to the revision that made them under the old name', async () => {
    const db = await database('head');
    await db.exec(`
      ALTER TABLE shop.line_items DROP COLUMN quantity CASCADE;
      ALTER TABLE shop.line_items ALTER COLUMN unit_price_cents DROP NOT NULL;
      ALTER TABLE shop.orders DROP COLUMN note;
    `);
    const d = await diagnosed(db);
    const at = (r: (typeof CATALOG)[keyof typeof CATALOG], needle: string) => originIn(CATALOG_MIGRATIONS, r, needle);
    expect(summary(d)).toEqual({
      state: 'drift',
      recorded: [CATALOG.pickups.id],
      bestMatch: CATALOG.pickups.id,
      partial: null,
      drift: [
        { id: 'column:shop.line_items.quantity', kind: 'missing', origin: at(CATALOG.orders, "op.create_table('order_lines'") },
        { id: 'column:shop.line_items.unit_price_cents', kind: 'changed', origin: at(CATALOG.orders, "op.create_table('order_lines'") },
        { id: 'column:shop.orders.note', kind: 'missing', origin: at(CATALOG.orders, "op.create_table('orders'") },
        // Dropped with the column (CASCADE).
        { id: 'constraint:shop.line_items.ck_line_items_quantity', kind: 'missing', origin: at(CATALOG.reshape, "op.create_check_constraint('ck_line_items_quantity'") },
        { id: 'view:shop.order_totals', kind: 'missing', origin: at(CATALOG.totalsView, 'op.execute("""') },
      ],
    });
    await applyRemedy(db, d, 'restore');
    await expectClean(db, CATALOG_MIGRATIONS, CATALOG.pickups.id, 'after restore');
  }, TIMEOUT);

  test('hand-made changes to objects raw SQL made: each named by the op.execute that made it', async () => {
    const db = await database('head');
    await db.exec(`
      DROP TRIGGER orders_touch ON shop.orders;
      CREATE OR REPLACE FUNCTION shop.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END; $$;
      CREATE OR REPLACE VIEW shop.order_totals AS
        SELECT o.id AS order_id, o.email, sum(l.quantity * l.unit_price_cents) AS total_cents, count(*) AS lines
        FROM shop.orders o JOIN shop.line_items l ON l.order_id = o.id GROUP BY o.id, o.email;
      ALTER TABLE shop.pickups DROP CONSTRAINT excl_pickups_slot;
      ALTER TABLE shop.line_items DROP CONSTRAINT ck_line_items_quantity;
      ALTER TABLE shop.orders ALTER COLUMN status SET DEFAULT 'paid';
    `);
    await db.exec('CREATE INDEX CONCURRENTLY ix_line_items_product ON shop.line_items (product_id)');
    const d = await diagnosed(db);
    const at = (r: (typeof CATALOG)[keyof typeof CATALOG], needle: string) => originIn(CATALOG_MIGRATIONS, r, needle);
    expect(summary(d)).toEqual({
      state: 'drift',
      recorded: [CATALOG.pickups.id],
      bestMatch: CATALOG.pickups.id,
      partial: null,
      drift: [
        { id: 'column:shop.orders.status', kind: 'changed', origin: at(CATALOG.orders, "op.create_table('orders'") },
        { id: 'constraint:shop.line_items.ck_line_items_quantity', kind: 'missing', origin: at(CATALOG.reshape, "op.create_check_constraint('ck_line_items_quantity'") },
        { id: 'constraint:shop.pickups.excl_pickups_slot', kind: 'missing', origin: at(CATALOG.pickups, 'op.create_exclude_constraint(') },
        { id: 'function:shop.touch_updated_at()', kind: 'changed', origin: at(CATALOG.products, 'op.execute("""') },
        { id: 'index:shop.line_items.ix_line_items_product', kind: 'unexpected', origin: null },
        { id: 'trigger:shop.orders.orders_touch', kind: 'missing', origin: at(CATALOG.totalsView, 'op.execute("""') },
        { id: 'view:shop.order_totals', kind: 'changed', origin: at(CATALOG.totalsView, 'op.execute("""') },
      ],
    });
    await applyRemedy(db, d, 'restore');
    await expectClean(db, CATALOG_MIGRATIONS, CATALOG.pickups.id, 'after restore');
  }, TIMEOUT);
});
