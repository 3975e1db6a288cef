import { CannotInterpret } from './errors.js';
import { formatSpec } from './format.js';
import type { Runtime, Site } from './runtime.js';
import { NOT_IMPLEMENTED, PyBuiltin, PyClass, PyFloat, PyInstance, PyModule, type PyValue } from './values.js';

// Instants are whole microseconds since the epoch, counted as if UTC; a naive datetime keeps
// its wall-clock fields, an aware one is UTC (the only zone the subset knows), as migrations
// use them: seed timestamps, `now()` defaults for rows, `timedelta` offsets.
const US_PER_DAY = 86_400_000_000;

function fn(name: string, f: PyBuiltin['fn']): PyBuiltin {
  return new PyBuiltin(name, f);
}

function int(value: PyValue | undefined, what: string, rt: Runtime, at: Site, dflt = 0): number {
  if (value === undefined || value === null) return dflt;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw rt.raise('TypeError', `${what}: an integer is required`, at);
}

function num(value: PyValue | undefined): number {
  if (value === undefined || value === null) return 0;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' ? value : Number.NaN;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `datetime`: date, datetime, timedelta and timezone.utc, compared and hashed by value. */
export function datetimeModule(): PyModule {
  const dateClass = new PyClass('date', [], 'datetime');
  const datetimeClass = new PyClass('datetime', [dateClass], 'datetime');
  const timedeltaClass = new PyClass('timedelta', [], 'datetime');
  const timezoneClass = new PyClass('timezone', [], 'datetime');
  const utc = new PyInstance(timezoneClass);
  utc.attrs.set('__key__', 'UTC');
  timezoneClass.attrs.set('__init__', fn('__init__', (_a, _kw, _rt, at) => {
    throw new CannotInterpret(at.source.where(at.node), 'a timezone other than timezone.utc');
  }));
  timezoneClass.attrs.set('utc', utc);
  timezoneClass.attrs.set('__str__', fn('__str__', () => 'UTC'));

  const us = (v: PyValue) => (v as PyInstance).attrs.get('_us') as number;
  const aware = (v: PyValue) => (v as PyInstance).attrs.get('_aware') === true;

  const fillDate = (d: PyInstance, micros: number, isAware: boolean, withTime: boolean) => {
    const date = new Date(Math.floor(micros / 1000));
    const fields: Record<string, number> = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    if (withTime) Object.assign(fields, { hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), microsecond: ((micros % 1_000_000) + 1_000_000) % 1_000_000 });
    for (const [k, v] of Object.entries(fields)) d.attrs.set(k, v);
    d.attrs.set('_us', micros);
    d.attrs.set('_aware', isAware);
    d.attrs.set('tzinfo', isAware ? utc : null);
    const day = `${String(fields.year).padStart(4, '0')}-${two(fields.month as number)}-${two(fields.day as number)}`;
    const micro = fields.microsecond ? `.${String(fields.microsecond).padStart(6, '0')}` : '';
    const iso = withTime ? `${day}T${two(fields.hour as number)}:${two(fields.minute as number)}:${two(fields.second as number)}${micro}${isAware ? '+00:00' : ''}` : day;
    d.attrs.set('_iso', iso);
    // What psycopg2 sends: the literal text PostgreSQL reads back as the same value.
    d.attrs.set('_sql', iso.replace('T', ' '));
    d.attrs.set('__key__', `${micros}`);
    d.attrs.set('__rank__', micros);
    return d;
  };
  const makeDatetime = (micros: number, isAware: boolean) => fillDate(new PyInstance(datetimeClass), micros, isAware, true);
  const makeDate = (micros: number) => fillDate(new PyInstance(dateClass), Math.floor(micros / US_PER_DAY) * US_PER_DAY, false, false);
  const makeDelta = (micros: number) => {
    const d = new PyInstance(timedeltaClass);
    const days = Math.floor(micros / US_PER_DAY);
    const rest = micros - days * US_PER_DAY;
    d.attrs.set('days', days);
    d.attrs.set('seconds', Math.floor(rest / 1_000_000));
    d.attrs.set('microseconds', rest % 1_000_000);
    d.attrs.set('_us', micros);
    d.attrs.set('__key__', `${micros}`);
    d.attrs.set('__rank__', micros);
    const clock = `${Math.floor(rest / 3_600_000_000)}:${two(Math.floor(rest / 60_000_000) % 60)}:${two(Math.floor(rest / 1_000_000) % 60)}${rest % 1_000_000 ? `.${String(rest % 1_000_000).padStart(6, '0')}` : ''}`;
    d.attrs.set('_iso', days === 0 ? clock : `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}`);
    d.attrs.set('_sql', `${micros} microseconds`);
    return d;
  };

  const fieldsToMicros = (a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, rt: Runtime, at: Site, withTime: boolean): number => {
    const names = withTime ? ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] : ['year', 'month', 'day'];
    const v = names.map((n, i) => int(a[i + 1] ?? kw.get(n), n, rt, at, i < 3 ? Number.NaN : 0));
    const [y, mo, d, h, mi, s, micro] = v as [number, number, number, number, number, number, number];
    if (![y, mo, d].every(Number.isInteger)) throw rt.raise('TypeError', 'function missing required argument', at);
    if (withTime) {
      const limits: [string, number, number][] = [['hour', h, 23], ['minute', mi, 59], ['second', s, 59], ['microsecond', micro, 999_999]];
      for (const [what, v, max] of limits) if (v < 0 || v > max) throw rt.raise('ValueError', `${what} must be in 0..${max}`, at);
    }
    // Date.UTC reads years 0–99 as 1900–1999: set the year on its own.
    const day = new Date(Date.UTC(2000, 0, 1, h ?? 0, mi ?? 0, s ?? 0));
    day.setUTCFullYear(y, mo - 1, d);
    const ms = day.getTime();
    const check = new Date(ms);
    if (mo < 1 || mo > 12 || check.getUTCDate() !== d || y < 1 || y > 9999) throw rt.raise('ValueError', 'day is out of range for month', at);
    return ms * 1000 + (micro ?? 0);
  };
  const tzOf = (a: readonly PyValue[], kw: ReadonlyMap<string, PyValue>, index: number, at: Site): boolean => {
    const tz = a[index] ?? kw.get('tzinfo') ?? kw.get('tz') ?? null;
    if (tz === null) return false;
    if (tz === utc) return true;
    throw new CannotInterpret(at.source.where(at.node), 'a timezone other than timezone.utc');
  };

  datetimeClass.attrs.set('__init__', fn('__init__', (a, kw, rt, at) => {
    fillDate(a[0] as PyInstance, fieldsToMicros(a, kw, rt, at, true), tzOf(a, kw, 8, at), true);
    return null;
  }));
  dateClass.attrs.set('__init__', fn('__init__', (a, kw, rt, at) => {
    fillDate(a[0] as PyInstance, fieldsToMicros(a, kw, rt, at, false), false, false);
    return null;
  }));
  timedeltaClass.attrs.set('__init__', fn('__init__', (a, kw, rt, at) => {
    const units: [string, number][] = [['days', US_PER_DAY], ['seconds', 1e6], ['microseconds', 1], ['milliseconds', 1e3], ['minutes', 6e7], ['hours', 3.6e9], ['weeks', 7 * US_PER_DAY]];
    let total = 0;
    units.forEach(([name, factor], i) => {
      const v = num(a[i + 1] ?? kw.get(name));
      if (Number.isNaN(v)) throw rt.raise('TypeError', `unsupported type for timedelta ${name} component`, at);
      total += v * factor;
    });
    const d = makeDelta(Math.round(total));
    for (const [k, v] of d.attrs) (a[0] as PyInstance).attrs.set(k, v);
    return null;
  }));

  const nowMicros = () => Date.now() * 1000;
  datetimeClass.attrs.set('now', fn('now', (a, kw, _rt, at) => makeDatetime(nowMicros(), tzOf(a, kw, 0, at))));
  datetimeClass.attrs.set('utcnow', fn('utcnow', () => makeDatetime(nowMicros(), false)));
  datetimeClass.attrs.set('today', fn('today', () => makeDatetime(nowMicros(), false)));
  dateClass.attrs.set('today', fn('today', () => makeDate(nowMicros())));

  datetimeClass.attrs.set('utcfromtimestamp', fn('utcfromtimestamp', (a, _kw, rt, at) => makeDatetime(fromTimestamp(a, rt, at), false)));
  datetimeClass.attrs.set('fromtimestamp', fn('fromtimestamp', (a, kw, rt, at) => makeDatetime(fromTimestamp(a, rt, at), tzOf(a, kw, 1, at))));
  datetimeClass.attrs.set('timestamp', fn('timestamp', (a) => new PyFloat(us(a[0] as PyValue) / 1e6)));
  // Proleptic Gregorian ordinals: 1970-01-01 is day 719,163 (0001-01-01 is day 1).
  const EPOCH_ORDINAL = 719_163;
  for (const cls of [dateClass, datetimeClass]) {
    cls.attrs.set('toordinal', fn('toordinal', (a) => Math.floor(us(a[0] as PyValue) / US_PER_DAY) + EPOCH_ORDINAL));
  }
  // date(9999, 12, 31) is the last day Python's datetime holds.
  const MAX_ORDINAL = 3_652_059;
  const fromOrdinal = (a: readonly PyValue[], rt: Runtime, at: Site) => {
    const n = int(a[0], 'fromordinal()', rt, at);
    if (n < 1 || n > MAX_ORDINAL) throw rt.raise('ValueError', `ordinal must be in 1..${MAX_ORDINAL}`, at);
    return (n - EPOCH_ORDINAL) * US_PER_DAY;
  };
  const fromTimestamp = (a: readonly PyValue[], rt: Runtime, at: Site) => {
    const micros = Math.round(num(a[0]) * 1e6);
    const days = Math.floor(micros / US_PER_DAY) + EPOCH_ORDINAL;
    if (!Number.isFinite(micros) || days < 1 || days > MAX_ORDINAL) throw rt.raise('ValueError', 'year is out of range', at);
    return micros;
  };
  dateClass.attrs.set('fromordinal', fn('fromordinal', (a, _kw, rt, at) => makeDate(fromOrdinal(a, rt, at))));
  datetimeClass.attrs.set('fromordinal', fn('fromordinal', (a, _kw, rt, at) => makeDatetime(fromOrdinal(a, rt, at), false)));
  datetimeClass.attrs.set('date', fn('date', (a) => makeDate(us(a[0] as PyValue))));
  for (const cls of [dateClass, datetimeClass, timedeltaClass]) {
    cls.attrs.set('isoformat', fn('isoformat', (a) => (a[0] as PyInstance).attrs.get('_iso') as string));
    cls.attrs.set('__str__', fn('__str__', (a) => {
      const iso = (a[0] as PyInstance).attrs.get('_iso') as string;
      return cls === datetimeClass ? iso.replace('T', ' ') : iso;
    }));
  }
  timedeltaClass.attrs.set('total_seconds', fn('total_seconds', (a) => new PyFloat(us(a[0] as PyValue) / 1e6)));
  const strftime = fn('strftime', (a, _kw, rt, at) => {
    const d = a[0] as PyInstance;
    const field = (name: string) => (d.attrs.get(name) as number | undefined) ?? 0;
    return String(a[1]).replace(/%(.)/g, (_m, c: string) => {
      switch (c) {
        case 'Y': return String(field('year')).padStart(4, '0');
        case 'm': return formatSpec(field('month'), '02d', rt, at);
        case 'd': return formatSpec(field('day'), '02d', rt, at);
        case 'H': return formatSpec(field('hour'), '02d', rt, at);
        case 'M': return formatSpec(field('minute'), '02d', rt, at);
        case 'S': return formatSpec(field('second'), '02d', rt, at);
        case 'f': return String(field('microsecond')).padStart(6, '0');
        case '%': return '%';
        default: throw new CannotInterpret(at.source.where(at.node), `the strftime directive %${c}`);
      }
    });
  });
  dateClass.attrs.set('strftime', strftime);

  // Arithmetic as Python defines it between these types; anything else is a TypeError.
  const add = (a: PyValue, b: PyValue): PyValue | undefined => {
    if (!(b instanceof PyInstance) || b.cls !== timedeltaClass || !(a instanceof PyInstance)) return undefined;
    if (a.cls === timedeltaClass) return makeDelta(us(a) + us(b));
    if (a.cls === datetimeClass) return makeDatetime(us(a) + us(b), aware(a));
    if (a.cls === dateClass) return makeDate(us(a) + Math.floor(us(b) / US_PER_DAY) * US_PER_DAY);
    return undefined;
  };
  const neg = (b: PyInstance) => makeDelta(-us(b));
  for (const cls of [dateClass, datetimeClass, timedeltaClass]) {
    cls.attrs.set('__add__', fn('__add__', (a) => add(a[0] as PyValue, a[1] as PyValue) ?? NOT_IMPLEMENTED));
    cls.attrs.set('__radd__', fn('__radd__', (a) => add(a[1] as PyValue, a[0] as PyValue) ?? NOT_IMPLEMENTED));
    cls.attrs.set('__sub__', fn('__sub__', (a, _kw, rt, at) => {
      const [x, y] = a as [PyInstance, PyValue];
      if (y instanceof PyInstance && y.cls === timedeltaClass) return add(x, neg(y)) ?? NOT_IMPLEMENTED;
      if (y instanceof PyInstance && y.cls === x.cls && x.cls !== timedeltaClass) {
        if (aware(x) !== aware(y)) throw rt.raise('TypeError', "can't subtract offset-naive and offset-aware datetimes", at);
        return makeDelta(us(x) - us(y));
      }
      return NOT_IMPLEMENTED;
    }));
  }
  // `time` is named (in annotations: `Mapped[time]`); making one is not implemented.
  const timeClass = new PyClass('time', [], 'datetime');
  timeClass.attrs.set('__init__', new PyBuiltin('__init__', (_a, _k, rt, at) => {
    throw rt.cannot('datetime.time() values', at);
  }));
  return moduleOfClasses({ date: dateClass, datetime: datetimeClass, time: timeClass, timedelta: timedeltaClass, timezone: timezoneClass, UTC: utc });
}

function moduleOfClasses(members: Record<string, PyValue>): PyModule {
  const m = new PyModule('datetime', null);
  for (const [k, v] of Object.entries(members)) m.globals.set(k, v);
  return m;
}
