import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import { writeOut } from '../../report/output.js';
import { renderHeads } from '../../report/status-history.js';
import { migrationFlags, requireMigrations, toStatusOptions, type MigrationFlagValues } from '../migration-options.js';

interface Args extends MigrationFlagValues {
  verbose?: boolean;
}

export const headsCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.heads,
  builder: (y) =>
    migrationFlags(y, true)
      .option('verbose', { alias: 'v', type: 'boolean', description: 'Parents, branches, file and message of each head' })
      .example('$0 heads --migrations backend/app/migrations', 'more than one line means a merge is missing') as never,
  handler: async (argv) => {
    const { loadMigrationHistory } = await import('../../migrations/load-history.js');
    const history = await loadMigrationHistory(requireMigrations(argv.migrations), toStatusOptions(argv));
    const text = renderHeads(history.graph, argv.verbose ?? false);
    if (text) writeOut(text);
  },
};
