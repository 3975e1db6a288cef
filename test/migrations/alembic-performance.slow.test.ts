import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAlembicProject } from '../../src/migrations/alembic/project.js';
import { AlembicReplayer } from '../../src/migrations/alembic/replay.js';

const COUNT = 300;
const id = (i: number) => `rev${String(i).padStart(9, '0')}`;

/** A revision in the style of the fixture: a table with typed columns, an index, an alteration. */
function revisionFile(i: number): string {
  const down = i === 0 ? 'None' : `'${id(i - 1)}'`;
  return `"""step ${i}

Revision ID: ${id(i)}
Revises: ${i === 0 ? '' : id(i - 1)}
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = '${id(i)}'
down_revision: Union[str, None] = ${down}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLE = 't${i}'


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('status', sa.Enum('a', 'b', name='status_${i}'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_index(op.f(f'ix_{TABLE}_created_at'), TABLE, ['created_at'], unique=False)
    op.add_column(TABLE, sa.Column('note', sa.Text(), nullable=True))
    op.alter_column(TABLE, 'name', existing_type=sa.String(length=100), type_=sa.String(length=200))
    op.execute(sa.text(f"UPDATE {TABLE} SET note = 'x'"))


def downgrade() -> None:
    op.drop_column(TABLE, 'note')
    op.drop_index(op.f(f'ix_{TABLE}_created_at'), table_name=TABLE)
    op.drop_table(TABLE)
    op.execute('DROP TYPE status_${i}')
`;
}

test(`reading and interpreting ${COUNT} revision files`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pgdrift-alembic-perf-'));
  try {
    await mkdir(join(dir, 'versions'));
    await writeFile(join(dir, 'env.py'), '');
    await Promise.all(Array.from({ length: COUNT }, (_, i) => writeFile(join(dir, 'versions', `${id(i)}_step.py`), revisionFile(i))));

    const t0 = performance.now();
    const project = await loadAlembicProject(dir);
    const t1 = performance.now();
    const replayer = new AlembicReplayer(project);
    const order = project.graph.pathTo(id(COUNT - 1));
    await replayer.replay(order, {}, async () => {});
    const upgrade = (await Promise.all(order.map((r) => replayer.upgradeStatements(r.id)))).flat();
    const t2 = performance.now();
    const downgrade = await replayer.downgradeStatements(id(COUNT - 1));

    expect(project.graph.heads()).toEqual([id(COUNT - 1)]);
    expect(upgrade).toHaveLength(COUNT * 6);
    expect(downgrade).toHaveLength(4);
    console.info(
      `${COUNT} revisions: parse + metadata + graph ${(t1 - t0).toFixed(0)} ms, ` +
        `replay on the embedded shadow ${(t2 - t1).toFixed(0)} ms (${upgrade.length} statements)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 600_000);
