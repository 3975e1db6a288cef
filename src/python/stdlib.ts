import { randomUUID } from 'node:crypto';
import { formatSpec } from './format.js';
import type { Runtime, Site } from './runtime.js';
import { PyBuiltin, PyClass, PyDict, PyFloat, PyInstance, PyModule, PyRef, PySequence, type PyValue } from './values.js';

/** What the standard library may see of the outside world: only what the user passed. */
export interface StdlibOptions {
  /** `os.environ` as the migration sees it (`--env NAME=VALUE`); never the real environment. */
  readonly environ: ReadonlyMap<string, string>;
}

function fn(name: string, f: PyBuiltin['fn']): PyBuiltin {
  return new PyBuiltin(name, f);
}

function moduleOf(name: string, members: Record<string, PyValue>): PyModule {
  const m = new PyModule(name, null);
  for (const [k, v] of Object.entries(members)) m.globals.set(k, v);
  return m;
}

/** A logger whose messages go nowhere: log lines are not part of a schema. */
function loggingModule(): PyModule {
  const loggerClass = new PyClass('Logger', [], 'logging');
  for (const level of ['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'setLevel', 'addHandler']) {
    loggerClass.attrs.set(level, fn(level, () => null));
  }
  const logger = new PyInstance(loggerClass);
  const members: Record<string, PyValue> = {
    getLogger: fn('getLogger', () => logger),
    basicConfig: fn('basicConfig', () => null),
    DEBUG: 10,
    INFO: 20,
    WARNING: 30,
    ERROR: 40,
    CRITICAL: 50,
  };
  for (const level of ['debug', 'info', 'warning', 'error', 'exception', 'critical']) members[level] = fn(level, () => null);
  return moduleOf('logging', members);
}

/** datetime values carry their instant; printing follows Python's isoformat. */
function datetimeModule(): PyModule {
  const datetimeClass = new PyClass('datetime', [], 'datetime');
  const timezoneClass = new PyClass('timezone', [], 'datetime');
  const utc = new PyInstance(timezoneClass);
  const make = (ms: number, aware: boolean) => {
    const d = new PyInstance(datetimeClass);
    d.attrs.set('_ms', ms);
    d.attrs.set('_aware', aware);
    const date = new Date(ms);
    d.attrs.set('year', date.getUTCFullYear());
    d.attrs.set('month', date.getUTCMonth() + 1);
    d.attrs.set('day', date.getUTCDate());
    return d;
  };
  const iso = (d: PyInstance) => {
    const text = new Date(d.attrs.get('_ms') as number).toISOString().replace('T', 'T').replace('Z', '');
    const withMicros = text.replace(/\.(\d{3})$/, (_m, ms: string) => (ms === '000' ? '' : `.${ms}000`));
    return withMicros + (d.attrs.get('_aware') === true ? '+00:00' : '');
  };
  const now = (_a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, _rt: Runtime, _at: Site, tz?: PyValue) => make(Date.now(), (tz ?? kw.get('tz') ?? null) !== null);
  datetimeClass.attrs.set('now', fn('now', (a, kw, rt, at) => now(a, kw, rt, at, a[0])));
  datetimeClass.attrs.set('utcnow', fn('utcnow', () => make(Date.now(), false)));
  datetimeClass.attrs.set('isoformat', fn('isoformat', (a) => iso(a[0] as PyInstance)));
  datetimeClass.attrs.set('__str__', fn('__str__', (a) => iso(a[0] as PyInstance).replace('T', ' ')));
  datetimeClass.attrs.set('timestamp', fn('timestamp', (a) => new PyFloat(((a[0] as PyInstance).attrs.get('_ms') as number) / 1000)));
  datetimeClass.attrs.set('fromtimestamp', fn('fromtimestamp', (a) => make(Number(a[0] instanceof PyFloat ? a[0].value : a[0]) * 1000, a[1] !== undefined)));
  datetimeClass.attrs.set('strftime', fn('strftime', (a, _kw, rt, at) => {
    const d = new Date(((a[0] as PyInstance).attrs.get('_ms') as number));
    const two = (n: number) => formatSpec(n, '02d', rt, at);
    return String(a[1]).replace(/%([YmdHMS%])/g, (_m, c: string) =>
      c === 'Y' ? String(d.getUTCFullYear()) : c === 'm' ? two(d.getUTCMonth() + 1) : c === 'd' ? two(d.getUTCDate()) : c === 'H' ? two(d.getUTCHours()) : c === 'M' ? two(d.getUTCMinutes()) : c === 'S' ? two(d.getUTCSeconds()) : '%',
    );
  }));
  timezoneClass.attrs.set('utc', utc);
  return moduleOf('datetime', { datetime: datetimeClass, timezone: timezoneClass, UTC: utc });
}

function jsonDumps(v: PyValue, rt: Runtime, at: Site, sortKeys: boolean, indent: number | null, depth = 0): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const nl = indent === null ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
  const end = indent === null ? '' : `\n${' '.repeat(indent * depth)}`;
  const sep = indent === null ? ', ' : ',';
  if (v instanceof PySequence) {
    if (v.items.length === 0) return '[]';
    return `[${nl}${v.items.map((i) => jsonDumps(i, rt, at, sortKeys, indent, depth + 1)).join(sep + nl)}${end}]`;
  }
  if (v instanceof PyDict) {
    let entries = v.entries.map(([k, x]) => [typeof k === 'string' ? k : jsonDumps(k, rt, at, sortKeys, null), x] as const);
    if (entries.length === 0) return '{}';
    if (sortKeys) entries = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return `{${nl}${entries.map(([k, x]) => `${JSON.stringify(k)}: ${jsonDumps(x, rt, at, sortKeys, indent, depth + 1)}`).join(sep + nl)}${end}}`;
  }
  throw rt.raise('TypeError', `Object of type ${rt.repr(v, at)} is not JSON serializable`, at);
}

