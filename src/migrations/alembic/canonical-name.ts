/**
 * Canonical names for what migrations import from SQLAlchemy and Alembic, whichever module
 * path they used: `sa.X` (core), `pg.X` (PostgreSQL dialect), `func.X` (SQL functions), `op.X`.
 */
const CORE_MODULES = [
  'sqlalchemy',
  'sqlalchemy.types',
  'sqlalchemy.schema',
  'sqlalchemy.sql',
  'sqlalchemy.sql.expression',
  'sqlalchemy.sql.sqltypes',
  'sqlalchemy.sql.schema',
  'sqlalchemy.sql.elements',
  'sqlalchemy.sql.type_api',
  'sqlalchemy.sql.ddl',
];

const PG_MODULES = [
  'sqlalchemy.dialects.postgresql',
  'sqlalchemy.dialects.postgresql.base',
  'sqlalchemy.dialects.postgresql.types',
  'sqlalchemy.dialects.postgresql.json',
  'sqlalchemy.dialects.postgresql.array',
  'sqlalchemy.dialects.postgresql.ranges',
  'sqlalchemy.dialects.postgresql.named_types',
  'sqlalchemy.dialects.postgresql.ext',
];

const FUNC_PREFIXES = CORE_MODULES.map((m) => `${m}.func.`).concat(['sqlalchemy.sql.functions.func.']);

/**
 * @example canonicalName('sqlalchemy.dialects.postgresql.JSONB') // 'pg.JSONB'
 * @example canonicalName('sqlalchemy.func.now') // 'func.now'
 * @returns the canonical name, or null for anything else (an application's own module).
 */
export function canonicalName(path: string): string | null {
  for (const prefix of FUNC_PREFIXES) if (path.startsWith(prefix)) return `func.${path.slice(prefix.length)}`;
  if (path === 'alembic.op') return 'op';
  if (path.startsWith('alembic.op.')) return `op.${path.slice('alembic.op.'.length)}`;
  const dot = path.lastIndexOf('.');
  if (dot < 0) return null;
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  if (PG_MODULES.includes(module)) return `pg.${name}`;
  if (CORE_MODULES.includes(module)) return `sa.${name}`;
  return null;
}
