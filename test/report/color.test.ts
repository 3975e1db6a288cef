import { painter, shouldUseColor } from '../../src/report/color.js';

describe('shouldUseColor', () => {
  it.each<[string, boolean | undefined, Record<string, string>, boolean]>([
    ['a terminal', true, {}, true],
    ['a pipe', false, {}, false],
    ['a stream that does not say', undefined, {}, false],
    ['a terminal with NO_COLOR', true, { NO_COLOR: '1' }, false],
    ['a terminal with an empty NO_COLOR', true, { NO_COLOR: '' }, true],
    ['a pipe with FORCE_COLOR', false, { FORCE_COLOR: '1' }, true],
    ['a pipe with an empty FORCE_COLOR', false, { FORCE_COLOR: '' }, true],
    ['a terminal with FORCE_COLOR=0', true, { FORCE_COLOR: '0' }, false],
    ['NO_COLOR over FORCE_COLOR', true, { NO_COLOR: 'x', FORCE_COLOR: '1' }, false],
    ['a dumb terminal', true, { TERM: 'dumb' }, false],
  ])('%s', (_what, isTTY, env, expected) => {
    expect(shouldUseColor({ isTTY }, env)).toBe(expected);
  });
});

describe('painter', () => {
  it('wraps text in ANSI codes only when enabled', () => {
    const paint = painter(true);
    expect(paint.lines([paint('red', 'x')])).toBe('\u001b[31mx\u001b[39m\n');
    const plain = painter(false);
    expect(plain('red', 'x')).toBe('x');
    expect(plain.lines([plain('red', 'x')])).toBe('x\n');
  });
});
