import type { Runtime, Site } from './runtime.js';
import { PyBoundMethod, PyBuiltin, PyClass, PyDict, PyFloat, PyFunction, PyInstance, PyModule, PyRef, PySequence, PySet, type PyValue } from './values.js';

/** Python's repr of a float: always with a decimal point or exponent. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  const s = String(n);
  return s.replace(/e\+?(-?)(\d)$/, 'e$10$2');
}

/** Python's repr of a str: single quotes unless the text has some and no double quotes. */
export function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** `repr(value)` for the values the subset knows; library objects ask the runtime's host. */
export function pyRepr(value: PyValue, rt: Runtime, at: Site): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === 'string') return stringRepr(value);
  if (value instanceof PySequence) {
    const inner = value.items.map((i) => pyRepr(i, rt, at)).join(', ');
    return value.kind === 'list' ? `[${inner}]` : value.items.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  if (value instanceof PyDict) return `{${value.entries.map(([k, v]) => `${pyRepr(k, rt, at)}: ${pyRepr(v, rt, at)}`).join(', ')}}`;
  if (value instanceof PySet) {
    if (value.items.length === 0) return value.frozen ? 'frozenset()' : 'set()';
    const inner = `{${value.items.map((i) => pyRepr(i, rt, at)).join(', ')}}`;
    return value.frozen ? `frozenset(${inner})` : inner;
  }
  if (value instanceof PyInstance && value.cls.module === 'builtins') {
    return `${value.cls.name}(${value.args.map((a) => pyRepr(a, rt, at)).join(', ')})`;
  }
  if (value instanceof PyClass) return `<class '${value.module === 'builtins' ? '' : `${value.module}.`}${value.name}'>`;
  if (value instanceof PyModule) return `<module '${value.name}'>`;
  if (value instanceof PyFunction || value instanceof PyBuiltin) return `<function ${value.name}>`;
  if (value instanceof PyBoundMethod) return `<bound method ${value.name}>`;
  if (value instanceof PyRef) return `<${value.path}>`;
  if (value instanceof PyInstance) return `<${value.cls.module}.${value.cls.name} object>`;
  return `<${value.describe()}>`;
}

/** `str(value)`: strings as they are, exceptions as their message, the rest as repr. */
export function pyStr(value: PyValue, rt: Runtime, at: Site): string {
  if (typeof value === 'string') return value;
  if (value instanceof PyInstance && value.cls.lookup('__str__') === undefined && isException(value.cls)) {
    if (value.args.length === 0) return '';
    if (value.args.length === 1) return value.cls.name === 'KeyError' ? pyRepr(value.args[0] as PyValue, rt, at) : pyStr(value.args[0] as PyValue, rt, at);
    return pyRepr(new PySequence('tuple', value.args), rt, at);
  }
  return pyRepr(value, rt, at);
}

function isException(cls: PyClass): boolean {
  return cls.mro().some((c) => c.name === 'BaseException' && c.module === 'builtins');
}

/**
 * A format spec of `format()`, f-strings and `str.format`: fill, align, sign, width, grouping,
 * precision and the types s, d, f, e, g, %, x, o, b.
 *
 * @example formatSpec(3.14159, '.2f', rt, at) // '3.14'
 */
export function formatSpec(value: PyValue, spec: string, rt: Runtime, at: Site): string {
  if (spec === '') return pyStr(value, rt, at);
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) throw rt.raise('ValueError', `Invalid format specifier '${spec}'`, at);
  const [, fillChar, align, sign, , zero, widthText, grouping, precisionText, type] = m;
  const num = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : value instanceof PyFloat ? value.value : null;
  let body: string;
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  if (type === undefined || type === 's') {
    if (num !== null && type === undefined && precision !== undefined) body = num.toFixed(precision);
    else body = pyStr(value, rt, at);
    if (typeof value === 'string' && precision !== undefined) body = body.slice(0, precision);
  } else {
    if (num === null) throw rt.raise('ValueError', `Unknown format code '${type}' for object of type '${typeof value}'`, at);
    const abs = Math.abs(num);
    switch (type) {
      case 'd':
      case 'n':
        body = String(Math.trunc(abs));
        break;
      case 'f':
      case 'F':
        body = abs.toFixed(precision ?? 6);
        break;
      case 'e':
      case 'E':
        body = abs.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        if (type === 'E') body = body.toUpperCase();
        break;
      case 'g':
      case 'G':
        body = String(Number(abs.toPrecision(precision ?? 6)));
        break;
      case '%':
        body = `${(abs * 100).toFixed(precision ?? 6)}%`;
        break;
      case 'x':
      case 'X':
        body = Math.trunc(abs).toString(16);
        if (type === 'X') body = body.toUpperCase();
        break;
      case 'o':
        body = Math.trunc(abs).toString(8);
        break;
      case 'b':
        body = Math.trunc(abs).toString(2);
        break;
      default:
        body = String.fromCodePoint(num);
    }
    if (grouping) {
      const [int, frac] = body.split('.');
      body = (int as string).replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (frac !== undefined ? `.${frac}` : '');
    }
    const signText = num < 0 || Object.is(num, -0) ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    body = signText + body;
  }
  const width = widthText === undefined ? 0 : Number(widthText);
  if (body.length >= width) return body;
  const fill = fillChar ?? (zero && !align ? '0' : ' ');
  const effectiveAlign = align ?? (zero ? '=' : num !== null && typeof value !== 'string' ? '>' : '<');
  const pad = width - body.length;
  switch (effectiveAlign) {
    case '<':
      return body + fill.repeat(pad);
    case '^':
      return fill.repeat(Math.floor(pad / 2)) + body + fill.repeat(Math.ceil(pad / 2));
    case '=': {
      const signPart = /^[+\- ]/.test(body) ? (body[0] as string) : '';
      return signPart + fill.repeat(pad) + body.slice(signPart.length);
    }
    default:
      return fill.repeat(pad) + body;
  }
}

/** `template % values` for str: %s %r %d %i %f %% and %(name)s. */
export function percentFormat(template: string, values: PyValue, rt: Runtime, at: Site): string {
  const list = values instanceof PySequence && values.kind === 'tuple' ? values.items : [values];
  let i = 0;
  return template.replace(/%(\([^)]*\))?([-+ 0#]*\d*(?:\.\d+)?)([%srdifeExXg])/g, (_all, key: string | undefined, flags: string, code: string) => {
    if (code === '%') return '%';
    let value: PyValue | undefined;
    if (key !== undefined) {
      if (!(values instanceof PyDict)) throw rt.raise('TypeError', 'format requires a mapping', at);
      value = values.get(key.slice(1, -1));
      if (value === undefined) throw rt.raise('KeyError', key.slice(1, -1), at);
    } else {
      value = list[i++];
      if (value === undefined) throw rt.raise('TypeError', 'not enough arguments for format string', at);
    }
    if (code === 'r') return pyRepr(value, rt, at);
    if (code === 's') return formatSpec(pyStr(value, rt, at), flags.replace(/^-/, '<'), rt, at);
    const spec = `${flags.startsWith('-') ? '<' : ''}${flags.replace(/^-/, '')}${code === 'i' ? 'd' : code}`;
    return formatSpec(value, spec, rt, at);
  });
}
