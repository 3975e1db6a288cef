import { BUILTIN_EXCEPTIONS } from './errors.js';
import { formatSpec } from './format.js';
import { sortValues } from './methods.js';
import type { Runtime, Site } from './runtime.js';
import { PyBuiltin, PyClass, PyDict, PyFloat, PyInstance, PyRef, PySequence, PySet, typeName, type PyValue } from './values.js';

type Fn = (a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site) => PyValue | Promise<PyValue>;

const num = (v: PyValue): number | null => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : v instanceof PyFloat ? v.value : null);

function toInt(v: PyValue | undefined, base: PyValue | undefined, rt: Runtime, at: Site): number {
  if (typeof v === 'string') {
    const text = v.trim().replace(/_/g, '');
    const radix = typeof base === 'number' ? base : 10;
    const ok = radix === 10 ? /^[+-]?\d+$/.test(text) : text !== '';
    const n = parseInt(text, radix);
    if (!ok || Number.isNaN(n)) throw rt.raise('ValueError', `invalid literal for int() with base ${radix}: ${rt.repr(v, at)}`, at);
    return n;
  }
  const n = num(v ?? 0);
  if (n === null) throw rt.raise('TypeError', `int() argument must be a string or a number, not '${typeName(v ?? null)}'`, at);
  return Math.trunc(n);
}

/** The iterable `*args` of min/max, or the single iterable argument. */
async function manyOrOne(a: readonly PyValue[], rt: Runtime, at: Site): Promise<PyValue[]> {
  return a.length === 1 ? rt.iterate(a[0] as PyValue, at) : [...a];
}

async function extreme(a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site, sign: 1 | -1): Promise<PyValue> {
  const items = await manyOrOne(a, rt, at);
  if (items.length === 0) {
    if (kw.has('default')) return kw.get('default') as PyValue;
    throw rt.raise('ValueError', `${sign > 0 ? 'max' : 'min'}() arg is an empty sequence`, at);
  }
  const sorted = await sortValues(items, new Map([['key', kw.get('key') ?? null]]), rt, at);
  return (sign > 0 ? sorted[sorted.length - 1] : sorted[0]) as PyValue;
}

