import { loadModule, parseSync } from 'pgsql-parser';

/**
 * The real PostgreSQL parser (libpg-query, compiled to WebAssembly). Its synchronous API only
 * works once the module is instantiated, so every entry point that canonicalises text awaits
 * {@link loadParser} first; the load happens once per process.
 */
let loading: Promise<void> | null = null;
let loaded = false;

/**
 * Instantiates the parser; cheap after the first call.
 *
 * @example
 * await loadParser();
 * parseOrNull('SELECT 1'); // { version: 180004, stmts: [...] }
 */
export function loadParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

/**
 * Parses SQL into the parser's JSON tree, or returns null when it is not valid SQL.
 *
 * @example
 * parseOrNull('SELECT (1)'); // a SelectStmt tree
 * parseOrNull('SELECT ((');  // null
 */
export function parseOrNull(sql: string): unknown {
  if (!loaded) throw new Error('the PostgreSQL parser is not loaded: await loadParser() first');
  try {
    return parseSync(sql);
  } catch {
    return null;
  }
}
