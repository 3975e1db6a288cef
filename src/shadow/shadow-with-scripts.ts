import { applyScript } from './apply-script.js';
import { ensureRoles } from './ensure-roles.js';
import { parseScript, withoutTrees, type ParsedScript } from './parsed-script.js';
import { refuseUnsafeStatements } from './refused-statements.js';
import { scriptRequirements } from './script-requirements.js';
import { openShadow, type Shadow } from './shadow.js';
import type { SqlScript } from './source-text.js';
import { progress } from '../progress.js';

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
  return withParsedScriptsApplied(await parseAll(scripts), options, use);
}

/**
 * `withScriptsApplied` for scripts parsed already. The parse trees serve only until the shadow
 * is open (refusals, extensions, roles): the statements are applied and `use` runs without
 * them, so pass `parsed` from an expression, not a variable the caller keeps.
 *
 * @example
 * const snapshot = await withParsedScriptsApplied([await parseScript({ name: 'db/schema.sql', text })], {}, (shadow) => read(shadow));
 */
export async function withParsedScriptsApplied<T>(
  parsed: readonly ParsedScript[],
  options: { readonly shadowUrl?: string },
  use: (shadow: Shadow) => Promise<T>,
): Promise<T> {
  const shadow = await openShadowFor(parsed, options);
  const scripts = parsed.map(withoutTrees);
  parsed = [];
  return usedThenClosed(shadow, async () => {
    for (const script of scripts) {
      progress(`applying ${script.script.name}`);
      await applyScript(shadow, script);
    }
    return use(shadow);
  });
}

/**
 * Like `withScriptsApplied`, but one shadow sees the groups of scripts (one group per
 * migration) applied one at a time: `step(n)` runs with the first `n` groups applied, for n = 0
 * (nothing yet) to `groups.length`. What `diagnose` needs: the schema after every migration for
 * the price of one replay.
 *
 * @example
 * await withEachScriptGroupApplied(files.map((f) => [f]), {}, async (n, shadow) => void snapshots.push(await introspect(shadow.db, o, src)));
 */
export async function withEachScriptGroupApplied(
  groups: readonly (readonly SqlScript[])[],
  options: { readonly shadowUrl?: string },
  step: (applied: number, shadow: Shadow) => Promise<void>,
): Promise<void> {
  const parsedGroups: ParsedScript[][] = [];
  for (const group of groups) parsedGroups.push(await parseAll(group));
  await withShadowFor(parsedGroups.flat(), options, async (shadow) => {
    await step(0, shadow);
    for (let i = 0; i < parsedGroups.length; i++) {
      for (const script of parsedGroups[i] as ParsedScript[]) {
        progress(`applying migration ${i + 1}/${parsedGroups.length} (${script.script.name})`);
        await applyScript(shadow, script);
      }
      await step(i + 1, shadow);
    }
  });
}

/**
 * Opens a shadow able to run `parsed` (their extensions loaded — PGlite loads extensions only
 * when it starts — and the roles they name created), runs `body`, and always closes it.
 * A statement the shadow must not run (`refuseUnsafeStatements`) fails first, exit 2.
 *
 * @example
 * await withShadowFor([await parseScript({ name: 'x.sql', text })], {}, (shadow) => shadow.exec(text));
 */
export async function withShadowFor<T>(
  parsed: readonly ParsedScript[],
  options: { readonly shadowUrl?: string },
  body: (shadow: Shadow) => Promise<T>,
): Promise<T> {
  return usedThenClosed(await openShadowFor(parsed, options), body);
}

/** Runs `body` on `shadow` and closes the shadow, whatever happens. */
async function usedThenClosed<T>(shadow: Shadow, body: (shadow: Shadow) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await body(shadow);
  } catch (err) {
    // The first error is the one to report; a failure to clean up after it would only hide it.
    await shadow.close().catch(() => {});
    throw err;
  }
  await shadow.close();
  return result;
}

/**
 * The opening half of `withShadowFor`, for a shadow that outlives one call: the caller
 * closes it, in a `finally`.
 *
 * @example
 * const shadow = await openShadowFor([copy], {});
 * try { await applyScript(shadow, copy); } finally { await shadow.close(); }
 */
export async function openShadowFor(parsed: readonly ParsedScript[], options: { readonly shadowUrl?: string }): Promise<Shadow> {
  // Untrusted SQL: what it may not do is refused before any shadow exists.
  refuseUnsafeStatements(parsed, options.shadowUrl ? 'server' : 'embedded');
  const needs = scriptRequirements(parsed);
  const shadow = await openShadow({ shadowUrl: options.shadowUrl, extensions: needs.extensions });
  try {
    // A server shadow's throwaway role cannot create roles: the ones the SQL creates are made first.
    await ensureRoles(shadow, shadow.sandboxRole ? [...needs.roles, ...needs.createdRoles] : needs.roles);
  } catch (err) {
    await shadow.close().catch(() => {});
    throw err;
  }
  return shadow;
}

async function parseAll(scripts: readonly SqlScript[]): Promise<ParsedScript[]> {
  const parsed = [];
  for (const script of scripts) parsed.push(await parseScript(script));
  return parsed;
}
