import type { Draft } from './diff-objects.js';

/**
 * Marks a missing and an unexpected object that look like one object renamed: same kind, same
 * table (or schema), same substance apart from the name (see `renameSignature` in
 * `object-specs.ts`). Both changes are kept, since a rename is still drift, and both get the
 * hint. Only unambiguous pairs count: two missing columns of the same type and one unexpected
 * one give no hint, as there is no telling which was renamed.
 *
 * @example
 * addRenameHints(drafts)
 * // the missing `column public.users.mail` and unexpected `column public.users.email` now carry
 * // renameHint { from: 'mail', to: 'email' }
 */
export function addRenameHints(drafts: readonly Draft[]): void {
  const groups = new Map<string, { missing: Draft[]; unexpected: Draft[] }>();
  for (const d of drafts) {
    if (d.renameGroup === null || d.kind === 'changed') continue;
    let group = groups.get(d.renameGroup);
    if (!group) groups.set(d.renameGroup, (group = { missing: [], unexpected: [] }));
    (d.kind === 'missing' ? group.missing : group.unexpected).push(d);
  }
  for (const { missing, unexpected } of groups.values()) {
    const [from] = missing;
    const [to] = unexpected;
    if (missing.length !== 1 || unexpected.length !== 1 || !from || !to) continue;
    const hint = { from: from.identity.name, to: to.identity.name };
    from.renameHint = hint;
    to.renameHint = hint;
    from.pairedWith = to;
    to.pairedWith = from;
  }
}
