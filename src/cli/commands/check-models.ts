import { InputError } from '../../errors.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { REPORT_FORMATS, toSourceOptions } from '../options.js';
import { outputFiles } from '../outputs.js';
import { toReplayOptions, toStatusOptions } from '../migration-options.js';
import type { CheckArgs } from './check.js';
import { reportPolicy } from '../active-config.js';

/** `check`'s flags, with the models given. */
export type ModelsCheckArgs = Omit<CheckArgs, 'db'> & { db?: string | undefined; models: string };

/**
 * `check --models`: the models against the migrations at head, a database, or both. With
 * `--migrations` the database is compared only when `--db` names it (DATABASE_URL alone does not
 * turn a models-vs-migrations gate into a database check); without, `--db` defaults as usual.
 */
export async function checkModelsHandler(argv: ModelsCheckArgs): Promise<void> {
  if (argv.expected !== undefined) throw new InputError('give --models or --expected, not both');
  if (argv['require-head']) throw new InputError('--require-head is for check --migrations without --models (models are compared with the head)');
  if (argv['alembic-sql'] !== undefined || argv['migrate-cmd'] !== undefined) {
    if (argv.migrations === undefined) throw new InputError('--alembic-sql and --migrate-cmd need --migrations');
  }
  const databaseUrl = argv.db !== undefined || argv.migrations === undefined ? requireDatabaseUrl(argv.db) : undefined;
  const outputs = outputFiles(argv, REPORT_FORMATS);
  const [{ checkModels }, { shouldUseColor }, report, { ciOfModelsCheck }, { ciPlaces, deliver }] = await Promise.all([
    import('../../check-models/check-models.js'),
    import('../../report/color.js'),
    import('../../report/models-check.js'),
    import('../../report/ci-findings.js'),
    import('../outputs.js'),
  ]);
  const policy = reportPolicy();
  const result = await checkModels(argv.models, {
    ...toStatusOptions(argv),
    ...toReplayOptions(argv),
    ...toSourceOptions(argv),
    ...(argv.migrations !== undefined ? { migrations: argv.migrations } : {}),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    failOn: argv['fail-on'],
    cacheDir: argv.cache ? argv['cache-dir'] : null,
    ...(policy ? { policy } : {}),
  });
  const exitCode = result.status === 'drift' ? 1 : 0;
  await deliver(
    {
      text: (color) => report.renderModelsCheckText(result, { color }),
      json: () => report.renderModelsCheckJson(result),
      markdown: () => report.renderModelsCheckMarkdown(result),
      ci: () => ciOfModelsCheck(result, { models: argv.models, places: ciPlaces(), summary: report.renderModelsCheckMarkdown(result) }),
    },
    { format: argv.format, ...outputs, color: shouldUseColor(process.stdout, process.env), exitCode },
  );
  process.exitCode = exitCode;
}
