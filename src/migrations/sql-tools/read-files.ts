import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InputError } from '../../errors.js';

/** A file of a migrations folder: its path (as the user's folder argument spells it) and name. */
export interface FolderEntry {
  readonly path: string;
  readonly name: string;
  /** Path relative to the folder, `/`-separated. */
  readonly relative: string;
}

/**
 * The files of a migrations folder, sorted by relative path; subfolders too when `recursive`
 * (Flyway scans its locations recursively, golang-migrate and dbmate do not).
 */
export async function listFolder(dir: string, recursive: boolean): Promise<FolderEntry[]> {
  const out: FolderEntry[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      throw new InputError(`${folder}: cannot read folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory()) {
        if (recursive && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(path);
      } else if (e.isFile() || e.isSymbolicLink()) {
        out.push({ path, name: e.name, relative: relative(dir, path).split('\\').join('/') });
      }
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

/** A migration file as UTF-8 text; InputError naming the file otherwise. */
export async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${path}: not valid UTF-8 text`);
  }
}

/** Orders numeric version strings as numbers (`9` before `10`), whatever their length. */
export function compareNumeric(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
