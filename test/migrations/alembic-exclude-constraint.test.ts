import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOfflineSql } from '../../src/migrations/alembic/offline-sql.js';
import { loadAlembicProject } from '../../src/migrations/alembic/project.js';
import { AlembicReplayer } from '../../src/migrations/alembic/replay.js';
import { serverUrl } from '../helpers/db.js';
import { alembic, alembicAvailable } from './alembic-helpers.js';
import { CATALOG_PROJECT } from '../diagnose/support/blind-projects.js';

// op.create_exclude_constraint, read without Python, must say what real Alembic says offline.
const available = await alembicAvailable();
if (!available) console.warn('Skipping the exclude constraint oracle: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const testIf = available ? test : test.skip;

const REVISION = `"""exclusion constraints in their several spellings

Revision ID: excl01
Revises:
Create Date: 2024-07-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'excl01'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute('CREATE EXTENSION IF NOT EXISTS btree_gist')
    op.create_table('rooms', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('during', postgresql.TSRANGE()),
                    sa.Column('cancelled', sa.Boolean()), sa.Column('Wing', sa.Text()))
    op.create_exclude_constraint('excl_rooms_during', 'rooms', ('id', '='), ('during', '&&'),
                                 where=sa.text('NOT cancelled'), using='GIST', ops={'during': 'range_ops'})
    op.create_exclude_constraint('excl_rooms_wing', 'rooms', (sa.column('Wing'), '='), ('id', '<>'),
                                 deferrable=True, initially='DEFERRED')
    op.create_exclude_constraint(None, 'rooms', ('during', '-|-'), where="id > 0")


def downgrade():
    op.drop_table('rooms')
`;

testIf('upgrade statements equal `alembic upgrade --sql`', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pgdrift-exclude-'));
  try {
    await mkdir(join(dir, 'migrations', 'versions'), { recursive: true });
    await copyFile(join(CATALOG_PROJECT, 'alembic.ini'), join(dir, 'alembic.ini'));
    await copyFile(join(CATALOG_PROJECT, 'migrations', 'env.py'), join(dir, 'migrations', 'env.py'));
    await writeFile(join(dir, 'migrations', 'versions', 'excl01_exclusions.py'), REVISION);
    const offline = parseOfflineSql(await alembic(dir, ['upgrade', 'head', '--sql'], 'postgresql://offline@localhost/offline'), 'upgrade.sql');
    const project = await loadAlembicProject(dir);
    const ours = (await new AlembicReplayer(project).upgradeStatements('excl01')).map((s) => s.sql);
    expect(ours).toEqual(offline.steps[0]?.statements.map((s) => s.sql));
    expect(ours.filter((s) => s.includes('EXCLUDE'))).toHaveLength(3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
