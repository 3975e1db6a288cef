/**
 * Every command's name, usage and one-line description, in the order --help lists them. Kept
 * apart from the commands themselves so that `pgdrift --help` lists them all without loading one.
 */
export const COMMAND_LIST = {
  check: {
    command: 'check',
    describe:
      'Check that a database has exactly the expected schema, or with --migrations its migration state and schema (exit 1 on drift)',
  },
  snapshot: {
    command: 'snapshot [source]',
    describe:
      'Write the schema of a database (or of any source, or of migrations at a revision) as a JSON snapshot',
  },
  diff: {
    command: 'diff <from> <to>',
    describe:
      'Show how <from> differs from <to>; <to> is the expected side ("missing" = in <to>, absent from <from>). With --sql, print the SQL that turns <from> into <to>',
  },
  status: {
    command: 'status',
    describe:
      'Where the database stands against the migrations: current, heads, pending (exit 0 only when up to date)',
  },
  heads: {
    command: 'heads',
    describe:
      'The heads of the migration history, like `alembic heads` (no database needed)',
  },
  history: {
    command: 'history',
    describe:
      'The migration history, newest first, like `alembic history` (no database needed)',
  },
  current: {
    command: 'current',
    describe:
      'The revision(s) the database records, like `alembic current` (exit 1 when the code does not know one)',
  },
  diagnose: {
    command: 'diagnose',
    describe:
      'Which revision the schema really is, what a half-applied revision left, where each difference comes from, and the SQL that fixes it (exit 1 when something needs doing)',
  },
  lint: {
    command: 'lint',
    describe:
      'Check migrations before they merge: round trip (upgrade, downgrade, upgrade again), transactions, locks, rewrites and scans on tables in use (docs/lint.md)',
  },
  demo: {
    command: 'demo',
    describe:
      'See pgdrift catch drift in a sample database (embedded, nothing to install)',
  },
  config: {
    command: 'config [command]',
    describe:
      'Show the configuration a command would run with: the config file found, its values and the flags given, each with where it comes from (passwords hidden)',
  },
} as const;

export type CommandName = keyof typeof COMMAND_LIST;
