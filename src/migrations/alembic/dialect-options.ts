/**
 * SQLAlchemy reads a `<dialect>_<name>` keyword (`sqlite_where=`, `mysql_engine=`,
 * `mssql_clustered=`) only when compiling for that dialect: on PostgreSQL the options of the
 * other dialects it ships change nothing, and a history written for several databases carries
 * them next to the `postgresql_*` ones.
 *
 * @example isOtherDialectOption('sqlite_where') // true
 * @example isOtherDialectOption('postgresql_where') // false
 */
export function isOtherDialectOption(key: string): boolean {
  return /^(?:sqlite|mysql|mariadb|mssql|oracle)_./.test(key);
}
