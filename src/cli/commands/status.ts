import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import { shouldUseColor } from '../../report/color.js';
import { renderStatusJson } from '../../report/status-json.js';
import { renderStatusText } from '../../report/status-text.js';
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
import { ciOutputFlags, sourceFlags, type CiOutputFlagValues, type SourceFlagValues } from '../options.js';
import { ciPlaces, deliver, outputFiles, type OutputFormat } from '../outputs.js';

/** What `status --format` prints; `--format-file` writes the same but github. */
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'sarif', 'junit'];

interface Args extends SourceFlagValues, MigrationFlagValues, ReplayFlagValues, CiOutputFlagValues {
  db?: string;
  cache: boolean;
  'cache-dir': string;
  format: 'text' | 'json' | 'github' | 'sarif' | 'junit';
}

export const statusCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.status,
  builder: (y) =>
    // No status rests on a history not read to every head: the same ways out, and cache, as check.
    ciOutputFlags(replayFlags(cacheFlags(migrationFlags(sourceFlags(y), true))), FORMATS)
      .option('db', { type: 'string', description: 'Database (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('format', {
        choices: FORMATS as OutputFormat[],
        default: 'text' as const,
        description: 'Output format (json: schemas/status.schema.json; github, sarif, junit: docs/formats-and-exit-codes.md)',
      })
      .example('$0 status --migrations backend/app/migrations', 'current / heads / pending, and what to run next')
      .example('$0 status --db $DATABASE_URL --migrations db/migrations --format json', 'for scripts') as never,
  handler: async (argv) => {
    // Loaded here, not at the top: --help lists every command and must not load their machinery.
    const [{ migrationStatus }, { ciOfStatus }] = await Promise.all([import('../../migrations/check-migrations.js'), import('../../report/ci-findings.js')]);
    const url = requireDatabaseUrl(argv.db);
    const outputs = outputFiles(argv, FORMATS);
    const replay = toReplayOptions(argv);
    const { history, status } = await migrationStatus(url, requireMigrations(argv.migrations), {
      ...toStatusOptions(argv),
      ...replay,
      cacheDir: argv.cache ? argv['cache-dir'] : null,
    });
    const exitCode = status.state === 'up_to_date' ? 0 : 1;
    await deliver(
      {
        text: (color) => renderStatusText(status, messagesOf(history), { color }),
        json: () => renderStatusJson(status),
        ci: () => ciOfStatus(status, { fileOf: revisionFiles(history), messages: messagesOf(history), places: ciPlaces() }),
      },
      { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode },
    );
    process.exitCode = exitCode;
  },
};
