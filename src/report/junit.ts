import { SEVERITIES } from '../compare/change.js';
import type { CiFinding, CiResult } from './ci-result.js';
import { escapeControls, hexCode } from './escape.js';

/**
 * What XML 1.0 cannot hold even as a character reference, once `escapeControls` has shown the
 * C0 and C1 controls as visible escapes: lone surrogates (half an astral character) and the
 * noncharacters U+FFFE and U+FFFF. A parser refuses the whole report on any of them.
 */
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/**
 * Character data: every character a terminal or an XML parser would act on shown as an escape,
 * then `&`, `<`, `>` as entities (`>` too, so that `]]>` cannot appear).
 *
 * @example xmlText('a</failure><x>\u0007') // 'a&lt;/failure&gt;&lt;x&gt;\\x07'
 */
export function xmlText(text: string): string {
  return escapeControls(text)
    .replace(NOT_XML, (c) => `\\u${hexCode(c, 4)}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value between double quotes; a tab as a reference, as a parser would turn it into a space. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;');
}

/** `migration state` → `migration-state`, for class names that read as identifiers. */
const slug = (step: string): string => step.replace(/\s+/g, '-');

function line(f: CiFinding): string {
  const at = f.location ? ` (${f.location.file}${f.location.line !== null ? `:${f.location.line}` : ''})` : '';
  return `${f.severity}: ${f.message}${at}`;
}

interface TestCase {
  readonly name: string;
  readonly findings: readonly CiFinding[];
}

/** A step's test cases: one per object type found (`column`, `index`, `migration`), or the step itself, passed. */
function casesOf(step: string, findings: readonly CiFinding[]): TestCase[] {
  const mine = findings.filter((f) => f.step === step);
  if (mine.length === 0) return [{ name: step, findings: [] }];
  const types = [...new Set(mine.map((f) => f.objectType))];
  return types.map((t) => ({ name: t, findings: mine.filter((f) => f.objectType === t) }));
}

function testCase(step: string, c: TestCase): string[] {
  const open = `    <testcase classname="${xmlAttribute(`pgdrift.${slug(step)}`)}" name="${xmlAttribute(c.name)}"`;
  if (c.findings.length === 0) return [`${open}/>`];
  // The most severe first: the failure's message names one of them.
  const failing = c.findings.filter((f) => f.failing).sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  // Each line escaped on its own: the line breaks between them are the report's.
  const body = c.findings.map((f) => xmlText(line(f))).join('\n');
  if (failing.length === 0) return [`${open}>`, `      <system-out>${body}</system-out>`, '    </testcase>'];
  const first = failing[0] as CiFinding;
  const message = failing.length === 1 ? first.message : `${failing.length} findings; first: ${first.message}`;
  return [`${open}>`, `      <failure message="${xmlAttribute(message)}" type="${xmlAttribute(first.rule)}">${body}</failure>`, '    </testcase>'];
}

/**
 * `--format junit`: JUnit XML as GitLab, Jenkins and the GitHub test-report actions read it.
 * One test suite per check step (`migration state`, `schema`, `models`); in each, one test case
 * per object type with findings — failed when one of them is at or above `--fail-on`, its
 * findings the failure's text — or the step as one passed test case when it found nothing.
 * Every name and message is data: escaped, control characters shown, nothing XML 1.0 forbids.
 *
 * @example
 * renderJunit(result)
 * // <testsuites name="pgdrift check" tests="2" failures="1" errors="0">
 * //   <testsuite name="schema" …><testcase classname="pgdrift.schema" name="column"><failure …
 */
export function renderJunit(result: CiResult): string {
  const suites = result.steps.map((step) => ({ step, cases: casesOf(step, result.findings) }));
  const failed = (c: TestCase) => c.findings.some((f) => f.failing);
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter(failed).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttribute(`pgdrift ${result.command}`)}" tests="${tests}" failures="${failures}" errors="0">`,
  ];
  for (const { step, cases } of suites) {
    lines.push(`  <testsuite name="${xmlAttribute(step)}" tests="${cases.length}" failures="${cases.filter(failed).length}" errors="0" skipped="0">`);
    lines.push(`    <properties><property name="target" value="${xmlAttribute(result.target)}"/></properties>`);
    for (const c of cases) lines.push(...testCase(step, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
