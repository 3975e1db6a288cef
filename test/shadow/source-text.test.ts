import { byteToIndexMap, indexOfCharPosition, lineColumn, whereIn } from '../../src/shadow/source-text.js';

describe('byteToIndexMap', () => {
  it('maps UTF-8 byte offsets to UTF-16 indexes across 1-, 2-, 3- and 4-byte characters', () => {
    const text = 'aé€😀b';
    const indexOf = byteToIndexMap(text);
    // a=1 byte, é=2, €=3, 😀=4 (two UTF-16 units), b=1
    expect([0, 1, 3, 6, 10, 11].map(indexOf)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(text.slice(indexOf(10))).toBe('b');
  });
});

describe('indexOfCharPosition', () => {
  it('counts PostgreSQL positions in characters, not UTF-16 units', () => {
    const text = 'é😀x';
    expect(text[indexOfCharPosition(text, 3)]).toBe('x');
    expect(indexOfCharPosition(text, 1)).toBe(0);
    expect(indexOfCharPosition(text, 2)).toBe(1);
  });
});

describe('lineColumn / whereIn', () => {
  it('cites 1-based lines and character columns', () => {
    const text = 'SELECT 1;\n-- 😀é\n  SELEC 2;';
    expect(lineColumn(text, text.indexOf('SELEC '))).toEqual({ line: 3, column: 3 });
    expect(lineColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(whereIn({ name: 'db/schema.sql', text: 'SELECT 1;\nSELEC 2;' }, 10)).toBe('db/schema.sql:2:1');
  });

  it('counts an astral character as one column', () => {
    const text = '😀😀x';
    expect(lineColumn(text, text.indexOf('x'))).toEqual({ line: 1, column: 3 });
  });

  it('treats CRLF line ends as one line break', () => {
    const text = 'a;\r\nbb;\r\nc';
    expect(lineColumn(text, text.indexOf('c'))).toEqual({ line: 3, column: 1 });
  });
});
