import { isAbsolute, relative, resolve, sep } from 'node:path';
import { atOrAbove, type Change, type Severity } from '../compare/change.js';
import type { ModelsCheck } from '../check-models/check-models.js';
import { disagreement, type Side } from '../check-models/findings.js';
import type { Diagnosis, RevisionObjectFinding } from '../diagnose/diagnosis.js';
import type { MigrationCheck } from '../migrations/check-migrations.js';
import type { MigrationStatus, StatusProblem } from '../migrations/status.js';
import { qualifiedName, type CiFinding, type CiLocation, type CiResult } from './ci-result.js';
import { code, escapeMarkdown } from './markdown.js';
import { severityCounts, type Report } from './report.js';

/** Where paths are resolved from and made relative to. */
export interface CiPlaces {
  /** The repository root locations are relative to (`$GITHUB_WORKSPACE`, else the working folder). */
  readonly root: string;
  /** The folder relative paths in results are relative to (the working folder). */
  readonly cwd: string;
}

/**
 * A path as a repository location: relative to the root, `/`-separated; null when it lies
 * outside the root (a file GitHub cannot show, and a SARIF consumer cannot resolve).
 *
 * @example placeOf('migrations/001.sql', 12, null, { root: '/repo', cwd: '/repo' }) // { file: 'migrations/001.sql', line: 12, column: null }
 */
export function placeOf(path: string, line: number | null, column: number | null, places: CiPlaces): CiLocation | null {
  const r = relative(places.root, resolve(places.cwd, path));
  if (r.startsWith('..') || isAbsolute(r)) return null;
  return { file: r === '' ? '.' : r.split(sep).join('/'), line, column };
}

/** `file:line:column` or `file:line` (as the models and revision origins are shown) as a location. */
export function placeOfShown(where: string, places: CiPlaces): CiLocation | null {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(where);
  if (!m) return placeOf(where, null, null, places);
  return placeOf(m[1] as string, Number(m[2]), m[3] !== undefined ? Number(m[3]) : null, places);
}

/** `1 error`, `2 errors`. */
const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A schema change as a finding; `location` where the code made the object, when known. */
function changeFinding(c: Change, failOn: Severity, location: CiLocation | null, step = 'schema'): CiFinding {
  const name = qualifiedName(c);
  return {
    rule: `drift/${c.objectType}/${c.kind}`,
    severity: c.severity,
    failing: atOrAbove(c.severity, failOn),
    title: `${c.objectType} ${name} ${c.kind}`,
    message: c.message,
    fingerprint: c.id,
    location,
    object: { type: c.objectType, name },
    step,
    objectType: c.objectType,
    kind: c.kind,
  };
}

/** A migration-state finding (pending, dirty, unknown revision…): located at the first revision's file. */
function stateFinding(state: string, severity: Severity, failing: boolean, message: string, revisions: readonly string[], location: CiLocation | null): CiFinding {
  const kind = state.replace(/_/g, '-');
  return {
    rule: `migration/${kind}`,
    severity,
    failing,
    title: `migration state: ${state.replace(/_/g, ' ')}`,
    message,
    // Pending revisions are one finding each; the others one per state.
    fingerprint: `migration/${kind}${revisions.length > 0 ? `:${revisions.join(',')}` : ''}`,
    location,
    object: null,
    step: 'migration state',
    objectType: 'migration',
    kind,
  };
}

/** The verdict line of a comparison report. */
function reportVerdict(report: Report): string {
  const s = report.summary;
  const head = report.status === 'drift' ? 'drift' : s.total === 0 ? 'no drift' : `no drift at or above ${report.failOn}`;
  return `${head}: ${severityCounts(s)}`;
}

/**
 * `check --expected` and `diff`: each change a finding, without a place of its own (a live
 * database says nothing about where the code declares an object), pointed at the expected
 * file when one was given.
 */
export function ciOfReport(report: Report, context: { readonly command: string; readonly expectedFile: string | null; readonly places: CiPlaces; readonly summary: string }): CiResult {
  return {
    command: context.command,
    status: report.status === 'drift' ? 'fail' : 'pass',
    verdict: reportVerdict(report),
    target: report.actual.description,
    fallback: context.expectedFile === null ? null : placeOf(context.expectedFile, null, null, context.places),
    steps: ['schema'],
    findings: report.changes.map((c) => changeFinding(c, report.failOn, null)),
    summary: context.summary,
  };
}

