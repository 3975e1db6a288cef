import type { Severity } from '../compare/change.js';
import type { CiFinding, CiResult } from './ci-result.js';
import { escapeControls } from './escape.js';

/*
 * GitHub Actions reads every line a step prints; a line that starts (after blanks) with `::` is
 * a workflow command: an annotation, but also `::add-mask::`, `::stop-commands::`, and the
 * commands that set outputs or the environment. Names and messages come from catalogs and
 * revision files others write, so none of their characters may end our line and start another,
 * and none may end a property early. The runner decodes `%25`, `%0D`, `%0A` in a command's data,
 * and also `%3A`, `%2C` in its properties (`file=…,title=…`); the toolkit's escaping is exactly
 * that, and so is this. Before it, every control character (newlines, ESC, bidi controls) is
 * shown as a visible escape, as in every other report: a newline can then never reach the
 * runner, encoded or not.
 */

/**
 * Text after a command's `::`, escaped as the runner decodes it.
 *
 * @example escapeData('50% done\n::error::x') // '50%25 done%0A::error::x'
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * A property value (`file=`, `title=`): as data, and `:` and `,`, which end a property.
 *
 * @example escapeProperty('a,b:c') // 'a%2Cb%3Ac'
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** One annotation: at the file and line where the code made the object, when known; else without a file. */
function annotation(f: CiFinding): string {
  const props: string[] = [];
  if (f.location) {
    props.push(`file=${escapeProperty(escapeControls(f.location.file))}`);
    if (f.location.line !== null) props.push(`line=${f.location.line}`);
    if (f.location.line !== null && f.location.column !== null) props.push(`col=${f.location.column}`);
  }
  props.push(`title=${escapeProperty(escapeControls(`pgdrift: ${f.title}`))}`);
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(escapeControls(f.message))}`;
}

/**
 * `--format github`: one workflow command per finding (`::error`, `::warning`, `::notice` by
 * severity), then the verdict as a plain line starting with `pgdrift:` (never `::`). The job
 * summary (`$GITHUB_STEP_SUMMARY`) is `result.summary`, written by the CLI.
 *
 * @example
 * renderGithub(result)
 * // ::error file=migrations/003_users.up.sql,line=4,title=pgdrift%3A column public.users.name missing::column public.users.name is missing
 * // pgdrift: drift: 1 error, 0 warnings, 0 info
 */
export function renderGithub(result: CiResult): string {
  const lines = result.findings.map(annotation);
  lines.push(`pgdrift: ${escapeControls(result.verdict)}`);
  return `${lines.join('\n')}\n`;
}
