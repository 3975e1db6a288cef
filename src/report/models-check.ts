import type { Severity } from '../compare/change.js';
import { disagreement, type ModelsFinding, type Side } from '../check-models/findings.js';
import type { ModelsCheck } from '../check-models/check-models.js';
import { painter, type Style } from './color.js';
import { jsonText } from './escape.js';
import { code, escapeMarkdown } from './markdown.js';

const MARK: Readonly<Record<Severity, { readonly mark: string; readonly style: Style }>> = {
  error: { mark: '✗', style: 'red' },
  warning: { mark: '⚠', style: 'yellow' },
  info: { mark: '·', style: 'cyan' },
};

const SIDE_WIDTH = 'migrations'.length;

function counts(result: ModelsCheck): string {
  const { total, error, warning, info } = result.summary;
  return `${total} difference${total === 1 ? '' : 's'} (${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info)`;
}

function compared(result: ModelsCheck): string {
  return (['models', 'migrations', 'database'] as const)
    .filter((s) => result.sources[s] !== undefined)
    .map((s) => `${s} ${result.sources[s] as string}`)
    .join(' · ');
}

/** `column public.chat.meta`; a pair: `constraint public.t.a / index public.t.b` (the type once when the same). */
function objectLabel(f: ModelsFinding): string {
  const parts = f.ids.map((id) => ({ type: id.slice(0, id.indexOf(':')), name: id.slice(id.indexOf(':') + 1) }));
  const sameType = parts.every((p) => p.type === parts[0]?.type);
  return sameType ? `${f.objectType} ${parts.map((p) => p.name).join(' / ')}` : parts.map((p) => `${p.type} ${p.name}`).join(' / ');
}

/** Where a source's view of the object comes from: the model's line, the revision. */
function whereOf(f: ModelsFinding, side: Side): string {
  if (side === 'models' && f.model) return f.model;
  if (side === 'migrations' && f.revision) return `${f.revision.action} by revision ${f.revision.revision} (${f.revision.at})`;
  return '';
}

/**
 * The text report: the verdict first (it agrees with the exit code), what was compared and
 * what was not, then one block per difference: which sources disagree, what each says, and
 * where (the model's file:line, the revision that last touched it).
 */
export function renderModelsCheckText(result: ModelsCheck, options: { readonly color: boolean }): string {
  const paint = painter(options.color);
  const head = result.status === 'drift' ? paint('red', paint('bold', '✗ drift')) : paint('green', paint('bold', result.summary.total === 0 ? '✓ consistent' : `✓ consistent at or above ${result.failOn}`));
  const lines = [`${head}: ${counts(result)} — ${compared(result)}`, `not compared (models cannot declare them): ${result.notCompared.join(', ')}`, ...result.notes.map((n) => `note: ${n}`)];
  for (const f of result.findings) {
    const { mark, style } = MARK[f.severity];
    lines.push('', `${paint(style, `${mark} ${f.severity.padEnd(7)}`)}  ${objectLabel(f)}: ${disagreement(f.groups)}`);
    for (const group of f.groups) {
      for (const side of group) {
        const where = whereOf(f, side);
        lines.push(`             ${side.padEnd(SIDE_WIDTH)}  ${f.states[side] ?? ''}${where ? `   ${paint('dim', where)}` : ''}`);
      }
    }
  }
  return paint.lines(lines);
}

/** The JSON report (`schemas/models-check.schema.json`). */
export function renderModelsCheckJson(result: ModelsCheck): string {
  return `${jsonText({
    formatVersion: result.formatVersion,
    status: result.status,
    failOn: result.failOn,
    sources: result.sources,
    notCompared: result.notCompared,
    notes: result.notes,
    summary: result.summary,
    findings: result.findings.map((f) => ({
      ids: f.ids,
      objectType: f.objectType,
      schema: f.schema,
      table: f.table,
      name: f.name,
      severity: f.severity,
      disagree: f.groups,
      states: f.states,
      model: f.model,
      revision: f.revision,
      messages: f.changes.map((c) => c.message),
    })),
  })}\n`;
}

/** The markdown report, for a pull-request comment. */
export function renderModelsCheckMarkdown(result: ModelsCheck): string {
  const verdict = result.status === 'drift' ? '✗ **drift**' : '✓ **consistent**';
  const out = [
    `${verdict}: ${escapeMarkdown(counts(result))} — ${escapeMarkdown(compared(result))}`,
    '',
    `Not compared (models cannot declare them): ${escapeMarkdown(result.notCompared.join(', '))}.`,
    ...result.notes.map((n) => `\nNote: ${escapeMarkdown(n)}`),
  ];
  if (result.findings.length > 0) {
    const sides = (['models', 'migrations', 'database'] as const).filter((s) => result.sources[s] !== undefined);
    out.push('', `| | object | disagree | ${sides.join(' | ')} |`, `|---|---|---|${sides.map(() => '---').join('|')}|`);
    for (const f of result.findings) {
      const cells = sides.map((s) => escapeMarkdown(`${f.states[s] ?? ''}${whereOf(f, s) ? ` (${whereOf(f, s)})` : ''}`));
      out.push(`| ${MARK[f.severity].mark} ${f.severity} | ${code(objectLabel(f))} | ${escapeMarkdown(disagreement(f.groups))} | ${cells.join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
