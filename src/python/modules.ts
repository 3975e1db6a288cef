import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../errors.js';
import { PythonSource, childrenOf } from './source.js';

/** Python source files are small; anything bigger is not a module a migration needs. */
const MAX_MODULE_BYTES = 2 * 1024 * 1024;

/**
 * Finds the project's own Python modules: `open_webui.internal.db` is the file
 * `<root>/open_webui/internal/db.py` (or its package's `__init__.py`) under the nearest folder,
 * going up from the importing file, that holds the top package. Third-party and standard modules
 * are not looked for on disk: they are not part of the project.
 *
 * @example new ModuleFinder().find('app_pkg.db', '/repo/migrations/versions/0001.py') // '/repo/app_pkg/db.py'
 */
export class ModuleFinder {
  private readonly parsed = new Map<string, PythonSource>();
  /** Per file: the project files it imports itself, and all it imports (one history is read many times over). */
  private readonly imports = new Map<string, readonly string[]>();
  private readonly closures = new Map<string, string[]>();
  /** Per folder and module name: where `find` found it (one stat walk per pair). */
  private readonly located = new Map<string, string | null>();

  /** The file of an absolute module name, searched upward from `fromFile`'s folder; null if none. */
  find(module: string, fromFile: string): string | null {
    const start = dirname(resolve(fromFile));
    const key = `${start}\0${module}`;
    if (this.located.has(key)) return this.located.get(key) as string | null;
    const parts = module.split('.');
    let found: string | null = null;
    for (let dir = start; ; dir = dirname(dir)) {
      found = moduleFile(dir, parts);
      if (found || dirname(dir) === dir) break;
    }
    this.located.set(key, found);
    return found;
  }

  /** The file of a relative import (`from .util import x`, level 1 = the importer's package). */
  findRelative(module: string, level: number, fromFile: string): string | null {
    let dir = dirname(resolve(fromFile));
    for (let i = 1; i < level; i++) dir = dirname(dir);
    return moduleFile(dir, module === '' ? [] : module.split('.'));
  }

  /** Parses a module file once per finder. */
  parse(file: string): PythonSource {
    let source = this.parsed.get(file);
    if (!source) {
      const size = statSync(file).size;
      if (size > MAX_MODULE_BYTES) throw new InputError(`${file}: over ${MAX_MODULE_BYTES} bytes, not a Python module pgdrift reads`);
      source = PythonSource.parse(file, readFileSync(file, 'utf8'));
      this.parsed.set(file, source);
    }
    return source;
  }

  /**
   * Every project file a module imports, directly or through the files it imports: what decides
   * what the module does, so what a cache of its results must hash.
   */
  importedFiles(file: string): string[] {
    const known = this.closures.get(resolve(file));
    if (known) return known;
    const seen = new Set<string>([resolve(file)]);
    const queue = [resolve(file)];
    while (queue.length > 0) {
      for (const f of this.directImports(queue.shift() as string)) {
        if (!seen.has(f)) {
          seen.add(f);
          queue.push(f);
        }
      }
    }
    seen.delete(resolve(file));
    const closure = [...seen].filter((f) => !isNamespace(f)).sort();
    this.closures.set(resolve(file), closure);
    return closure;
  }

  /** The project files one file imports itself (each file is read once per finder). */
  private directImports(file: string): readonly string[] {
    const known = this.imports.get(file);
    if (known) return known;
    const out: string[] = [];
    if (!isNamespace(file)) {
      let source: PythonSource | null = null;
      try {
        source = this.parse(file);
      } catch {
        // Not readable as Python: it imports nothing the cache key could follow.
      }
      for (const target of source ? importTargets(source) : []) {
        const found = target.level > 0 ? this.findRelative(target.module, target.level, file) : this.find(target.module, file);
        if (!found) continue;
        out.push(found);
        for (const n of target.names) {
          const sub = target.level > 0 ? this.findRelative(`${target.module ? `${target.module}.` : ''}${n}`, target.level, file) : this.find(`${target.module}.${n}`, file);
          if (sub) out.push(sub);
        }
      }
    }
    this.imports.set(file, out);
    return out;
  }
}

function moduleFile(dir: string, parts: readonly string[]): string | null {
  const base = join(dir, ...parts);
  if (parts.length > 0 && isFile(`${base}.py`)) return `${base}.py`;
  if (isFile(join(base, '__init__.py'))) return join(base, '__init__.py');
  // A namespace package (PEP 420): a folder of Python files without __init__.py.
  if (parts.length > 0 && isNamespacePackage(base)) return base;
  return null;
}

function isNamespacePackage(path: string, depth = 0): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
    return readdirSync(path).some((e) => e.endsWith('.py') || (depth < 2 && !e.startsWith('.') && isNamespacePackage(join(path, e), depth + 1)));
  } catch {
    return false;
  }
}

/** Whether a found module is a namespace package (a folder, not a file). */
export function isNamespace(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/** One import statement's module (dots counted as `level`) and the names it takes from it. */
export interface ImportTarget {
  readonly module: string;
  readonly level: number;
  readonly names: readonly string[];
}

/** Every import statement anywhere in a file, including those inside functions. */
export function importTargets(source: PythonSource): ImportTarget[] {
  const out: ImportTarget[] = [];
  source.tree.iterate({
    enter: (n) => {
      if (n.name !== 'ImportStatement') return undefined;
      out.push(...parseImport(source, n.node));
      return false;
    },
  });
  return out;
}

/** A parsed import: `from X import a as b` or `import a.b as c`. */
export interface ParsedImport extends ImportTarget {
  readonly from: boolean;
  /** For `from` imports: [name, alias]; for plain imports: [dotted module, alias or null]. */
  readonly bindings: ReadonlyArray<readonly [string, string | null]>;
}

/** Reads one ImportStatement node. */
export function parseImport(source: PythonSource, stmt: SyntaxNode): ParsedImport[] {
  const tokens = childrenOf(stmt).filter((t) => t.name !== '(' && t.name !== ')');
  const text = (n: SyntaxNode) => source.textOf(n);
  if (tokens[0]?.name === 'from') {
    let i = 1;
    let module = '';
    while (i < tokens.length && tokens[i]?.name !== 'import') module += text(tokens[i++] as SyntaxNode);
    i++;
    const level = /^\.*/.exec(module)?.[0].length ?? 0;
    const bindings: Array<[string, string | null]> = [];
    while (i < tokens.length) {
      const tok = tokens[i] as SyntaxNode;
      if (tok.name === ',') {
        i++;
        continue;
      }
      const name = text(tok);
      let alias: string | null = null;
      if (tokens[i + 1]?.name === 'as') {
        alias = text(tokens[i + 2] as SyntaxNode);
        i += 2;
      }
      i++;
      bindings.push([name, alias]);
    }
    return [{ from: true, module: module.slice(level), level, names: bindings.map(([n]) => n), bindings }];
  }
  const out: ParsedImport[] = [];
  let i = 1;
  while (i < tokens.length) {
    let dotted = '';
    while (i < tokens.length && tokens[i]?.name !== ',' && tokens[i]?.name !== 'as') dotted += text(tokens[i++] as SyntaxNode);
    let alias: string | null = null;
    if (tokens[i]?.name === 'as') {
      alias = text(tokens[i + 1] as SyntaxNode);
      i += 2;
    }
    i++;
    out.push({ from: false, module: dotted, level: 0, names: [], bindings: [[dotted, alias]] });
  }
  return out;
}
