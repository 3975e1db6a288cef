import { upgradeCommand } from '../migrations/next-steps.js';
import type { DiagnoseContext } from './diagnose.js';
import type { Remedy } from './remedy.js';
import type { Verdict } from './verdict.js';

/**
 * What to do, in order: the recommended remedy (and its alternative), the version-table
 * correction, then the migrations still pending. Scripts are written by `--emit-sql`; pgdrift
 * runs none of it.
 *
 * @example
 * diagnosisNextSteps(context, verdict, remedies)
 * // ['finish revision b4c5…: write the script with --emit-sql FILE, review it, run it with psql; it ends by recording the revision (as `alembic stamp b4c5…` would)', …]
 */
export function diagnosisNextSteps(context: DiagnoseContext, verdict: Verdict, remedies: readonly Remedy[]): string[] {
  if (verdict.state === 'healthy') return [];
  // One line per remedy, in the remedies' order: the text report prints each remedy's SQL under its line.
  const steps = remedies.map((r) => {
    const write = `${r.recommended ? '' : `--remedy ${r.kind} `}--emit-sql FILE`;
    const record = r.versionTable?.command ? `; the script ends with what \`${r.versionTable.command}\` does` : '';
    return r.kind === 'stamp' && r.versionTable?.command ? `\`${r.versionTable.command}\`: ${r.title}` : `${r.title} [${write}${record}]`;
  });
  // After finishing a half-applied revision, what lies beyond it.
  const from = context.reading.partial && !context.reading.partial.behind ? context.reading.partial.step : context.reading.at;
  const pending = context.order.length - from;
  if (pending > 0) {
    steps.push(`${steps.length > 0 ? 'then ' : ''}\`${upgradeCommand(context.history, context.status.heads)}\`: ${pending} ${pending === 1 ? 'revision' : 'revisions'} to apply`);
  }
  for (const p of context.status.problems) if (p.state === 'multiple_heads') steps.push(`the code has several heads (${p.revisions.join(', ')}): ${context.status.next[0] ?? 'merge them'}`);
  return steps;
}
