import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CannotInterpret } from '../../src/python/errors.js';
import { Interpreter } from '../../src/python/interpreter.js';
import type { Host } from '../../src/python/runtime.js';
import { PyFunction, type PyValue } from '../../src/python/values.js';

/** A host with no library at all: only the subset itself runs. */
const NO_LIBRARY: Host = {
  resolve: () => undefined,
  getAttr: () => undefined,
  call: async () => undefined,
  operator: () => undefined,
  unary: () => undefined,
  iterate: async () => undefined,
  subscript: () => undefined,
  truthy: () => undefined,
  str: () => undefined,
  isInstance: () => undefined,
  has: () => undefined,
  enter: async () => undefined,
  constructed: async () => {},
  exceptionClass: () => undefined,
};

/** Runs `main()` of a module and returns what it returns, as Python's repr. */
async function run(source: string, files: Record<string, string> = {}, environ: Record<string, string> = {}, stepLimit?: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pgdrift-py-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await writeFile(join(dir, 'main.py'), source);
    const py = new Interpreter({ host: NO_LIBRARY, stdlib: { environ: new Map(Object.entries(environ)) }, ...(stepLimit ? { stepLimit } : {}) });
    const module = await py.loadModule(join(dir, 'main.py'));
    const main = module.globals.get('main') as PyFunction;
    const at = { source: main.definition.source, node: main.definition.node };
    return py.repr((await py.callFunction(main, { args: [], kwargs: new Map() }, at)) as PyValue, at);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the Python subset computes what Python computes', () => {
  test.each([
    ['comprehensions of all four kinds', 'def main():\n    xs = [1, 2, 3, 4]\n    return ([x * x for x in xs if x % 2 == 0], {x for x in "aab"} == {"a", "b"}, {k: v for k, v in zip("ab", xs)}, sum(x for x in xs))', '([4, 16], True, {\'a\': 1, \'b\': 2}, 10)'],
    ['unpacking, star targets, slices', 'def main():\n    a, *rest = [1, 2, 3]\n    (b, c), d = (4, 5), 6\n    return a, rest, b + c + d, "abcdef"[1:5:2], [1, 2, 3][::-1]', "(1, [2, 3], 15, 'bd', [3, 2, 1])"],
    ['closures, defaults, keyword-only and **kwargs', 'def main():\n    n = 10\n    def add(x, y=1, *args, scale=2, **kw):\n        return (x + y + sum(args)) * scale + n + len(kw)\n    return add(1), add(1, 2, 3, scale=1, extra=0)', '(14, 17)'],
    ['nonlocal and global', 'COUNT = 0\ndef main():\n    global COUNT\n    total = 0\n    def bump():\n        nonlocal total\n        total += 5\n    bump(); bump()\n    COUNT += 1\n    return total, COUNT', '(10, 1)'],
    ['exceptions raised, caught by class, finally run', 'def main():\n    out = []\n    try:\n        {}["k"]\n    except (ValueError, KeyError) as e:\n        out.append(str(e))\n    finally:\n        out.append("f")\n    try:\n        int("x")\n    except Exception:\n        out.append("v")\n    try:\n        raise NotImplementedError("n")\n    except RuntimeError as e:\n        out.append(e.args[0])\n    return out', '["\'k\'", \'f\', \'v\', \'n\']'],
    ['loops with break, continue and else', 'def main():\n    out = []\n    for i in range(10):\n        if i % 2:\n            continue\n        if i > 6:\n            break\n        out.append(i)\n    else:\n        out.append("no")\n    n = 0\n    while n < 3:\n        n += 1\n    else:\n        out.append(n)\n    return out', '[0, 2, 4, 6, 3]'],
    ['f-strings, format specs, % and str.format', 'def main():\n    x = 3.14159\n    return f"{x:.2f}|{42:>5}|{\'a\'!r}|{7:03d}", "%s-%05.1f" % ("n", x), "{0}{b}".format(1, b=2)', `("3.14|   42|'a'|007", 'n-003.1', '12')`],
    ['classes with methods, super and class attributes', 'class Base:\n    kind = "base"\n    def __init__(self, n):\n        self.n = n\n    def twice(self):\n        return self.n * 2\nclass Child(Base):\n    def __init__(self, n):\n        super().__init__(n)\n        self.extra = 1\ndef main():\n    c = Child(4)\n    return c.twice(), c.kind, isinstance(c, Base), c.extra', "(8, 'base', True, 1)"],
    ['json, logging and os.environ from the options only', 'import json, logging, os\nlog = logging.getLogger(__name__)\ndef main():\n    log.info("ignored")\n    return json.dumps({"a": [1, None]}), json.loads(\'{"b": true}\'), os.environ.get("MODE", "dflt"), os.getenv("HOME")', '(\'{"a": [1, null]}\', {\'b\': True}, \'prod\', None)'],
    ['sorted with key and reverse, dict methods, set algebra', 'def main():\n    d = {"b": 2, "a": 1}\n    d.setdefault("c", 3)\n    return sorted(d, key=lambda k: -d[k]), sorted(d.items()), {1, 2} | {3}, {1, 2} & {2}, {1, 2} - {1}', "(['c', 'b', 'a'], [('a', 1), ('b', 2), ('c', 3)], {1, 2, 3}, {2}, {2})"],
    // Expected values printed by CPython 3 for the same expressions.
    ['uuid: parsed, name-based uuid3/uuid5, compared and hashed by value', 'import uuid\nN = uuid.UUID("6f1c2b9e-4d7a-4c1e-9b2f-0a5d3e8c7b10")\ndef main():\n    return str(uuid.uuid5(N, "a@example.com")), str(uuid.uuid3(uuid.NAMESPACE_DNS, "x")), uuid.UUID("{6F1C2B9E4D7A4C1E9B2F0A5D3E8C7B10}") == N, len({N, uuid.UUID(str(N))}), uuid.uuid4() == uuid.uuid4()', "('3edda2ed-fae7-587a-b4fc-f22175d3213c', 'ec794efe-a384-3b11-a0b6-ec8995bc6acc', True, 1, False)"],
    ['datetime: construction, timedelta arithmetic, ordering, isoformat, str and strftime', 'import datetime\nfrom datetime import timedelta, timezone\ndef main():\n    a = datetime.datetime(2024, 3, 12, 9, 0, tzinfo=datetime.timezone.utc)\n    b = a + datetime.timedelta(days=3, hours=1, microseconds=5)\n    d = timedelta(days=-1, seconds=30)\n    return str(a), b.isoformat(), str(b - a), str(d), (b - a).total_seconds(), b > a, sorted([b, a])[0] == a, str(datetime.date(2024, 2, 29) + timedelta(days=1)), a.strftime("%Y/%m/%d %H:%M"), str(datetime.datetime(2020, 1, 1, 0, 0, 0, 120))\n', "('2024-03-12 09:00:00+00:00', '2024-03-15T10:00:00.000005+00:00', '3 days, 1:00:00.000005', '-1 day, 0:00:30', 262800.000005, True, True, '2024-03-01', '2024/03/12 09:00', '2020-01-01 00:00:00.000120')"],
    ['datetime: ordinals and UTC timestamps', 'import datetime\ndef main():\n    n = datetime.datetime(2016, 6, 20).toordinal()\n    return n, datetime.date(1970, 1, 1).toordinal(), str(datetime.datetime.utcfromtimestamp(n)), str(datetime.date.fromordinal(n)), str(datetime.datetime.fromordinal(1)), datetime.date(1, 1, 1).toordinal()', "(736135, 719163, '1970-01-09 12:28:55', '2016-06-20', '0001-01-01 00:00:00', 1)"],
    ['datetime: out-of-range fields and results raise ValueError', 'import datetime\ndef main():\n    out = []\n    for f in (lambda: datetime.datetime(2020, 1, 1, 24, 0), lambda: datetime.datetime(2020, 1, 31, 23, 59, 60), lambda: datetime.date.fromordinal(3652060), lambda: datetime.datetime.utcfromtimestamp(-63072000000), lambda: datetime.date(2020, 2, 30)):\n        try:\n            f()\n            out.append("ok")\n        except ValueError:\n            out.append("ValueError")\n    return out, str(datetime.date.fromordinal(3652059))', "(['ValueError', 'ValueError', 'ValueError', 'ValueError', 'ValueError'], '9999-12-31')"],
  ])('%s', async (_label, source, expected) => {
    expect(await run(source, {}, { MODE: 'prod' })).toBe(expected);
  });

  test("a project module is imported from source; a statement it cannot follow only poisons its own names", async () => {
    const files = { 'helpers.py': 'import subprocess\nBROKEN = subprocess.run(["x"])\nOK = {"answer": 42}\ndef get():\n    return OK["answer"]\n' };
    expect(await run('from helpers import get\ndef main():\n    return get()', files)).toBe('42');
    await expect(run('from helpers import BROKEN\ndef main():\n    return BROKEN', files)).rejects.toThrow(/helpers\.py:2:10: cannot interpret the call to subprocess\.run\(\)/);
  });

  test('from m import *: public names, or exactly __all__ (and what it names must exist); a library refused', async () => {
    // As CPython binds them: `shapes` lists its exports, `util` exports what does not start with _.
    const files = {
      'shapes.py': '__all__ = ["circle", "PI", "engine"]\nPI = 3\nengine = None\ndef circle(r):\n    return PI * r * r\ndef square(s):\n    return s * s\n',
      'util.py': '_hidden = 1\nVALUE = 7\n',
      'wrong.py': '__all__ = ["missing"]\n',
    };
    expect(await run('from shapes import *\nfrom util import *\ndef main():\n    return circle(2), PI, VALUE, engine', files)).toBe('(12, 3, 7, None)');
    // What a failed star import could have rebound is unknown from then on; what comes after it is not.
    await expect(run('from util import VALUE\nfrom sqlalchemy import *\ndef main():\n    return VALUE', files)).rejects.toThrow(/`from sqlalchemy import \*`/);
    expect(await run('from sqlalchemy import *\nfrom util import VALUE\ndef main():\n    return VALUE', files)).toBe('7');
    await expect(run('from shapes import *\ndef main():\n    return square(2)', files)).rejects.toThrow(/square/);
    await expect(run('from util import *\ndef main():\n    return _hidden', files)).rejects.toThrow(/_hidden/);
    // A module-level statement that cannot be followed fails what uses its names, here any.
    await expect(run('from wrong import *\ndef main():\n    return missing', files)).rejects.toThrow(/main\.py:1:1: cannot interpret `from wrong import \*`: __all__ names missing, which wrong does not define/);
    await expect(run('from sqlalchemy import *\ndef main():\n    return Column', files)).rejects.toThrow(/main\.py:1:1: cannot interpret `from sqlalchemy import \*` \(a library's names are not known without running it\)/);
  });

  test('what the subset refuses is never caught by except, and names file:line:column', async () => {
    const e = await run('def main():\n    try:\n        exec("x = 1")\n    except Exception:\n        return "swallowed"\n').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CannotInterpret);
    expect((e as Error).message).toMatch(/main\.py:3:9: cannot interpret the call to exec\(\)$/);
  });

  test('an endless loop is refused, not run forever', async () => {
    const py = 'def main():\n    while True:\n        pass\n';
    await expect(run(py, {}, {}, 100_000)).rejects.toThrow(/main\.py:\d+:\d+: cannot interpret a program of more than 100,000 steps/);
  });
});
