import type { Queryable } from '../catalog/queryable.js';
import type { NameUse } from './script-requirements.js';
import { progress } from '../progress.js';

/**
 * A throw-away database to apply declared SQL to, so that the declared schema can be read
 * back through the very catalog queries that read the live one.
 */
export interface Shadow {
  /** `embedded` (PGlite, in memory) or `server` (a temporary database on `--shadow-url`). */
  readonly kind: 'embedded' | 'server';
  /** Read the shadow database; the same interface introspection uses on a live server. */
  readonly db: Queryable;
  /**
   * Server shadows only: the URL of the temporary database, password included, for tools that
   * need to connect themselves (`--migrate-cmd`). Redact it before printing.
   */
  readonly url?: string;
  /**
   * Server shadows that confine the SQL: the throwaway role it runs as (the database's owner,
   * with no privileges elsewhere). Absent when the server did not allow one and the SQL runs
   * as the --shadow-url role.
   */
  readonly sandboxRole?: string;
  /** With `sandboxRole`: the --shadow-url role, whom the SQL is deemed applied by (`CURRENT_USER`). */
  readonly applier?: string;
  /** Server shadows: pgdrift's own session as the --shadow-url role, for cluster-wide work (roles). */
  readonly admin?: Queryable;
  /** Runs SQL text (several statements allowed); driver errors are thrown as they come. */
  exec(sql: string): Promise<void>;
  /** Releases everything: the PGlite instance, or the temporary database (dropped). Idempotent. */
  close(): Promise<void>;
}

export interface OpenShadowOptions {
  /** A PostgreSQL server to create the temporary database on; embedded (PGlite) when absent. */
  readonly shadowUrl?: string;
  /**
   * Extensions the SQL will create. PGlite can only load an extension when it starts, so the
   * embedded shadow needs them up front (see `scriptRequirements`); a server has its own.
   */
  readonly extensions?: readonly NameUse[];
}

/**
 * Opens a shadow database: embedded by default, on a server with `shadowUrl`.
 * Always `close()` it, in a `finally`.
 *
 * @example
 * const shadow = await openShadow({ shadowUrl: process.env.SHADOW_URL });
 * try {
 *   await shadow.exec('CREATE TABLE t (id int PRIMARY KEY)');
 * } finally {
 *   await shadow.close();
 * }
 */
export async function openShadow(options: OpenShadowOptions = {}): Promise<Shadow> {
  // Loaded on demand: PGlite's WebAssembly is only worth importing when a shadow is opened.
  if (options.shadowUrl) {
    progress('creating a shadow database on the --shadow-url server');
    return (await import('./server.js')).openServerShadow(options.shadowUrl);
  }
  progress('starting the embedded shadow database (PGlite)');
  return (await import('./embedded.js')).openEmbeddedShadow(options.extensions ?? []);
}
