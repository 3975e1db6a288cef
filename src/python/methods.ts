import { formatSpec, pyStr } from './format.js';
import type { CallArgs, Runtime, Site } from './runtime.js';
import { PyDict, PyFloat, PySequence, PySet, type PyValue } from './values.js';

type Method<T> = (self: T, a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site) => PyValue | Promise<PyValue>;

const isStr = (v: PyValue | undefined): v is string => typeof v === 'string';

function strArg(v: PyValue | undefined, rt: Runtime, at: Site, what: string): string {
  if (typeof v !== 'string') throw rt.raise('TypeError', `${what} must be str`, at);
  return v;
}

function stripChars(s: string, chars: PyValue | undefined, left: boolean, right: boolean): string {
  const set = typeof chars === 'string' ? chars : ' \t\n\r\x0b\x0c';
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start] as string)) start++;
  if (right) while (end > start && set.includes(s[end - 1] as string)) end--;
  return s.slice(start, end);
}

function splitWhitespace(s: string, max: number): string[] {
  const parts = s.trim().split(/\s+/).filter((p) => p !== '');
  if (max < 0 || parts.length <= max + 1) return parts;
  // Keep the rest of the string after max splits, as Python does.
  let rest = s.trimStart();
  const out: string[] = [];
  for (let i = 0; i < max; i++) {
    const m = /^(\S+)\s+/.exec(rest);
    if (!m) break;
    out.push(m[1] as string);
    rest = rest.slice(m[0].length);
  }
  out.push(rest);
  return out;
}

/** `str.format`: positional, numbered and named fields with format specs. */
function strFormat(template: string, call: CallArgs, rt: Runtime, at: Site): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}!:]*)(![rsa])?(?::([^{}]*))?\}/g, (all, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const [head, ...path] = (field ?? '').split('.');
    let value = head === '' ? call.args[auto++] : /^\d+$/.test(head as string) ? call.args[Number(head)] : call.kwargs.get(head as string);
    if (value === undefined) throw rt.raise(head === '' || /^\d+$/.test(head as string) ? 'IndexError' : 'KeyError', String(head), at);
    for (const attr of path) value = rt.getAttr(value, attr, at);
    if (conv === '!r') return rt.repr(value, at);
    return formatSpec(conv === '!s' ? pyStr(value, rt, at) : value, spec ?? '', rt, at);
  });
}

const STR: Record<string, Method<string>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  title: (s) => s.replace(/[A-Za-z]+/g, (w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s[0]?.toUpperCase() ?? '') + s.slice(1).toLowerCase(),
  strip: (s, [c]) => stripChars(s, c, true, true),
  lstrip: (s, [c]) => stripChars(s, c, true, false),
  rstrip: (s, [c]) => stripChars(s, c, false, true),
  startswith: (s, [p], _kw, rt, at) => (p instanceof PySequence ? p.items.some((x) => s.startsWith(strArg(x, rt, at, 'prefix'))) : s.startsWith(strArg(p, rt, at, 'prefix'))),
  endswith: (s, [p], _kw, rt, at) => (p instanceof PySequence ? p.items.some((x) => s.endsWith(strArg(x, rt, at, 'suffix'))) : s.endsWith(strArg(p, rt, at, 'suffix'))),
  replace: (s, [a, b, n], _kw, rt, at) => {
    const from = strArg(a, rt, at, 'old');
    const to = strArg(b, rt, at, 'new');
    if (typeof n === 'number' && n >= 0) {
      let out = s;
      let pos = 0;
      for (let i = 0; i < n; i++) {
        const found = out.indexOf(from, pos);
        if (found < 0) break;
        out = out.slice(0, found) + to + out.slice(found + from.length);
        pos = found + to.length;
      }
      return out;
    }
    return s.split(from).join(to);
  },
  split: (s, [sep, max], kw) => {
    const limit = typeof max === 'number' ? max : typeof kw.get('maxsplit') === 'number' ? (kw.get('maxsplit') as number) : -1;
    const separator = sep ?? kw.get('sep') ?? null;
    if (separator === null) return new PySequence('list', splitWhitespace(s, limit));
    const parts = s.split(separator as string);
    if (limit >= 0 && parts.length > limit + 1) return new PySequence('list', [...parts.slice(0, limit), parts.slice(limit).join(separator as string)]);
    return new PySequence('list', parts);
  },
  rsplit: (s, [sep, max]) => {
    const limit = typeof max === 'number' ? max : -1;
    if (sep === undefined || sep === null) return new PySequence('list', splitWhitespace(s, -1));
    const parts = s.split(sep as string);
    if (limit >= 0 && parts.length > limit + 1) return new PySequence('list', [parts.slice(0, parts.length - limit).join(sep as string), ...parts.slice(parts.length - limit)]);
    return new PySequence('list', parts);
  },
  splitlines: (s) => new PySequence('list', s.split(/\r\n|\r|\n/).filter((_l, i, all) => i < all.length - 1 || all[i] !== '')),
  join: async (s, [items], _kw, rt, at) => {
    const parts = await rt.iterate(items ?? null, at);
    return parts.map((p) => strArg(p, rt, at, 'sequence item')).join(s);
  },
  format: (s, a, kw, rt, at) => strFormat(s, { args: a, kwargs: kw }, rt, at),
  find: (s, [sub]) => s.indexOf(sub as string),
  rfind: (s, [sub]) => s.lastIndexOf(sub as string),
  index: (s, [sub], _kw, rt, at) => {
    const i = s.indexOf(strArg(sub, rt, at, 'sub'));
    if (i < 0) throw rt.raise('ValueError', 'substring not found', at);
    return i;
  },
  count: (s, [sub]) => (sub === '' ? s.length + 1 : s.split(sub as string).length - 1),
  isdigit: (s) => s !== '' && /^\d+$/.test(s),
  isnumeric: (s) => s !== '' && /^\d+$/.test(s),
  isdecimal: (s) => s !== '' && /^\d+$/.test(s),
  isalpha: (s) => s !== '' && /^\p{L}+$/u.test(s),
  isalnum: (s) => s !== '' && /^[\p{L}\d]+$/u.test(s),
  isidentifier: (s) => /^[\p{L}_][\p{L}\d_]*$/u.test(s),
  isspace: (s) => s !== '' && /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  ljust: (s, [w, f]) => s.padEnd(w as number, (f as string | undefined) ?? ' '),
  rjust: (s, [w, f]) => s.padStart(w as number, (f as string | undefined) ?? ' '),
  zfill: (s, [w]) => (s.startsWith('-') ? `-${s.slice(1).padStart((w as number) - 1, '0')}` : s.padStart(w as number, '0')),
  center: (s, [w, f]) => formatSpec(s, `${(f as string | undefined) ?? ' '}^${w as number}`, undefined as never, undefined as never),
  removeprefix: (s, [p]) => (isStr(p) && s.startsWith(p) ? s.slice(p.length) : s),
  removesuffix: (s, [p]) => (isStr(p) && p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s),
  partition: (s, [sep]) => {
    const i = s.indexOf(sep as string);
    return new PySequence('tuple', i < 0 ? [s, '', ''] : [s.slice(0, i), sep as string, s.slice(i + (sep as string).length)]);
  },
  encode: (s) => s,
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
};

