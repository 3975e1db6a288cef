/**
 * The one place pgdrift writes to the terminal. Commands hand finished text here; keeping
 * every write behind these two functions is what lets tests and the library stay silent.
 */
export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
