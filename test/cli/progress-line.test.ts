import { progressLine } from '../../src/cli/progress-line.js';
import { writeErr } from '../../src/report/output.js';

// The delay is tested here, on a stream that records what is drawn, rather than by timing a
// whole command: a command that is quick on one machine is not quick on a loaded CI runner.

interface Recorder {
  stream: NodeJS.WriteStream;
  drawn: () => string;
}

function recorder(): Recorder {
  let text = '';
  const stream = {
    isTTY: true,
    columns: 40,
    write(chunk: string | Uint8Array) {
      text += String(chunk);
      return true;
    },
    cursorTo() {
      text += '<cr>';
      return true;
    },
    moveCursor() {
      return true;
    },
    clearLine() {
      text += '<clear>';
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, drawn: () => text };
}

const env = { TERM: 'xterm' } as NodeJS.ProcessEnv;
const savedCi = process.env.CI;
// The spinner library reads CI from the process itself.
beforeAll(() => delete process.env.CI);
afterAll(() => {
  if (savedCi !== undefined) process.env.CI = savedCi;
});
// A failed test must not leave a spinner's interval keeping jest alive.
afterEach(() => writeErr(''));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a run that ends before the line is due never draws it', async () => {
  const { stream, drawn } = recorder();
  const tell = await progressLine(stream, env);
  expect(tell).not.toBeNull();
  tell?.('reading the migration history');
  writeErr('');
  await sleep(400);
  expect(drawn()).toBe('');
});

test('once due, the line shows the latest step, fitted to the width and escaped, and is erased before output', async () => {
  const { stream, drawn } = recorder();
  const tell = await progressLine(stream, env);
  tell?.('first step');
  tell?.('replaying revision 2/9 (\u001b]0;title\u0007 a message far too long for forty columns)');
  await sleep(400);
  const shown = drawn();
  expect(shown).toContain('replaying revision 2/9 (\\x1b]0;title…');
  expect(shown).not.toContain('first step');
  expect(shown).not.toContain('\u001b]0;');
  expect(shown).toContain('…');
  writeErr('');
  expect(drawn().endsWith('<clear>')).toBe(true);
  tell?.('a step after the end');
  await sleep(200);
  expect(drawn()).not.toContain('a step after the end');
});

test('no line where nobody watches: a pipe, TERM=dumb, a CI runner', async () => {
  const { stream } = recorder();
  expect(await progressLine({ ...stream, isTTY: false } as NodeJS.WriteStream, env)).toBeNull();
  expect(await progressLine(stream, { TERM: 'dumb' })).toBeNull();
  expect(await progressLine(stream, { CI: 'true' })).toBeNull();
});
