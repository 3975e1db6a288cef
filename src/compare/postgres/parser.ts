/**
 * The real PostgreSQL parser (libpg-query, compiled to WebAssembly). Its synchronous API only
 * works once the module is instantiated, so every entry point that canonicalises text awaits
 * {@link loadParser} first; the load happens once per process. The module itself is imported
 * only then (~25 ms, and ~10 ms to instantiate): a comparison of two snapshots printed by the
 * same server version never needs it.
 */
let loading: Promise<void> | null = null;
let parse: ((sql: string) => unknown) | null = null;

/** Thrown by {@link parseOrNull} before {@link loadParser} has resolved. */
export class ParserNotLoaded extends Error {
  constructor() {
    super('the PostgreSQL parser is not loaded: await loadParser() first');
    this.name = 'ParserNotLoaded';
  }
}

/**
 * Instantiates the parser; cheap after the first call.
 *
 * @example
 * await loadParser();
 * parseOrNull('SELECT 1'); // { version: 180004, stmts: [...] }
 */
export function loadParser(): Promise<void> {
  loading ??= import('pgsql-parser').then(async (m) => {
    await m.loadModule();
    parse = m.parseSync;
  });
  return loading;
}

/** True once {@link loadParser} has resolved. */
export function parserLoaded(): boolean {
  return parse !== null;
}

/**
 * Parses SQL into the parser's JSON tree, or returns null when it is not valid SQL.
 *
 * @throws ParserNotLoaded before {@link loadParser} has resolved.
 * @example
 * parseOrNull('SELECT (1)'); // a SelectStmt tree
 * parseOrNull('SELECT ((');  // null
 */
export function parseOrNull(sql: string): unknown {
  if (parse === null) throw new ParserNotLoaded();
  try {
    return parse(sql);
  } catch {
    return null;
  }
}