const LIST: Record<string, Method<PySequence>> = {
  append: (l, [v]) => {
    l.items.push(v as PyValue);
    return null;
  },
  extend: async (l, [v], _kw, rt, at) => {
    l.items.push(...(await rt.iterate(v ?? null, at)));
    return null;
  },
  insert: (l, [i, v]) => {
    const n = i as number;
    l.items.splice(n < 0 ? Math.max(0, l.items.length + n) : n, 0, v as PyValue);
    return null;
  },
  pop: (l, [i], _kw, rt, at) => {
    if (l.items.length === 0) throw rt.raise('IndexError', 'pop from empty list', at);
    const n = typeof i === 'number' ? (i < 0 ? l.items.length + i : i) : l.items.length - 1;
    if (n < 0 || n >= l.items.length) throw rt.raise('IndexError', 'pop index out of range', at);
    return l.items.splice(n, 1)[0] as PyValue;
  },
  remove: (l, [v], _kw, rt, at) => {
    const i = l.items.findIndex((x) => rt.equals(x, v as PyValue, at));
    if (i < 0) throw rt.raise('ValueError', 'list.remove(x): x not in list', at);
    l.items.splice(i, 1);
    return null;
  },
  index: (l, [v], _kw, rt, at) => {
    const i = l.items.findIndex((x) => rt.equals(x, v as PyValue, at));
    if (i < 0) throw rt.raise('ValueError', `${rt.repr(v as PyValue, at)} is not in list`, at);
    return i;
  },
  count: (l, [v], _kw, rt, at) => l.items.filter((x) => rt.equals(x, v as PyValue, at)).length,
  clear: (l) => {
    l.items.length = 0;
    return null;
  },
  copy: (l) => new PySequence('list', l.items),
  reverse: (l) => {
    l.items.reverse();
    return null;
  },
  sort: async (l, _a, kw, rt, at) => {
    const sorted = await sortValues(l.items, kw, rt, at);
    l.items.splice(0, l.items.length, ...sorted);
    return null;
  },
};

const TUPLE: Record<string, Method<PySequence>> = { index: LIST.index as Method<PySequence>, count: LIST.count as Method<PySequence> };

