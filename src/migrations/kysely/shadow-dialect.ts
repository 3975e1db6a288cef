import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Shadow } from '../../shadow/shadow.js';

/**
 * A Kysely dialect over one shadow session, embedded PGlite or a server's temporary database
 * alike: PostgreSQL's own adapter and compiler, and a driver that lends the single session to
 * one user at a time (Kysely's Migrator holds it for its transaction).
 *
 * @example
 * const db = new Kysely<unknown>({ dialect: new ShadowDialect(shadow) });
 */
export class ShadowDialect implements Dialect {
  constructor(
    private readonly shadow: Shadow,
    /** Sees every query a migration sends (not BEGIN, COMMIT, ROLLBACK), just before and after it runs: `lint`. */
    private readonly observer: QueryObserver | null = null,
  ) {}

  createDriver(): Driver {
    return new ShadowDriver(this.shadow, this.observer);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

/** Hooks around each query of a Kysely migration on the shadow. */
export interface QueryObserver {
  before(sql: string): Promise<void>;
  after(sql: string): Promise<void>;
}

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|start\s+transaction)\b/i;

class ShadowConnection implements DatabaseConnection {
  constructor(
    private readonly shadow: Shadow,
    private readonly observer: QueryObserver | null,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const params = [...query.parameters];
    const observed = this.observer !== null && !TRANSACTION_CONTROL.test(query.sql);
    if (observed) await this.observer?.before(query.sql);
    const result = params.length > 0 ? await this.shadow.db.query(query.sql, params) : await this.simpleQuery(query.sql);
    if (observed) await this.observer?.after(query.sql);
    const r = result as { rows: unknown[]; affectedRows?: number; rowCount?: number | null; command?: string };
    const affected = r.affectedRows ?? r.rowCount ?? undefined;
    const command = r.command ?? /^\s*(\w+)/.exec(query.sql)?.[1]?.toUpperCase();
    return {
      rows: r.rows as R[],
      ...(affected != null && ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(command ?? '') ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  /**
   * A query without parameters goes through the simple protocol, as pg sends it, so that raw
   * SQL holding several statements runs; the last statement's result is the answer.
   */
  private async simpleQuery(sql: string): Promise<unknown> {
    const db = this.shadow.db as unknown as { exec?: (sql: string) => Promise<unknown[]>; query: (sql: string) => Promise<unknown> };
    if (this.shadow.kind === 'embedded' && typeof db.exec === 'function') {
      const results = await db.exec(sql);
      return results[results.length - 1] ?? { rows: [] };
    }
    const result = await db.query(sql);
    return Array.isArray(result) ? (result[result.length - 1] ?? { rows: [] }) : result;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on the shadow database');
  }
}

class ShadowDriver implements Driver {
  private readonly connection: ShadowConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(shadow: Shadow, observer: QueryObserver | null) {
    this.connection = new ShadowConnection(shadow, observer);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = [settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '', settings.accessMode ?? ''].join(' ').trim();
    await connection.executeQuery(CompiledQuery.raw(mode ? `start transaction ${mode}` : 'begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async destroy(): Promise<void> {}
}
