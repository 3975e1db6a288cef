import { loadParser, parseOrNull } from '../compare/postgres/parser.js';
import type { Queryable } from '../catalog/queryable.js';
import type { MigrationTool } from '../migrations/history.js';
import type { MigrationStatement } from '../migrations/migration-statement.js';
import type { Snapshot } from '../model/snapshot.js';
import { quoteIdent } from '../shadow/quote-ident.js';
import { lintSql } from './lint-sql.js';
import { STATEMENT_RULES } from './rules/index.js';
import type { Hit, RelationFact, Tree } from './rules/context.js';
import { needsNoTransaction, outsideTransactionFix } from './transactions.js';

/** A hit at the statement that caused it. */
export interface StatementHit extends Hit {
  readonly statement: MigrationStatement;
}

interface Pending {
  readonly trees: readonly Tree[];
  readonly relations: Map<string, RelationFact | null>;
  readonly notNull: Map<string, { notNull: boolean; proven: boolean }>;
  readonly enums: Map<string, boolean>;
  readonly storage: Map<number, number> | null;
}

const num = (v: unknown): number => Number(v);

/**
 * Watches the statements of one revision as they run on the shadow and applies the statement
 * rules to each: before it runs, the relations it names are resolved (and whether they existed
 * before the revision), and what SET NOT NULL needs is read; after it, which tables got new
 * storage (rewritten). Everything is asked of the shadow, in the statement's own session.
 *
 * @example
 * const watch = new RevisionWatch(shadow.db, 'alembic', 180000);
 * await watch.begin(); // before the revision's first statement
 * session.observer = watch; … ; watch.hits // what the rules found
 */
export class RevisionWatch {
  readonly hits: StatementHit[] = [];
  /** The revision's statements, in order, as they ran. */
  readonly statements: MigrationStatement[] = [];
  private existingRelations = new Set<number>();
  private existingEnums = new Set<number>();
  private addedNotValid = new Set<string>();
  private pending: Pending | null = null;
  private lastTransactional = false;

  /** `schema.table.column` of every column the models declare (`--models`); empty without. */
  private readonly modelColumns: ReadonlySet<string>;

  constructor(
    private readonly db: Queryable,
    private readonly tool: MigrationTool,
    private readonly serverVersionNum: number,
    models: Snapshot | null = null,
  ) {
    this.modelColumns = new Set((models?.tables ?? []).flatMap((t) => t.columns.map((c) => `${t.schema}\u0000${t.name}\u0000${c.name}`)));
  }

  /** Records what exists before the revision: call before its first statement. */
  async begin(): Promise<void> {
    await loadParser();
    const { rows } = await this.db.query<{ kind: string; oid: string }>(lintSql('existing'));
    this.existingRelations = new Set(rows.filter((r) => r.kind === 'rel').map((r) => num(r.oid)));
    this.existingEnums = new Set(rows.filter((r) => r.kind === 'enum').map((r) => num(r.oid)));
    this.addedNotValid = new Set();
    this.hits.length = 0;
    this.statements.length = 0;
    this.lastTransactional = false;
  }

  async before(statement: MigrationStatement): Promise<void> {
    if (statement.kind !== 'schema') {
      this.pending = null;
      return;
    }
    const parsed = parseOrNull(statement.sql) as { stmts?: { stmt?: Tree }[] } | null;
    const trees = (parsed?.stmts ?? []).map((s) => s.stmt).filter((s): s is Tree => s !== undefined);
    const relations = new Map<string, RelationFact | null>();
    const notNull = new Map<string, { notNull: boolean; proven: boolean }>();
    const enums = new Map<string, boolean>();
    for (const tree of trees) {
      for (const rv of rangeVars(tree)) {
        const key = rangeVarText(rv);
        if (key !== null && !relations.has(key)) relations.set(key, await this.resolve(key));
      }
      const alter = tree.AlterTableStmt as Tree | undefined;
      const target = alter ? relations.get(rangeVarText(alter.relation as Tree) ?? '') : null;
      for (const c of ((alter?.cmds ?? []) as Tree[]).map((x) => (x.AlterTableCmd ?? {}) as Tree)) {
        if (c.subtype === 'AT_SetNotNull' && target && typeof c.name === 'string') {
          const { rows } = await this.db.query<{ not_null: boolean; proven: boolean }>(lintSql('not-null-proof'), [target.oid, c.name]);
          if (rows[0]) notNull.set(`${target.oid}:${c.name}`, { notNull: rows[0].not_null, proven: rows[0].proven });
        }
      }
      const alterEnum = tree.AlterEnumStmt as Tree | undefined;
      if (alterEnum) {
        const name = ((alterEnum.typeName ?? []) as Tree[]).map((n) => quoteIdent(String((n.String as Tree | undefined)?.sval))).join('.');
        const { rows } = await this.db.query<{ oid: string | null }>('SELECT pg_catalog.to_regtype($1)::oid::bigint AS oid', [name]);
        enums.set(name, rows[0]?.oid != null && this.existingEnums.has(num(rows[0].oid)));
      }
    }
    this.pending = { trees, relations, notNull, enums, storage: trees.length > 0 ? await this.storage() : null };
  }

