import { isAbsolute, relative } from 'node:path';

/**
 * A file as a user would type it from the working folder: relative when below it, as given
 * otherwise (reports name files the way the user can open them).
 *
 * @example shownPath('/home/me/app/migrations/versions/x.py') // 'migrations/versions/x.py' (cwd /home/me/app)
 */
export function shownPath(file: string): string {
  const r = relative(process.cwd(), file);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? file : r;
}
