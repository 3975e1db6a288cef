import type { CommandModule } from 'yargs';
import { COMMAND_LIST } from '../command-list.js';
import { InputError } from '../../errors.js';
import { serializeSnapshot } from '../../model/serialize.js';
import type { Snapshot } from '../../model/snapshot.js';
import { renderSnapshotSummary } from '../../report/snapshot-summary.js';
import { writeOut } from '../../report/output.js';
import { snapshot } from '../../sources/resolve.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { sourceFlags, toSourceOptions, type SourceFlagValues } from '../options.js';
import { writeTextFile } from '../write-text-file.js';
import { cacheFlags, migrationFlags, replayFlags, toReplayOptions, toStatusOptions, type MigrationFlagValues, type ReplayFlagValues } from '../migration-options.js';

interface Args extends SourceFlagValues, MigrationFlagValues, ReplayFlagValues {
  source?: string;
  db?: string;
  output?: string;
  revision?: string;
  models?: string;
  'cache-dir': string;
  cache: boolean;
}

export const snapshotCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.snapshot,
  builder: (y) =>
    replayFlags(cacheFlags(migrationFlags(sourceFlags(y), false)))
      .positional('source', { type: 'string', description: 'A postgres:// URL, .sql file or folder, or .json snapshot (default: --db)' })
      .option('db', { type: 'string', description: 'Database URL (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('output', { alias: 'o', type: 'string', description: 'Write the snapshot to this file instead of stdout', requiresArg: true })
      .option('models', {
        type: 'string',
        description: 'SQLAlchemy models (a .py file or a folder): the schema metadata.create_all() would build, read without Python',
        requiresArg: true,
      })
      .option('revision', {
        type: 'string',
        description: 'With --migrations: the revision (id, unique prefix, branch label, head or heads; default head)',
        requiresArg: true,
      })
      .example('$0 snapshot --db postgres://app@localhost/app -o schemas/app.snapshot.json', 'commit the expected schema')
      .example('$0 snapshot db/schema.sql -o expected.json', 'the schema a SQL file declares, via the shadow database')
      .example('$0 snapshot --migrations backend/app/migrations --revision 9c3e2f5a1d43 -o expected.json', 'the schema at a revision')
      .example('$0 snapshot --migrations migrations --shadow-url $SHADOW_URL --migrate-cmd "alembic upgrade {revision}"', 'replayed by real Alembic')
      .example('$0 snapshot --models backend/app/models -o models.snapshot.json', 'the schema the models declare') as never,
  handler: async (argv) => {
    let snap: Snapshot;
    if (argv.models !== undefined) {
      if (argv.migrations !== undefined || argv.source || argv.db) throw new InputError('give one of --models, --migrations or a source (argument or --db)');
      if (argv.revision) throw new InputError('--revision needs --migrations');
      const { snapshotModels } = await import('../../sources/models/snapshot-models.js');
      const options = toSourceOptions(argv);
      snap = await snapshotModels(argv.models, { ...options, ...(toStatusOptions(argv).environ ? { environ: toStatusOptions(argv).environ } : {}) });
    } else if (argv.migrations !== undefined) {
      if (argv.source || argv.db) throw new InputError('give either --migrations or a source (argument or --db), not both');
      // Loaded only here: the migrations machinery costs ~60 ms to import.
      const [{ expectedSchema }, { loadMigrationHistory }] = await Promise.all([
        import('../../migrations/expected-schema.js'),
        import('../../migrations/load-history.js'),
      ]);
      const history = await loadMigrationHistory(argv.migrations, { ...toStatusOptions(argv), ...toReplayOptions(argv) });
      const ref = argv.revision ?? 'head';
      const targets = ref === 'heads' ? history.graph.heads() : [history.graph.resolve(ref).id];
      const options = toSourceOptions(argv);
      const result = await expectedSchema(history, history.graph.pathTo(targets), ref === 'head' || ref === 'heads' ? `${ref} (${targets.join(', ')})` : targets.join(', '), {
        ...(options.shadowUrl ? { shadowUrl: options.shadowUrl } : {}),
        ...(options.schemas ? { schemas: options.schemas } : {}),
        ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
        cacheDir: argv.cache ? argv['cache-dir'] : null,
      });
      snap = result.snapshot;
    } else {
      if (argv.revision) throw new InputError('--revision needs --migrations');
      if (argv['alembic-sql'] !== undefined || argv['migrate-cmd'] !== undefined) throw new InputError('--alembic-sql and --migrate-cmd need --migrations');
      if (argv.source && argv.db) throw new InputError('give the source either as an argument or as --db, not both');
      const spec = argv.source ?? requireDatabaseUrl(argv.db);
      snap = await snapshot(spec, toSourceOptions(argv));
    }
    const json = serializeSnapshot(snap);
    if (!argv.output) {
      writeOut(json);
      return;
    }
    try {
      writeTextFile(argv.output, json);
    } catch (err) {
      throw new InputError(`${argv.output}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    writeOut(renderSnapshotSummary(snap, argv.output));
  },
};
