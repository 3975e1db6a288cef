import type { CommandModule } from 'yargs';
import type { Severity } from '../../compare/change.js';
import { check } from '../../check.js';
import { writeOut } from '../../report/output.js';
import { snapshot } from '../../sources/resolve.js';
import { reportFlags, sourceFlags, toSourceOptions, type SourceFlagValues } from '../options.js';
import { renderReport, type Format } from '../render.js';

interface Args extends SourceFlagValues {
  from: string;
  to: string;
  format: Format;
  'fail-on': Severity;
}

export const diffCommand: CommandModule<object, Args> = {
  command: 'diff <from> <to>',
  describe: 'Show how <from> differs from <to>; <to> is the expected side ("missing" = in <to>, absent from <from>)',
  builder: (y) =>
    reportFlags(sourceFlags(y))
      .positional('from', { type: 'string', demandOption: true, description: 'A postgres:// URL, .json snapshot, or .sql file/folder' })
      .positional('to', { type: 'string', demandOption: true, description: 'The same kinds of source' })
      .example('$0 diff postgres://…/staging postgres://…/prod --format markdown', 'compare two environments')
      .example('$0 diff postgres://…/prod schemas/app.snapshot.json', 'what prod lacks or adds against the committed snapshot') as never,
  handler: async (argv) => {
    const options = toSourceOptions(argv);
    const [to, from] = await Promise.all([snapshot(argv.to, options), snapshot(argv.from, options)]);
    const report = await check(to, from, argv['fail-on']);
    writeOut(renderReport(report, argv.format));
    if (report.status === 'drift') process.exitCode = 1;
  },
};
