import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { catalogPrint, describePrint, samePrint, type CatalogPrint, type ObjectPrint } from './catalog-fingerprint.js';
import type { HandMadeDifference, Incident, IncidentTruth } from './incidents.js';
import { parentRevision, referencePrint } from './reference-database.js';
import { withClient } from './with-client.js';

type Role = 'applied' | 'missing' | 'invalid' | HandMadeDifference;

/** The table an object id of a table-owned object names (`column:public.t.c` → `table:public.t`). */
function tableOf(id: string): string | null {
  const m = /^(?:column|constraint|index|trigger):(\w+)\.(\w+)\.[^.]+$/.exec(id);
  return m ? `table:${m[1]}.${m[2]}` : null;
}

/** What the version table of the incident's tool holds: sorted Alembic rows, or golang-migrate's version and flag. */
export function recordedState(incident: Pick<Incident, 'db' | 'tool'>): Promise<{ recorded: string[]; dirty: boolean }> {
  return withClient(incident.db.url, async (client) => {
    if (incident.tool === 'alembic') {
      const { rows } = await client.query<{ v: string }>('SELECT version_num AS v FROM alembic_version ORDER BY 1');
      return { recorded: rows.map((r) => r.v), dirty: false };
    }
    const { rows } = await client.query<{ v: string; dirty: boolean }>('SELECT version::text AS v, dirty FROM schema_migrations');
    return { recorded: rows.map((r) => r.v), dirty: rows.some((r) => r.dirty) };
  });
}

/**
 * Checks `truth` against the incident's database without pgdrift: the version table, and every
 * object of the catalog against databases the same tool migrated cleanly — at `completeThrough`
 * (objects the truth does not mention must be as there), at the partial revision (what it
 * applied must be as it leaves it; what is invalid must be there, unusable, otherwise the same)
 * and at the revision before it (what is missing must be as before). Hand-made differences must
 * be differences from `completeThrough`, of their kind, and their origin line the op that made
 * the object.
 *
 * @example await auditTruth(incident) // [] when the truth holds
 * @returns the discrepancies, one sentence each.
 */
export async function auditTruth(incident: Incident, truth: IncidentTruth = incident.truth): Promise<string[]> {
  const problems: string[] = [];
  const state = await recordedState(incident);
  if (JSON.stringify(state.recorded) !== JSON.stringify(truth.recorded)) {
    problems.push(`version table holds ${JSON.stringify(state.recorded)}, truth says ${JSON.stringify(truth.recorded)}`);
  }
  if (state.dirty !== truth.dirty) problems.push(`dirty is ${state.dirty}, truth says ${truth.dirty}`);

  const actual = await catalogPrint(incident.db.url);
  const complete = await referencePrint(incident, truth.completeThrough);
  const partial = truth.partial;
  const after: CatalogPrint = partial ? await referencePrint(incident, partial.revision) : new Map();
  const before: CatalogPrint = partial ? await referencePrint(incident, parentRevision(incident, partial.revision)) : new Map();

  const roles = new Map<string, Role>();
  for (const role of ['applied', 'missing', 'invalid'] as const) for (const id of partial?.[role] ?? []) roles.set(id, role);
  for (const h of truth.handMade) roles.set(h.id, h);
  // Alembic files start with the revision id, golang-migrate files with the version number.
  const prefix = partial ? (basename(partial.file).split('_')[0] as string) : '';
  if (partial && prefix !== partial.revision && !(/^\d+$/.test(prefix) && Number(prefix) === Number(partial.revision))) {
    problems.push(`partial file ${partial.file} is not revision ${partial.revision}'s`);
  }

  const ids = new Set([...actual.keys(), ...complete.keys(), ...after.keys(), ...before.keys(), ...roles.keys()]);
  for (const id of [...ids].sort()) {
    const role = roles.get(id) ?? roles.get(tableOf(id) ?? '');
    const found = actual.get(id);
    const at = (print: CatalogPrint, label: string | null) => `${describePrint(print.get(id))} at ${label ?? 'base'}`;
    if (role === undefined) {
      if (!samePrint(found, complete.get(id))) {
        problems.push(`${id}: ${describePrint(found)} in the database, ${at(complete, truth.completeThrough)}, and the truth does not say why`);
      }
    } else if (typeof role === 'string') {
      const revision = partial?.revision as string;
      if (samePrint(before.get(id), after.get(id))) problems.push(`${id}: listed as ${role} by ${revision}, which does not change it`);
      if (role === 'applied' && !samePrint(found, after.get(id))) {
        problems.push(`${id}: listed as applied, but ${describePrint(found)} in the database, ${at(after, revision)}`);
      }
      if (role === 'missing' && !samePrint(found, before.get(id))) {
        problems.push(`${id}: listed as missing, but ${describePrint(found)} in the database, ${at(before, 'the revision before')}`);
      }
      const full = after.get(id);
      if (role === 'invalid' && !(found && !found.valid && full?.valid && found.definition === full.definition)) {
        problems.push(`${id}: listed as invalid, but ${describePrint(found)} in the database, ${at(after, revision)}`);
      }
    } else {
      problems.push(...handMadeProblems(role, found, complete.get(id), truth.completeThrough));
    }
  }
  return problems;
}

function handMadeProblems(h: HandMadeDifference, found: ObjectPrint | undefined, expected: ObjectPrint | undefined, at: string | null): string[] {
  const problems: string[] = [];
  const kind = found && expected ? (samePrint(found, expected) ? null : 'changed') : found ? 'unexpected' : expected ? 'missing' : null;
  if (kind !== h.kind) problems.push(`${h.id}: hand-made ${h.kind}, but ${describePrint(found)} in the database, ${describePrint(expected)} at ${at ?? 'base'}`);
  if (h.origin === null) {
    if (expected) problems.push(`${h.id}: origin null, but revision ${at} has it`);
    return problems;
  }
  const line = readFileSync(h.origin.file, 'utf8').split('\n')[h.origin.line - 1] ?? '';
  const name = h.id.slice(h.id.lastIndexOf('.') + 1);
  if (!basename(h.origin.file).startsWith(`${h.origin.revision}_`) || !/^\s*op\.\w+\(/.test(line) || !line.includes(`'${name}'`)) {
    problems.push(`${h.id}: origin ${h.origin.file}:${h.origin.line} is not an op making ${name} in ${h.origin.revision} (${line.trim()})`);
  }
  return problems;
}
