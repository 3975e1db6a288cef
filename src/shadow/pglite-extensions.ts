import type { Extension } from '@electric-sql/pglite';

/**
 * The extensions PGlite ships, by the name `CREATE EXTENSION` uses. PGlite must be given an
 * extension's files when it starts, so the SQL is scanned first and only these are loaded
 * (each costs start-up time). Listed from `@electric-sql/pglite/contrib/*` (the bundles with
 * a `.control` file; `auto_explain` has none, it is a module, not an extension).
 */
const LOADERS: Readonly<Record<string, () => Promise<Extension>>> = {
  amcheck: () => import('@electric-sql/pglite/contrib/amcheck').then((m) => m.amcheck),
  bloom: () => import('@electric-sql/pglite/contrib/bloom').then((m) => m.bloom),
  btree_gin: () => import('@electric-sql/pglite/contrib/btree_gin').then((m) => m.btree_gin),
  btree_gist: () => import('@electric-sql/pglite/contrib/btree_gist').then((m) => m.btree_gist),
  citext: () => import('@electric-sql/pglite/contrib/citext').then((m) => m.citext),
  cube: () => import('@electric-sql/pglite/contrib/cube').then((m) => m.cube),
  dict_int: () => import('@electric-sql/pglite/contrib/dict_int').then((m) => m.dict_int),
  dict_xsyn: () => import('@electric-sql/pglite/contrib/dict_xsyn').then((m) => m.dict_xsyn),
  earthdistance: () => import('@electric-sql/pglite/contrib/earthdistance').then((m) => m.earthdistance),
  file_fdw: () => import('@electric-sql/pglite/contrib/file_fdw').then((m) => m.file_fdw),
  fuzzystrmatch: () => import('@electric-sql/pglite/contrib/fuzzystrmatch').then((m) => m.fuzzystrmatch),
  hstore: () => import('@electric-sql/pglite/contrib/hstore').then((m) => m.hstore),
  intarray: () => import('@electric-sql/pglite/contrib/intarray').then((m) => m.intarray),
  isn: () => import('@electric-sql/pglite/contrib/isn').then((m) => m.isn),
  lo: () => import('@electric-sql/pglite/contrib/lo').then((m) => m.lo),
  ltree: () => import('@electric-sql/pglite/contrib/ltree').then((m) => m.ltree),
  moddatetime: () => import('@electric-sql/pglite/contrib/moddatetime').then((m) => m.moddatetime),
  pageinspect: () => import('@electric-sql/pglite/contrib/pageinspect').then((m) => m.pageinspect),
  pg_buffercache: () => import('@electric-sql/pglite/contrib/pg_buffercache').then((m) => m.pg_buffercache),
  pg_freespacemap: () => import('@electric-sql/pglite/contrib/pg_freespacemap').then((m) => m.pg_freespacemap),
  pg_stat_statements: () => import('@electric-sql/pglite/contrib/pg_stat_statements').then((m) => m.pg_stat_statements),
  pg_surgery: () => import('@electric-sql/pglite/contrib/pg_surgery').then((m) => m.pg_surgery),
  pg_trgm: () => import('@electric-sql/pglite/contrib/pg_trgm').then((m) => m.pg_trgm),
  pg_visibility: () => import('@electric-sql/pglite/contrib/pg_visibility').then((m) => m.pg_visibility),
  pg_walinspect: () => import('@electric-sql/pglite/contrib/pg_walinspect').then((m) => m.pg_walinspect),
  pgcrypto: () => import('@electric-sql/pglite/contrib/pgcrypto').then((m) => m.pgcrypto),
  seg: () => import('@electric-sql/pglite/contrib/seg').then((m) => m.seg),
  tablefunc: () => import('@electric-sql/pglite/contrib/tablefunc').then((m) => m.tablefunc),
  tcn: () => import('@electric-sql/pglite/contrib/tcn').then((m) => m.tcn),
  tsm_system_rows: () => import('@electric-sql/pglite/contrib/tsm_system_rows').then((m) => m.tsm_system_rows),
  tsm_system_time: () => import('@electric-sql/pglite/contrib/tsm_system_time').then((m) => m.tsm_system_time),
  unaccent: () => import('@electric-sql/pglite/contrib/unaccent').then((m) => m.unaccent),
  'uuid-ossp': () => import('@electric-sql/pglite/contrib/uuid_ossp').then((m) => m.uuid_ossp),
};

/**
 * The `spi` bundle behind `moddatetime` holds three more extensions; `earthdistance` needs
 * `cube`, which `CREATE EXTENSION … CASCADE` creates and which must then be loaded too.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  autoinc: ['moddatetime'],
  insert_username: ['moddatetime'],
  refint: ['moddatetime'],
  earthdistance: ['earthdistance', 'cube'],
};

/** Built into PGlite itself. */
const BUILT_IN = new Set(['plpgsql']);

/** Whether the embedded shadow database can create this extension. */
export function embeddedExtensionAvailable(name: string): boolean {
  return BUILT_IN.has(name) || name in LOADERS || name in ALIASES;
}

/** Names the embedded shadow database can create, sorted (for messages and docs). */
export function embeddedExtensionNames(): readonly string[] {
  return [...BUILT_IN, ...Object.keys(LOADERS), ...Object.keys(ALIASES)].filter((n, i, all) => all.indexOf(n) === i).sort();
}

/**
 * The `extensions` option of `PGlite.create` that provides these extensions.
 *
 * @example
 * const db = await PGlite.create({ extensions: await loadEmbeddedExtensions(['citext']) });
 */
export async function loadEmbeddedExtensions(names: readonly string[]): Promise<Record<string, Extension>> {
  const bundles = new Set(names.flatMap((n) => ALIASES[n] ?? (n in LOADERS ? [n] : [])));
  const loaded: Record<string, Extension> = {};
  for (const bundle of bundles) loaded[bundle] = await LOADERS[bundle]!();
  return loaded;
}
