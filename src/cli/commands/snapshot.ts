import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { serializeSnapshot } from '../../model/json.js';
import { renderSnapshotSummary } from '../../report/snapshot-summary.js';
import { writeOut } from '../../report/output.js';
import { snapshot } from '../../sources/resolve.js';
import { requireDatabaseUrl } from '../../sources/connection-url.js';
import { sourceFlags, toSourceOptions, type SourceFlagValues } from '../options.js';

interface Args extends SourceFlagValues {
  source?: string;
  db?: string;
  output?: string;
}

export const snapshotCommand: CommandModule<object, Args> = {
  command: 'snapshot [source]',
  describe: 'Write the schema of a database (or of any source) as a JSON snapshot',
  builder: (y) =>
    sourceFlags(y)
      .positional('source', { type: 'string', description: 'A postgres:// URL, .sql file or folder, or .json snapshot (default: --db)' })
      .option('db', { type: 'string', description: 'Database URL (default: DATABASE_URL, then PGHOST/PGDATABASE/…)', requiresArg: true })
      .option('output', { alias: 'o', type: 'string', description: 'Write the snapshot to this file instead of stdout', requiresArg: true })
      .example('$0 snapshot --db postgres://app@localhost/app -o schemas/app.snapshot.json', 'commit the expected schema')
      .example('$0 snapshot db/schema.sql -o expected.json', 'the schema a SQL file declares, via the shadow database') as never,
  handler: async (argv) => {
    if (argv.source && argv.db) throw new InputError('give the source either as an argument or as --db, not both');
    const spec = argv.source ?? requireDatabaseUrl(argv.db);
    const snap = await snapshot(spec, toSourceOptions(argv));
    const json = serializeSnapshot(snap);
    if (!argv.output) {
      writeOut(json);
      return;
    }
    try {
      writeFileSync(argv.output, json);
    } catch (err) {
      throw new InputError(`${argv.output}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    writeOut(renderSnapshotSummary(snap, argv.output));
  },
};
