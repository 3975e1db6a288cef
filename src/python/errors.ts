import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../errors.js';
import type { PythonSource } from './source.js';
import { PyClass, PyInstance, type PyValue } from './values.js';

/**
 * Python the subset cannot follow: a construct it does not implement, a library call it does
 * not know, a name it cannot resolve. Never a Python exception: `except Exception` does not
 * catch it, so an unread branch can never be mistaken for one that ran.
 */
export class CannotInterpret extends InputError {
  constructor(
    /** `file:line:column` */
    readonly where: string,
    /** What was not understood, e.g. "the call to subprocess.run()". */
    readonly construct: string,
  ) {
    super(`${where}: cannot interpret ${construct}`);
  }
}

/**
 * @example throw cannotInterpret(source, node, 'the call to exec()')
 */
export function cannotInterpret(source: PythonSource, node: SyntaxNode, construct: string): CannotInterpret {
  return new CannotInterpret(source.where(node), construct);
}

/** A snippet of source for messages: the first line, shortened. */
export function snippet(source: PythonSource, node: SyntaxNode): string {
  const first = source.textOf(node).split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
}

/** A Python exception in flight: raised by the code, or by the subset where Python would raise. */
export class PyRaise extends Error {
  constructor(
    readonly exception: PyInstance,
    /** Where it was raised, for the message if nothing catches it. */
    readonly where: string,
  ) {
    super(`${where}: ${exception.cls.name}${exception.args.length > 0 ? `: ${String(exception.args[0])}` : ''}`);
  }
}

function exceptionClass(name: string, base: PyClass | null): PyClass {
  return new PyClass(name, base ? [base] : [], 'builtins');
}

const baseException = exceptionClass('BaseException', null);
const exception = exceptionClass('Exception', baseException);
const lookupError = exceptionClass('LookupError', exception);
const arithmeticError = exceptionClass('ArithmeticError', exception);
const runtimeError = exceptionClass('RuntimeError', exception);
const osError = exceptionClass('OSError', exception);
const valueError = exceptionClass('ValueError', exception);

/** The builtin exception classes, by name. */
export const BUILTIN_EXCEPTIONS: ReadonlyMap<string, PyClass> = new Map(
  [
    baseException,
    exception,
    lookupError,
    arithmeticError,
    runtimeError,
    osError,
    valueError,
    exceptionClass('KeyError', lookupError),
    exceptionClass('IndexError', lookupError),
    exceptionClass('ZeroDivisionError', arithmeticError),
    exceptionClass('OverflowError', arithmeticError),
    exceptionClass('TypeError', exception),
    exceptionClass('AttributeError', exception),
    exceptionClass('NameError', exception),
    exceptionClass('AssertionError', exception),
    exceptionClass('NotImplementedError', runtimeError),
    exceptionClass('StopIteration', exception),
    exceptionClass('UnicodeDecodeError', valueError),
    exceptionClass('FileNotFoundError', osError),
    exceptionClass('KeyboardInterrupt', baseException),
    exceptionClass('SystemExit', baseException),
    exceptionClass('Warning', exception),
  ].map((c) => [c.name, c]),
);

/** A new exception of a builtin class, ready to throw. */
export function pyError(className: string, message: PyValue, where: string): PyRaise {
  const cls = BUILTIN_EXCEPTIONS.get(className) as PyClass;
  return new PyRaise(new PyInstance(cls, [message]), where);
}

/** Whether a raised exception is caught by an `except` clause naming `handler`. */
export function exceptionMatches(raised: PyInstance, handler: PyValue): boolean {
  return handler instanceof PyClass && raised.cls.isSubclassOf(handler);
}