const DICT: Record<string, Method<PyDict>> = {
  get: (d, [k, dflt]) => d.get(k as PyValue) ?? dflt ?? null,
  keys: (d) => new PySequence('list', d.entries.map(([k]) => k)),
  values: (d) => new PySequence('list', d.entries.map(([, v]) => v)),
  items: (d) => new PySequence('list', d.entries.map(([k, v]) => new PySequence('tuple', [k, v]))),
  pop: (d, [k, dflt], _kw, rt, at) => {
    const v = d.get(k as PyValue);
    if (v === undefined) {
      if (dflt !== undefined) return dflt;
      throw rt.raise('KeyError', k as PyValue, at);
    }
    d.delete(k as PyValue);
    return v;
  },
  setdefault: (d, [k, dflt]) => {
    const v = d.get(k as PyValue);
    if (v !== undefined) return v;
    d.set(k as PyValue, dflt ?? null);
    return dflt ?? null;
  },
  update: async (d, [other], kw, rt, at) => {
    if (other instanceof PyDict) for (const [k, v] of other.entries) d.set(k, v);
    else if (other !== undefined) {
      for (const pair of await rt.iterate(other, at)) {
        const [k, v] = await rt.iterate(pair, at);
        d.set(k as PyValue, v as PyValue);
      }
    }
    for (const [k, v] of kw) d.set(k, v);
    return null;
  },
  copy: (d) => new PyDict(d.entries),
  clear: (d) => {
    d.clear();
    return null;
  },
};

const SET: Record<string, Method<PySet>> = {
  add: (s, [v]) => {
    s.add(v as PyValue);
    return null;
  },
  discard: (s, [v]) => {
    s.delete(v as PyValue);
    return null;
  },
  remove: (s, [v], _kw, rt, at) => {
    if (!s.delete(v as PyValue)) throw rt.raise('KeyError', v as PyValue, at);
    return null;
  },
  update: async (s, args, _kw, rt, at) => {
    for (const a of args) for (const v of await rt.iterate(a, at)) s.add(v);
    return null;
  },
  union: async (s, args, _kw, rt, at) => {
    const out = new PySet(s.items, s.frozen);
    for (const a of args) for (const v of await rt.iterate(a, at)) out.add(v);
    return out;
  },
  intersection: async (s, [a], _kw, rt, at) => {
    const other = new PySet(await rt.iterate(a ?? null, at));
    return new PySet(s.items.filter((v) => other.has(v)), s.frozen);
  },
  difference: async (s, [a], _kw, rt, at) => {
    const other = new PySet(await rt.iterate(a ?? null, at));
    return new PySet(s.items.filter((v) => !other.has(v)), s.frozen);
  },
  issubset: async (s, [a], _kw, rt, at) => {
    const other = new PySet(await rt.iterate(a ?? null, at));
    return s.items.every((v) => other.has(v));
  },
  issuperset: async (s, [a], _kw, rt, at) => (await rt.iterate(a ?? null, at)).every((v) => s.has(v)),
  pop: (s, _a, _kw, rt, at) => {
    const first = s.items[0];
    if (first === undefined) throw rt.raise('KeyError', 'pop from an empty set', at);
    s.delete(first);
    return first;
  },
  copy: (s) => new PySet(s.items, s.frozen),
  clear: (s) => {
    s.clear();
    return null;
  },
};

const INT: Record<string, Method<number>> = {
  bit_length: (n) => (n === 0 ? 0 : Math.floor(Math.log2(Math.abs(n))) + 1),
};

const FLOAT: Record<string, Method<PyFloat>> = {
  is_integer: (f) => Number.isInteger(f.value),
};

function table(value: PyValue): Record<string, Method<never>> | null {
  if (typeof value === 'string') return STR as Record<string, Method<never>>;
  if (value instanceof PySequence) return (value.kind === 'list' ? LIST : TUPLE) as Record<string, Method<never>>;
  if (value instanceof PyDict) return DICT as Record<string, Method<never>>;
  if (value instanceof PySet) return SET as Record<string, Method<never>>;
  if (typeof value === 'number') return INT as Record<string, Method<never>>;
  if (value instanceof PyFloat) return FLOAT as Record<string, Method<never>>;
  return null;
}

/** Whether a value of a builtin type has this method here. */
export function hasBuiltinMethod(value: PyValue, name: string): boolean {
  const t = table(value);
  return t !== null && Object.hasOwn(t, name) && !(value instanceof PySet && value.frozen && ['add', 'discard', 'remove', 'update', 'pop', 'clear'].includes(name));
}

/** Calls a method of a builtin type's value (`'x'.join(…)`, `items.append(…)`). */
export function callBuiltinMethod(value: PyValue, name: string, call: CallArgs, rt: Runtime, at: Site): PyValue | Promise<PyValue> {
  const method = table(value)?.[name] as Method<PyValue> | undefined;
  if (!method) throw rt.cannot(`the method .${name}() of ${typeof value === 'string' ? 'str' : 'this value'}`, at);
  return method(value, call.args, call.kwargs, rt, at);
}

/** `sorted()` / `list.sort()`: stable, with `key` and `reverse`. */
export async function sortValues(items: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site): Promise<PyValue[]> {
  const key = kw.get('key') ?? null;
  const keyed: Array<[PyValue, PyValue]> = [];
  for (const item of items) keyed.push([key === null ? item : await rt.call(key, { args: [item], kwargs: new Map() }, at), item]);
  keyed.sort((a, b) => rt.compare(a[0], b[0], at));
  if (kw.get('reverse') === true) keyed.reverse();
  return keyed.map(([, item]) => item);
}
