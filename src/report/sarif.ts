import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import type { Severity } from '../compare/change.js';
import type { CiFinding, CiLocation, CiResult } from './ci-result.js';
import { escapeControls, jsonText } from './escape.js';

/** The OASIS schema a SARIF 2.1.0 log names (the errata 01 version, the one in force). */
const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The package's page: the project publishes no other address. */
const INFORMATION_URI = 'https://www.npmjs.com/package/pgdrift';

const LEVEL: Readonly<Record<Severity, Result.level>> = { error: 'error', warning: 'warning', info: 'note' };

/** What each kind of finding means, for the rule's description (`drift/column/missing` → …). */
function describeRule(rule: string): { readonly short: string; readonly full: string } {
  const [family, a = '', b = ''] = rule.split('/');
  const type = a.replace(/_/g, ' ');
  if (family === 'drift') {
    if (b === 'missing') return { short: `${type} missing`, full: `The expected schema declares this ${type}; the database lacks it.` };
    if (b === 'unexpected') return { short: `${type} unexpected`, full: `The database has this ${type}; the expected schema does not declare it.` };
    return { short: `${type} changed`, full: `This ${type} differs between the expected schema and the database.` };
  }
  if (family === 'models') return { short: `${type} differs from the models`, full: `The SQLAlchemy models, the migrations at head and/or the database disagree about this ${type}.` };
  if (a === 'half-applied') return { short: `half-applied revision: object ${b}`, full: `A revision ran only in part: an object it creates is ${b} in the database.` };
  const state = a.replace(/-/g, ' ');
  return { short: `migration state: ${state}`, full: `The database's migration state is ${state} (see the finding's message for the revisions and what to run).` };
}

/** `drift/column/missing` → `DriftColumnMissing`: SARIF's rule names are identifiers. */
function ruleName(rule: string): string {
  return rule
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Half a surrogate pair: no URI can encode it (a path read from disk never holds one; a name might). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A relative path as a URI reference: each segment percent-encoded (a space, `#`, `?`, a `:` that would read as a scheme). */
function uriOf(file: string): string {
  if (file === '.') return './';
  return file
    .replace(LONE_SURROGATE, '\ufffd')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}

function locationOf(f: CiFinding, fallback: CiLocation | null): Location[] {
  const place = f.location ?? fallback;
  const location: Location = {};
  if (place) {
    location.physicalLocation = {
      artifactLocation: { uri: uriOf(place.file), uriBaseId: '%SRCROOT%' },
      ...(place.line !== null ? { region: { startLine: place.line, ...(place.column !== null ? { startColumn: place.column } : {}) } } : {}),
    };
  }
  if (f.object) location.logicalLocations = [{ fullyQualifiedName: escapeControls(f.object.name), kind: f.object.type }];
  return Object.keys(location).length === 0 ? [] : [location];
}

/**
 * `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning (and any SARIF viewer). One run;
 * one rule per kind of finding that occurs (`drift/<object type>/<missing|unexpected|changed>`,
 * `models/<object type>/<kind>`, `migration/<state>`, `migration/half-applied/<kind>`); each
 * result at the file and line where the code made the object when known, else at the migrations
 * folder, models or expected-schema file that was given (code scanning refuses a result without
 * a location), and always at the database object as a logical location. `partialFingerprints`
 * carries the finding's stable id, so an alert follows its object from run to run.
 *
 * @example
 * await writeFile('pgdrift.sarif', renderSarif(result, { version: '0.1.0' }));
 */
export function renderSarif(result: CiResult, options: { readonly version: string }): string {
  const ruleIds = [...new Set(result.findings.map((f) => f.rule))];
  const rules: ReportingDescriptor[] = ruleIds.map((id) => {
    const { short, full } = describeRule(id);
    // The rule's default level: the highest severity it was found at.
    const severities = result.findings.filter((f) => f.rule === id).map((f) => f.severity);
    const level = LEVEL[(['error', 'warning', 'info'] as const).find((s) => severities.includes(s)) ?? 'warning'];
    return { id, name: ruleName(id), shortDescription: { text: short }, fullDescription: { text: full }, defaultConfiguration: { level } };
  });
  const results: Result[] = result.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIds.indexOf(f.rule),
    level: LEVEL[f.severity],
    message: { text: escapeControls(f.message) },
    locations: locationOf(f, result.fallback),
    partialFingerprints: { 'pgdriftFindingId/v1': f.fingerprint },
    properties: { severity: f.severity, failing: f.failing, step: f.step },
  }));
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'pgdrift', version: options.version, semanticVersion: options.version, informationUri: INFORMATION_URI, rules } },
        // One category per command: a `check` upload does not close a `diagnose` upload's alerts.
        automationDetails: { id: `pgdrift/${result.command}/` },
        results,
      },
    ],
  };
  return `${jsonText(log)}\n`;
}
