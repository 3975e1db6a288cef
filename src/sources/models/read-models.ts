import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../errors.js';
import { CannotInterpret, snippet } from '../../python/errors.js';
import { Interpreter } from '../../python/interpreter.js';
import { PythonSource } from '../../python/source.js';
import { SaObject } from '../../migrations/alembic/python-value.js';
import { createAllStatements, type ModelStatement } from './create-all.js';
import { addLateColumns } from './declarative.js';
import { mayDeclareSchema } from './failed-statements.js';
import { ModelsHost } from './models-host.js';
import { progress } from '../../progress.js';

export interface ReadModelsOptions {
  /** `os.environ` as the models see it (`--env NAME=VALUE`); never pgdrift's own environment. */
  readonly environ?: ReadonlyMap<string, string>;
  /** The server the schema is meant for (`server_version_num`): what create_all would run there. */
  readonly serverVersionNum?: number;
}

/** What the models declare: `create_all()`'s statements and the tables they create. */
export interface ModelsRead {
  readonly statements: readonly ModelStatement[];
  readonly tables: number;
  readonly files: readonly string[];
  /**
   * Where each table and column is declared (`file:line:column`), by change id without the
   * object type: `public.chat`, `public.chat.user_id`.
   */
  readonly origins: ReadonlyMap<string, string>;
}

/** A file or folder of models holds this many Python files at most (a folder mistaken for one). */
const MAX_FILES = 2000;

/**
 * Reads SQLAlchemy models without Python: every `.py` file of `path` (a file, or a folder read
 * recursively) runs in the Python subset with SQLAlchemy's declarative layer, and the DDL that
 * `metadata.create_all()` would run is returned. The project's imports are followed (a base
 * class in `app/db.py`); other classes in the files (pydantic, services) run as plain Python.
 *
 * @throws InputError (exit 2) with file:line:column for anything not followed completely: a
 *   model statement that fails, a column type it does not know, no model at all.
 */
export async function readModels(path: string, options: ReadModelsOptions = {}): Promise<ModelsRead> {
  const files = modelFiles(path);
  const host = new ModelsHost();
  const interpreter = new Interpreter({ host, stdlib: { environ: new Map(options.environ ?? []) } });
  for (const [i, file] of files.entries()) {
    progress(`reading model file ${i + 1}/${files.length} (${file})`);
    await interpreter.loadModule(file, moduleName(file));
    const failed = host.registry.failures[0];
    if (failed) throw failed;
  }
  for (const module of interpreter.loadedModules()) {
    const source = interpreter.finder.parse(module.file as string);
    for (const { node, error } of module.failures) if (mayDeclareSchema(source, node, error, module, host.registry)) throw asModelError(error, source, node);
  }
  addLateColumns(host.registry);
  const tables = host.registry.metadatas.reduce((n, m) => n + m.tables.length, 0);
  if (tables === 0) throw new InputError(`${path}: no SQLAlchemy model or Table found (declarative classes with __tablename__, or Table(…, metadata, …))`);
  const statements = createAllStatements(host.registry, (node) => host.sourceOf(node), { ...(options.serverVersionNum !== undefined ? { serverVersionNum: options.serverVersionNum } : {}) });
  const origins = new Map<string, string>();
  for (const md of host.registry.metadatas) {
    for (const t of md.tables) {
      const table = `${t.schema ?? 'public'}.${t.name}`;
      origins.set(table, t.origin.source.where(t.origin.node));
      for (const item of t.items) {
        if (item instanceof SaObject && item.name === 'sa.Column' && typeof item.args[0] === 'string' && item.node) {
          origins.set(`${table}.${item.args[0]}`, (host.sourceOf(item.node) ?? t.origin.source).where(item.node));
        }
      }
    }
  }
  return { statements, tables, files, origins };
}

function asModelError(error: Error, source: PythonSource, node: SyntaxNode): Error {
  if (error instanceof CannotInterpret) return new CannotInterpret(error.where, `${error.construct}, which a statement that may declare models needs (${source.where(node)})`);
  return new CannotInterpret(source.where(node), `the statement \`${snippet(source, node)}\` (${error.message})`);
}

/** The `.py` files of a models file or folder, sorted, caches and hidden folders left out. */
export function modelFiles(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new InputError(`${path}: no such file or folder (--models takes a Python file or a folder of them)`);
  }
  if (!isDir) {
    if (!path.endsWith('.py')) throw new InputError(`${path}: not a Python file (--models takes a .py file or a folder of them)`);
    return [resolve(path)];
  }
  const out: string[] = [];
  // Links are followed while they stay in the project (the working folder or the one given),
  // as for .sql sources; each real folder is read once (a link loop ends).
  const roots = [realpathSync(process.cwd()), realpathSync(path)];
  const inside = (p: string) => roots.some((r) => p === r || p.startsWith(`${r}${sep}`));
  const visited = new Set<string>();
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === '__pycache__' || e.name === 'node_modules') continue;
      const full = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          throw new InputError(`${full}: a broken symbolic link`);
        }
        if (!inside(target)) throw new InputError(`${full}: a symbolic link leading outside the project (${target})`);
        const st = statSync(target);
        [isDir, isFile] = [st.isDirectory(), st.isFile()];
      }
      if (isDir) walk(full);
      else if (isFile && e.name.endsWith('.py')) out.push(resolve(full));
      if (out.length > MAX_FILES) throw new InputError(`${path}: more than ${MAX_FILES} Python files; give the folder of the models`);
    }
  };
  walk(path);
  if (out.length === 0) throw new InputError(`${path}: no .py files in this folder`);
  return out;
}

/** `app/models/chat.py` → `app.models.chat`, following the packages (`__init__.py`) upward. */
function moduleName(file: string): string {
  const parts = [basename(file, '.py')];
  if (parts[0] === '__init__') parts.pop();
  let dir = dirname(file);
  while (existsSync(join(dir, '__init__.py'))) {
    parts.unshift(basename(dir));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return parts.join('.') || relative(process.cwd(), file);
}
