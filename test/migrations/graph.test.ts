import { InputError } from '../../src/errors.js';
import { RevisionGraph, type RevisionNode } from '../../src/migrations/graph.js';

const node = (id: string, parents: string[] = [], extra: Partial<RevisionNode> = {}): RevisionNode => ({
  id,
  parents,
  dependsOn: [],
  branchLabels: [],
  file: `versions/${id}.py`,
  ...extra,
});

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('RevisionGraph', () => {
  // a ─ b ─┬─ c ─┐
  //        └─ d ─┴─ m ─ e
  const diamond = [node('e', ['m']), node('m', ['c', 'd']), node('d', ['b']), node('c', ['b']), node('b', ['a']), node('a')];

  test('heads, bases, branch points, merges', () => {
    const g = RevisionGraph.build(diamond);
    expect(g.heads()).toEqual(['e']);
    expect(g.bases()).toEqual(['a']);
    expect(g.branchPoints()).toEqual(['b']);
    expect(g.merges()).toEqual(['m']);
    expect(g.children('b')).toEqual(['c', 'd']);
  });

  test('topological order puts parents first and does not depend on input order', () => {
    const ids = RevisionGraph.build(diamond).topologicalOrder().map((n) => n.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'm', 'e']);
    expect(RevisionGraph.build([...diamond].reverse()).topologicalOrder().map((n) => n.id)).toEqual(ids);
  });

  test('ancestors, descendants and the path from base', () => {
    const g = RevisionGraph.build(diamond);
    expect([...g.ancestors('m')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...g.descendants('c')].sort()).toEqual(['e', 'm']);
    expect(g.pathTo('c').map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(g.pathTo(['c', 'd']).map((n) => n.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('two heads are reported, and head is then ambiguous', () => {
    const g = RevisionGraph.build([node('a'), node('b', ['a']), node('c', ['a'])]);
    expect(g.heads()).toEqual(['b', 'c']);
    expect(errorOf(() => g.resolve('head')).message).toMatch(/'head' is ambiguous: the history has 2 heads \(b, c\)/);
  });

  test('resolve accepts ids, unique prefixes and branch labels', () => {
    const g = RevisionGraph.build([node('1a2b3c'), node('1a9f00', ['1a2b3c'], { branchLabels: ['audit'] })]);
    expect(g.resolve('1a2b').id).toBe('1a2b3c');
    expect(g.resolve('audit').id).toBe('1a9f00');
    expect(errorOf(() => g.resolve('1a')).message).toMatch(/ambiguous: 1a2b3c, 1a9f00/);
    expect(errorOf(() => g.resolve('ffff')).message).toMatch(/unknown revision 'ffff'/);
  });

  test('depends_on orders a revision after its dependency (by id or label)', () => {
    const g = RevisionGraph.build([
      node('x', [], { dependsOn: ['lib'] }),
      node('y', [], { branchLabels: ['lib'] }),
    ]);
    expect(g.topologicalOrder().map((n) => n.id)).toEqual(['y', 'x']);
    expect(g.heads()).toEqual(['x', 'y']);
    expect([...g.ancestors('x')]).toEqual(['y']);
  });

  test('a duplicate revision id names both files', () => {
    const e = errorOf(() => RevisionGraph.build([node('a'), { ...node('a'), file: 'versions/copy_of_a.py' }]));
    expect(e.message).toBe("duplicate revision id 'a': declared by versions/a.py and versions/copy_of_a.py");
    expect(e.exitCode).toBe(2);
  });

  test('an unknown down_revision names the file', () => {
    const e = errorOf(() => RevisionGraph.build([node('a'), node('b', ['zzz'])]));
    expect(e.message).toBe("versions/b.py: down_revision 'zzz' of revision 'b' names no known revision");
  });

  test('an unknown depends_on names the file', () => {
    const e = errorOf(() => RevisionGraph.build([node('a', [], { dependsOn: ['nope'] })]));
    expect(e.message).toMatch(/^versions\/a\.py: depends_on 'nope'/);
  });

  test('a cycle names every file on it', () => {
    const e = errorOf(() => RevisionGraph.build([node('a'), node('b', ['a', 'd']), node('c', ['b']), node('d', ['c'])]));
    expect(e.message).toMatch(/^revision cycle: /);
    for (const f of ['versions/b.py', 'versions/c.py', 'versions/d.py']) expect(e.message).toContain(f);
    expect(e.message).not.toContain('versions/a.py');
  });

  test('a revision that is its own parent is a cycle', () => {
    expect(errorOf(() => RevisionGraph.build([node('a', ['a'])])).message).toBe('revision cycle: a (versions/a.py) → a (versions/a.py)');
  });
});
