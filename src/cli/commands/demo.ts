import { readFileSync } from 'node:fs';
import { COMMAND_LIST } from '../command-list.js';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import type { Severity } from '../../compare/change.js';
import { introspect } from '../../catalog/introspect.js';
import { writeOut } from '../../report/output.js';
import { renderDemoIntro, renderDemoOutro } from '../../report/demo.js';
import { openShadow } from '../../shadow/shadow.js';
import { packageRoot } from '../../package-root.js';
import { reportFlags } from '../options.js';
import type { Format } from '../render.js';

interface Args {
  format: Format;
  'fail-on': Severity;
}

export const demoCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.demo,
  builder: (y) => reportFlags(y) as never,
  handler: async (argv) => {
    const [{ check }, { snapshotSqlSource }, { renderReport }] = await Promise.all([import('../../check.js'), import('../../sources/sql-files.js'), import('../render.js')]);
    const dir = join(packageRoot(), 'fixtures', 'demo');
    const schemaFile = join(dir, 'schema.sql');
    const driftFile = join(dir, 'drift.sql');
    if (argv.format === 'text') writeOut(renderDemoIntro(readFileSync(driftFile, 'utf8')));

    // The expected side is exactly what `check --expected fixtures/demo/schema.sql` reads.
    const declared = await snapshotSqlSource(schemaFile, {});
    const expected = { ...declared, source: { ...declared.source, description: 'fixtures/demo/schema.sql' } };

    // The "production" database: the same schema, then the hand-made changes of drift.sql.
    const production = await openShadow({});
    let actual;
    try {
      await production.exec(readFileSync(schemaFile, 'utf8'));
      await production.exec(readFileSync(driftFile, 'utf8'));
      actual = await introspect(production.db, { ownersDeclared: false }, { kind: 'postgres', description: 'demo database (embedded PGlite)' });
    } finally {
      await production.close();
    }

    const report = await check(expected, actual, argv['fail-on']);
    writeOut(renderReport(report, argv.format));
    if (argv.format === 'text') writeOut(renderDemoOutro());
    if (report.status === 'drift') process.exitCode = 1;
  },
};
