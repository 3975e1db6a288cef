import { InputError } from '../../errors.js';
import { BUILTIN_EXCEPTIONS, PyRaise } from '../../python/errors.js';
import type { Site } from '../../python/runtime.js';
import { PyClass, PyInstance } from '../../python/values.js';
import { parseScript } from '../../shadow/parsed-script.js';
import { ensureRoles } from '../../shadow/ensure-roles.js';
import { refuseUnsafeStatements } from '../../shadow/refused-statements.js';
import { scriptRequirements } from '../../shadow/script-requirements.js';
import { quoteIdent } from '../../shadow/quote-ident.js';
import type { Shadow } from '../../shadow/shadow.js';
import { statementError } from '../apply-statements.js';
import type { MigrationStatement } from '../migration-statement.js';
import { fromDriverValue, QueryResult, ResultRow } from './results.js';

/** An extension the embedded shadow must load when it starts: the replay starts over with it. */
export class NeedsExtension extends Error {
  constructor(
    readonly extension: string,
    readonly where: string,
  ) {
    super(`the replay needs extension ${extension} (${where})`);
  }
}

/** SQLAlchemy's exception classes, raised where a statement fails as psycopg2 would. */
export const SA_EXCEPTIONS: ReadonlyMap<string, PyClass> = (() => {
  const make = (name: string, base: PyClass | null) => new PyClass(name, base ? [base] : [], 'sqlalchemy.exc');
  const base = make('SQLAlchemyError', BUILTIN_EXCEPTIONS.get('Exception') as PyClass);
  const statement = make('StatementError', base);
  const dbapi = make('DBAPIError', statement);
  const database = make('DatabaseError', dbapi);
  const classes = [
    base,
    statement,
    dbapi,
    database,
    make('InterfaceError', dbapi),
    make('ProgrammingError', database),
    make('OperationalError', database),
    make('IntegrityError', database),
    make('DataError', database),
    make('InternalError', database),
    make('NotSupportedError', database),
    make('NoSuchTableError', base),
    make('NoInspectionAvailable', base),
    make('ArgumentError', base),
    make('ResourceClosedError', base),
    make('NoResultFound', base),
    make('MultipleResultsFound', base),
  ];
  return new Map(classes.map((c) => [c.name, c]));
})();

/** Which SQLAlchemy error a SQLSTATE becomes (psycopg2's mapping by class). */
function errorClassFor(code: string): string {
  const cls = code.slice(0, 2);
  if (cls === '23') return 'IntegrityError';
  if (cls === '22') return 'DataError';
  if (cls === '42' || cls === '2B' || cls === '3D' || cls === '3F') return 'ProgrammingError';
  if (cls === '0A') return 'NotSupportedError';
  if (cls === 'XX' || cls === '25' || cls === '2D' || cls === '40') return 'InternalError';
  return 'OperationalError';
}

/** A statement that failed on the shadow, in flight as the Python exception SQLAlchemy raises. */
export class StatementFailed extends PyRaise {
  constructor(
    exception: PyInstance,
    where: string,
    /** What applying it would report if nothing catches it: `file:line: message (applying: …)`. */
    readonly failure: Error,
    /** The statement that failed. */
    readonly statement: MigrationStatement,
  ) {
    super(exception, where);
  }
}

export interface SessionOptions {
  /** Extensions the embedded shadow was started with (null: a server, which has its own). */
  readonly loadedExtensions: ReadonlySet<string> | null;
  /** Whether the embedded shadow could load an extension at all. */
  readonly canLoad: (extension: string) => boolean;
}

/** Sees each statement of a migration just before and just after it runs on the shadow. */
export interface StatementObserver {
  before(statement: MigrationStatement): Promise<void>;
  after(statement: MigrationStatement): Promise<void>;
}

/**
 * One connection to the shadow as Alembic holds it while revisions run: statements execute
 * the moment the migration issues them, inside a transaction unless in an
 * `autocommit_block()`, and every statement is recorded with its file and line.
 */
