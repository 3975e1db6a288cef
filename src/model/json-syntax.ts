/**
 * Where a JSON text first breaks the grammar (RFC 8259), with a short reason.
 *
 * `JSON.parse` only sometimes says where it failed (V8 reports `position N` for some errors
 * and quotes the whole input for others), so pgdrift finds the spot itself to give every
 * syntax error a `file:line:col`.
 */
export interface JsonSyntaxError {
  /** Offset in UTF-16 code units; `text.length` when the text ends too early. */
  readonly offset: number;
  readonly reason: string;
}

class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

/**
 * Returns the first syntax error of `text`, or null when it is valid JSON.
 *
 * @example
 * locateJsonSyntaxError('{"a": 1,}') // { offset: 8, reason: 'expected a double-quoted property name' }
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new Stop({ offset: at, reason: at >= text.length ? 'unexpected end of file (is it truncated?)' : reason });
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = (): string => `unexpected character ${JSON.stringify(text[i])}`;
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`${describe()}; expected "${word}"`);
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in a string (newlines must be written \\n)');
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === undefined) fail('');
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= text.length) fail('', i + k);
            if (!/[0-9a-fA-F]/.test(text[i + k]!)) fail('bad \\u escape: expected 4 hexadecimal digits', i + k);
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(e!)) {
          i++;
        } else {
          fail(`bad escape "\\${e}" in a string`);
        }
        continue;
      }
      i++;
    }
  };
  const digits = (what: string): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail(`expected a digit ${what}`);
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') {
      i++;
      if (/[0-9]/.test(text[i] ?? '')) fail('a number cannot have leading zeros');
    } else {
      digits('in a number');
    }
    if (text[i] === '.') {
      i++;
      digits('after the decimal point');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('in the exponent');
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail('');
    else if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail(`${describe()}; expected a value`);
    ws();
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`${describe()}; expected a double-quoted property name`);
      string();
      ws();
      if (text[i] !== ':') fail(`${describe()}; expected ':' after a property name`);
      i++;
      value();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`${describe()}; expected ',' or '}' after a property value`);
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`${describe()}; expected ',' or ']' after an array element`);
    }
  };
  try {
    value();
    if (i < text.length) fail(`${describe()} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Stop) return e.error;
    // Nesting deeper than the call stack: the caller falls back to JSON.parse's own message.
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/**
 * 1-based line and column of `offset` in `text`; columns count characters (code points),
 * lines end at `\n`, `\r\n` or `\r`.
 *
 * @example
 * lineColumn('{\n  "a": x\n}', 9) // { line: 2, column: 8 }
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(k + 1) !== 0x0a)) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: [...text.slice(lineStart, end)].length + 1 };
}
