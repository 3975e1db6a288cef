import type { EnumType } from '../../model/snapshot.js';
import { Phase } from '../phases.js';
import type { PlanContext } from '../plan-context.js';
import { literal, qualified, role } from '../quote.js';
import { relationKey } from '../snapshot-index.js';
import { commentIfAny, commentSql, dropStatement, nodeOf, statement } from './common.js';
import { changedProperties, type Consequence, type KindPlanner, type Where } from './kind.js';
import { replaceType, replacementBlocker, replacementConsequences } from './type-replacement.js';

/**
 * Enums. Labels only added are added in place (ALTER TYPE … ADD VALUE … BEFORE/AFTER), labels
 * only renamed are renamed; anything else (a label removed, the order changed) replaces the
 * type (`type-replacement.ts`): PostgreSQL has no statement that removes or moves a label.
 */

type Strategy = { readonly kind: 'add'; readonly steps: readonly string[] } | { readonly kind: 'rename'; readonly pairs: readonly [string, string][] } | { readonly kind: 'replace' };

/**
 * @example
 * enumStrategy(['a', 'b'], ['z', 'a', 'b']) // { kind: 'add', steps: ["'z' BEFORE 'a'"] }
 * enumStrategy(['a', 'b'], ['a', 'bb'])     // { kind: 'rename', pairs: [['b', 'bb']] }
 * enumStrategy(['a', 'b', 'c'], ['a', 'c', 'b']) // { kind: 'replace' }
 */
export function enumStrategy(from: readonly string[], to: readonly string[]): Strategy {
  const kept = to.filter((l) => from.includes(l));
  if (kept.length === from.length && kept.every((l, i) => l === from[i])) {
    // Each new label goes right after the label before it (or before the first one).
    const steps: string[] = [];
    to.forEach((label, i) => {
      if (from.includes(label)) return;
      if (i > 0) steps.push(`${literal(label)} AFTER ${literal(to[i - 1] as string)}`);
      else steps.push(from.length > 0 ? `${literal(label)} BEFORE ${literal(from[0] as string)}` : literal(label));
    });
    return { kind: 'add', steps };
  }
  if (from.length === to.length) {
    const pairs = from.map((l, i) => [l, to[i] as string] as [string, string]).filter(([a, b]) => a !== b);
    if (pairs.every(([, b]) => !from.includes(b))) return { kind: 'rename', pairs };
  }
  return { kind: 'replace' };
}

function createEnum(ctx: PlanContext, e: EnumType, where: Where): void {
  const name = qualified(e.schema, e.name);
  const node = nodeOf('enum', relationKey(e.schema, e.name));
  const made = statement(ctx, where, `CREATE TYPE ${name} AS ENUM (${e.labels.map(literal).join(', ')})`, { phase: Phase.enums, node });
  ctx.setMain({ kind: 'enum', key: relationKey(e.schema, e.name) }, made);
  if (e.owner !== null) statement(ctx, where, `ALTER TYPE ${name} OWNER TO ${role(e.owner)}`, { phase: Phase.enums, node });
  commentIfAny(ctx, where, `TYPE ${name}`, e.comment, { phase: Phase.enums, node });
}

export const enumPlanner: KindPlanner<'enum'> = {
  recreateReason: () => null,

  consequences(ctx, intent): Consequence[] {
    const from = ctx.from.get({ kind: 'enum', key: intent.ref.key });
    const to = ctx.to.get({ kind: 'enum', key: intent.ref.key });
    if (intent.fate !== 'alter' || !from || !to || enumStrategy(from.labels, to.labels).kind !== 'replace') return [];
    if (replacementBlocker(ctx, { kind: 'enum', schema: to.schema, name: to.name }) !== null) return [];
    return replacementConsequences(ctx, { kind: 'enum', schema: to.schema, name: to.name });
  },

  create(ctx, e, where) {
    createEnum(ctx, e, where);
  },

  drop(ctx, e, where) {
    const key = relationKey(e.schema, e.name);
    dropStatement(ctx, where, { kind: 'enum', key }, `DROP TYPE ${qualified(e.schema, e.name)}`, { phase: Phase.dropTypes, node: nodeOf('enum', key) });
  },

  alter(ctx, from, to, change, where) {
    const props = changedProperties(change);
    const name = qualified(to.schema, to.name);
    const node = nodeOf('enum', relationKey(to.schema, to.name));
    if (props.has('labels')) {
      const strategy = enumStrategy(from.labels, to.labels);
      if (strategy.kind === 'add') {
        for (const step of strategy.steps) {
          statement(ctx, where, `ALTER TYPE ${name} ADD VALUE ${step}`, { phase: Phase.enumLabels, node, operation: 'enum-add-value', note: 'run on its own: a label added in a transaction cannot be used before it commits' });
        }
      } else if (strategy.kind === 'rename') {
        for (const [a, b] of strategy.pairs) statement(ctx, where, `ALTER TYPE ${name} RENAME VALUE ${literal(a)} TO ${literal(b)}`, { phase: Phase.enums, node, note: 'rows holding the old label now hold the new one' });
      } else {
        const blocker = replacementBlocker(ctx, { kind: 'enum', schema: to.schema, name: to.name });
        if (blocker !== null) ctx.addManual(where.ids, `enum ${to.schema}.${to.name}: labels removed or reordered need a new type, but ${blocker}`);
        else {
          const removed = from.labels.filter((l) => !to.labels.includes(l));
          replaceType(
            ctx,
            { kind: 'enum', schema: to.schema, name: to.name },
            Phase.enums,
            where,
            {
              destructive: removed.length > 0,
              note: removed.length > 0 ? `labels ${removed.join(', ')} are removed: the enum is replaced by a new one` : 'the labels are reordered: the enum is replaced by a new one',
            },
            () => createEnum(ctx, to, where),
          );
          return;
        }
      }
    }
    if (props.has('owner') && to.owner !== null) statement(ctx, where, `ALTER TYPE ${name} OWNER TO ${role(to.owner)}`, { phase: Phase.enums, node });
    if (props.has('comment')) statement(ctx, where, commentSql(`TYPE ${name}`, to.comment), { phase: Phase.enums, node });
  },
};