const FUNCTIONS: Record<string, Fn> = {
  len: async ([v], _kw, rt, at) => {
    if (typeof v === 'string') return [...v].length;
    if (v instanceof PySequence) return v.items.length;
    if (v instanceof PyDict) return v.size;
    if (v instanceof PySet) return v.items.length;
    return (await rt.iterate(v ?? null, at)).length;
  },
  str: ([v], _kw, rt, at) => (v === undefined ? '' : rt.str(v, at)),
  repr: ([v], _kw, rt, at) => rt.repr(v ?? null, at),
  int: ([v, base], _kw, rt, at) => toInt(v, base, rt, at),
  float: ([v], _kw, rt, at) => {
    if (typeof v === 'string') {
      const n = Number(v.trim());
      if (v.trim() === '' || Number.isNaN(n)) throw rt.raise('ValueError', `could not convert string to float: ${rt.repr(v, at)}`, at);
      return new PyFloat(n);
    }
    const n = num(v ?? 0);
    if (n === null) throw rt.raise('TypeError', 'float() argument must be a string or a real number', at);
    return new PyFloat(n);
  },
  bool: ([v], _kw, rt, at) => (v === undefined ? false : rt.truthy(v, at)),
  list: async ([v], _kw, rt, at) => new PySequence('list', v === undefined ? [] : await rt.iterate(v, at)),
  tuple: async ([v], _kw, rt, at) => new PySequence('tuple', v === undefined ? [] : await rt.iterate(v, at)),
  set: async ([v], _kw, rt, at) => new PySet(v === undefined ? [] : await rt.iterate(v, at)),
  frozenset: async ([v], _kw, rt, at) => new PySet(v === undefined ? [] : await rt.iterate(v, at), true),
  dict: async ([v], kw, rt, at) => {
    const d = new PyDict();
    if (v instanceof PyDict) for (const [k, x] of v.entries) d.set(k, x);
    else if (v !== undefined) {
      for (const pair of await rt.iterate(v, at)) {
        const kv = await rt.iterate(pair, at);
        if (kv.length !== 2) throw rt.raise('ValueError', 'dictionary update sequence element has wrong length', at);
        d.set(kv[0] as PyValue, kv[1] as PyValue);
      }
    }
    for (const [k, x] of kw) d.set(k, x);
    return d;
  },
  any: async ([v], _kw, rt, at) => (await rt.iterate(v ?? null, at)).some((x) => rt.truthy(x, at)),
  all: async ([v], _kw, rt, at) => (await rt.iterate(v ?? null, at)).every((x) => rt.truthy(x, at)),
  sorted: async ([v], kw, rt, at) => new PySequence('list', await sortValues(await rt.iterate(v ?? null, at), kw, rt, at)),
  reversed: async ([v], _kw, rt, at) => new PySequence('list', (await rt.iterate(v ?? null, at)).reverse()),
  enumerate: async ([v, start], kw, rt, at) => {
    const first = (start ?? kw.get('start') ?? 0) as number;
    return new PySequence('list', (await rt.iterate(v ?? null, at)).map((x, i) => new PySequence('tuple', [first + i, x])));
  },
  zip: async (a, kw, rt, at) => {
    const lists: PyValue[][] = [];
    for (const v of a) lists.push(await rt.iterate(v, at));
    const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
    if (kw.get('strict') === true && lists.some((l) => l.length !== n)) throw rt.raise('ValueError', 'zip() arguments have different lengths', at);
    return new PySequence('list', Array.from({ length: n }, (_x, i) => new PySequence('tuple', lists.map((l) => l[i] as PyValue))));
  },
  range: ([a, b, c], _kw, rt, at) => {
    const [start, stop, step] = b === undefined ? [0, a as number, 1] : [a as number, b as number, (c ?? 1) as number];
    if (step === 0) throw rt.raise('ValueError', 'range() arg 3 must not be zero', at);
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
      out.push(i);
      if (out.length > 1_000_000) throw rt.cannot('a range of over a million numbers', at);
    }
    return new PySequence('list', out);
  },
  min: (a, kw, rt, at) => extreme(a, kw, rt, at, -1),
  max: (a, kw, rt, at) => extreme(a, kw, rt, at, 1),
  sum: async ([v, start], _kw, rt, at) => {
    let total: number = num(start ?? 0) ?? 0;
    let float = start instanceof PyFloat;
    for (const x of await rt.iterate(v ?? null, at)) {
      const n = num(x);
      if (n === null) throw rt.raise('TypeError', `unsupported operand type(s) for +: 'int' and '${typeName(x)}'`, at);
      if (x instanceof PyFloat) float = true;
      total += n;
    }
    return float ? new PyFloat(total) : total;
  },
  abs: ([v]) => (v instanceof PyFloat ? new PyFloat(Math.abs(v.value)) : Math.abs(num(v ?? 0) ?? 0)),
  round: ([v, digits]) => {
    const n = num(v ?? 0) ?? 0;
    if (digits === undefined || digits === null) {
      const r = Math.round(n);
      // Python rounds halves to even.
      return Math.abs(n % 1) === 0.5 ? 2 * Math.round(n / 2) : r;
    }
    const f = 10 ** (digits as number);
    return new PyFloat(Math.round(n * f) / f);
  },
  isinstance: ([v, cls], _kw, rt, at) => isInstance(v ?? null, cls ?? null, rt, at),
  hasattr: ([v, name], _kw, rt, at) => {
    if (v instanceof PyRef) return libraryHas(v, String(name), rt, at);
    try {
      rt.getAttr(v ?? null, name as string, at);
      return true;
    } catch (err) {
      if ((err as { exception?: PyInstance }).exception?.cls.name === 'AttributeError') return false;
      throw err;
    }
  },
  getattr: ([v, name, dflt], _kw, rt, at) => {
    if (v instanceof PyRef && !libraryHas(v, String(name), rt, at)) {
      if (dflt !== undefined) return dflt;
      throw rt.raise('AttributeError', `module '${v.path}' has no attribute '${String(name)}'`, at);
    }
    try {
      return rt.getAttr(v ?? null, name as string, at);
    } catch (err) {
      if (dflt !== undefined && (err as { exception?: PyInstance }).exception?.cls.name === 'AttributeError') return dflt;
      throw err;
    }
  },
  callable: ([v]) => v instanceof PyBuiltin || v instanceof PyClass || (typeof v === 'object' && v !== null && 'params' in v),
  format: ([v, spec], _kw, rt, at) => formatSpec(v ?? null, (spec as string | undefined) ?? '', rt, at),
  ord: ([v]) => (v as string).codePointAt(0) as number,
  chr: ([v]) => String.fromCodePoint(v as number),
  hex: ([v]) => `${(v as number) < 0 ? '-' : ''}0x${Math.abs(v as number).toString(16)}`,
  print: () => null,
  id: () => 0,
  iter: async ([v], _kw, rt, at) => new PySequence('list', await rt.iterate(v ?? null, at)),
  map: async ([fn, ...its], _kw, rt, at) => {
    const lists: PyValue[][] = [];
    for (const v of its) lists.push(await rt.iterate(v, at));
    const n = Math.min(...lists.map((l) => l.length));
    const out: PyValue[] = [];
    for (let i = 0; i < n; i++) out.push(await rt.call(fn ?? null, { args: lists.map((l) => l[i] as PyValue), kwargs: new Map() }, at));
    return new PySequence('list', out);
  },
  filter: async ([fn, v], _kw, rt, at) => {
    const out: PyValue[] = [];
    for (const x of await rt.iterate(v ?? null, at)) {
      const keep = fn === null || fn === undefined ? x : await rt.call(fn, { args: [x], kwargs: new Map() }, at);
      if (rt.truthy(keep, at)) out.push(x);
    }
    return new PySequence('list', out);
  },
};

