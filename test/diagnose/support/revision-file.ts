import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file of an Alembic revision: `versions/<revision>_<slug>.py`, as `alembic revision` names them.
 *
 * @example revisionFile(BILLING_MIGRATIONS, '5e7a2b9c0d68') // '/…/versions/5e7a2b9c0d68_customer_billing_details.py'
 * @throws Error when no file, or more than one, starts with the revision id.
 */
export function revisionFile(migrations: string, revision: string): string {
  const versions = join(migrations, 'versions');
  const found = readdirSync(versions).filter((f) => f.startsWith(`${revision}_`) && f.endsWith('.py'));
  if (found.length !== 1) throw new Error(`${versions}: ${found.length} files for revision ${revision}`);
  return join(versions, found[0] as string);
}

/**
 * The 1-based line, in the `upgrade()` of an Alembic revision file, of the one line containing
 * `needle`: where an op call starts, so that an incident's `origin.line` is read from the file
 * instead of being counted by hand.
 *
 * @example opLine(file, "op.add_column('customers', sa.Column('tax_id'") // 24
 * @throws Error unless exactly one line of upgrade() contains `needle`.
 */
export function opLine(file: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith('def upgrade('));
  const end = lines.findIndex((line, i) => i > start && /^\S/.test(line) && !line.startsWith('#'));
  const hits = lines.flatMap((line, i) => (i > start && (end < 0 || i < end) && line.includes(needle) ? [i + 1] : []));
  if (start < 0 || hits.length !== 1) throw new Error(`${file}: ${hits.length} lines of upgrade() contain ${JSON.stringify(needle)}`);
  return hits[0] as number;
}
