import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import { SEVERITIES, type Severity } from '../../compare/change.js';
import type { Remedy, RemedyKind } from '../../diagnose/remedy.js';
import { InputError } from '../../errors.js';
import { shouldUseColor } from '../../report/color.js';
import { renderDiagnosisJson } from '../../report/diagnose-json.js';
import { renderDiagnosisText } from '../../report/diagnose-text.js';
import { renderRemedyScript } from '../../report/remedy-script.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import {
  cacheFlags,
  messagesOf,
  migrationFlags,
  replayFlags,
  requireMigrations,
  revisionFiles,
  toReplayOptions,
  toStatusOptions,
  type MigrationFlagValues,
  type ReplayFlagValues,
} from '../migration-options.js';
import { ciOutputFlags, sourceFlags, toSourceOptions, type CiOutputFlagValues, type SourceFlagValues } from '../options.js';
import { ciPlaces, deliver, outputFiles, type OutputFormat } from '../outputs.js';
import { writeTextFile } from '../write-text-file.js';

const REMEDIES: readonly RemedyKind[] = ['finish', 'revert', 'restore', 'stamp'];

/** What `diagnose --format` prints; `--format-file` writes the same but github. */
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'sarif', 'junit'];

interface Args extends SourceFlagValues, MigrationFlagValues, ReplayFlagValues, CiOutputFlagValues {
  db?: string;
  format: 'text' | 'json' | 'github' | 'sarif' | 'junit';
  'fail-on': Severity;
  'require-head'?: boolean;
  'emit-sql'?: string;
  remedy?: RemedyKind;
  'cache-dir': string;
  cache: boolean;
}

export const diagnoseCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.diagnose,
  builder: (y) =>
    ciOutputFlags(replayFlags(cacheFlags(migrationFlags(sourceFlags(y), true))), FORMATS)
      .option('db', { type: 'string', description: 'Database to diagnose (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('format', {
        choices: FORMATS as OutputFormat[],
        default: 'text' as const,
        description: 'Output format (json: schemas/diagnose.schema.json; github, sarif, junit: docs/formats-and-exit-codes.md)',
      })
      .option('fail-on', {
        choices: SEVERITIES as Severity[],
        default: 'warning' as Severity,
        description: 'Differences no revision explains need action (exit 1) from this severity up',
      })
      .option('require-head', { type: 'boolean', description: 'A consistent database with revisions pending needs action too (exit 1)' })
      .option('emit-sql', { type: 'string', description: 'Write the recommended remedy (or --remedy) as an SQL script to review and run; pgdrift never runs it', requiresArg: true })
      .option('remedy', { choices: REMEDIES as RemedyKind[], description: 'The remedy --emit-sql writes (default: the recommended one)' })
      .example('$0 diagnose --db $DATABASE_URL --migrations backend/app/migrations', 'the on-call verdict, evidence and next steps')
      .example('$0 diagnose --migrations migrations --emit-sql fix.sql', 'the SQL that finishes a half-applied revision, then records it')
      .example('$0 diagnose --migrations migrations --remedy revert --emit-sql revert.sql', 'or the SQL that undoes it')
      .example('$0 diagnose --migrations migrations --format json', 'for tools: schemas/diagnose.schema.json') as never,
  handler: async (argv) => {
    // Loaded here, not at the top: --help lists every command and must not load their machinery.
    const [{ diagnoseHistory }, { loadMigrationHistory }, { ciOfDiagnosis }] = await Promise.all([
      import('../../diagnose/diagnose.js'),
      import('../../migrations/load-history.js'),
      import('../../report/ci-findings.js'),
    ]);
    if (argv.remedy !== undefined && argv['emit-sql'] === undefined) throw new InputError('--remedy chooses what --emit-sql writes: give --emit-sql FILE too');
    const url = requireDatabaseUrl(argv.db);
    const outputs = outputFiles(argv, FORMATS);
    const replay = toReplayOptions(argv);
    // Read the folder first: a broken history is bad input (exit 2) before any connection is tried.
    const history = await loadMigrationHistory(requireMigrations(argv.migrations), { ...toStatusOptions(argv), ...replay });
    const diagnosis = await diagnoseHistory(url, history, {
      ...toStatusOptions(argv),
      ...toSourceOptions(argv),
      failOn: argv['fail-on'],
      requireHead: argv['require-head'] ?? false,
      cacheDir: argv.cache ? argv['cache-dir'] : null,
    });
    let emitted: { readonly file: string | null; readonly remedy: Remedy | null } | undefined;
    const remedy = argv.remedy === undefined ? (diagnosis.remedies.find((r) => r.recommended) ?? diagnosis.remedies[0]) : diagnosis.remedies.find((r) => r.kind === argv.remedy);
    const withheld = diagnosis.withheldRemedies.find((w) => w.kind === argv.remedy);
    if (argv['emit-sql'] !== undefined && remedy === undefined && withheld !== undefined) {
      throw new InputError(`the ${withheld.kind} remedy is not offered: ${withheld.reason}`);
    }
    if (argv['emit-sql'] !== undefined && argv.remedy !== undefined && remedy === undefined) {
      const offered = diagnosis.remedies.map((r) => r.kind).join(', ');
      throw new InputError(`no ${argv.remedy} remedy to write: ${offered ? `this diagnosis offers ${offered}` : 'nothing needs fixing'} (${diagnosis.verdict})`);
    }
    if (argv['emit-sql'] !== undefined && remedy !== undefined && remedy.plan.statements.length === 0 && (remedy.versionTable?.sql.length ?? 0) === 0) {
      throw new InputError(`the ${remedy.kind} remedy has no SQL to write: run \`${remedy.versionTable?.command ?? remedy.title}\` (the tool creates its own version table)`);
    }
    if (argv['emit-sql'] !== undefined && remedy === undefined) {
      // Nothing to fix: no file, and the report says so (a pipeline may always pass the flag).
      emitted = { file: null, remedy: null };
    } else if (argv['emit-sql'] !== undefined && remedy !== undefined) {
      try {
        writeTextFile(argv['emit-sql'], renderRemedyScript(diagnosis, remedy, new Date()));
      } catch (err) {
        throw new InputError(`${argv['emit-sql']}: cannot write the script (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      emitted = { file: argv['emit-sql'], remedy };
    }
    const exitCode = diagnosis.status === 'ok' ? 0 : 1;
    await deliver(
      {
        text: (color) => renderDiagnosisText(diagnosis, messagesOf(history), { color, ...(emitted ? { emitted } : {}) }),
        json: () => renderDiagnosisJson(diagnosis),
        ci: () => ciOfDiagnosis(diagnosis, { failOn: argv['fail-on'], fileOf: revisionFiles(history), places: ciPlaces() }),
      },
      { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode },
    );
    process.exitCode = exitCode;
  },
};
