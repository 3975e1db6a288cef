import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleId } from '../../src/lint/finding.js';
import type { ToolSettingOptions } from '../../src/lint/tool-settings.js';

/**
 * The lint corpus: each case is a small base history plus one new migration, with the rules the
 * new migration must trigger (none for a safe pattern). Written to a temporary folder per case.
 */
export interface LintCase {
  readonly name: string;
  readonly tool: 'alembic' | 'golang-migrate' | 'dbmate' | 'flyway' | 'kysely';
  /** Rules expected on the new migration, exactly (sorted, each once). */
  readonly expect: readonly RuleId[];
  /** For transaction cases: whether the file, sent the way the tool sends it, fails on PostgreSQL (SQLSTATE 25001). */
  readonly failsInTool?: boolean;
  /** The SQLSTATE the file fails with, sent the way the tool sends it (a statement cut by golang-migrate's splitter). */
  readonly failsWith?: string;
  /** Up, down and up again, sent the way the tool sends them, all succeed on PostgreSQL. */
  readonly roundTripsInTool?: boolean;
  /** How the tool is set up (lint's flags): x-multi-statement, Flyway's mixed. */
  readonly settings?: ToolSettingOptions;
  /** The table whose relfilenode must change (rewrite-table) or stay (any other case touching it). */
  readonly table?: string;
  readonly files: Readonly<Record<string, string>>;
  /** The new migration's file names (relative to the migrations folder). */
  readonly newFiles: readonly string[];
}

