import { applyScript } from './apply-script.js';
import { ensureRoles } from './ensure-roles.js';
import { parseScript } from './parsed-script.js';
import { scriptRequirements } from './script-requirements.js';
import { openShadow, type Shadow } from './shadow.js';
import type { SqlScript } from './source-text.js';

/**
 * The whole shadow routine: parses the scripts, opens a shadow database able to run them
 * (their extensions loaded, the roles they name created), applies them in order, hands the
 * shadow to `use` (typically to introspect it), and closes the shadow whatever happens.
 *
 * @example
 * const snapshot = await withScriptsApplied([{ name: 'db/schema.sql', text }], {}, (shadow) =>
 *   introspect(shadow.db, { ownersDeclared: false }, { kind: 'sql', description: 'db/schema.sql' }),
 * );
 */
export async function withScriptsApplied<T>(
  scripts: readonly SqlScript[],
  options: { readonly shadowUrl?: string },
  use: (shadow: Shadow) => Promise<T>,
): Promise<T> {
  const parsed = [];
  for (const script of scripts) parsed.push(await parseScript(script));
  const needs = scriptRequirements(parsed);
  const shadow = await openShadow({ shadowUrl: options.shadowUrl, extensions: needs.extensions });
  let result: T;
  try {
    await ensureRoles(shadow, needs.roles);
    for (const script of parsed) await applyScript(shadow, script);
    result = await use(shadow);
  } catch (err) {
    // The first error is the one to report; a failure to clean up after it would only hide it.
    await shadow.close().catch(() => {});
    throw err;
  }
  await shadow.close();
  return result;
}