export class ShadowSession {
  /** Statements run since the last `take()`, with their place in the migration. */
  private recorded: MigrationStatement[] = [];
  private inTransaction = false;
  private savepoints = 0;
  /**
   * The failure that aborted the open transaction (PostgreSQL refuses every statement after it
   * until a rollback), caught by the migration or not; null while the transaction is usable.
   */
  aborted: StatementFailed | null = null;
  /** False inside `autocommit_block()`. */
  transactional = true;
  /**
   * Called around each statement the migration runs (not pgdrift's own queries), in the
   * session and transaction the statement runs in: what `lint` uses to see what a statement
   * does to the shadow (a table rewritten, a table that existed before the revision).
   */
  observer: StatementObserver | null = null;
  /** `dialect.server_version_info` of the shadow, e.g. [16, 4]. */
  serverVersion: number[] = [];

  constructor(
    readonly shadow: Shadow,
    private readonly options: SessionOptions,
  ) {}

  /** Prepares the shadow as Alembic finds a new database: its version table created, nothing else. */
  async start(versionTable: string): Promise<void> {
    const { rows } = await this.shadow.db.query<{ v: string }>('SELECT current_setting(\'server_version_num\') AS v');
    const num = Number(rows[0]?.v ?? 0);
    this.serverVersion = [Math.floor(num / 10000), num % 100];
    await this.shadow.exec(versionTableDdl(versionTable));
  }

  /** The statements run since the last call, in order. */
  take(): MigrationStatement[] {
    const out = this.recorded;
    this.recorded = [];
    return out;
  }

  /**
   * Runs one statement as the migration issued it (file and line from `at`), returning its
   * rows. A failure is thrown as SQLAlchemy's exception, for `except` clauses to see.
   */
  async execute(sql: string, at: Site, kind: 'schema' | 'data' | 'query', params: readonly unknown[] = [], recordAs: string = sql): Promise<QueryResult> {
    const statement: MigrationStatement = { sql: recordAs, file: at.source.file, line: at.source.line(at.node), kind: kind === 'query' ? 'data' : kind, transactional: this.transactional };
    // pgdrift's own queries (inspection) need no checking; the migration's statements do.
    if (kind !== 'query') await this.prepare({ ...statement, sql });
    await this.transactionFor(statement.transactional);
    if (kind !== 'query') await this.observer?.before(statement);
    let raw: { rows?: Record<string, unknown>[]; fields?: Array<{ name: string }>; affectedRows?: number; rowCount?: number } | Array<unknown>;
    try {
      raw = (params.length === 0 && kind !== 'query' ? await this.execText(sql) : await this.shadow.db.query(sql, [...params])) as typeof raw;
    } catch (err) {
      const failure = this.failure(statement, err, at);
      if (this.inTransaction && failure instanceof StatementFailed) this.aborted ??= failure;
      throw failure;
    }
    if (kind !== 'query') this.recorded.push(statement);
    // The migration's own ROLLBACK (op.execute("ROLLBACK")) ends an aborted transaction as well.
    if (/^\s*(rollback|abort)\b/i.test(sql)) this.aborted = null;
    if (kind !== 'query') await this.observer?.after(statement);
    const result = Array.isArray(raw) ? ((raw.at(-1) ?? {}) as Exclude<typeof raw, unknown[]>) : raw;
    const rows = result.rows ?? [];
    const names = result.fields?.map((f) => f.name) ?? Object.keys(rows[0] ?? {});
    const count = result.rowCount ?? result.affectedRows ?? rows.length;
    return new QueryResult(
      names,
      rows.map((r) => new ResultRow(names, names.map((n) => fromDriverValue(r[n])))),
      count,
    );
  }

  /** Runs text SQL that may hold several statements (`op.execute("…; …")`). */
  private async execText(sql: string): Promise<unknown> {
    if (this.shadow.kind === 'server') return this.shadow.db.query(sql);
    // PGlite's exec takes several statements; its results carry the last one's rows.
    const results = (await (this.shadow.db as unknown as { exec(sql: string): Promise<unknown[]> }).exec(sql)) as unknown[];
    return results;
  }

  /** A savepoint (`connection.begin_nested()`); returns how to end it. */
  async savepoint(at: Site): Promise<{ release(): Promise<void>; rollback(): Promise<void> }> {
    await this.transactionFor(true);
    const name = `sa_savepoint_${++this.savepoints}`;
    await this.execute(`SAVEPOINT ${name}`, at, 'query');
    let done = false;
    return {
      release: async () => {
        if (done) return;
        done = true;
        await this.execute(`RELEASE SAVEPOINT ${name}`, at, 'query');
      },
      rollback: async () => {
        if (done) return;
        done = true;
        await this.execute(`ROLLBACK TO SAVEPOINT ${name}`, at, 'query');
        // What failed after the savepoint is undone with it; what failed before it, the SAVEPOINT itself would have hit.
        this.aborted = null;
      },
    };
  }

