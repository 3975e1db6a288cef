/**
 * The statement inside the `DO` block the Alembic reader writes for `enum.create(bind,
 * checkfirst=True)` (and `.drop`): SQLAlchemy looks the type up and runs the DDL only when
 * needed, the reader leaves that test to the database. Reading the DDL out of the block lets the
 * type be named with the line of its operation, like any other statement's object.
 *
 * @example guardedDdl({ DoStmt: { args: [{ DefElem: { defname: 'as', arg: { String: { sval: "BEGIN IF to_regtype('s') IS NULL THEN CREATE TYPE s AS ENUM ('a'); END IF; END" } } } }] } })
 * // "CREATE TYPE s AS ENUM ('a')"
 * @returns null for any other statement, and for a DO block of any other shape.
 */
export function guardedDdl(statement: unknown): string | null {
  const args = (statement as { DoStmt?: { args?: { DefElem?: { defname?: string; arg?: { String?: { sval?: string } } } }[] } }).DoStmt?.args;
  const body = args?.find((a) => a.DefElem?.defname === 'as')?.DefElem?.arg?.String?.sval;
  if (body === undefined) return null;
  const m = /^BEGIN IF to_regtype\('(?:[^']|'')*'\) IS (?:NOT )?NULL THEN ((?:CREATE|DROP) TYPE [\s\S]*); END IF; END$/.exec(body);
  return m ? (m[1] as string) : null;
}
