import { loadSql } from '../catalog/load-sql.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, openClient } from '../connection/connect.js';
import { safeMessage } from '../connection/errors.js';
import { ConnectionError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { DEFAULT_LARGE_TABLE_ROWS, type LintFinding } from './finding.js';
import { lintSql } from './lint-sql.js';

export interface SizeOptions {
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Above this many estimated rows a hazard is an error (default 10,000,000). */
  readonly largeTableRows?: number;
}


/**
 * Adds each hazard's table size on a live database (estimated rows from `pg_class.reltuples`,
 * `pg_total_relation_size`), read in one `REPEATABLE READ READ ONLY` transaction, and raises a
 * hazard on a table above `largeTableRows` to an error. Findings on tables the database does not
 * have (yet) stay as they are.
 *
 * @example await withSizes(findings, process.env.STAGING_URL, { largeTableRows: 1e6 })
 * @throws ConnectionError (exit 3) when the database cannot be read.
 */
export async function withSizes(findings: readonly LintFinding[], url: string, options: SizeOptions = {}): Promise<LintFinding[]> {
  const tables = [...new Map(findings.flatMap((f) => (f.table ? [[`${f.table.schema}\u0000${f.table.name}`, f.table] as const] : []))).values()];
  const statementTimeoutMs = options.statementTimeoutMs ?? 60_000;
  const client = await openClient(url, {
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    queryTimeoutMs: statementTimeoutMs + (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
  });
  const sizes = new Map<string, { rows: number; bytes: number }>();
  try {
    await client.query(await loadSql('begin-read-only'));
    await client.query(await loadSql('set-timeouts'), [`${options.lockTimeoutMs ?? 5000}ms`, `${statementTimeoutMs}ms`]);
    const { rows } = await client.query<{ schema: string; name: string; rows: number; bytes: string }>(lintSql('table-sizes'), [tables.map((t) => t.schema), tables.map((t) => t.name)]);
    for (const r of rows) sizes.set(`${r.schema}\u0000${r.name}`, { rows: Math.max(0, Math.round(Number(r.rows))), bytes: Number(r.bytes) });
    await client.query('COMMIT');
  } catch (err) {
    throw new ConnectionError(`cannot read table sizes in ${redactUrl(url)}: ${safeMessage(err, url)}`);
  } finally {
    await client.end().catch(() => {});
  }
  const large = options.largeTableRows ?? DEFAULT_LARGE_TABLE_ROWS;
  return findings.map((f) => {
    const size = f.table ? sizes.get(`${f.table.schema}\u0000${f.table.name}`) : undefined;
    if (!f.table || !size) return f;
    const severity = size.rows > large && f.severity !== 'error' ? 'error' : f.severity;
    return { ...f, severity, table: { ...f.table, ...size }, message: `${f.message} (${humanRows(size.rows)} rows, ${humanBytes(size.bytes)})` };
  });
}

/** `48 M`, `1.2 k`, `950`. */
export function humanRows(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e4 ? 0 : 1)} k`;
  return String(n);
}

/** `31 GB`, `8.0 kB`. */
export function humanBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v.toFixed(v >= 10 ? 0 : 1)} ${units[u]}`;
}
