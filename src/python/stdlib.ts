import { createHash, randomUUID } from 'node:crypto';
import { CannotInterpret } from './errors.js';
import { datetimeModule } from './stdlib-datetime.js';
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
  loggerClass.attrs.set('__init__', fn('__init__', () => null));
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

/** `uuid`: values print and compare as Python's do; uuid3/uuid5 are the same deterministic ids. */
function uuidModule(): PyModule {
  const uuidClass = new PyClass('UUID', [], 'uuid');
  const textOf = (u: PyValue) => (u as PyInstance).attrs.get('hex_text') as string;
  const fill = (u: PyInstance, text: string) => {
    u.attrs.set('hex_text', text);
    u.attrs.set('hex', text.replace(/-/g, ''));
    u.attrs.set('__key__', text);
    return u;
  };
  const make = (text: string) => fill(new PyInstance(uuidClass), text);
  uuidClass.attrs.set('__init__', fn('__init__', (a, kw, rt, at) => {
    const hex = a[1] ?? kw.get('hex');
    const digits = typeof hex === 'string' ? hex.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, '').toLowerCase() : '';
    if (!/^[0-9a-f]{32}$/.test(digits)) {
      if (typeof hex === 'string') throw rt.raise('ValueError', 'badly formed hexadecimal UUID string', at);
      throw new CannotInterpret(at.source.where(at.node), 'uuid.UUID() from anything but a hex string');
    }
    fill(a[0] as PyInstance, digits.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
    return null;
  }));
  uuidClass.attrs.set('__str__', fn('__str__', (a) => textOf(a[0] as PyValue)));
  const named = (version: 3 | 5, algorithm: 'md5' | 'sha1') =>
    fn(`uuid${version}`, (a, kw, rt, at) => {
      const namespace = a[0] ?? kw.get('namespace');
      const name = a[1] ?? kw.get('name');
      if (!(namespace instanceof PyInstance && namespace.cls === uuidClass) || typeof name !== 'string') {
        throw rt.raise('TypeError', `uuid${version}() takes a UUID namespace and a str name`, at);
      }
      const digest = createHash(algorithm).update(Buffer.from((namespace.attrs.get('hex') as string), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
      digest[6] = ((digest[6] as number) & 0x0f) | (version << 4);
      digest[8] = ((digest[8] as number) & 0x3f) | 0x80;
      return make(digest.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
    });
  return moduleOf('uuid', {
    uuid4: fn('uuid4', () => make(randomUUID())),
    uuid3: named(3, 'md5'),
    uuid5: named(5, 'sha1'),
    UUID: uuidClass,
    NAMESPACE_DNS: make('6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
    NAMESPACE_URL: make('6ba7b811-9dad-11d1-80b4-00c04fd430c8'),
    NAMESPACE_OID: make('6ba7b812-9dad-11d1-80b4-00c04fd430c8'),
    NAMESPACE_X500: make('6ba7b814-9dad-11d1-80b4-00c04fd430c8'),
  });
}

function osModule(options: StdlibOptions): PyModule {
  const environ = new PyDict([...options.environ].map(([k, v]) => [k, v] as [PyValue, PyValue]));
  const path = moduleOf('os.path', {
    join: fn('join', (a) => a.map(String).join('/')),
    basename: fn('basename', (a) => String(a[0]).split('/').pop() ?? ''),
    dirname: fn('dirname', (a) => String(a[0]).split('/').slice(0, -1).join('/')),
    // The code runs in a sandbox without files, as on a machine the app was never run on:
    // what a data file's presence decides (migrating a legacy file) is never schema.
    exists: fn('exists', () => false),
    isfile: fn('isfile', () => false),
    isdir: fn('isdir', () => false),
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
