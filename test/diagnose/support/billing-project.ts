import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The incident fixture: a billing app's Alembic project (alembic.ini at its root). */
export const BILLING_PROJECT = fileURLToPath(new URL('../../../fixtures/alembic/incident', import.meta.url));
export const BILLING_MIGRATIONS = join(BILLING_PROJECT, 'migrations');

/** Its revisions, in order (a single line of history). */
export const BILLING = {
  customers: '3f9a1c7d2e40',
  invoices: '8b2e6d0f4a17',
  payments: 'c41d9e8a7b23',
  billingDetails: '5e7a2b9c0d68',
  /** `ALTER TYPE … ADD VALUE`, then `COMMIT`, then ops that can fail on the data. */
  dunning: 'a96c3f1e8d05',
  /** A unique index built CONCURRENTLY with IF NOT EXISTS. */
  paymentReference: '2d8f5b7a9c31',
  creditNotes: 'e0b4a6c2f913',
  /** A check added NOT VALID, then validated after a commit. */
  countryCheck: '71c5d3e9b0a4',
} as const;

export const BILLING_HEAD = BILLING.countryCheck;

/**
 * Rows a billing database in production has, in columns every revision from `payments` on has.
 * Nothing here makes a revision fail; the `*_ROWS` below each make one fail.
 */
export const BILLING_ROWS = `
  INSERT INTO customers (email, name, country) VALUES
    ('ops@acme.test', 'Acme GmbH', 'DE'),
    ('hello@globex.test', 'Globex Ltd', 'GB');
  INSERT INTO invoices (customer_id, number, status, currency, total_cents, issued_at) VALUES
    (1, 'INV-2025-0001', 'paid', 'EUR', 120000, '2025-01-31 10:00+00'),
    (2, 'INV-2025-0002', 'open', 'GBP', 4900, '2025-02-28 10:00+00');
  INSERT INTO payments (invoice_id, amount_cents, provider, external_ref) VALUES
    (1, 120000, 'stripe', 'ch_3PqA1');
`;

/** A draft invoice: not issued yet, so `issued_at` is NULL — `dunning` makes the column NOT NULL. */
export const DRAFT_INVOICE_ROWS = `
  INSERT INTO invoices (customer_id, number, currency, total_cents) VALUES (2, 'INV-DRAFT-17', 'GBP', 2500);
`;

/** One payment recorded twice (a redelivered webhook) — `paymentReference` makes the reference unique. */
export const DUPLICATE_PAYMENT_ROWS = `
  INSERT INTO payments (invoice_id, amount_cents, provider, external_ref) VALUES
    (2, 4900, 'stripe', 'ch_3PqB7'),
    (2, 4900, 'stripe', 'ch_3PqB7');
`;

/** What the operator runs after the failed index build: the duplicate goes, the first payment stays. */
export const REMOVE_DUPLICATE_PAYMENT = `
  DELETE FROM payments WHERE id = (SELECT max(id) FROM payments WHERE external_ref = 'ch_3PqB7');
`;

/** A country code in lower case — `countryCheck` wants ISO codes. */
export const LOWERCASE_COUNTRY_ROWS = `
  INSERT INTO customers (email, name, country) VALUES ('info@initech.test', 'Initech', 'us');
`;
