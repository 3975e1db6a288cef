import { availableParallelism } from 'node:os';
import pg from 'pg';
import { ConnectionError } from '../errors.js';
import { isDroppedWhileReading } from '../catalog/dropped-while-reading.js';
import { introspect } from '../catalog/introspect.js';
import { loadSql } from '../catalog/load-sql.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactUrl } from '../redact.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, openClient } from '../connection/connect.js';
import { connectionError, isConnectionFailure } from '../connection/errors.js';
import { connectionSettings } from '../connection/settings.js';
import { lockedObjectsClause } from './locked-objects.js';

export interface DatabaseSnapshotOptions {
  /** Only these schemas (default: every non-system schema). */
  readonly schemas?: readonly string[];
  /** Leave these schemas out. */
  readonly excludeSchemas?: readonly string[];
  /** Bookkeeping tables to leave out (default: `DEFAULT_BOOKKEEPING_TABLES`). */
  readonly bookkeepingTables?: readonly string[];
  /** How long to wait for a lock held by concurrent DDL (default 5000). */
  readonly lockTimeoutMs?: number;
  /** How long one catalog query may run (default 60000). */
  readonly statementTimeoutMs?: number;
  /**
   * How long connecting and authenticating may take (default: the connection string's
   * `connect_timeout`, else `PGCONNECT_TIMEOUT`, else 10000).
   */
  readonly connectTimeoutMs?: number;
  /**
   * How many connections read the catalog at the same time (default 3; when the server runs
   * on this machine — localhost or a Unix socket — no more than it has CPU cores, since the
   * server's sessions and pgdrift's decoding of their rows then share those cores). They share
   * one exported snapshot, so the picture stays consistent; a further connection the server
   * refuses (connection limit) or that cannot import the snapshot is simply not used, and 1
   * reads everything over one connection.
   */
  readonly connections?: number;
}

/** The default of `DatabaseSnapshotOptions.connections`: the three chains of catalog queries at once. */
export const DEFAULT_SNAPSHOT_CONNECTIONS = 3;

/**
 * Sessions to open when the caller does not say, for a server at `host` (as the connection
 * string and the environment name it). A
 * server on this machine shares its cores with pgdrift: on two cores, a third session only adds
 * its own cold catalog caches (measured at 2,000 tables: ~60 ms slower than two).
 *
 * @example
 * defaultConnections('db.internal') // 3
 * defaultConnections('/var/run/postgresql') // 2 on a 2-core machine
 */
export function defaultConnections(host: string): number {
  const local = host === 'localhost' || host.startsWith('127.') || host === '::1' || host.startsWith('/');
  return local ? Math.min(DEFAULT_SNAPSHOT_CONNECTIONS, availableParallelism()) : DEFAULT_SNAPSHOT_CONNECTIONS;
}

/**
 * Snapshots a live database. Reads only, inside `REPEATABLE READ READ ONLY` transactions with
 * a lock and a statement timeout, and always closes its connections. By default up to three
 * connections read at the same time, all inside one snapshot exported by the first, so the
 * result is as consistent as a single transaction's. Needs nothing but the right to connect:
 * the catalog is readable by every role, and exporting a snapshot is allowed read-only.
 *
 * @throws ConnectionError (exit 3) when the server cannot be reached or refuses: wrong
 *   password, nothing listening, unknown host, missing database, timeout, permission denied.
 *   The message names the URL with its password redacted.
 * @throws InputError (exit 2) when the URL cannot be parsed.
 * @example
 * const snap = await snapshotDatabase('postgres://app:secret@db:5432/app', { schemas: ['public'] });
 * snap.source.description; // 'postgres://app:***@db:5432/app'
 */
export async function snapshotDatabase(url: string, options: DatabaseSnapshotOptions = {}): Promise<Snapshot> {
  // Another session may drop objects while the catalog is read: the read is done again in a new
  // transaction, now leaving such objects out whole (a picture that mixes the state before a
  // drop with the state after it is never returned; a read that meets no drop is exact). A
  // deparse function can still fail on an object dropped in the middle of its query: that read
  // too is done again, up to READS_WHILE_DROPPING reads in all.
  let droppedWhileReading: 'throw' | 'leave-out' = 'throw';
  for (let read = 1; ; read++) {
    try {
      return await readDatabase(url, options, droppedWhileReading);
    } catch (error) {
      if (!isDroppedWhileReading(error)) throw error;
      if (read === READS_WHILE_DROPPING) {
        throw new ConnectionError(
          `cannot read ${redactUrl(url)}: objects were dropped while the catalog was read, ${READS_WHILE_DROPPING} times; run again once the schema changes have finished`,
          { cause: error },
        );
      }
      droppedWhileReading = 'leave-out';
    }
  }
}

