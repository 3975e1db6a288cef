import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { UnreadableHistory } from '../unreadable.js';
import { CannotInterpret, PyRaise } from '../../python/errors.js';
import { Interpreter } from '../../python/interpreter.js';
import { ModuleFinder } from '../../python/modules.js';
import { PyFunction } from '../../python/values.js';
import { embeddedExtensionAvailable } from '../../shadow/pglite-extensions.js';
import { openShadow, type Shadow } from '../../shadow/shadow.js';
import type { ApplyOptions, MigrationRevision } from '../history.js';
import type { MigrationStatement } from '../migration-statement.js';
import { AlembicHost, type AlembicEnvironment } from './host.js';
import type { AlembicProject } from './project.js';
import { NeedsExtension, ShadowSession, StatementFailed, type StatementObserver } from './session.js';
import { progress } from '../../progress.js';
import { replayStep } from '../replay-step.js';

/** What `AlembicReplayer.drive` hands its caller. */
export interface ReplayControl {
  readonly shadow: Shadow;
  /**
   * Runs `upgrade()` or `downgrade()` of a revision — with `newRun`, as a command run of its own
   * (`alembic downgrade -1`: SQLAlchemy's DDL memo empty), else as the next revision of the
   * same `alembic upgrade head` — committed as Alembic commits a revision;
   * returns the statements it ran. A failing statement rolls the revision back and throws.
   */
  run(revision: MigrationRevision, name: 'upgrade' | 'downgrade', newRun?: boolean): Promise<readonly MigrationStatement[]>;
  /**
   * Runs the upgrades of `revisions` as one `alembic upgrade` run whose env.py leaves
   * `transaction_per_migration` off: one transaction, committed after the last revision
   * (`autocommit_block()` still commits what came before it). A failing statement rolls the
   * whole run back and throws.
   */
  runInOneTransaction(revisions: readonly MigrationRevision[]): Promise<void>;
  /** Whether the revision's module defines the function at all. */
  has(revision: MigrationRevision, name: 'upgrade' | 'downgrade'): Promise<boolean>;
}

/** What a replayed migration may see of the outside world: only what the user passed. */
export interface ReplayEnvironment {
  /** `os.environ` inside migrations (`--env NAME=VALUE`); never pgdrift's own environment. */
  readonly environ?: ReadonlyMap<string, string>;
  /** `context.get_x_argument()` (`-x` of the alembic command line). */
  readonly xArguments?: ReadonlyMap<string, string>;
  /** The version table Alembic creates before the first revision runs. */
  readonly versionTable?: string;
  /** What env.py passes to `context.configure()` (`op.get_context().opts`). */
  readonly configureOption?: AlembicEnvironment['configureOption'];
}

/**
 * Why a history cannot be read: its reader's limit, not the migration's fault. Says what
 * can work instead: `--migrate-cmd` always; `--alembic-sql` only while no revision inspected
 * the database, since Alembic's offline mode cannot answer inspection either.
 */
function waysOut(inspected: boolean): string {
  const command = '--migrate-cmd "…" (your real migration command, run against a shadow database URL pgdrift provides)';
  return inspected
    ? `pgdrift's Python-free reader stops here; use ${command}`
    : `pgdrift's Python-free reader stops here; use ${command}, or --alembic-sql FILE (the output of \`alembic upgrade base:heads --sql\`)`;
}

/**
 * Replays Alembic revisions the way Alembic runs them, without Python: each revision's
 * `upgrade()` is interpreted while the shadow holds the schema (and rows) its history has built
 * so far, every statement runs the moment the migration issues it, and whatever the migration
 * asks of the database (inspection, queries) is answered by the shadow. What every revision
 * ran is kept, with file and line, for attribution.
 *
 * @example
 * const replayer = new AlembicReplayer(project);
 * await replayer.replay(project.graph.pathTo('head'), {}, async (n, shadow) => { … });
 */
export class AlembicReplayer {
  private readonly finder = new ModuleFinder();
  private readonly extensions = new Set<string>();
  private readonly upgrades = new Map<string, readonly MigrationStatement[]>();

  constructor(
    private readonly project: AlembicProject,
    private readonly environment: ReplayEnvironment = {},
  ) {}

