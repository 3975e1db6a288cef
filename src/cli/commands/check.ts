import type { CommandModule } from 'yargs';
import type { Severity } from '../../compare/change.js';
import { check } from '../../check.js';
import { writeOut } from '../../report/output.js';
import { snapshot } from '../../sources/resolve.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { reportFlags, sourceFlags, toSourceOptions, type SourceFlagValues } from '../options.js';
import { renderReport, type Format } from '../render.js';

interface Args extends SourceFlagValues {
  db?: string;
  expected: string;
  format: Format;
  'fail-on': Severity;
}

export const checkCommand: CommandModule<object, Args> = {
  command: 'check',
  describe: 'Check that a database has exactly the expected schema (exit 1 on drift)',
  builder: (y) =>
    reportFlags(sourceFlags(y))
      .option('db', { type: 'string', description: 'Database to check (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('expected', {
        type: 'string',
        demandOption: true,
        description: 'The expected schema: a .json snapshot, a .sql file or folder, or another postgres:// URL',
        requiresArg: true,
      })
      .example('$0 check --db $DATABASE_URL --expected schemas/app.snapshot.json', 'post-deploy verification')
      .example('$0 check --expected db/schema.sql --format markdown', 'against declarative SQL, for a PR comment') as never,
  handler: async (argv) => {
    const options = toSourceOptions(argv);
    const url = requireDatabaseUrl(argv.db);
    const expected = await snapshot(argv.expected, options);
    const actual = await snapshot(url, options);
    const report = await check(expected, actual, argv['fail-on']);
    writeOut(renderReport(report, argv.format));
    if (report.status === 'drift') process.exitCode = 1;
  },
};
