import { escapeControls } from './escape.js';

/**
 * The one place pgdrift writes to the terminal. Commands hand finished text here; keeping
 * every write behind these two functions is what lets tests and the library stay silent.
 * `writeOut` takes text its renderer made safe for a terminal (`Painter.lines`, `escape.ts`).
 */
export function writeOut(text: string): void {
  endStatusLine();
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * One line on stderr. Messages name objects and files, so every control character in them is
 * escaped here: a name cannot add a line or command the terminal. Write a stack line by line.
 */
export function writeErr(text: string): void {
  endStatusLine();
  process.stderr.write(`${escapeControls(text.endsWith('\n') ? text.slice(0, -1) : text)}\n`);
}

/** A transient line on stderr (the CLI's progress spinner), ended before any result or error is written. */
export interface StatusLine {
  end(): void;
}

let statusLine: StatusLine | null = null;

/** Registers the status line that the next write ends. */
export function setStatusLine(line: StatusLine | null): void {
  statusLine = line;
}

function endStatusLine(): void {
  const line = statusLine;
  statusLine = null;
  line?.end();
}
