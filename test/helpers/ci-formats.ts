import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { repoRoot } from './cli.js';

/*
 * Checks of the CI formats against what their readers accept: the official SARIF 2.1.0 schema
 * (OASIS, errata 01; vendored as test/report/fixtures/sarif-schema-2.1.0.json — it is the
 * spec, a draft-04 schema, hence ajv-draft-04), the line grammar of Prometheus's text format,
 * and what the Actions runner takes for a workflow command.
 */

const require = createRequire(import.meta.url);

/** A validator of SARIF logs: null when valid, else ajv's errors as text. */
export function sarifValidator(): (log: unknown) => string | null {
  const Ajv04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: ErrorObject[] | null } };
  const addFormats = require('ajv-formats') as (ajv: unknown) => void;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'test/report/fixtures/sarif-schema-2.1.0.json'), 'utf8')));
  return (log) => (validate(log) ? null : JSON.stringify(validate.errors, null, 1));
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(${LABEL}(?:,${LABEL})*)?\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$`);
const HELP = new RegExp(`^# HELP (${NAME}) (?:[^\\\\\\n]|\\\\[\\\\n])*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

/**
 * The samples of a Prometheus text-format (0.0.4) file, each line checked against the format's
 * grammar: HELP and TYPE before a metric's samples, every sample's labels quoted and escaped,
 * a metric's samples together, the file ending with a newline.
 */
export function parsePrometheusText(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  if (!text.endsWith('\n')) throw new Error('the file must end with a newline');
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const typed = new Set<string>();
  const finished = new Set<string>();
  let current = '';
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const help = HELP.exec(line);
    const type = TYPE.exec(line);
    const sample = SAMPLE.exec(line);
    const name = help?.[1] ?? type?.[1] ?? sample?.[1];
    if (name === undefined) throw new Error(`line ${i + 1} is not in the text format: ${JSON.stringify(line)}`);
    if (name !== current) {
      if (finished.has(name)) throw new Error(`line ${i + 1}: ${name}'s lines are not together`);
      if (current) finished.add(current);
      current = name;
    }
    if (type) typed.add(name);
    if (sample) {
      if (!typed.has(name)) throw new Error(`line ${i + 1}: a sample of ${name} before its TYPE`);
      const labels: Record<string, string> = {};
      for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
      }
      samples.push({ name, labels, value: Number(sample[3]) });
    }
  }
  return samples;
}

/**
 * The lines of `--format github` output that the Actions runner takes for a workflow command:
 * those starting with `::` once leading blanks are trimmed, as the runner trims them.
 */
export function workflowCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((l) => l.trimStart().startsWith('::'));
}
