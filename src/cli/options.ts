import type { Argv } from 'yargs';
import { isConnectionString } from '../connection/conninfo.js';
import { withConnectTimeout } from '../connection/settings.js';
import { InputError } from '../errors.js';
import { redactConnectionString } from '../redact.js';
import type { SourceOptions } from '../sources/resolve.js';
import { SEVERITIES, type Severity } from '../compare/change.js';
import type { OutputFormat } from './outputs.js';

/** Flags every command that reads a database or a source shares. */
export function sourceFlags<T>(y: Argv<T>) {
  return y
    .option('schema', { type: 'string', array: true, description: 'Only these schemas (repeatable)', requiresArg: true })
    .option('exclude-schema', { type: 'string', array: true, description: 'Leave these schemas out (repeatable)', requiresArg: true })
    .option('shadow-url', {
      type: 'string',
      description:
        'Use this server for shadow databases (a temporary database pgdrift creates and always drops, also after a killed run) instead of the embedded PGlite; needed by --migrate-cmd. ' +
        'The SQL runs as a throwaway role owning only that database; refused before anything runs (exit 2): COPY to/from files or programs, ' +
        'server file, large-object-file and signal functions (pg_read_file, lo_import…), LOAD, ALTER SYSTEM, CREATE/ALTER/DROP DATABASE, ROLE or TABLESPACE, ' +
        'CREATE ROLE with SUPERUSER/CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS, SET ROLE, SET SESSION AUTHORIZATION, untrusted languages, ' +
        'extensions adminpack/dblink/postgres_fdw/file_fdw, foreign servers and subscriptions (docs/security-shadow.md)',
      requiresArg: true,
    })
    .option('lock-timeout', { type: 'string', default: '5s', description: 'Give up waiting for a catalog lock after this long (ms, s or min)', requiresArg: true })
    .option('statement-timeout', { type: 'string', default: '60s', description: 'Cancel a catalog query after this long', requiresArg: true })
    .option('connect-timeout', {
      type: 'string',
      description:
        "Give up connecting after this long, for every connection, --shadow-url's included (whole seconds there, as libpq's connect_timeout) (default: the connection string's connect_timeout, PGCONNECT_TIMEOUT, else 10s)",
      requiresArg: true,
    });
}

/** The report formats of `check` and `diff`: the human ones, and the CI ones (docs/formats-and-exit-codes.md). */
export const REPORT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'markdown', 'github', 'sarif', 'junit'];

/** Flags of the commands that print a comparison. */
export function reportFlags<T>(y: Argv<T>, formats: readonly OutputFormat[] = ['text', 'json', 'markdown']) {
  return y
    .option('format', {
      choices: formats as OutputFormat[],
      default: 'text' as OutputFormat,
      description: formats.includes('github') ? 'Report format (github: workflow commands and job summary; sarif: code scanning; junit: test reports)' : 'Report format',
    })
    .option('fail-on', {
      choices: SEVERITIES as Severity[],
      default: 'warning' as Severity,
      description: 'Exit 1 when a change of this severity or higher is found',
    });
}

/** `--format-file` and `--metrics-file`: the same result, for machines, beside the printed one. */
export function ciOutputFlags<T>(y: Argv<T>, fileFormats: readonly OutputFormat[]) {
  return y
    .option('format-file', {
      type: 'string',
      array: true,
      requiresArg: true,
      description: `Also write the report as FORMAT to PATH, all or nothing: FORMAT=PATH, FORMAT one of ${fileFormats.filter((f) => f !== 'github').join(', ')} (repeatable)`,
    })
    .option('metrics-file', {
      type: 'string',
      requiresArg: true,
      description: "Write Prometheus metrics of the run to PATH (node_exporter's textfile collector), all or nothing; a failed run (exit 2, 3) writes it too",
    });
}

/** The values of `ciOutputFlags`. */
export interface CiOutputFlagValues {
  readonly 'format-file'?: string[];
  readonly 'metrics-file'?: string;
}

export interface SourceFlagValues {
  readonly schema?: string[];
  readonly 'exclude-schema'?: string[];
  readonly 'shadow-url'?: string;
  readonly 'lock-timeout': string;
  readonly 'statement-timeout': string;
  readonly 'connect-timeout'?: string;
}

/** Maps parsed flags to the library's options. */
export function toSourceOptions(argv: SourceFlagValues): SourceOptions {
  const connectTimeoutMs = argv['connect-timeout'] === undefined ? undefined : parseDuration(argv['connect-timeout'], '--connect-timeout');
  return {
    schemas: argv.schema,
    excludeSchemas: argv['exclude-schema'],
    shadowUrl: shadowConnection(argv['shadow-url'], connectTimeoutMs),
    lockTimeoutMs: parseDuration(argv['lock-timeout'], '--lock-timeout'),
    statementTimeoutMs: parseDuration(argv['statement-timeout'], '--statement-timeout'),
    ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
  };
}

/**
 * The `--shadow-url` connection string, carrying `--connect-timeout` as libpq's
 * `connect_timeout`: the shadow server is reached far from here (and by `--migrate-cmd`'s tool),
 * and the string is what travels there.
 */
function shadowConnection(spec: string | undefined, connectTimeoutMs: number | undefined): string | undefined {
  if (spec === undefined) return undefined;
  if (!isConnectionString(spec)) {
    throw new InputError(`--shadow-url must be a postgres:// URL or a "host=… dbname=…" connection string, got "${redactConnectionString(spec)}"`);
  }
  return connectTimeoutMs === undefined ? spec : withConnectTimeout(spec, connectTimeoutMs);
}

const UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/**
 * Reads a duration flag: a number of milliseconds or one with a unit.
 *
 * @example parseDuration('5s', '--lock-timeout') // 5000
 */
export function parseDuration(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*$/.exec(value);
  if (!m) throw new InputError(`${flag}: "${value}" is not a duration (examples: 500ms, 5s, 2min, 1h)`);
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1));
}
