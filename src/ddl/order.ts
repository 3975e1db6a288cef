import type { DraftStatement, Step } from './plan-context.js';

/**
 * The final order of a plan's statements: by phase (`phases.ts`), and within a phase by the
 * dependencies between objects (`Step.after`), statements about one object kept together in
 * the order they were emitted. Emission order decides everything else, so the same changes
 * always give the same script.
 *
 * @example
 * orderSteps([viewW, viewV]) // view V first when W's step says `after: ['view:v']`
 */
export function orderSteps(steps: readonly Step[]): Step[] {
  const byPhase = new Map<number, Step[]>();
  for (const s of steps) byPhase.set(s.phase, [...(byPhase.get(s.phase) ?? []), s]);
  return [...byPhase.keys()].sort((a, b) => a - b).flatMap((phase) => orderPhase(byPhase.get(phase) ?? []));
}

/** Groups of steps (one per node, or one per step without a node), sorted topologically, stable. */
function orderPhase(steps: readonly Step[]): Step[] {
  const groups: { key: string; steps: Step[]; after: Set<string> }[] = [];
  const byNode = new Map<string, (typeof groups)[number]>();
  for (const s of steps) {
    const key = s.node ?? `\u0000${s.seq}`;
    let g = byNode.get(key);
    if (!g) {
      g = { key, steps: [], after: new Set() };
      byNode.set(key, g);
      groups.push(g);
    }
    g.steps.push(s);
    for (const a of s.after) if (a !== key) g.after.add(a);
  }
  // Kahn's algorithm, always taking the earliest-emitted group that is ready.
  const index = new Map(groups.map((g, i) => [g.key, i]));
  const waitingOn = groups.map((g) => new Set([...g.after].filter((a) => index.has(a))));
  const dependents = groups.map(() => [] as number[]);
  waitingOn.forEach((deps, i) => deps.forEach((d) => dependents[index.get(d) as number]?.push(i)));
  const ready = new MinHeap();
  waitingOn.forEach((deps, i) => deps.size === 0 && ready.push(i));
  const placed = new Set<number>();
  const out: Step[] = [];
  while (placed.size < groups.length) {
    // A cycle (which a valid schema cannot have) falls back to emission order.
    const i = ready.pop() ?? groups.findIndex((_g, j) => !placed.has(j));
    if (placed.has(i)) continue;
    placed.add(i);
    out.push(...(groups[i]?.steps ?? []));
    for (const d of dependents[i] ?? []) {
      const w = waitingOn[d] as Set<string>;
      w.delete(groups[i]?.key as string);
      if (w.size === 0 && !placed.has(d)) ready.push(d);
    }
  }
  return out;
}

class MinHeap {
  private readonly items: number[] = [];

  push(n: number): void {
    const a = this.items;
    a.push(n);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) <= n) break;
      a[i] = a[p] as number;
      a[p] = n;
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as number) < (a[m] as number)) m = l;
        if (r < a.length && (a[r] as number) < (a[m] as number)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as number, a[i] as number];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Splits ordered steps into the statements to run and those withheld: without `unsafe`, every
 * unit holding a destructive statement is withheld whole, since the rest of a unit (the CREATE
 * after a DROP) cannot work without it.
 *
 * @example
 * withhold(steps, false, (u) => u) // { statements: [...non-destructive], withheld: [DROP TABLE …] }
 */
export function withhold(steps: readonly Step[], unsafe: boolean, root: (unit: string) => string): { statements: DraftStatement[]; withheld: DraftStatement[] } {
  const unsafeUnits = new Set(unsafe ? [] : steps.filter((s) => s.statement.hazards.includes('destructive')).map((s) => root(s.unit)));
  const statements: DraftStatement[] = [];
  const withheld: DraftStatement[] = [];
  for (const s of steps) (unsafeUnits.has(root(s.unit)) ? withheld : statements).push(s.statement);
  return { statements, withheld };
}
