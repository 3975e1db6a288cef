import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import type { Diagnosis } from '../../../src/diagnose/diagnosis.js';
import type { RemedyKind } from '../../../src/diagnose/remedy.js';
import { diagnosisObject } from '../../../src/report/diagnose-json.js';
import { renderRemedyScript } from '../../../src/report/remedy-script.js';
import { repoRoot } from '../../helpers/cli.js';
import type { TestDatabase } from '../../helpers/db.js';

const run = promisify(execFile);

/** A validator for `schemas/diagnose.schema.json`, taking a Diagnosis or its JSON form. */
export function diagnosisValidator(): (d: Diagnosis | unknown) => string | null {
  const ajv = new Ajv({ allErrors: false, allowUnionTypes: true, strict: true });
  const load = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'schemas', name), 'utf8')) as object;
  ajv.addSchema(load('report.schema.json'));
  ajv.addSchema(load('diagnose.schema.json'));
  const validate = ajv.getSchema('urn:pgdrift:schema:diagnose:1');
  if (!validate) throw new Error('diagnose schema not found');
  return (d) => {
    const json = typeof d === 'object' && d !== null && 'remedies' in d && Array.isArray((d as Diagnosis).remedies) && (d as Diagnosis).remedies.some((r) => 'plan' in r)
      ? JSON.parse(JSON.stringify(diagnosisObject(d as Diagnosis)))
      : d;
    return validate(json) ? null : ajv.errorsText(validate.errors);
  };
}

/**
 * Writes a remedy's script as `diagnose --emit-sql` does and runs it the way its header says:
 * `psql -v ON_ERROR_STOP=1 -f FILE`. Throws with psql's message when a statement fails.
 */
export async function applyRemedy(db: TestDatabase, d: Diagnosis, kind: RemedyKind): Promise<string> {
  const remedy = d.remedies.find((r) => r.kind === kind);
  if (!remedy) throw new Error(`no ${kind} remedy; offered: ${d.remedies.map((r) => r.kind).join(', ')}`);
  const script = renderRemedyScript(d, remedy, new Date());
  const dir = await mkdtemp(join(tmpdir(), 'pgdrift-remedy-'));
  try {
    const file = join(dir, `${kind}.sql`);
    await writeFile(file, script);
    try {
      await run('psql', ['--no-password', '--quiet', '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '--dbname', db.url, '--file', file]);
    } catch (err) {
      throw new Error(`the ${kind} script failed: ${(err as { stderr?: string }).stderr ?? String(err)}\n${script}`);
    }
    return script;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
