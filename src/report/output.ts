import { escapeControls } from './escape.js';

/**
 * The one place pgdrift writes to the terminal. Commands hand finished text here; keeping
 * every write behind these two functions is what lets tests and the library stay silent.
 * `writeOut` takes text its renderer made safe for a terminal (`Painter.lines`, `escape.ts`).
 */
export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * One line on stderr. Messages name objects and files, so every control character in them is
 * escaped here: a name cannot add a line or command the terminal. Write a stack line by line.
 */
export function writeErr(text: string): void {
  process.stderr.write(`${escapeControls(text.endsWith('\n') ? text.slice(0, -1) : text)}\n`);
}