  async after(statement: MigrationStatement): Promise<void> {
    this.statements.push(statement);
    // A statement outside any transaction ends the one before: constraints added NOT VALID then are committed.
    if (!statement.transactional || !this.lastTransactional) this.addedNotValid.clear();
    this.lastTransactional = statement.transactional;
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    const rewritten = new Set<number>();
    if (pending.storage) {
      const now = await this.storage();
      for (const [oid, file] of pending.storage) if (this.existingRelations.has(oid) && now.has(oid) && now.get(oid) !== file) rewritten.add(oid);
    }
    for (const tree of pending.trees) this.check(statement, tree, pending, rewritten);
  }

  /** The transaction rule runs before the statement does: it fails on the shadow then, as it would for real. */
  checkTransaction(statement: MigrationStatement): void {
    if (!statement.transactional || statement.kind !== 'schema') return;
    const parsed = parseOrNull(statement.sql) as { stmts?: { stmt?: Tree }[] } | null;
    for (const s of parsed?.stmts ?? []) {
      const what = s.stmt ? needsNoTransaction(s.stmt, this.serverVersionNum) : null;
      if (what === null) continue;
      this.hits.push({
        statement,
        rule: 'non-transactional-in-transaction',
        severity: 'error',
        message: `${what} cannot run inside a transaction block, and ${this.tool} runs this one inside a transaction: the migration fails`,
        fix: outsideTransactionFix(this.tool),
      });
    }
  }

  private check(statement: MigrationStatement, tree: Tree, pending: Pending, rewritten: ReadonlySet<number>): void {
    const context = {
      tool: this.tool,
      statement,
      tree,
      relation: (rv: unknown) => {
        const key = rv && typeof rv === 'object' ? rangeVarText(((rv as Tree).RangeVar as Tree | undefined) ?? (rv as Tree)) : null;
        return key === null ? null : (pending.relations.get(key) ?? null);
      },
      notNull: (oid: number, column: string) => pending.notNull.get(`${oid}:${column}`),
      enumExisted: (typeName: unknown) => pending.enums.get(((typeName ?? []) as Tree[]).map((n) => quoteIdent(String((n.String as Tree | undefined)?.sval))).join('.')) ?? false,
      rewritten,
      addedNotValid: this.addedNotValid,
      declaredByModels: (schema: string, table: string, column: string) => this.modelColumns.has(`${schema}\u0000${table}\u0000${column}`),
    };
    for (const rule of STATEMENT_RULES) for (const hit of rule(context)) this.hits.push({ ...hit, statement });
  }

  private async resolve(key: string): Promise<RelationFact | null> {
    const { rows } = await this.db.query<{ oid: string; schema: string; name: string; kind: string }>(lintSql('relation'), [key]);
    const row = rows[0];
    if (!row) return null;
    return { oid: num(row.oid), schema: row.schema, name: row.name, kind: row.kind, existed: this.existingRelations.has(num(row.oid)) };
  }

  private async storage(): Promise<Map<number, number>> {
    const { rows } = await this.db.query<{ oid: string; relfilenode: string }>(lintSql('relfilenodes'));
    return new Map(rows.map((r) => [num(r.oid), num(r.relfilenode)]));
  }
}

/** The RangeVars a statement names where a rule looks: its relation and a foreign key's referenced table. */
function rangeVars(tree: Tree): Tree[] {
  const out: Tree[] = [];
  const walk = (node: unknown, key: string): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, key);
    } else if (node && typeof node === 'object') {
      if ((key === 'relation' || key === 'pktable') && typeof (node as Tree).relname === 'string') out.push(node as Tree);
      for (const [k, v] of Object.entries(node as Tree)) walk(v, k === 'RangeVar' ? key : k);
    }
  };
  walk(tree, '');
  return out;
}

/** A RangeVar as text `to_regclass` resolves the way the statement does: `"schema"."name"` or `"name"`. */
function rangeVarText(rv: Tree | undefined): string | null {
  if (!rv || typeof rv.relname !== 'string') return null;
  return typeof rv.schemaname === 'string' ? `${quoteIdent(rv.schemaname)}.${quoteIdent(rv.relname)}` : quoteIdent(rv.relname);
}
