#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../errors.js';
import { writeErr } from '../report/output.js';
import { exitWithError } from './errors.js';
import { snapshotCommand } from './commands/snapshot.js';
import { checkCommand } from './commands/check.js';
import { diffCommand } from './commands/diff.js';
import { demoCommand } from './commands/demo.js';
import { statusCommand } from './commands/status.js';
import { headsCommand } from './commands/heads.js';
import { historyCommand } from './commands/history.js';
import { currentCommand } from './commands/current.js';
import { version } from './version.js';

const argv = hideBin(process.argv);
const debug = argv.includes('--debug');

// Errors thrown while a command runs end here, so every exit path keeps the 0/1/2/3 contract.
process.on('unhandledRejection', (err) => exitWithError(err, debug));

try {
  await yargs(argv)
    .scriptName('pgdrift')
    .usage('$0 <command> [options]\n\nCheck that a PostgreSQL database has exactly the schema its codebase declares.')
    .command(checkCommand)
    .command(snapshotCommand)
    .command(diffCommand)
    .command(statusCommand)
    .command(headsCommand)
    .command(historyCommand)
    .command(currentCommand)
    .command(demoCommand)
    .option('debug', { type: 'boolean', description: 'Print stack traces of errors' })
    .demandCommand(1, 'Name a command: check, snapshot, diff, status, heads, history, current or demo (try: pgdrift demo)')
    .strict()
    .version(version())
    .help()
    .alias('help', 'h')
    .wrap(Math.min(120, process.stdout.columns || 120))
    .epilogue('Exit codes: 0 consistent · 1 drift (at or above --fail-on) or a migration state needing attention · 2 bad input or usage · 3 cannot connect or the database refused')
    .fail((msg, err) => {
      if (err) throw err;
      writeErr(`pgdrift: ${msg}`);
      writeErr('Run pgdrift --help for usage.');
      process.exit(new InputError(msg).exitCode);
    })
    .parseAsync();
} catch (err) {
  exitWithError(err, debug);
}
