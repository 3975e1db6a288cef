import { InputError } from '../errors.js';

/** One part of a split target list: the `index`-th (1-based) of `count` parts. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Reads `--shard I/N`: I and N whole numbers, 1 ≤ I ≤ N.
 *
 * @example parseShard('2/4') // { index: 2, count: 4 }
 * @throws InputError (exit 2) for anything else: `0/4`, `5/4`, `1/0`, `a/b`, `1/2/3`
 */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(spec);
  if (!m) throw new InputError(`--shard takes I/N, the I-th of N parts (e.g. 1/4), got "${spec}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new InputError(`--shard ${spec}: N must be at least 1`);
  if (index < 1 || index > count) throw new InputError(`--shard ${spec}: I must be between 1 and ${count}`);
  return { index, count };
}

/**
 * The targets shard `I/N` covers: the list sorted (code-unit order, the same on every machine and
 * locale), then every N-th from the I-th on. Every target lands in exactly one of the N shards,
 * the shards' sizes differ by at most one, and a target's shard depends only on the sorted list —
 * so N jobs of a CI matrix or a Kubernetes job array given the same list cover it exactly once.
 *
 * @example shardOf(['d', 'a', 'c', 'b'], { index: 1, count: 2 }) // ['a', 'c']
 */
export function shardOf<T extends string>(targets: readonly T[], shard: Shard): T[] {
  const sorted = [...targets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}
