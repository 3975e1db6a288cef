import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import type { Severity } from '../../compare/change.js';
import { InputError } from '../../errors.js';
import { writeOut } from '../../report/output.js';
import { renderSqlScript, renderSqlSummary, scriptHeader } from '../../report/sql-script.js';
import { snapshot } from '../../sources/resolve.js';
import { shouldUseColor } from '../../report/color.js';
import { ciOutputFlags, REPORT_FORMATS, reportFlags, sourceFlags, toSourceOptions, type CiOutputFlagValues, type SourceFlagValues } from '../options.js';
import { deliver, outputFiles, type OutputFormat } from '../outputs.js';
import { version } from '../version.js';
import { reportPolicy } from '../active-config.js';
import { writeTextFile } from '../write-text-file.js';

interface Args extends SourceFlagValues, CiOutputFlagValues {
  from: string;
  to: string;
  format: OutputFormat;
  'fail-on': Severity;
  sql?: boolean;
  unsafe?: boolean;
  concurrently?: boolean;
  output?: string;
}

/** Flags that only mean something with --sql, and the one format --sql goes with. */
function checkSqlFlags(argv: Args): void {
  if (!argv.sql) {
    const given = [argv.unsafe && '--unsafe', argv.concurrently && '--concurrently', argv.output !== undefined && '--output'].filter(Boolean);
    if (given.length > 0) throw new InputError(`${given.join(', ')} ${given.length === 1 ? 'goes' : 'go'} with --sql`);
  } else if (argv.format !== 'text') {
    throw new InputError(`--sql prints a SQL script: --format ${argv.format} applies to the report, without --sql`);
  } else if (argv['format-file'] !== undefined) {
    throw new InputError('--sql prints a SQL script: --format-file applies to the report, without --sql');
  }
}

export const diffCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.diff,
  builder: (y) =>
    ciOutputFlags(reportFlags(sourceFlags(y), REPORT_FORMATS), REPORT_FORMATS)
      .positional('from', { type: 'string', demandOption: true, description: 'A postgres:// URL, .json snapshot, or .sql file/folder' })
      .positional('to', { type: 'string', demandOption: true, description: 'The same kinds of source' })
      .option('sql', { type: 'boolean', description: 'Print the SQL script turning <from> into <to> instead of the report' })
      .option('unsafe', { type: 'boolean', description: 'With --sql: include destructive statements (DROP …, lossy type changes); otherwise they are listed, commented out' })
      .option('concurrently', { type: 'boolean', description: 'With --sql: build (and drop) indexes on existing tables CONCURRENTLY, outside transactions' })
      .option('output', { alias: 'o', type: 'string', description: 'With --sql: write the script to this file', requiresArg: true })
      .example('$0 diff postgres://…/staging postgres://…/prod --format markdown', 'compare two environments')
      .example('$0 diff postgres://…/prod schemas/app.snapshot.json', 'what prod lacks or adds against the committed snapshot')
      .example('$0 diff postgres://…/prod db/schema.sql --sql', 'the SQL that brings prod to db/schema.sql, for review') as never,
  handler: async (argv) => {
    // Loaded here, not at the top: --help lists every command and must not load their machinery.
    const [{ check }, { planChanges }, { reportRenderings }] = await Promise.all([import('../../check.js'), import('../../ddl/plan.js'), import('../render.js')]);
    checkSqlFlags(argv);
    const outputs = outputFiles(argv, REPORT_FORMATS);
    const options = toSourceOptions(argv);
    const [to, from] = await Promise.all([snapshot(argv.to, options), snapshot(argv.from, options)]);
    const report = await check(to, from, argv['fail-on'], reportPolicy());
    const exitCode = report.status === 'drift' ? 1 : 0;
    if (argv.sql) {
      const plan = planChanges(from, to, report.changes, { unsafe: argv.unsafe ?? false, concurrently: argv.concurrently ?? false });
      const script = renderSqlScript(plan, scriptHeader(`pgdrift ${version()} diff --sql`, from.source.description, to.source.description, new Date()));
      if (argv.output === undefined) writeOut(script);
      else {
        try {
          writeTextFile(argv.output, script);
        } catch (err) {
          throw new InputError(`${argv.output}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
        writeOut(renderSqlSummary(plan, argv.output));
      }
      if (outputs.metricsFile !== undefined) (await import('../metrics-file.js')).writeCompletedMetrics(outputs.metricsFile, exitCode, reportRenderings(report, 'diff', argv.to).ci());
    } else {
      await deliver(reportRenderings(report, 'diff', argv.to), { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode });
    }
    process.exitCode = exitCode;
  },
};
