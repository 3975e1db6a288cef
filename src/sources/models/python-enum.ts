import type { SyntaxNode } from '@lezer/common';
import { PyBuiltin, PyClass, PyFunction, PyInstance, type PyValue } from '../../python/values.js';
import { SaObject } from '../../migrations/alembic/python-value.js';

/** Whether a class of the project is a Python `enum.Enum` (or StrEnum, IntEnum…). */
export function isEnumClass(cls: PyClass): boolean {
  return cls.externalBases().some((b) => /^enum\.(Enum|StrEnum|IntEnum|Flag|IntFlag)$/.test(b));
}

/** The members of an enum class, in definition order: name and value. */
export function enumMembers(cls: PyClass): Array<{ readonly name: string; readonly value: PyValue }> {
  const out: Array<{ name: string; value: PyValue }> = [];
  for (const [name, value] of cls.attrs) {
    if (name.startsWith('_') || value instanceof PyFunction || value instanceof PyBuiltin || value instanceof PyClass) continue;
    out.push({ name, value });
  }
  return out;
}

/** Member objects with `.name` and `.value`, for a `values_callable` to read. */
export function memberObjects(cls: PyClass): PyInstance[] {
  return enumMembers(cls).map((m) => {
    const member = new PyInstance(cls);
    member.attrs.set('name', m.name);
    member.attrs.set('value', m.value);
    return member;
  });
}

/**
 * `Enum(MyEnum)` as SQLAlchemy builds it: the labels are the members' names (or what
 * `values_callable` returned), the type is named after the class in lower case.
 */
export function enumFromClass(cls: PyClass, labels: readonly PyValue[] | null, kwargs: ReadonlyMap<string, PyValue>, node: SyntaxNode): SaObject {
  const values = labels ?? enumMembers(cls).map((m) => m.name);
  const kw = new Map(kwargs);
  kw.delete('values_callable');
  if (!kw.has('name')) kw.set('name', cls.name.toLowerCase());
  return new SaObject('sa.Enum', values, kw, node);
}
