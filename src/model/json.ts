import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { sortSnapshot } from './canonical-order.js';
import { lineColumn, locateJsonSyntaxError } from './json-syntax.js';
import { jsonValidator } from './schema-validation.js';
import { FORMAT_VERSION, type Snapshot } from './snapshot.js';

// Writing lives in its own module (no validator to load); re-exported for the library API.
export { serializeSnapshot } from './serialize.js';

/** `file:line:col: invalid JSON: reason` for a text `JSON.parse` refused. */
export function syntaxError(text: string, file: string, cause: unknown): InputError {
  const located = locateJsonSyntaxError(text);
  let offset: number;
  let reason: string;
  if (located) {
    ({ offset, reason } = located);
  } else {
    // The locator accepted what JSON.parse refused (should not happen): use V8's own position.
    const message = cause instanceof Error ? cause.message : String(cause);
    const m = /position (\d+)/.exec(message);
    offset = m ? Number(m[1]) : text.length;
    reason = message.split('\n')[0] ?? 'syntax error';
  }
  const { line, column } = lineColumn(text, offset);
  return new InputError(`${file}:${line}:${column}: invalid JSON: ${reason}`, { cause });
}

function formatVersionError(data: unknown, file: string): InputError | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return new InputError(`${file}: not a pgdrift snapshot: the top level must be a JSON object`);
  }
  if (!('formatVersion' in data)) {
    return new InputError(`${file}: not a pgdrift snapshot: no "formatVersion" property`);
  }
  const v = (data as { formatVersion: unknown }).formatVersion;
  if (v === FORMAT_VERSION) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v > FORMAT_VERSION) {
    return new InputError(
      `${file}: snapshot formatVersion ${v} is newer than this pgdrift reads (${FORMAT_VERSION}); upgrade pgdrift`,
    );
  }
  return new InputError(
    `${file}: unsupported snapshot formatVersion ${JSON.stringify(v)} (this pgdrift reads formatVersion ${FORMAT_VERSION})`,
  );
}

/**
 * Parses and validates a snapshot written by `serializeSnapshot` (or by hand). `file` only
 * names the input in error messages. Lists come back in canonical order. `validate: false`
 * skips the schema check, for files pgdrift itself wrote (the expected-schema cache).
 *
 * @throws InputError — `file:line:col` for a JSON syntax error; the file and the JSON pointer
 *   of the first offending value when the JSON does not match `schemas/snapshot.schema.json`;
 *   a clear message for an unsupported `formatVersion`.
 * @example
 * parseSnapshot(text, 'schemas/app.snapshot.json').tables.length // 12
 * parseSnapshot('{"formatVersion":1', 'x.json') // throws InputError 'x.json:1:19: invalid JSON: unexpected end of file (is it truncated?)'
 */
export function parseSnapshot(text: string, file: string, options: { readonly validate?: boolean } = {}): Snapshot {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw syntaxError(body, file, e);
  }
  const versionError = formatVersionError(data, file);
  if (versionError) throw versionError;
  const problem = options.validate === false ? null : jsonValidator('snapshot.schema.json')(data);
  if (problem !== null) throw new InputError(`${file}: not a valid pgdrift snapshot: ${problem}`);
  return sortSnapshot(data as Snapshot);
}

function readErrorMessage(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `${path}: snapshot file not found`;
    case 'EISDIR':
      return `${path}: is a directory, not a snapshot file`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: cannot read the snapshot file: permission denied`;
    default:
      return `${path}: cannot read the snapshot file${code ? ` (${code})` : ''}`;
  }
}

/**
 * Reads, parses and validates a snapshot file.
 *
 * @throws InputError naming the file when it is missing, unreadable or invalid.
 * @example
 * const expected = await readSnapshotFile('schemas/app.snapshot.json');
 */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(readErrorMessage(path, e), { cause: e });
  }
  return parseSnapshot(text, path);
}