/** Whether a library module has a name, as far as the host knows; refused when it cannot tell. */
function libraryHas(module: PyRef, name: string, rt: Runtime, at: Site): boolean {
  const known = rt.libraryHas(`${module.path}.${name}`);
  if (known === undefined) throw rt.cannot(`whether ${module.path} has '${name}'`, at);
  return known;
}

/** The builtin type names `isinstance` knows, and the test for each. */
const TYPE_TESTS: Record<string, (v: PyValue) => boolean> = {
  str: (v) => typeof v === 'string',
  int: (v) => typeof v === 'number' || typeof v === 'boolean',
  float: (v) => v instanceof PyFloat,
  bool: (v) => typeof v === 'boolean',
  list: (v) => v instanceof PySequence && v.kind === 'list',
  tuple: (v) => v instanceof PySequence && v.kind === 'tuple',
  dict: (v) => v instanceof PyDict,
  set: (v) => v instanceof PySet && !v.frozen,
  frozenset: (v) => v instanceof PySet && v.frozen,
  bytes: () => false,
};

function isInstance(v: PyValue, cls: PyValue, rt: Runtime, at: Site): boolean {
  if (cls instanceof PySequence) return cls.items.some((c) => isInstance(v, c, rt, at));
  if (cls instanceof PyBuiltin && Object.hasOwn(TYPE_TESTS, cls.name)) return (TYPE_TESTS[cls.name] as (v: PyValue) => boolean)(v);
  if (cls instanceof PyClass) return v instanceof PyInstance && v.cls.isSubclassOf(cls);
  const hosted = rt.libraryIsInstance(v, cls, at);
  if (hosted !== undefined) return hosted;
  throw rt.cannot(`isinstance() with ${rt.repr(cls, at)}`, at);
}

/**
 * The builtins: functions, the builtin types (as callables) and exception classes.
 * `print` discards its output: a migration's prints are not part of the schema.
 */
export function builtinValue(name: string): PyValue | undefined {
  if (Object.hasOwn(FUNCTIONS, name)) return builtinFunctions.get(name);
  const exc = BUILTIN_EXCEPTIONS.get(name);
  if (exc) return exc;
  if (name === 'True') return true;
  if (name === 'False') return false;
  if (name === 'None') return null;
  return undefined;
}

const builtinFunctions = new Map<string, PyBuiltin>(Object.entries(FUNCTIONS).map(([name, fn]) => [name, new PyBuiltin(name, fn)]));

/** Calls a builtin function with the runtime it needs (sorting, iterating…). */
export function callBuiltin(name: string, a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site): PyValue | Promise<PyValue> {
  return (FUNCTIONS[name] as Fn)(a, kw, rt, at);
}

/** Whether a PyBuiltin is one of the builtins (called through `callBuiltin`). */
export function isBuiltinFunction(value: PyValue): boolean {
  return value instanceof PyBuiltin && builtinFunctions.get(value.name) === value;
}
