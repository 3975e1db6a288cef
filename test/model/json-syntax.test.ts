import { lineColumn, locateJsonSyntaxError } from '../../src/model/json-syntax.js';

const valid = [
  '{}', '[]', '0', '-0.5e+10', '"a\\u00e9\\n"', ' { "a" : [ true , false , null , 1.5E3 ] } ', '{"a":{"b":[[]]}}', '"\\/"',
];
const invalid: [string, number][] = [
  ['', 0], ['{', 1], ['{"a":}', 5], ['{"a":1', 6], ['xyz', 0], ['{"a":1} x', 8], ['{"a": tru}', 9],
  ['{"a":"b\\q"}', 8], ['{"a":[1,]}', 8], ['{"a":1,}', 7], ['{"a":"x\ny"}', 7], ['{"a": 01}', 7], ['{"a" 1}', 5],
  ["{'a':1}", 1], ['{"a":-}', 6], ['[1 2]', 3], ['1.', 2], ['1e', 2], ['"\\u12g4"', 5], ['"abc', 4], ['[1,2', 4],
];

describe('locateJsonSyntaxError', () => {
  it.each(valid)('accepts %p like JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonSyntaxError(text)).toBeNull();
  });

  it.each(invalid)('rejects %p at offset %p, like JSON.parse rejects it', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(locateJsonSyntaxError(text)?.offset).toBe(offset);
  });

  it('agrees with the position V8 reports when it reports one', () => {
    for (const [text] of invalid) {
      try {
        JSON.parse(text);
      } catch (e) {
        const m = /at position (\d+)/.exec((e as Error).message);
        if (m) expect({ text, offset: locateJsonSyntaxError(text)?.offset }).toEqual({ text, offset: Number(m[1]) });
      }
    }
  });
});

describe('lineColumn', () => {
  it('counts 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('{\n  "a": x\n}', 9)).toEqual({ line: 2, column: 8 });
    expect(lineColumn('a\r\nb\rc', 5)).toEqual({ line: 3, column: 1 });
    expect(lineColumn('ab\n', 3)).toEqual({ line: 2, column: 1 });
  });

  it('counts a character outside the BMP as one column', () => {
    expect(lineColumn('"😀" x', 5)).toEqual({ line: 1, column: 5 });
  });
});
