import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import { writeOut } from '../../report/output.js';
import { renderHistory } from '../../report/status-history.js';
import { migrationFlags, requireMigrations, toStatusOptions, type MigrationFlagValues } from '../migration-options.js';

interface Args extends MigrationFlagValues {
  verbose?: boolean;
}

export const historyCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.history,
  builder: (y) =>
    migrationFlags(y, true)
      .option('verbose', { alias: 'v', type: 'boolean', description: 'A block per revision: parents, branches, file, message' })
      .example('$0 history --migrations backend/app/migrations', 'parents -> revision, message') as never,
  handler: async (argv) => {
    const { loadMigrationHistory } = await import('../../migrations/load-history.js');
    const history = await loadMigrationHistory(requireMigrations(argv.migrations), toStatusOptions(argv));
    const text = renderHistory(history.graph, argv.verbose ?? false);
    if (text) writeOut(text);
  },
};