  /** Ends the transaction the way Alembic ends a revision: COMMIT (an aborted one rolls back). */
  async commit(): Promise<void> {
    if (this.inTransaction) await this.shadow.exec('COMMIT');
    this.inTransaction = false;
    this.aborted = null;
  }

  /** `connection.rollback()`: the transaction so far is undone and a new one begins. */
  async rollback(): Promise<void> {
    if (this.inTransaction) await this.shadow.exec('ROLLBACK');
    this.inTransaction = false;
    this.aborted = null;
  }

  private async transactionFor(transactional: boolean): Promise<void> {
    if (transactional && !this.inTransaction) {
      await this.shadow.exec('BEGIN');
      this.inTransaction = true;
    } else if (!transactional && this.inTransaction) {
      // Alembic's autocommit_block() COMMITs here; PostgreSQL rolls an aborted transaction back
      // instead, without an error, and with it all the run did before (on a fresh install its
      // version table too, so Alembic fails at the end): no schema to expect from such a run.
      if (this.aborted) {
        throw new InputError(
          `${this.aborted.failure.message}; the error was caught, and the autocommit_block() that follows COMMITs the aborted transaction, which PostgreSQL rolls back instead: the run silently loses what it did before`,
          { cause: this.aborted.failure.cause },
        );
      }
      await this.shadow.exec('COMMIT');
      this.inTransaction = false;
    }
  }

  /** Loads what a statement needs first: an extension (embedded: a restart), the roles it names. */
  private async prepare(statement: MigrationStatement): Promise<void> {
    const parsed = await parseScript({ name: statement.file, text: `${'\n'.repeat(Math.max(0, statement.line - 1))}${statement.sql}` });
    // What a shadow may never run (programs, files, roles, other databases) is refused first.
    refuseUnsafeStatements([parsed], this.shadow.kind);
    if (!/extension|grant|owner|role|polic|authorization/i.test(statement.sql)) return;
    const needs = scriptRequirements([parsed]);
    const loaded = this.options.loadedExtensions;
    if (loaded !== null) {
      for (const e of needs.extensions) if (!loaded.has(e.name) && this.options.canLoad(e.name)) throw new NeedsExtension(e.name, e.where);
    }
    const roles = this.shadow.sandboxRole ? [...needs.roles, ...needs.createdRoles] : needs.roles;
    if (roles.length > 0) await ensureRoles(this.shadow, roles);
  }

  private failure(statement: MigrationStatement, err: unknown, at: Site): Error {
    const code = (err as { code?: unknown } | null)?.code;
    const failure = statementError(this.shadow, statement, err);
    if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || !(failure instanceof Error) || failure.constructor.name === 'ConnectionError') return failure;
    const cls = SA_EXCEPTIONS.get(errorClassFor(code)) as PyClass;
    // The embedded shadow is the newest PostgreSQL; a name it made built-in can clash with a migration's.
    const hint =
      this.shadow.kind === 'embedded' && ['42723', '42725', '42P07', '42710'].includes(code)
        ? new InputError(`${failure.message}; the embedded shadow runs PostgreSQL ${this.serverVersion[0] ?? '?'}: if your database runs an older major version, pass --shadow-url with a server of that version`, { cause: err })
        : failure;
    return new StatementFailed(new PyInstance(cls, [`(psycopg2.errors) ${(err as Error).message}`]), at.source.where(at.node), hint, statement);
  }
}

/** `CREATE TABLE alembic_version …` as Alembic creates it before the first revision runs. */
export function versionTableDdl(versionTable: string): string {
  const [schema, table] = versionTable.includes('.') ? (versionTable.split('.', 2) as [string, string]) : [null, versionTable];
  const name = schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
  return `CREATE TABLE IF NOT EXISTS ${name} (version_num VARCHAR(32) NOT NULL, CONSTRAINT ${quoteIdent(`${table}_pkc`)} PRIMARY KEY (version_num))`;
}