function fromJson(v: unknown): PyValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v : new PyFloat(v);
  if (Array.isArray(v)) return new PySequence('list', v.map(fromJson));
  return new PyDict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)] as [PyValue, PyValue]));
}

function jsonModule(): PyModule {
  return moduleOf('json', {
    dumps: fn('dumps', (a, kw, rt, at) => jsonDumps(a[0] ?? null, rt, at, kw.get('sort_keys') === true, typeof kw.get('indent') === 'number' ? (kw.get('indent') as number) : null)),
    loads: fn('loads', (a, _kw, rt, at) => {
      try {
        return fromJson(JSON.parse(String(a[0])));
      } catch {
        throw rt.raise('ValueError', 'Expecting value', at);
      }
    }),
  });
}

function uuidModule(): PyModule {
  const uuidClass = new PyClass('UUID', [], 'uuid');
  uuidClass.attrs.set('__str__', fn('__str__', (a) => (a[0] as PyInstance).attrs.get('hex_text') as string));
  const make = (text: string) => {
    const u = new PyInstance(uuidClass);
    u.attrs.set('hex_text', text);
    u.attrs.set('hex', text.replace(/-/g, ''));
    return u;
  };
  return moduleOf('uuid', { uuid4: fn('uuid4', () => make(randomUUID())), UUID: uuidClass });
}

function osModule(options: StdlibOptions): PyModule {
  const environ = new PyDict([...options.environ].map(([k, v]) => [k, v] as [PyValue, PyValue]));
  const path = moduleOf('os.path', {
    join: fn('join', (a) => a.map(String).join('/')),
    basename: fn('basename', (a) => String(a[0]).split('/').pop() ?? ''),
    dirname: fn('dirname', (a) => String(a[0]).split('/').slice(0, -1).join('/')),
  });
  return moduleOf('os', {
    environ,
    getenv: fn('getenv', (a) => environ.get(a[0] ?? null) ?? a[1] ?? null),
    path,
    sep: '/',
  });
}

function timeModule(): PyModule {
  return moduleOf('time', {
    time: fn('time', () => new PyFloat(Date.now() / 1000)),
    sleep: fn('sleep', () => null),
  });
}

/**
 * The standard-library modules migrations use, implemented here: `logging`, `datetime`,
 * `json`, `uuid`, `os` (environ from the options only), `time`. Others (`typing` names used
 * in annotations) stay symbolic and fail only if the code calls them.
 *
 * @example stdlibModule('json', { environ: new Map() })?.globals.get('dumps')
 */
export function stdlibModule(name: string, options: StdlibOptions): PyModule | undefined {
  switch (name) {
    case 'logging':
      return loggingModule();
    case 'datetime':
      return datetimeModule();
    case 'json':
      return jsonModule();
    case 'uuid':
      return uuidModule();
    case 'os':
      return osModule(options);
    case 'os.path':
      return osModule(options).globals.get('path') as PyModule;
    case 'time':
      return timeModule();
    default:
      return undefined;
  }
}

/**
 * Calls into `typing` / `typing_extensions`, which only matter to type checkers: `TypeVar`,
 * `NewType` and friends stand for "some type", `cast(T, v)` is `v`, decorators change nothing.
 *
 * @example typingCall('typing.cast', [ref, 5]) // 5
 * @returns undefined for anything else in those modules, and for other modules.
 */
export function typingCall(path: string, args: readonly PyValue[]): PyValue | undefined {
  const m = /^(typing|typing_extensions)\.(\w+)$/.exec(path);
  if (!m) return undefined;
  switch (m[2]) {
    case 'TypeVar':
    case 'NewType':
    case 'ParamSpec':
    case 'TypeVarTuple':
    case 'TypeAliasType':
      return new PyRef(`${m[1]}.Any`);
    case 'cast':
      return args[1] ?? null;
    case 'overload':
    case 'final':
    case 'runtime_checkable':
    case 'override':
    case 'dataclass_transform':
      return args[0] ?? null;
    default:
      return undefined;
  }
}
