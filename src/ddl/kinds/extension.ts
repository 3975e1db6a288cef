import { Phase } from '../phases.js';
import { ident, literal } from '../quote.js';
import { dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type KindPlanner } from './kind.js';

/**
 * Extensions. A newer version is reached with ALTER EXTENSION … UPDATE; an older one only by
 * dropping the extension and creating it at that version, since extensions ship update scripts
 * forwards only.
 */

/** Dotted version numbers compared part by part (`1.10` after `1.9`); other text compares as text. */
function newer(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if ([...pa, ...pb].some(Number.isNaN)) return a > b;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

export const extensionPlanner: KindPlanner<'extension'> = {
  recreateReason(_ctx, from, to, change) {
    const props = changedProperties(change);
    if (props.has('version') && from.version !== null && to.version !== null && !newer(to.version, from.version)) {
      return `extensions have update paths to newer versions only: ${to.name} ${from.version} is dropped and ${to.version} created (which fails if objects depend on it)`;
    }
    return null;
  },

  consequences: () => [],

  create(ctx, x, where) {
    const node = nodeOf('extension', x.name);
    const version = x.version !== null ? ` VERSION ${literal(x.version)}` : '';
    ctx.setMain({ kind: 'extension', key: x.name }, statement(ctx, where, `CREATE EXTENSION ${ident(x.name)} WITH SCHEMA ${ident(x.schema)}${version}`, { phase: Phase.extensions, node }));
  },

  drop(ctx, x, where) {
    dropStatement(ctx, where, { kind: 'extension', key: x.name }, `DROP EXTENSION ${ident(x.name)}`, {
      phase: Phase.dropExtensions,
      node: nodeOf('extension', x.name),
      // Even to create it again at another version: what it created goes, data types included.
      destructive: true,
      note: where.reason ?? 'drops its functions, types and operators; fails while objects outside it use them',
    });
  },

  alter(ctx, _from, to, change, where) {
    const props = changedProperties(change);
    const e = { phase: Phase.extensions, node: nodeOf('extension', to.name) };
    if (props.has('version') && to.version !== null) statement(ctx, where, `ALTER EXTENSION ${ident(to.name)} UPDATE TO ${literal(to.version)}`, e);
    if (props.has('schema')) statement(ctx, where, `ALTER EXTENSION ${ident(to.name)} SET SCHEMA ${ident(to.schema)}`, e);
  },
};
