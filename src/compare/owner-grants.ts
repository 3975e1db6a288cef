import type { Grant, Snapshot } from '../model/snapshot.js';

/**
 * The owner's rights in `acldefault`, by object type; MAINTAIN on relations from PostgreSQL 17
 * (and when the version is unknown).
 *
 * @example
 * ownerDefault('sequence', 150004) // ['USAGE', 'SELECT', 'UPDATE']
 */
export function ownerDefault(objectType: Grant['objectType'], serverVersionNum: number | null): readonly string[] {
  switch (objectType) {
    case 'schema':
      return ['USAGE', 'CREATE'];
    case 'sequence':
      return ['USAGE', 'SELECT', 'UPDATE'];
    case 'function':
      return ['EXECUTE'];
    case 'table': {
      const rights = ['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
      return serverVersionNum === null || serverVersionNum >= 170000 ? [...rights, 'MAINTAIN'] : rights;
    }
    case 'column':
      return [];
  }
}

type Side = Pick<Snapshot, 'source' | 'schemas' | 'tables' | 'views' | 'sequences' | 'functions' | 'grants'>;

/** Owner of the object a grant is on, `null` when the source does not declare it, `undefined` when absent. */
function ownerOf(side: Side, g: Grant): string | null | undefined {
  switch (g.objectType) {
    case 'schema':
      return side.schemas.find((s) => s.name === g.schema)?.owner;
    case 'table':
      return (side.tables.find((t) => t.schema === g.schema && t.name === g.object) ?? side.views.find((v) => v.schema === g.schema && v.name === g.object))?.owner;
    case 'sequence':
      return side.sequences.find((s) => s.schema === g.schema && s.name === g.object)?.owner;
    case 'function':
      return side.functions.find((f) => f.schema === g.schema && `${f.name}(${f.identityArguments})` === g.object)?.owner;
    case 'column':
      return undefined;
  }
}

const target = (g: Grant): string => `${g.objectType}\u0000${g.schema}\u0000${g.object}\u0000${g.column ?? ''}\u0000${g.grantee}`;

/**
 * A snapshot lists the owner's own privileges only once they differ from the built-in full set
 * (see `Grant`). Where one side lists them and the other lists none for that owner and object,
 * the other side's owner still has the full set: this adds it (as the listing side's server
 * defines it), so a `REVOKE DELETE ON t FROM owner` reads as the owner's DELETE missing rather
 * than as every privilege the owner kept being unexpected. An owner the other side does not
 * declare (a shadow database) is taken to be the same role.
 *
 * @example
 * // actual: t owned by app, app has every right but DELETE; expected: nothing listed for app
 * alignOwnerGrants(expected, actual).expected
 * // app's INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER (, MAINTAIN) on t
 */
export function alignOwnerGrants(expected: Side, actual: Side): { expected: Grant[]; actual: Grant[] } {
  const expectedOut = [...expected.grants];
  const actualOut = [...actual.grants];
  const align = (from: Side, to: Side, toOut: Grant[]): void => {
    const listed = new Set(to.grants.map(target));
    const done = new Set<string>();
    for (const g of from.grants) {
      const key = target(g);
      if (done.has(key) || listed.has(key) || g.column !== null) continue;
      done.add(key);
      if (ownerOf(from, g) !== g.grantee) continue;
      const otherOwner = ownerOf(to, g);
      if (otherOwner === undefined || (otherOwner !== null && otherOwner !== g.grantee)) continue;
      for (const privilege of ownerDefault(g.objectType, from.source.serverVersionNum)) {
        toOut.push({ ...g, privilege, grantable: false });
      }
    }
  };
  align(actual, expected, expectedOut);
  align(expected, actual, actualOut);
  return { expected: expectedOut, actual: actualOut };
}