/** Looks up a revision's file (the history's graph); null for a revision the code does not have. */
export type RevisionFiles = (revision: string) => string | null;

function revisionPlace(revisions: readonly string[], fileOf: RevisionFiles, places: CiPlaces): CiLocation | null {
  for (const r of revisions) {
    const file = fileOf(r);
    if (file !== null) return placeOf(file, null, null, places);
  }
  return null;
}

/**
 * `check --migrations`: the state findings at the files of their revisions (a pending
 * revision's file); each schema change at the line of the revision that made, changed or
 * dropped its object (`origins`, attributed as `diagnose` does), else at the migrations folder
 * (an object no revision knows: made by hand).
 */
export function ciOfMigrationCheck(
  result: MigrationCheck,
  context: { readonly fileOf: RevisionFiles; readonly origins?: ReadonlyMap<string, { readonly file: string; readonly line: number | null }>; readonly places: CiPlaces; readonly summary: string },
): CiResult {
  const { places, fileOf } = context;
  const failing = (s: Severity) => atOrAbove(s, result.failOn);
  const at = (id: string) => {
    const origin = context.origins?.get(id);
    return origin ? placeOf(origin.file, origin.line, null, places) : null;
  };
  const findings = [
    ...result.findings.map((f) => stateFinding(f.state, f.severity, failing(f.severity), f.message, f.revisions, revisionPlace(f.revisions, fileOf, places))),
    ...(result.schema?.changes ?? []).map((c) => changeFinding(c, result.failOn, at(c.id))),
  ];
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    command: 'check',
    status: result.status === 'drift' ? 'fail' : 'pass',
    verdict: `${result.status === 'drift' ? 'drift' : 'consistent'}: ${counted(n('error'), 'error')}, ${counted(n('warning'), 'warning')}, ${n('info')} info — migration state ${result.migrations.state.replace(/_/g, ' ')}`,
    target: result.migrations.database,
    fallback: placeOf(result.migrations.migrations, null, null, places),
    steps: ['migration state', 'schema'],
    findings,
    summary: context.summary,
  };
}

const SIDES: readonly Side[] = ['models', 'migrations', 'database'];

/**
 * `check --models`: each difference at the model's `file:line:column`, else at the line of the
 * revision that last touched the object, else at the models folder.
 */
export function ciOfModelsCheck(result: ModelsCheck, context: { readonly models: string; readonly places: CiPlaces; readonly summary: string }): CiResult {
  const { places } = context;
  const findings = result.findings.map((f): CiFinding => {
    const name = qualifiedName(f);
    const title = `${f.objectType} ${name}: ${disagreement(f.groups)}`;
    const says = SIDES.filter((s) => f.states[s] !== undefined).map((s) => `${s}: ${f.states[s] as string}`);
    const kind = f.changes[0]?.kind ?? 'changed';
    return {
      rule: `models/${f.objectType}/${kind}`,
      severity: f.severity,
      failing: atOrAbove(f.severity, result.failOn),
      title,
      message: `${title} (${says.join('; ')})`,
      fingerprint: f.ids.join('+'),
      location: (f.model !== null ? placeOfShown(f.model, places) : null) ?? (f.revision !== null ? placeOfShown(f.revision.at, places) : null),
      object: { type: f.objectType, name },
      step: 'models',
      objectType: f.objectType,
      kind,
    };
  });
  const { error, warning, info, total } = result.summary;
  return {
    command: 'check',
    status: result.status === 'drift' ? 'fail' : 'pass',
    verdict: `${result.status === 'drift' ? 'drift' : 'consistent'}: ${counted(total, 'difference')} (${counted(error, 'error')}, ${counted(warning, 'warning')}, ${info} info)`,
    target: result.sources.database ?? result.sources.migrations ?? result.sources.models ?? context.models,
    fallback: placeOf(context.models, null, null, places),
    steps: ['models'],
    findings,
    summary: context.summary,
  };
}

function halfAppliedFinding(d: Diagnosis, o: RevisionObjectFinding, kind: 'missing' | 'invalid', places: CiPlaces): CiFinding {
  const partial = d.partial as NonNullable<Diagnosis['partial']>;
  const name = qualifiedName(o);
  const revision = partial.message ? `${partial.revision} (${partial.message})` : partial.revision;
  return {
    rule: `migration/half-applied/${kind}`,
    severity: 'error',
    failing: true,
    title: `${o.objectType} ${name} ${kind}: revision ${partial.revision} half-applied`,
    message: `revision ${revision} is half-applied: ${o.objectType} ${name} is ${kind}`,
    fingerprint: `half-applied:${partial.revision}:${o.id}`,
    location: o.file !== null ? placeOf(o.file, o.line, null, places) : placeOf(partial.file, null, null, places),
    object: { type: o.objectType, name },
    step: 'migration state',
    objectType: o.objectType,
    kind,
  };
}

