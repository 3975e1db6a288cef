import type { SyntaxNode } from '@lezer/common';
import type { MigrationStatement } from '../migration-statement.js';
import { canonicalName } from './canonical-name.js';
import { Evaluator, type CallArgs, type EvaluatorHost, type Locals } from './evaluator.js';
import { Operations, Params } from './operations.js';
import { importBindings, type PythonModule } from './python-module.js';
import { childrenOf } from './python-source.js';
import { PyObject, PyRef, SaObject, type PyValue } from './python-value.js';
import { cannotInterpret, snippet } from './uninterpretable.js';

/** Methods of Alembic's batch operations object and the `op` call each one maps to. */
const BATCH_METHODS: Record<string, { op: string; params: readonly string[] }> = {
  add_column: { op: 'add_column', params: ['column'] },
  drop_column: { op: 'drop_column', params: ['column_name'] },
  alter_column: { op: 'alter_column', params: ['column_name'] },
  create_index: { op: 'create_index', params: ['index_name', 'columns'] },
  drop_index: { op: 'drop_index', params: ['index_name'] },
  create_unique_constraint: { op: 'create_unique_constraint', params: ['constraint_name', 'columns'] },
  create_primary_key: { op: 'create_primary_key', params: ['constraint_name', 'columns'] },
  create_foreign_key: { op: 'create_foreign_key', params: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'] },
  create_check_constraint: { op: 'create_check_constraint', params: ['constraint_name', 'condition'] },
  drop_constraint: { op: 'drop_constraint', params: ['constraint_name', 'type_'] },
  create_table_comment: { op: 'create_table_comment', params: ['comment'] },
  drop_table_comment: { op: 'drop_table_comment', params: [] },
  execute: { op: 'execute', params: ['sqltext'] },
};

/**
 * Runs `upgrade()` or `downgrade()` of a revision module symbolically and returns the
 * statements Alembic would send to PostgreSQL, in order.
 *
 * @example interpretFunction(module, 'upgrade')[0]?.sql // 'CREATE TABLE users (…)'
 * @returns null when the module has no such function.
 * @throws InputError `file:line: cannot interpret …` for Python it cannot follow.
 */
export function interpretFunction(module: PythonModule, name: 'upgrade' | 'downgrade'): MigrationStatement[] | null {
  const fn = module.functions.get(name);
  if (!fn) return null;
  return new Interpreter(module).run(fn);
}

class Interpreter implements EvaluatorHost {
  private readonly evaluator: Evaluator;
  private readonly operations: Operations;
  private readonly statements: MigrationStatement[] = [];
  private transactional = true;

  constructor(private readonly module: PythonModule) {
    this.evaluator = new Evaluator(module, this);
    const source = module.source;
    this.operations = new Operations(
      {
        emit: (sql, node, kind) => {
          this.statements.push({ sql, file: source.file, line: source.line(node), kind, transactional: this.transactional });
        },
      },
      (node, construct) => {
        throw cannotInterpret(source, node, construct);
      },
    );
  }

  run(fn: SyntaxNode): MigrationStatement[] {
    const params = fn.getChild('ParamList');
    if (params && childrenOf(params).some((c) => c.name !== '(' && c.name !== ')')) {
      throw cannotInterpret(this.module.source, params, `the parameters of ${snippet(this.module.source, fn)}`);
    }
    const body = fn.getChild('Body');
    if (body) this.block(body, new Map());
    return this.statements;
  }

  private block(body: SyntaxNode, locals: Locals): void {
    for (const stmt of childrenOf(body)) {
      if (stmt.name === ':') continue;
      this.statement(stmt, locals);
    }
  }

  private statement(stmt: SyntaxNode, locals: Locals): void {
    const source = this.module.source;
    switch (stmt.name) {
      case 'PassStatement':
        return;
      case 'ExpressionStatement': {
        const expr = stmt.firstChild;
        if (!expr || expr.name === 'String') return; // a docstring
        this.evaluator.evaluate(expr, locals);
        return;
      }
      case 'AssignStatement': {
        const parts = childrenOf(stmt);
        const target = parts[0];
        const ops = parts.filter((p) => p.name === 'AssignOp');
        if (!target || target.name !== 'VariableName' || ops.length !== 1 || source.textOf(ops[0] as SyntaxNode) !== '=') {
          throw cannotInterpret(source, stmt, `the assignment \`${snippet(source, stmt)}\``);
        }
        locals.set(source.textOf(target), this.evaluator.evaluate(parts[parts.length - 1] as SyntaxNode, locals));
        return;
      }
      case 'ImportStatement':
        for (const [name, ref] of importBindings(source, stmt)) locals.set(name, ref);
        return;
      case 'WithStatement':
        this.withStatement(stmt, locals);
        return;
      case 'ReturnStatement':
        if (childrenOf(stmt).length === 1) return;
        throw cannotInterpret(source, stmt, `\`${snippet(source, stmt)}\``);
      default:
        throw cannotInterpret(source, stmt, `${describeStatement(stmt.name)} \`${snippet(source, stmt)}\``);
    }
  }

  private withStatement(stmt: SyntaxNode, locals: Locals): void {
    const source = this.module.source;
    const parts = childrenOf(stmt);
    const body = stmt.getChild('Body');
    const asIndex = parts.findIndex((p) => p.name === 'as');
    const contextNodes = parts.slice(1, asIndex >= 0 ? asIndex : parts.findIndex((p) => p.name === 'Body'));
    if (contextNodes.length !== 1 || !body) throw cannotInterpret(source, stmt, `the with statement \`${snippet(source, stmt)}\``);
    const context = this.evaluator.evaluate(contextNodes[0] as SyntaxNode, locals);
    const target = asIndex >= 0 ? parts[asIndex + 1] : undefined;
    if (target && target.name !== 'VariableName') throw cannotInterpret(source, stmt, `the with target \`${snippet(source, stmt)}\``);
    if (context instanceof PyObject && context.kind === 'batch') {
      const inner = new Map(locals);
      if (target) inner.set(source.textOf(target), context);
      this.block(body, inner);
      return;
    }
    if (context instanceof PyObject && context.kind === 'autocommit-block') {
      const before = this.transactional;
      this.transactional = false;
      try {
        this.block(body, locals);
      } finally {
        this.transactional = before;
      }
      return;
    }
    if (context instanceof PyObject && context.kind === 'bind' && !target) {
      this.block(body, locals);
      return;
    }
    throw cannotInterpret(source, stmt, `the with statement \`${snippet(source, stmt)}\``);
  }

  call(callee: PyValue, call: CallArgs, node: SyntaxNode): PyValue | undefined {
    if (callee instanceof PyRef) {
      const name = canonicalName(callee.path);
      if (name?.startsWith('op.')) return this.op(name.slice(3), call, node);
      return undefined;
    }
    if (!(callee instanceof PyObject) || callee.kind !== 'method') return undefined;
    const self = callee.data.self as PyValue;
    const method = callee.data.name as string;
    if (self instanceof PyObject) {
      switch (self.kind) {
        case 'batch':
          return this.batch(self, method, call, node);
        case 'bind':
          if (method === 'execute' || method === 'exec_driver_sql') {
            if (call.args.length !== 1 || call.kwargs.size > 0) {
              throw cannotInterpret(this.module.source, node, `${method}() with bound parameters (\`${snippet(this.module.source, node)}\`)`);
            }
            this.operations.execute(call.args[0] as PyValue, node);
            return new PyObject('result');
          }
          if (method === 'begin' || method === 'begin_nested') return new PyObject('bind');
          return undefined;
        case 'context':
          if (method === 'autocommit_block') return new PyObject('autocommit-block');
          return undefined;
        default:
          return undefined;
      }
    }
    if (self instanceof SaObject) {
      if ((method === 'create' || method === 'drop') && (self.name === 'sa.Enum' || self.name === 'pg.ENUM')) {
        const bind = call.args[0] ?? call.kwargs.get('bind');
        if (!(bind instanceof PyObject && bind.kind === 'bind')) return undefined;
        this.operations.enumDdl(method, self, call, node);
        return null;
      }
      if (method === 'with_variant') {
        const dialect = call.args[1];
        // A variant only matters when it is the PostgreSQL one.
        return dialect === 'postgresql' ? (call.args[0] as PyValue) : self;
      }
    }
    return undefined;
  }

  private op(name: string, call: CallArgs, node: SyntaxNode): PyValue {
    switch (name) {
      case 'get_bind':
        return new PyObject('bind');
      case 'get_context':
        return new PyObject('context');
      case 'batch_alter_table': {
        const p = new Params(call, ['table_name', 'schema', 'recreate']);
        const table = p.get('table_name');
        const recreate = p.get('recreate') ?? 'auto';
        if (typeof table !== 'string') throw cannotInterpret(this.module.source, node, 'batch_alter_table without a table name');
        // On PostgreSQL "auto" never copies the table: every batch operation is a plain ALTER.
        if (recreate !== 'auto' && recreate !== 'never') throw cannotInterpret(this.module.source, node, `batch_alter_table(recreate=${String(recreate)})`);
        return new PyObject('batch', { table, schema: p.get('schema') ?? null });
      }
      default:
        return this.operations.run(name, call, node);
    }
  }

  private batch(batch: PyObject, method: string, call: CallArgs, node: SyntaxNode): PyValue {
    if (method === 'f') return this.operations.run('f', call, node);
    const spec = BATCH_METHODS[method];
    if (!spec) throw cannotInterpret(this.module.source, node, `batch_op.${method}()`);
    const p = new Params(call, spec.params);
    const table = batch.data.table as string;
    const schema = batch.data.schema as PyValue;
    const args: PyValue[] = [];
    const kwargs = new Map<string, PyValue>(p.extra);
    for (const param of spec.params) if (p.has(param)) kwargs.set(param, p.get(param) as PyValue);
    if (spec.op === 'create_foreign_key') kwargs.set('source_table', table);
    else if (spec.op !== 'execute') kwargs.set('table_name', table);
    if (schema !== null && spec.op !== 'execute') kwargs.set(spec.op === 'create_foreign_key' ? 'source_schema' : 'schema', schema);
    if (spec.op === 'add_column') {
      kwargs.delete('insert_before');
      kwargs.delete('insert_after');
    }
    return this.operations.run(spec.op, { args, kwargs }, node);
  }
}

const STATEMENT_WORDS: Record<string, string> = {
  IfStatement: 'the if statement',
  ForStatement: 'the for loop',
  WhileStatement: 'the while loop',
  TryStatement: 'the try statement',
  FunctionDefinition: 'the nested function',
  ClassDefinition: 'the class definition',
  UpdateStatement: 'the augmented assignment',
  RaiseStatement: 'the raise statement',
  AssertStatement: 'the assert statement',
  DeleteStatement: 'the del statement',
  GlobalStatement: 'the global statement',
  MatchStatement: 'the match statement',
};

function describeStatement(name: string): string {
  return STATEMENT_WORDS[name] ?? 'the statement';
}
