import pg from 'pg';
import { alembicFailure, runAlembic, type ToolFailure, type ToolRun } from './tool-run.js';

/** A long write transaction on one table, for an upgrade to run into. */
export interface LongWriter {
  /** The table it writes. */
  readonly table: string;
  /** The INSERT it runs and then sits on, transaction open. */
  readonly insert: string;
  /** The upgrade's `lock_timeout` (ms), given through PGOPTIONS as an operator would. */
  readonly lockTimeoutMs: number;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * `alembic upgrade head` while a write transaction that began *before* it holds `writer.table`:
 * the first statement that needs the table exclusively (an ALTER TABLE) waits for the writer
 * until `lock_timeout`, and the whole migration transaction rolls back.
 *
 * @example await upgradeAfterWriterBegan(FIXTURE_APP, db.url, { table: 'comments', insert: 'INSERT …', lockTimeoutMs: 500 })
 * // { code: 1, … 'canceling statement due to lock timeout' … }
 */
export async function upgradeAfterWriterBegan(project: string, url: string, writer: LongWriter): Promise<ToolRun> {
  const session = await connect(url);
  try {
    await session.query('BEGIN');
    await session.query(writer.insert);
    return await runAlembic(project, ['upgrade', 'head'], url, { PGOPTIONS: `-c lock_timeout=${writer.lockTimeoutMs}` });
  } finally {
    await session.query('COMMIT').finally(() => session.end());
  }
}

/**
 * `alembic upgrade head` with a write transaction that begins *while* the migration holds
 * `writer.table` exclusively, as production traffic does: a reader keeps the table (an open
 * report transaction), so the migration's ALTER TABLE queues behind it; the writer's INSERT
 * queues behind the ALTER; then the reader ends. The ALTER runs, `autocommit_block()` commits it,
 * which hands the table to the writer at once, and the `CREATE INDEX CONCURRENTLY` that follows
 * waits for the writer's transaction until `lock_timeout` — leaving its index INVALID. Every
 * step waits for the previous one in `pg_locks`, so no step depends on timing.
 *
 * @example await upgradeBeforeWriterBegan(FIXTURE_APP, db.url, { table: 'comments', insert: 'INSERT …', lockTimeoutMs: 2000 })
 * // { message: 'canceling statement due to lock timeout', statement: 'CREATE INDEX CONCURRENTLY …' }
 * @throws Error unless the upgrade failed on CREATE INDEX CONCURRENTLY.
 */
export async function upgradeBeforeWriterBegan(project: string, url: string, writer: LongWriter): Promise<ToolFailure> {
  const [monitor, reader, session] = await Promise.all([connect(url), connect(url), connect(url)]);
  try {
    await reader.query('BEGIN');
    await reader.query(`SELECT count(*) FROM ${writer.table}`);
    let ended = false;
    const upgrade = runAlembic(project, ['upgrade', 'head'], url, { PGOPTIONS: `-c lock_timeout=${writer.lockTimeoutMs}` }).finally(() => {
      ended = true;
    });
    const waitFor = async (sql: string, params: unknown[]) => {
      while (!(await monitor.query<{ ok: boolean }>(sql, params)).rows[0]?.ok) {
        if (ended) throw new Error(`alembic ended before the lock queue formed:\n${(await upgrade).stderr}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await waitFor(
      `SELECT EXISTS (SELECT FROM pg_locks WHERE relation = $1::regclass AND mode = 'AccessExclusiveLock' AND NOT granted) AS ok`,
      [writer.table],
    );
    const pid = (await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    await session.query('BEGIN');
    const insert = session.query(writer.insert);
    insert.catch(() => {}); // awaited below; only a run that throws first leaves it unawaited
    await waitFor(`SELECT EXISTS (SELECT FROM pg_locks WHERE pid = $1 AND relation = $2::regclass AND NOT granted) AS ok`, [pid, writer.table]);
    await reader.query('COMMIT');
    const run = await upgrade;
    await insert;
    await session.query('COMMIT');
    const failure = alembicFailure(run);
    if (run.code === 0 || !failure.statement?.startsWith('CREATE INDEX CONCURRENTLY')) {
      throw new Error(`the upgrade was to time out in CREATE INDEX CONCURRENTLY; exit ${run.code}:\n${run.stderr}`);
    }
    return failure;
  } finally {
    await Promise.all([monitor.end(), reader.end(), session.end()]);
  }
}