  /**
   * Runs the revisions in order on one fresh shadow: `step(n, shadow)` sees the first `n`
   * applied, for n = 0 to `revisions.length`. A revision the reader cannot follow fails at its
   * own step, after the steps before it.
   *
   * @throws InputError naming file:line:column (a construct not understood, a statement that
   *   fails, an exception the migration raises).
   */
  async replay(
    revisions: readonly MigrationRevision[],
    options: ApplyOptions,
    step: (applied: number, shadow: Shadow) => Promise<void>,
    /** Then runs the last revision's downgrade() and hands the shadow to this. */
    afterDowngrade?: (shadow: Shadow) => Promise<void>,
  ): Promise<readonly MigrationStatement[]> {
    return this.onShadow(options, (shadow) => this.run(shadow, revisions, step, afterDowngrade));
  }

  /**
   * Runs `use` on a fresh shadow, closed afterwards. PGlite loads extensions only when it
   * starts: when a revision creates one it lacks, everything starts again with it loaded.
   */
  private async onShadow<T>(options: ApplyOptions, use: (shadow: Shadow) => Promise<T>): Promise<T> {
    for (;;) {
      const shadow = await openShadow({ shadowUrl: options.shadowUrl, extensions: [...this.extensions].map((name) => ({ name, where: 'a revision' })) });
      try {
        return await use(shadow);
      } catch (err) {
        if (err instanceof NeedsExtension && !this.extensions.has(err.extension)) {
          this.extensions.add(err.extension);
          continue;
        }
        throw err;
      } finally {
        await shadow.close().catch(() => {});
      }
    }
  }

  /** The migration context, the Alembic library and the interpreter for one run on `shadow`. */
  private async runContext(shadow: Shadow, observer: StatementObserver | null): Promise<{ session: ShadowSession; host: AlembicHost; interpreter: Interpreter }> {
    const session = new ShadowSession(shadow, {
      loadedExtensions: shadow.kind === 'embedded' ? new Set(this.extensions) : null,
      canLoad: embeddedExtensionAvailable,
    });
    await session.start(this.environment.versionTable ?? 'alembic_version');
    session.observer = observer;
    const environment: AlembicEnvironment = {
      xArguments: this.environment.xArguments ?? new Map(),
      ini: this.project.layout.ini,
      ...(this.environment.configureOption ? { configureOption: this.environment.configureOption } : {}),
    };
    const host = new AlembicHost(session, environment);
    const interpreter = new Interpreter({ host, finder: this.finder, stdlib: { environ: this.environment.environ ?? new Map() } });
    return { session, host, interpreter };
  }

  /**
   * A replay the caller drives: on one fresh shadow, `body` runs `upgrade()` and `downgrade()`
   * of revisions in the order it chooses (what `lint` needs for its round trips), each in its
   * own transaction as Alembic runs a revision. `observer` sees every statement run.
   * Starts again from scratch when a revision needs an extension the embedded shadow must load first.
   *
   * @example
   * await replayer.drive({}, null, async (c) => { await c.run(rev, 'upgrade'); await c.run(rev, 'downgrade'); });
   */
  async drive<T>(options: ApplyOptions, observer: StatementObserver | null, body: (control: ReplayControl) => Promise<T>): Promise<T> {
    return this.onShadow(options, async (shadow) => {
      const { session, host, interpreter } = await this.runContext(shadow, observer);
      return body({
        shadow,
        run: (revision, name, newRun = false) => {
          if (newRun) host.newRun();
          return this.runFunction(interpreter, session, host, revision, name);
        },
        runInOneTransaction: async (revisions) => {
          host.newRun();
          for (const revision of revisions) await this.runFunction(interpreter, session, host, revision, 'upgrade', false);
          await session.commit();
        },
        has: async (revision, name) => (await interpreter.loadModule(revision.file, basename(revision.file, '.py'))).globals.get(name) instanceof PyFunction,
      });
    });
  }

  /** The statements `upgrade()` of a revision runs, replaying its history first when not yet known. */
  async upgradeStatements(revisionId: string, options: ApplyOptions = {}): Promise<readonly MigrationStatement[]> {
    const known = this.upgrades.get(revisionId);
    if (known) return known;
    try {
      await this.replay(this.project.graph.pathTo(revisionId), options, async () => {});
    } catch (err) {
      // A revision whose SQL fails still has the statements it ran, the failing one included.
      const partial = this.upgrades.get(revisionId);
      if (partial && !(err instanceof UnreadableHistory)) return partial;
      throw err;
    }
    return this.upgrades.get(revisionId) as readonly MigrationStatement[];
  }