/**
 * `diagnose`: the objects a half-applied revision left missing or invalid, at its lines; each
 * difference no revision explains at the line of the revision that made the object; and the
 * verdict itself when no such finding says it (behind, wrong stamp, failed run…).
 */
export function ciOfDiagnosis(d: Diagnosis, context: { readonly failOn: Severity; readonly fileOf: RevisionFiles; readonly places: CiPlaces }): CiResult {
  const { places } = context;
  const findings: CiFinding[] = [];
  if (d.partial) {
    for (const o of d.partial.missing) findings.push(halfAppliedFinding(d, o, 'missing', places));
    for (const o of d.partial.invalid) findings.push(halfAppliedFinding(d, o, 'invalid', places));
  }
  for (const f of d.drift) findings.push(changeFinding(f, context.failOn, f.origin ? placeOf(f.origin.file, f.origin.line, null, places) : null));
  // The verdict is a finding of its own when none of the above carries it: the exit code and
  // the failures must agree.
  const action = d.status === 'action';
  if (d.state !== 'healthy' && (findings.length === 0 || (action && !findings.some((f) => f.failing)))) {
    const revisions = d.state === 'behind' ? d.pending : d.bestMatch.revision !== null ? [d.bestMatch.revision] : [];
    findings.unshift(stateFinding(d.state, action ? 'error' : 'info', action, d.verdict, revisions, revisionPlace(revisions, context.fileOf, places)));
  }
  return {
    command: 'diagnose',
    status: action ? 'fail' : 'pass',
    verdict: d.verdict,
    target: d.database,
    fallback: placeOf(d.migrations, null, null, places),
    steps: ['migration state', 'schema'],
    findings,
    summary: summaryOf(d.verdict, action, findings),
  };
}

/** `status`: each problem (pending revisions one by one) at its revision's file. */
export function ciOfStatus(status: MigrationStatus, context: { readonly fileOf: RevisionFiles; readonly messages: (revision: string) => string | null; readonly places: CiPlaces }): CiResult {
  const { places, fileOf } = context;
  const one = (p: StatusProblem, revisions: readonly string[], message: string) =>
    stateFinding(p.state, p.state === 'behind' ? 'warning' : 'error', true, message, revisions, revisionPlace(revisions, fileOf, places));
  const findings = status.problems.flatMap((p) =>
    p.state === 'behind'
      ? p.revisions.map((id) => {
          const message = context.messages(id);
          return one(p, [id], `revision ${id}${message ? ` (${message})` : ''} is pending`);
        })
      : [one(p, p.revisions, p.message)],
  );
  const fail = status.state !== 'up_to_date';
  const verdict = `${status.state.replace(/_/g, ' ')}: ${status.current.length > 0 ? `at ${status.current.join(', ')}` : 'no revision recorded'}, head ${status.heads.join(', ')}`;
  return {
    command: 'status',
    status: fail ? 'fail' : 'pass',
    verdict,
    target: status.database,
    fallback: placeOf(status.migrations, null, null, places),
    steps: ['migration state'],
    findings,
    summary: summaryOf(verdict, fail, findings),
  };
}

const MARK: Readonly<Record<Severity, string>> = { error: '✗', warning: '⚠', info: 'ℹ' };

/**
 * A job summary for the commands without a markdown report of their own (`diagnose`, `status`):
 * the verdict, then a table of findings with where each is.
 */
export function summaryOf(verdict: string, fail: boolean, findings: readonly CiFinding[]): string {
  const lines = [`## ${fail ? '✗' : '✓'} pgdrift: ${escapeMarkdown(verdict)}`];
  if (findings.length > 0) {
    lines.push('', '| severity | finding | where |', '| --- | --- | --- |');
    for (const f of findings) {
      const where = f.location ? code(`${f.location.file}${f.location.line !== null ? `:${f.location.line}` : ''}`) : '';
      lines.push(`| ${MARK[f.severity]} ${f.severity} | ${escapeMarkdown(f.message)} | ${where} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
