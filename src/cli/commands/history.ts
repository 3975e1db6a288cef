import type { CommandModule } from 'yargs';
import { loadMigrationHistory } from '../../migrations/load-history.js';
import { writeOut } from '../../report/output.js';
import { renderHistory } from '../../report/status-history.js';
import { migrationFlags, requireMigrations, toStatusOptions, type MigrationFlagValues } from '../migration-options.js';

interface Args extends MigrationFlagValues {
  verbose?: boolean;
}

export const historyCommand: CommandModule<object, Args> = {
  command: 'history',
  describe: 'The migration history, newest first, like `alembic history` (no database needed)',
  builder: (y) =>
    migrationFlags(y, true)
      .option('verbose', { alias: 'v', type: 'boolean', description: 'A block per revision: parents, branches, file, message' })
      .example('$0 history --migrations backend/app/migrations', 'parents -> revision, message') as never,
  handler: async (argv) => {
    const history = await loadMigrationHistory(requireMigrations(argv.migrations), toStatusOptions(argv));
    const text = renderHistory(history.graph, argv.verbose ?? false);
    if (text) writeOut(text);
  },
};
