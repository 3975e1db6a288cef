import type { CommandModule } from 'yargs';
import { migrationStatus } from '../../migrations/check-migrations.js';
import { writeOut } from '../../report/output.js';
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
  toReplayOptions,
  toStatusOptions,
  type MigrationFlagValues,
  type ReplayFlagValues,
} from '../migration-options.js';
import { sourceFlags, type SourceFlagValues } from '../options.js';

interface Args extends SourceFlagValues, MigrationFlagValues, ReplayFlagValues {
  db?: string;
  cache: boolean;
  'cache-dir': string;
  format: 'text' | 'json';
}

export const statusCommand: CommandModule<object, Args> = {
  command: 'status',
  describe: 'Where the database stands against the migrations: current, heads, pending (exit 0 only when up to date)',
  builder: (y) =>
    // No status rests on a history not read to every head: the same ways out, and cache, as check.
    replayFlags(cacheFlags(migrationFlags(sourceFlags(y), true)))
      .option('db', { type: 'string', description: 'Database (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, description: 'Output format (json: schemas/status.schema.json)' })
      .example('$0 status --migrations backend/app/migrations', 'current / heads / pending, and what to run next')
      .example('$0 status --db $DATABASE_URL --migrations db/migrations --format json', 'for scripts') as never,
  handler: async (argv) => {
    const url = requireDatabaseUrl(argv.db);
    const replay = toReplayOptions(argv);
    const { history, status } = await migrationStatus(url, requireMigrations(argv.migrations), {
      ...toStatusOptions(argv),
      ...replay,
      cacheDir: argv.cache ? argv['cache-dir'] : null,
    });
    writeOut(
      argv.format === 'json'
        ? renderStatusJson(status)
        : renderStatusText(status, messagesOf(history), { color: shouldUseColor(process.stdout, process.env) }),
    );
    if (status.state !== 'up_to_date') process.exitCode = 1;
  },
};