const APP = fileURLToPath(new URL('../../fixtures/alembic/app', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

// ---------------------------------------------------------------- Alembic

const indent = (body: string): string =>
  body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

function revision(id: string, parent: string | null, up: string, down: string): string {
  return `"""${id}"""
from alembic import op
import sqlalchemy as sa

revision = '${id}'
down_revision = ${parent === null ? 'None' : `'${parent}'`}
branch_labels = None
depends_on = None


def upgrade():
${indent(up)}


def downgrade():
${indent(down)}
`;
}

const ALEMBIC_BASE_UP = `
op.execute("CREATE TYPE status AS ENUM ('draft', 'sent')")
op.create_table('chat', sa.Column('id', sa.Integer(), primary_key=True))
op.create_table(
    'message',
    sa.Column('id', sa.Integer(), primary_key=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('chat_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(20), nullable=True),
    sa.Column('state', sa.Text(), nullable=True),
)
op.execute("ALTER TABLE message ADD CONSTRAINT ck_chat_positive CHECK (chat_id > 0) NOT VALID")
op.execute("ALTER TABLE message ADD CONSTRAINT ck_title_not_null CHECK (title IS NOT NULL) NOT VALID")
`;
const ALEMBIC_BASE_DOWN = `
op.drop_table('message')
op.drop_table('chat')
op.execute("DROP TYPE status")
`;
const ALEMBIC_BASE2_UP = `op.execute("ALTER TABLE message VALIDATE CONSTRAINT ck_title_not_null")`;

function alembicCase(name: string, expect: RuleId[], up: string, down: string, extra: Partial<LintCase> = {}, parent = 'a2'): LintCase {
  return {
    name: `alembic: ${name}`,
    tool: 'alembic',
    expect,
    files: {
      'versions/a1_base.py': revision('a1', null, ALEMBIC_BASE_UP, ALEMBIC_BASE_DOWN),
      'versions/a2_validate.py': revision('a2', 'a1', ALEMBIC_BASE2_UP, 'pass'),
      'versions/b3_new.py': revision('b3', parent, up, down),
    },
    newFiles: ['versions/b3_new.py'],
    ...extra,
  };
}

export const ALEMBIC_CASES: readonly LintCase[] = [
  // Hazards.
  alembicCase('volatile default rewrites', ['rewrite-table'], "op.add_column('message', sa.Column('token', sa.Float(), server_default=sa.text('random()')))", "op.drop_column('message', 'token')", { table: 'message' }),
  alembicCase('int to bigint rewrites', ['rewrite-table'], "op.alter_column('message', 'chat_id', type_=sa.BigInteger())", "op.alter_column('message', 'chat_id', type_=sa.Integer())", { table: 'message' }),
  alembicCase('varchar shrink rewrites', ['rewrite-table'], "op.alter_column('message', 'title', type_=sa.String(10))", "op.alter_column('message', 'title', type_=sa.String(20))", { table: 'message' }),
  alembicCase('set not null without check', ['set-not-null'], "op.alter_column('message', 'body', nullable=False)", "op.alter_column('message', 'body', nullable=True)", { table: 'message' }),
  alembicCase('foreign key validated', ['add-foreign-key'], "op.create_foreign_key('fk_message_chat', 'message', 'chat', ['chat_id'], ['id'])", "op.drop_constraint('fk_message_chat', 'message', type_='foreignkey')", { table: 'message' }),
  alembicCase('check validated', ['add-check'], "op.create_check_constraint('ck_title_len', 'message', 'length(title) > 0')", "op.drop_constraint('ck_title_len', 'message', type_='check')", { table: 'message' }),
  alembicCase('index without concurrently', ['create-index'], "op.create_index('ix_message_chat', 'message', ['chat_id'])", "op.drop_index('ix_message_chat', table_name='message')", { table: 'message' }),
  alembicCase('concurrently inside the transaction', ['non-transactional-in-transaction'], "op.create_index('ix_message_chat', 'message', ['chat_id'], postgresql_concurrently=True)", "op.drop_index('ix_message_chat', table_name='message')", { failsInTool: true }),
  alembicCase('rename column', ['rename-column'], "op.alter_column('message', 'body', new_column_name='content')", "op.alter_column('message', 'content', new_column_name='body')", { table: 'message' }),
  // Open WebUI's type swap: the name the application uses exists again when the revision ends.
  alembicCase(
    'column type swap: renamed away, added back, backfilled, old one dropped',
    [],
    "op.alter_column('message', 'body', new_column_name='old_body')\nop.add_column('message', sa.Column('body', sa.JSON(), nullable=True))\nop.execute('UPDATE message SET body = to_json(old_body)')\nop.drop_column('message', 'old_body')",
    "op.add_column('message', sa.Column('old_body', sa.Text(), nullable=True))\nop.execute('UPDATE message SET old_body = body #>> \\'{}\\'')\nop.drop_column('message', 'body')\nop.alter_column('message', 'old_body', new_column_name='body')",
    { table: 'message' },
  ),
  alembicCase('rename table', ['rename-table'], "op.rename_table('chat', 'conversation')", "op.rename_table('conversation', 'chat')"),
  alembicCase('rename enum value', ['enum-rename-value'], `op.execute("ALTER TYPE status RENAME VALUE 'sent' TO 'delivered'")`, `op.execute("ALTER TYPE status RENAME VALUE 'delivered' TO 'sent'")`),
  alembicCase('unique constraint builds its index', ['add-unique-key'], "op.create_unique_constraint('uq_message_title', 'message', ['title'])", "op.drop_constraint('uq_message_title', 'message', type_='unique')", { table: 'message' }),
  alembicCase('not null column without default', ['add-column-not-null'], "op.add_column('message', sa.Column('n', sa.Integer(), nullable=False))", "op.drop_column('message', 'n')", { table: 'message' }),
  alembicCase(
    'validate in the transaction that added it',
    ['validate-in-same-transaction'],
    'op.execute("ALTER TABLE message ADD CONSTRAINT ck_body CHECK (length(body) < 10000) NOT VALID")\nop.execute("ALTER TABLE message VALIDATE CONSTRAINT ck_body")',
    "op.drop_constraint('ck_body', 'message', type_='check')",
    { table: 'message' },
  ),
  alembicCase('empty downgrade', ['downgrade-empty'], "op.add_column('message', sa.Column('note', sa.Text()))", 'pass'),
  alembicCase('downgrade leaves a table', ['downgrade-mismatch'], "op.create_table('tag', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.Text()))\nop.create_index('ix_tag_name', 'tag', ['name'])", "op.drop_index('ix_tag_name', table_name='tag')"),
  alembicCase('downgrade drops what it did not create', ['downgrade-mismatch'], "op.add_column('message', sa.Column('note', sa.Text()))", "op.drop_column('message', 'note')\nop.drop_column('message', 'state')"),
  alembicCase('downgrade fails', ['downgrade-fails'], "op.add_column('message', sa.Column('note', sa.Text()))", "op.drop_column('message', 'no_such_column')"),
  alembicCase('enum value added, downgrade cannot remove it', ['downgrade-empty'], `op.execute("ALTER TYPE status ADD VALUE 'read'")`, 'pass'),
  alembicCase('a second head', ['multiple-heads'], "op.add_column('message', sa.Column('note', sa.Text()))", "op.drop_column('message', 'note')", {}, 'a1'),
  // Safe patterns: no finding at all.
  alembicCase('nullable column without default', [], "op.add_column('message', sa.Column('note', sa.Text()))", "op.drop_column('message', 'note')", { table: 'message' }),
  alembicCase('constant default', [], "op.add_column('message', sa.Column('prio', sa.Integer(), server_default='0', nullable=False))", "op.drop_column('message', 'prio')", { table: 'message' }),
  alembicCase('stable default now()', [], "op.add_column('message', sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()')))", "op.drop_column('message', 'at')", { table: 'message' }),
  alembicCase('varchar widened', [], "op.alter_column('message', 'title', type_=sa.String(40))", "op.alter_column('message', 'title', type_=sa.String(20))", { table: 'message' }),
  alembicCase('varchar to text', [], "op.alter_column('message', 'title', type_=sa.Text())", "op.alter_column('message', 'title', type_=sa.String(20))", { table: 'message' }),
  alembicCase(
    'concurrently in autocommit_block',
    [],
    "with op.get_context().autocommit_block():\n    op.create_index('ix_message_chat', 'message', ['chat_id'], postgresql_concurrently=True)",
    "with op.get_context().autocommit_block():\n    op.drop_index('ix_message_chat', table_name='message', postgresql_concurrently=True)",
    { failsInTool: false, table: 'message' },
  ),
  alembicCase(
    'new table with index and foreign key',
    [],
    "op.create_table('tag', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('chat_id', sa.Integer(), nullable=False), sa.Column('name', sa.Text()))\nop.create_index('ix_tag_name', 'tag', ['name'])\nop.create_foreign_key('fk_tag_chat', 'tag', 'chat', ['chat_id'], ['id'])\nop.alter_column('tag', 'name', nullable=False)",
    "op.drop_table('tag')",
  ),
  alembicCase('check NOT VALID', [], 'op.execute("ALTER TABLE message ADD CONSTRAINT ck_body CHECK (length(body) < 10000) NOT VALID")', "op.drop_constraint('ck_body', 'message', type_='check')", { table: 'message' }),
  alembicCase('foreign key NOT VALID', [], 'op.execute("ALTER TABLE message ADD CONSTRAINT fk_message_chat FOREIGN KEY (chat_id) REFERENCES chat (id) NOT VALID")', "op.drop_constraint('fk_message_chat', 'message', type_='foreignkey')", { table: 'message' }),
  alembicCase('foreign key postgresql_not_valid', [], "op.create_foreign_key('fk_message_chat', 'message', 'chat', ['chat_id'], ['id'], postgresql_not_valid=True)", "op.drop_constraint('fk_message_chat', 'message', type_='foreignkey')", { table: 'message' }),
  alembicCase('check postgresql_not_valid', [], "op.create_check_constraint('ck_title_len', 'message', 'length(title) > 0', postgresql_not_valid=True)", "op.drop_constraint('ck_title_len', 'message', type_='check')", { table: 'message' }),
  alembicCase(
    'unique constraint over an index built concurrently',
    [],
    "with op.get_context().autocommit_block():\n    op.create_index('uq_message_title', 'message', ['title'], unique=True, postgresql_concurrently=True)\nop.execute('ALTER TABLE message ADD CONSTRAINT uq_message_title UNIQUE USING INDEX uq_message_title')",
    "op.drop_constraint('uq_message_title', 'message', type_='unique')",
    { table: 'message' },
  ),
  alembicCase('validate in a later migration', [], 'op.execute("ALTER TABLE message VALIDATE CONSTRAINT ck_chat_positive")', 'pass', { table: 'message' }),
  alembicCase('set not null proven by a validated check', [], "op.alter_column('message', 'title', nullable=False)", "op.alter_column('message', 'title', nullable=True)", { table: 'message' }),
  alembicCase('empty upgrade', ['empty-upgrade'], 'pass', 'pass'),
  alembicCase(
    'data migration looping over rows (nothing to loop over on the shadow)',
    [],
    'conn = op.get_bind()\nfor row in conn.execute(sa.text("SELECT id FROM message")).fetchall():\n    conn.execute(sa.text("UPDATE message SET body = \'\' WHERE id = :id"), {"id": row.id})',
    'pass',
  ),
  alembicCase('data migration', [], `op.execute("UPDATE message SET body = '' WHERE body IS NULL")`, 'pass'),
];

/** An Alembic project (the fixture's alembic.ini and env.py) with the case's revisions. */
function alembicProject(root: string, c: LintCase): string {
  mkdirSync(join(root, 'migrations', 'versions'), { recursive: true });
  copyFileSync(join(APP, 'alembic.ini'), join(root, 'alembic.ini'));
  copyFileSync(join(APP, 'migrations', 'env.py'), join(root, 'migrations', 'env.py'));
  copyFileSync(join(APP, 'migrations', 'script.py.mako'), join(root, 'migrations', 'script.py.mako'));
  for (const [name, text] of Object.entries(c.files)) writeFileSync(join(root, 'migrations', name), text);
  return join(root, 'migrations');
}

// ---------------------------------------------------------------- SQL tools

const SQL_BASE = `CREATE TABLE chat (id int PRIMARY KEY);
CREATE TABLE message (id int PRIMARY KEY, body text, chat_id int, title varchar(20));`;
const SQL_BASE_DOWN = 'DROP TABLE message;\nDROP TABLE chat;';

function golang(name: string, expect: RuleId[], up: string, down: string | null, extra: Partial<LintCase> = {}): LintCase {
  return {
    name: `golang-migrate: ${name}`,
    tool: 'golang-migrate',
    expect,
    files: { '1_base.up.sql': SQL_BASE, '1_base.down.sql': SQL_BASE_DOWN, '2_new.up.sql': up, ...(down !== null ? { '2_new.down.sql': down } : {}) },
    newFiles: ['2_new.up.sql'],
    ...extra,
  };
}

function dbmate(name: string, expect: RuleId[], file: string, extra: Partial<LintCase> = {}): LintCase {
  return {
    name: `dbmate: ${name}`,
    tool: 'dbmate',
    expect,
    files: { '20240101000000_base.sql': `-- migrate:up\n${SQL_BASE}\n\n-- migrate:down\n${SQL_BASE_DOWN}\n`, '20240102000000_new.sql': file },
    newFiles: ['20240102000000_new.sql'],
    ...extra,
  };
}

function flyway(name: string, expect: RuleId[], up: string, extraFiles: Record<string, string> = {}, extra: Partial<LintCase> = {}): LintCase {
  return {
    name: `flyway: ${name}`,
    tool: 'flyway',
    expect,
    files: { 'V1__base.sql': SQL_BASE, 'V2__new.sql': up, ...extraFiles },
    newFiles: ['V2__new.sql'],
    ...extra,
  };
}

const CIC = 'CREATE INDEX CONCURRENTLY ix_message_chat ON message (chat_id);';
const MULTI: ToolSettingOptions = { golangMigrateMultiStatement: true };
const FUNCTION = `CREATE FUNCTION message_count() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  SELECT count(*) INTO n FROM message;
  RETURN n;
END
$$;`;

export const SQL_CASES: readonly LintCase[] = [
  golang('concurrently with another statement', ['non-transactional-in-transaction'], `${CIC}\nALTER TABLE message ADD COLUMN note text;`, 'DROP INDEX ix_message_chat;\nALTER TABLE message DROP COLUMN note;', { failsInTool: true }),
  golang('concurrently alone', [], CIC, 'DROP INDEX CONCURRENTLY ix_message_chat;', { failsInTool: false }),
  golang('index without concurrently', ['create-index'], 'CREATE INDEX ix_message_chat ON message (chat_id);', 'DROP INDEX ix_message_chat;', { table: 'message' }),
  golang('volatile default', ['rewrite-table'], 'ALTER TABLE message ADD COLUMN token uuid DEFAULT gen_random_uuid();', 'ALTER TABLE message DROP COLUMN token;', { table: 'message' }),
  golang('clock_timestamp default', ['rewrite-table'], 'ALTER TABLE message ADD COLUMN at timestamptz DEFAULT clock_timestamp();', 'ALTER TABLE message DROP COLUMN at;', { table: 'message' }),
  golang('now() default', [], 'ALTER TABLE message ADD COLUMN at timestamptz DEFAULT now();', 'ALTER TABLE message DROP COLUMN at;', { table: 'message' }),
  golang('no down file', ['downgrade-missing'], 'ALTER TABLE message ADD COLUMN note text;', null),
  golang('nullable column', [], 'ALTER TABLE message ADD COLUMN note text;', 'ALTER TABLE message DROP COLUMN note;', { table: 'message' }),
  golang('type change to bigint', ['rewrite-table'], 'ALTER TABLE message ALTER COLUMN chat_id TYPE bigint;', 'ALTER TABLE message ALTER COLUMN chat_id TYPE int;', { table: 'message' }),
  golang('rename table', ['rename-table'], 'ALTER TABLE chat RENAME TO conversation;', 'ALTER TABLE conversation RENAME TO chat;'),
  dbmate('concurrently in a transaction', ['non-transactional-in-transaction'], `-- migrate:up\n${CIC}\n\n-- migrate:down\nDROP INDEX ix_message_chat;\n`, { failsInTool: true }),
  dbmate('concurrently with transaction:false', [], `-- migrate:up transaction:false\n${CIC}\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY ix_message_chat;\n`, { failsInTool: false }),
  dbmate('set not null', ['set-not-null'], '-- migrate:up\nALTER TABLE message ALTER COLUMN body SET NOT NULL;\n\n-- migrate:down\nALTER TABLE message ALTER COLUMN body DROP NOT NULL;\n', { table: 'message' }),
  // (A file without '-- migrate:down' dbmate refuses to run at all: exit 2, dbmate-refusals.test.ts.)
  dbmate('empty down section', ['downgrade-empty'], '-- migrate:up\nALTER TABLE message ADD COLUMN note text;\n\n-- migrate:down\n'),
  dbmate('foreign key NOT VALID', [], '-- migrate:up\nALTER TABLE message ADD CONSTRAINT fk_chat FOREIGN KEY (chat_id) REFERENCES chat (id) NOT VALID;\n\n-- migrate:down\nALTER TABLE message DROP CONSTRAINT fk_chat;\n', { table: 'message' }),
  flyway('concurrently with another statement', ['non-transactional-in-transaction'], `${CIC}\nALTER TABLE message ADD COLUMN note text;`, {}, { failsInTool: true }),
  flyway('concurrently alone (Flyway runs it outside a transaction)', [], CIC, {}, { failsInTool: false }),
  flyway('executeInTransaction=false', [], `${CIC}\nALTER TABLE message ADD COLUMN note text;`, { 'V2__new.sql.conf': 'executeInTransaction=false\n' }, { failsInTool: false }),
  flyway('undo leaves a column', ['downgrade-mismatch'], 'ALTER TABLE message ADD COLUMN note text;\nALTER TABLE message ADD COLUMN extra text;', { 'U2__new.sql': 'ALTER TABLE message DROP COLUMN note;' }),
  flyway('add check', ['add-check'], 'ALTER TABLE message ADD CONSTRAINT ck CHECK (chat_id > 0);', {}, { table: 'message' }),
  // golang-migrate with x-multi-statement=true: each piece its own query, outside a transaction.
  golang('multi-statement: concurrently beside other statements', [], `${CIC}\nALTER TABLE message ADD COLUMN note text;`, 'DROP INDEX CONCURRENTLY ix_message_chat;\nALTER TABLE message DROP COLUMN note;', {
    settings: MULTI,
    failsInTool: false,
    roundTripsInTool: true,
  }),
  golang('multi-statement: concurrently inside BEGIN … COMMIT', ['non-transactional-in-transaction'], `BEGIN;\n${CIC}\nCOMMIT;`, 'DROP INDEX ix_message_chat;', { settings: MULTI, failsInTool: true }),
  golang('multi-statement: a function body cut at its ;', ['multi-statement-split'], `ALTER TABLE message ADD COLUMN n int;\n${FUNCTION}`, 'DROP FUNCTION message_count();\nALTER TABLE message DROP COLUMN n;', { settings: MULTI, failsWith: '42601' }),
  golang('multi-statement: a ; inside a string', ['multi-statement-split'], "ALTER TABLE message ADD COLUMN sep text DEFAULT ';';", 'ALTER TABLE message DROP COLUMN sep;', { settings: MULTI, failsWith: '42601' }),
  golang('multi-statement: the down file cut', ['downgrade-fails'], 'ALTER TABLE message ADD COLUMN n int;', `ALTER TABLE message DROP COLUMN n;\n${FUNCTION}`, { settings: MULTI, roundTripsInTool: false }),
  golang('without multi-statement the function is sent whole', [], FUNCTION, 'DROP FUNCTION message_count();', { failsInTool: false, roundTripsInTool: true }),
  // Flyway's mixed: a migration with a non-transactional statement runs without a transaction.
  flyway('mixed = true in flyway.toml: concurrently beside other statements', [], `${CIC}\nALTER TABLE message ADD COLUMN note text;`, { 'flyway.toml': '[flyway]\nmixed = true\n' }, { failsInTool: false }),
  flyway('--no-flyway-mixed over flyway.toml', ['non-transactional-in-transaction'], `${CIC}\nALTER TABLE message ADD COLUMN note text;`, { 'flyway.toml': '[flyway]\nmixed = true\n' }, { settings: { flywayMixed: false }, failsInTool: true }),
  // Flyway decides from its own list of non-transactional statements, not PostgreSQL's.
  flyway('REINDEX CONCURRENTLY alone: not on Flyway\'s list, so run in a transaction', ['non-transactional-in-transaction'], 'REINDEX INDEX CONCURRENTLY message_pkey;', {}, { failsInTool: true }),
  flyway('mixed = true: REINDEX CONCURRENTLY beside CREATE INDEX CONCURRENTLY, the file outside a transaction', [], `${CIC}\nREINDEX INDEX CONCURRENTLY message_pkey;`, { 'flyway.toml': '[flyway]\nmixed = true\n' }, { failsInTool: false }),
  flyway(
    'flyway.mixed=true in flyway.conf, nothing non-transactional: still one transaction',
    ['validate-in-same-transaction'],
    'ALTER TABLE message ADD CONSTRAINT ck CHECK (chat_id > 0) NOT VALID;\nALTER TABLE message VALIDATE CONSTRAINT ck;',
    { 'flyway.conf': 'flyway.mixed=true\n' },
    { table: 'message' },
  ),
];

// ---------------------------------------------------------------- Kysely

const KYSELY_BASE = `export async function up(db) {
  await db.schema.createTable('chat').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
  await db.schema.createTable('message').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('chat_id', 'integer').addColumn('body', 'text').execute();
}
export async function down(db) {
  await db.schema.dropTable('message').execute();
  await db.schema.dropTable('chat').execute();
}
`;

function kysely(name: string, expect: RuleId[], module: string, extra: Partial<LintCase> = {}): LintCase {
  return {
    name: `kysely: ${name}`,
    tool: 'kysely',
    expect,
    files: { '2024_01_01_base.mjs': KYSELY_BASE, '2024_02_01_new.mjs': `import { sql } from 'kysely';
${module}` },
    newFiles: ['2024_02_01_new.mjs'],
    ...extra,
  };
}

const down = (body: string): string => `export async function down(db) {\n${body}\n}\n`;
const up = (body: string): string => `export async function up(db) {\n${body}\n}\n`;

export const KYSELY_CASES: readonly LintCase[] = [
  kysely('index without concurrently', ['create-index'], up("  await db.schema.createIndex('ix_message_chat').on('message').column('chat_id').execute();") + down("  await db.schema.dropIndex('ix_message_chat').execute();")),
  kysely('concurrently inside the migrator transaction', ['non-transactional-in-transaction'], up('  await sql`CREATE INDEX CONCURRENTLY ix_message_chat ON message (chat_id)`.execute(db);') + down("  await db.schema.dropIndex('ix_message_chat').execute();")),
  kysely('no down', ['downgrade-missing'], up("  await db.schema.alterTable('message').addColumn('note', 'text').execute();")),
  kysely(
    'down leaves a column',
    ['downgrade-mismatch'],
    up("  await db.schema.alterTable('message').addColumn('note', 'text').execute();\n  await db.schema.alterTable('message').addColumn('extra', 'text').execute();") +
      down("  await db.schema.alterTable('message').dropColumn('note').execute();"),
  ),
  kysely('volatile default', ['rewrite-table'], up("  await db.schema.alterTable('message').addColumn('token', 'uuid', (c) => c.defaultTo(sql`gen_random_uuid()`)).execute();") + down("  await db.schema.alterTable('message').dropColumn('token').execute();")),
  kysely('nullable column', [], up("  await db.schema.alterTable('message').addColumn('note', 'text').execute();") + down("  await db.schema.alterTable('message').dropColumn('note').execute();")),
];

/** Writes a case to a fresh temporary folder; returns the migrations folder. */
export function writeCase(c: LintCase): string {
  const root = mkdtempSync(join(tmpdir(), 'pgdrift-lint-'));
  if (c.tool === 'alembic') return alembicProject(root, c);
  // Kysely modules import 'kysely': resolved from the repository's node_modules.
  if (c.tool === 'kysely') symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(c.files)) writeFileSync(join(root, name), text);
  return root;
}

// ---------------------------------------------------------------- oracle verdicts

/** What running a new migration up, down and up again with the real tool leads to. */
export type RoundTripVerdict = 'clean' | 'upgrade fails' | 'downgrade fails' | 'downgrade leaves a difference' | 'upgrade again fails' | 'upgrade again differs';

/** The verdict pgdrift's findings on the new migration amount to, for comparison with the real tool's. */
export function pgdriftVerdict(rules: ReadonlySet<string>): RoundTripVerdict {
  if (rules.has('upgrade-fails') || rules.has('non-transactional-in-transaction')) return 'upgrade fails';
  if (rules.has('downgrade-fails')) return 'downgrade fails';
  if (rules.has('downgrade-mismatch') || rules.has('downgrade-empty') || rules.has('downgrade-missing')) return 'downgrade leaves a difference';
  if (rules.has('upgrade-again-fails')) return 'upgrade again fails';
  if (rules.has('upgrade-again-mismatch')) return 'upgrade again differs';
  return 'clean';
}
