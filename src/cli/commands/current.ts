import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import { writeOut } from '../../report/output.js';
import { renderCurrent } from '../../report/status-history.js';
import { redactUrl } from '../../redact.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { sourceFlags, type SourceFlagValues } from '../options.js';
import { migrationFlags, requireMigrations, toStatusOptions, type MigrationFlagValues } from '../migration-options.js';

interface Args extends SourceFlagValues, MigrationFlagValues {
  db?: string;
  verbose?: boolean;
}

export const currentCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.current,
  builder: (y) =>
    migrationFlags(sourceFlags(y), true)
      .option('db', { type: 'string', description: 'Database (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('verbose', { alias: 'v', type: 'boolean', description: 'Parents, branches, file and message of each revision' })
      .example('$0 current --db $DATABASE_URL --migrations backend/app/migrations', 'prints e.g. c5d6e7f8091a') as never,
  handler: async (argv) => {
    const { migrationStatus } = await import('../../migrations/check-migrations.js');
    const url = requireDatabaseUrl(argv.db);
    const { history, status } = await migrationStatus(url, requireMigrations(argv.migrations), toStatusOptions(argv));
    const text = renderCurrent(history.graph, status.current, argv.verbose ?? false, redactUrl(url));
    if (text) writeOut(text);
    if (status.problems.some((p) => p.state === 'unknown_revision' || p.state === 'ahead')) process.exitCode = 1;
  },
};