  /**
   * The statements `downgrade()` of a revision runs on the schema its history builds, and that
   * schema afterwards (handed to `use`).
   */
  async downgradeStatements(revisionId: string, options: ApplyOptions = {}, use: (shadow: Shadow) => Promise<void> = async () => {}): Promise<readonly MigrationStatement[]> {
    return this.replay(this.project.graph.pathTo(revisionId), options, async () => {}, use);
  }

  private async run(shadow: Shadow, revisions: readonly MigrationRevision[], step: (applied: number, shadow: Shadow) => Promise<void>, afterDowngrade?: (shadow: Shadow) => Promise<void>): Promise<readonly MigrationStatement[]> {
    const { session, host, interpreter } = await this.runContext(shadow, null);
    await step(0, shadow);
    let last: readonly MigrationStatement[] = [];
    for (let i = 0; i < revisions.length; i++) {
      const revision = revisions[i] as MigrationRevision;
      progress(replayStep(i, revisions.length, revision));
      last = await this.runFunction(interpreter, session, host, revision, 'upgrade');
      this.upgrades.set(revision.id, last);
      await step(i + 1, shadow);
    }
    const final = revisions[revisions.length - 1];
    if (afterDowngrade && final) {
      last = await this.runFunction(interpreter, session, host, final, 'downgrade');
      await afterDowngrade(shadow);
    }
    return last;
  }

  private async runFunction(interpreter: Interpreter, session: ShadowSession, host: AlembicHost, revision: MigrationRevision, name: 'upgrade' | 'downgrade', commit = true): Promise<readonly MigrationStatement[]> {
    const what = `${name}() of revision ${revision.id}`;
    if (process.env.PGDRIFT_TRACE) process.stderr.write(`replay: ${what}\n`);
    try {
      const module = await interpreter.loadModule(revision.file, basename(revision.file, '.py'));
      const fn = module.globals.get(name);
      if (!(fn instanceof PyFunction)) throw new InputError(`${revision.file}: revision '${revision.id}' has no ${name}() function`);
      await interpreter.callFunction(fn, { args: [], kwargs: new Map() }, { source: fn.definition.source, node: fn.definition.node });
      // An `except` caught a failed statement, but PostgreSQL aborted the transaction with it:
      // Alembic's version-table update after the function fails there, and so does the run.
      if (session.aborted) throw abortedRun(session.aborted, what);
      if (commit) await session.commit();
      return session.take();
    } catch (err) {
      await session.rollback().catch(() => {});
      const ran = session.take();
      // A revision broken on any database: what it ran up to the failing statement is still its own.
      if (err instanceof StatementFailed && name === 'upgrade') this.upgrades.set(revision.id, [...ran, err.statement]);
      if (err instanceof StatementFailed) throw err.failure;
      if (err instanceof CannotInterpret) throw new UnreadableHistory(`${err.where}: cannot interpret ${err.construct} in ${what}; ${waysOut(host.inspected)}`, { cause: err });
      if (err instanceof PyRaise) {
        throw new UnreadableHistory(
          `${err.where}: ${what} raised ${err.exception.cls.name}${err.exception.args.length > 0 ? `: ${String(err.exception.args[0])}` : ''} when replayed on the schema its history builds ` +
            '(if real Alembic runs it cleanly, pgdrift misread it: use --migrate-cmd)',
          { cause: err },
        );
      }
      throw err;
    }
  }
}

/** The failure that ends a run whose function returned inside a transaction a caught error aborted. */
function abortedRun(aborted: StatementFailed, what: string): StatementFailed {
  const failure = new InputError(
    `${aborted.failure.message}; ${what} caught the error and went on, but PostgreSQL had aborted the transaction: Alembic's version-table update then fails (current transaction is aborted), and the run with it (a savepoint, begin_nested(), around the statement keeps it usable)`,
    { cause: aborted.failure.cause },
  );
  return new StatementFailed(aborted.exception, aborted.where, failure, aborted.statement);
}
