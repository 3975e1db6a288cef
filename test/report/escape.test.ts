import { painter, terminalText } from '../../src/report/color.js';
import { escapeControls, jsonText } from '../../src/report/escape.js';

/** Every character a terminal, psql or a reader could be fooled by, and how it is shown. */
const SHOWN: readonly [string, string][] = [
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\u0000', '\\x00'],
  ['\u0007', '\\x07'],
  ['\u0008', '\\x08'],
  ['\u000b', '\\x0b'],
  ['\u000c', '\\x0c'],
  ['\u001b', '\\x1b'],
  ['\u007f', '\\x7f'],
  ['\u0085', '\\u0085'],
  ['\u009b', '\\u009b'],
  ['\u009d', '\\u009d'],
  ['\u061c', '\\u061c'],
  ['\u200e', '\\u200e'],
  ['\u200f', '\\u200f'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
  ['\u202a', '\\u202a'],
  ['\u202e', '\\u202e'],
  ['\u2066', '\\u2066'],
  ['\u2069', '\\u2069'],
];

describe('escapeControls', () => {
  it.each(SHOWN)('shows %j as %s', (char, shown) => {
    expect(escapeControls(`a${char}b`)).toBe(`a${shown}b`);
  });

  it('keeps tabs, backslashes, quotes and every other character', () => {
    const text = "tab\there \\ ' \" ✓ café 表 😀 \u200d";
    expect(escapeControls(text)).toBe(text);
  });

  it('turns an OSC title sequence and a forged line into text', () => {
    expect(escapeControls('\u001b]0;owned\u0007x\n✓ consistent')).toBe('\\x1b]0;owned\\x07x\\n✓ consistent');
  });
});

describe('Painter.lines', () => {
  it('colours what the painter painted and escapes everything else, colour on or off', () => {
    for (const color of [true, false]) {
      const paint = painter(color);
      const text = paint.lines([`${paint('red', '✗')} table x\u001b[32m\n✓ consistent\u001b[2J`, 'second']);
      const expectedMark = color ? '\u001b[31m✗\u001b[39m' : '✗';
      expect(text).toBe(`${expectedMark} table x\\x1b[32m\\n✓ consistent\\x1b[2J\nsecond\n`);
    }
  });

  it('a colour mark made by another painter is not obeyed', () => {
    const other = painter(true)('green', '✓ consistent');
    const paint = painter(true);
    expect(paint.lines([other])).not.toContain('\u001b');
    expect(paint.lines([other])).toContain('\\x00');
  });

  it('without colour, terminalText escapes the same way', () => {
    expect(terminalText(['a\rb', 'c'])).toBe('a\\rb\nc\n');
  });
});

describe('jsonText', () => {
  it('writes C1 and bidirectional controls as \\u escapes and parses back to the same value', () => {
    const value = { name: 'a\u202eb\u009b31m\u2028c', c0: 'x\u001by\n' };
    const text = jsonText(value);
    expect(text).toContain('"a\\u202eb\\u009b31m\\u2028c"');
    expect(text).toContain('"x\\u001by\\n"');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
