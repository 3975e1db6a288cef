/** What every mapper needs beyond its row. */
export interface MapContext {
  /** The owner as the snapshot reports it: null when the source does not declare owners. */
  owner(name: string): string | null;
}

/**
 * Decides which owners a snapshot reports. A shadow database is owned by whoever applied the
 * SQL, so only an owner the SQL set explicitly (someone other than the current user) says
 * anything about the intended schema.
 *
 * @example
 * mapContext(false, 'postgres').owner('postgres'); // null
 * mapContext(false, 'postgres').owner('app'); // 'app'
 */
export function mapContext(ownersDeclared: boolean, currentUser: string): MapContext {
  return {
    owner: (name) => (!ownersDeclared && name === currentUser ? null : name),
  };
}

/** json/json_agg columns come back parsed from pg and PGlite, but a driver may leave them as text. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
