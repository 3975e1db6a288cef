import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSnapshot, serializeSnapshot } from '../model/json.js';
import type { Snapshot } from '../model/snapshot.js';
import { packageRoot } from '../package-root.js';

/** Everything a cached expected schema depends on; any change gives another key. */
export interface CacheKeyInput {
  readonly tool: string;
  /** The revisions applied, in order. */
  readonly revisions: readonly string[];
  /** The files those revisions are read from (their content is hashed, not their dates). */
  readonly files: readonly string[];
  /** The folder the files are named relative to, so a moved checkout hits the same entry. */
  readonly root: string;
  /** `embedded` or `server:<host>:<port>`: the catalog text depends on the shadow's PostgreSQL. */
  readonly shadow: string;
  /** Anything else that shapes the snapshot: schema filters, bookkeeping tables. */
  readonly options: unknown;
  /**
   * Digests already taken in this run, by path: the keys of one replay's steps share their
   * files, and looking each file up once (no `stat` per key and file) is what keeps a long
   * history's keys cheap.
   */
  readonly digests?: FileDigests;
}

/** A file's length and SHA-256, by path. */
export type FileDigests = Map<string, Promise<{ readonly length: number; readonly digest: Buffer }>>;

let versions: string | undefined;
/** pgdrift's version and the embedded PostgreSQL's: a new release may read migrations differently. */
function toolVersions(): string {
  if (versions === undefined) {
    const read = (path: string) => {
      try {
        return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '?';
      } catch {
        return '?';
      }
    };
    const root = packageRoot();
    versions = `pgdrift ${read(join(root, 'package.json'))}, pglite ${read(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'))}`;
  }
  return versions;
}

/**
 * The cache key of an expected schema: a SHA-256 over pgdrift's version, the shadow kind, the
 * tool, the revisions and the content of every file they come from.
 *
 * @example await cacheKey({ tool: 'alembic', revisions: ['a1'], files: ['versions/a1.py'], root: '.', shadow: 'embedded', options: {} })
 */
export async function cacheKey(input: CacheKeyInput): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: 2, versions: toolVersions(), tool: input.tool, shadow: input.shadow, revisions: input.revisions, options: input.options }));
  for (const file of input.files) {
    let once = input.digests?.get(file);
    if (once === undefined) {
      once = fileDigest(file);
      input.digests?.set(file, once);
    }
    const { length, digest } = await once;
    hash.update(`\0${relative(input.root, file).split('\\').join('/')}\0${length}\0`);
    hash.update(digest);
  }
  return hash.digest('hex');
}

const digests: FileDigests = new Map();

/**
 * A file's SHA-256, computed once per version of the file: the keys of every step of a long
 * history hash the same files again and again (step n hashes n revision files).
 */
async function fileDigest(file: string): Promise<{ readonly length: number; readonly digest: Buffer }> {
  const s = await stat(file);
  const memo = `${file}\0${s.mtimeMs}\0${s.size}`;
  let found = digests.get(memo);
  if (found === undefined) {
    found = readFile(file).then((content) => ({ length: content.length, digest: createHash('sha256').update(content).digest() }));
    digests.set(memo, found);
  }
  return found;
}

/** Where a key's snapshot is kept. */
export function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, `expected-${key.slice(0, 40)}.json`);
}

/**
 * The first line of a cache file: what it claims to hold, and the SHA-256 of the rest. A
 * truncated, hand-edited or swapped entry fails the check and is a miss (recomputed and
 * overwritten), never an expected schema pgdrift did not compute.
 */
interface CacheHeader {
  readonly pgdriftExpectedCache: 1;
  readonly key: string;
  readonly sha256: string;
}

/**
 * The snapshot cached under `key`, or null when absent, unreadable or not intact (a damaged
 * or edited entry is just a miss: it is rebuilt and overwritten).
 */
export async function readCached(cacheDir: string, key: string): Promise<Snapshot | null> {
  const file = cacheFile(cacheDir, key);
  try {
    const text = await readFile(file, 'utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return null;
    const header = JSON.parse(text.slice(0, newline)) as Partial<CacheHeader>;
    const body = text.slice(newline + 1);
    if (header.pgdriftExpectedCache !== 1 || header.key !== key || header.sha256 !== sha256(body)) return null;
    // Intact and pgdrift's, under a key that includes its own version: parse, but skip the schema check.
    return parseSnapshot(body, file, { validate: false });
  } catch {
    return null;
  }
}

/** Stores a snapshot; written to a temporary name and renamed, so readers never see half a file. */
export async function writeCached(cacheDir: string, key: string, snapshot: Snapshot): Promise<string> {
  const file = cacheFile(cacheDir, key);
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const body = serializeSnapshot(snapshot);
  const header: CacheHeader = { pgdriftExpectedCache: 1, key, sha256: sha256(body) };
  try {
    await writeFile(temporary, `${JSON.stringify(header)}\n${body}`);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => {});
    throw err;
  }
  return file;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
