import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../helpers/cli.js';

/** A validator for `schemas/status.schema.json` (`status`) or its `check` definition. */
export function statusValidator(which: 'status' | 'check'): (data: unknown) => string | null {
  const ajv = new Ajv({ allErrors: false, allowUnionTypes: true, strict: true });
  const load = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'schemas', name), 'utf8')) as object;
  ajv.addSchema(load('report.schema.json'));
  ajv.addSchema(load('status.schema.json'));
  const validate = ajv.getSchema(which === 'status' ? 'urn:pgdrift:schema:status:1' : 'urn:pgdrift:schema:status:1#/definitions/check');
  if (!validate) throw new Error('status schema not found');
  return (data) => (validate(data) ? null : ajv.errorsText(validate.errors));
}

/** A scratch folder, removed by the returned function. */
export async function scratch(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A copy of an Alembic fixture project with one more revision on top of `parent` (a second head). */
export async function alembicCopyWithSecondHead(fixture: string, into: string, parent: string): Promise<string> {
  const copy = join(into, 'project');
  await cp(fixture, copy, { recursive: true });
  await writeFile(
    join(copy, 'migrations', 'versions', 'eeee00000001_feature_flags.py'),
    `"""feature flags

Revision ID: eeee00000001
Revises: ${parent}
"""
from alembic import op
import sqlalchemy as sa

revision = 'eeee00000001'
down_revision = '${parent}'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feature_flags', sa.Column('name', sa.Text(), primary_key=True))


def downgrade() -> None:
    op.drop_table('feature_flags')
`,
  );
  return copy;
}