/**
 * How many times the catalog is read while other sessions keep dropping what it holds. Only the
 * last read used to leave dropped objects out, so under DDL run in a loop every earlier read
 * was lost to the drop it saw, and the last one alone had to escape the deparse race: a
 * snapshot of 30 failed in about one test run of three on PostgreSQL 15.
 */
const READS_WHILE_DROPPING = 4;

async function readDatabase(url: string, options: DatabaseSnapshotOptions, droppedWhileReading: 'throw' | 'leave-out'): Promise<Snapshot> {
  const description = redactUrl(url);
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 60000;
  const connect = {
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    // statement_timeout ends a slow query on the server; this ends the wait when the
    // network itself stops answering.
    queryTimeoutMs: statementTimeoutMs + (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
  };
  let host = 'localhost';
  try {
    host = connectionSettings(url).host;
  } catch {
    // openClient reports what is wrong with the connection string.
  }
  const wanted = Math.max(1, Math.floor(options.connections ?? defaultConnections(host)));

  // All connections are opened at once; only the first one has to succeed.
  const connected = await Promise.allSettled(Array.from({ length: wanted }, () => openClient(url, connect)));
  const opened = connected.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
  const [first] = connected;
  if (first?.status === 'rejected') {
    await Promise.all(opened.map((c) => c.end().catch(() => {})));
    throw first.reason;
  }
  const [primary, ...spare] = opened as [pg.Client, ...pg.Client[]];

  // Each client is closed once, as soon as it is no longer needed: introspection hands a
  // session back when its part is read, and its close (~15 ms for a session that cached a large
  // catalog) then overlaps the rest of the work. Closing ends the read-only transaction too:
  // nothing was written, so the rollback the server does is as good as a COMMIT, and not waiting
  // for a COMMIT's answer lets the close start while rows are still being mapped.
  const closing = new Map<pg.Client, Promise<void>>();
  const close = (client: pg.Client): Promise<void> => {
    let done = closing.get(client);
    if (!done) {
      done = client.end().catch(() => {});
      closing.set(client, done);
    }
    return done;
  };
  try {
    await primary.query(await loadSql('begin-read-only'));
    const timeouts = [`${lockTimeoutMs}ms`, `${statementTimeoutMs}ms`];
    await primary.query(await loadSql('set-timeouts'), timeouts);
    const helpers = spare.length > 0 ? await joinSnapshot(primary, spare, timeouts) : [];
    const snapshot = await introspect(
      [primary, ...helpers],
      {
        ownersDeclared: true,
        droppedWhileReading,
        ...(options.schemas ? { schemas: options.schemas } : {}),
        ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
        ...(options.bookkeepingTables ? { bookkeepingTables: options.bookkeepingTables } : {}),
      },
      { kind: 'postgres', description },
      // Not awaited here: the close runs while introspection maps the last rows.
      { sessionDone: async (session) => void close(session as pg.Client) },
    );
    return snapshot;
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    const locked = (error as { code?: unknown }).code === '55P03' ? await lockedObjectsClause(url, connect) : '';
    throw connectionError('cannot read', description, error, url, locked);
  } finally {
    await Promise.all([primary, ...spare].map(close));
  }
}

/**
 * Starts a transaction on each spare connection that sees exactly the primary's snapshot, and
 * returns the connections that could. One that cannot (it reached another server behind the
 * same name, the import was refused) is left out rather than read inconsistently; it is closed
 * by the caller.
 */
async function joinSnapshot(primary: pg.Client, spare: readonly pg.Client[], timeouts: readonly string[]): Promise<pg.Client[]> {
  const exported = (await primary.query<{ snapshot: string }>(await loadSql('export-snapshot'))).rows[0]?.snapshot;
  // The name goes into the SQL text (SET TRANSACTION SNAPSHOT takes no parameter): only the
  // form pg_export_snapshot() returns is accepted.
  if (exported === undefined || !/^[0-9A-Fa-f-]+$/.test(exported)) return [];
  const importSql = (await loadSql('import-snapshot')).replace(/:snapshot\b/, `'${exported}'`);
  const setTimeouts = await loadSql('set-timeouts');
  const joined = await Promise.all(
    spare.map(async (client) => {
      try {
        await client.query(importSql);
      } catch {
        return null;
      }
      await client.query(setTimeouts, [...timeouts]);
      return client;
    }),
  );
  return joined.filter((c): c is pg.Client => c !== null);
}
