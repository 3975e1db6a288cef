import { jsonValidator } from '../../src/model/schema-validation.js';
import { loadJsonSchema } from '../../src/model/schema-files.js';
import type {
  ConstraintType,
  GrantObjectType,
  Identity,
  Persistence,
  Routine,
  Table,
  Trigger,
} from '../../src/model/snapshot.js';
import { fullSnapshot } from './full-snapshot.js';

const validate = jsonValidator('snapshot.schema.json');

/** A deep, mutable copy to break on purpose. */
function mutable(): any {
  return structuredClone(fullSnapshot());
}

/** The `enum` listed at a path of definitions in the schema file. */
function schemaEnum(definition: string, property: string, nested?: string): unknown[] {
  const defs = loadJsonSchema('snapshot.schema.json').definitions as any;
  const prop = nested ? defs[definition].properties[nested].properties[property] : defs[definition].properties[property];
  return prop.enum;
}

describe('schemas/snapshot.schema.json', () => {
  it('accepts a snapshot that takes every branch of the model', () => {
    expect(validate(fullSnapshot())).toBeNull();
  });

  it('lists every required property and nothing else, in every object', () => {
    // additionalProperties:false without required would let a field silently go missing.
    const walk = (node: any, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      if (node.properties) {
        expect({ where, required: [...node.required].sort() }).toEqual({
          where,
          required: Object.keys(node.properties).sort(),
        });
        expect({ where, additional: node.additionalProperties }).toEqual({ where, additional: false });
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
    };
    walk(loadJsonSchema('snapshot.schema.json'), '#');
  });

  it('has the same string unions as snapshot.ts', () => {
    // Record<Union, true> fails to compile when the union gains or loses a member.
    const persistence: Record<Persistence, true> = { permanent: true, unlogged: true, temporary: true };
    const tableKind: Record<Table['kind'], true> = { table: true, partitioned: true };
    const constraintType: Record<ConstraintType, true> = {
      'primary key': true,
      'foreign key': true,
      unique: true,
      check: true,
      exclusion: true,
    };
    const generation: Record<Identity['generation'], true> = { always: true, 'by default': true };
    const routineKind: Record<Routine['kind'], true> = { function: true, procedure: true, aggregate: true, window: true };
    const volatility: Record<Routine['volatility'], true> = { immutable: true, stable: true, volatile: true };
    const parallel: Record<Routine['parallel'], true> = { safe: true, restricted: true, unsafe: true };
    const timing: Record<Trigger['timing'], true> = { before: true, after: true, 'instead of': true };
    const level: Record<Trigger['level'], true> = { row: true, statement: true };
    const enabled: Record<Trigger['enabled'], true> = { origin: true, disabled: true, replica: true, always: true };
    const grantType: Record<GrantObjectType, true> = {
      schema: true,
      table: true,
      column: true,
      sequence: true,
      function: true,
    };
    const same = (schemaValues: unknown[], union: object): void =>
      expect([...schemaValues].sort()).toEqual(Object.keys(union).sort());
    same(schemaEnum('table', 'persistence'), persistence);
    same(schemaEnum('table', 'kind'), tableKind);
    same(schemaEnum('constraint', 'type'), constraintType);
    same(schemaEnum('column', 'generation', 'identity'), generation);
    same(schemaEnum('routine', 'kind'), routineKind);
    same(schemaEnum('routine', 'volatility'), volatility);
    same(schemaEnum('routine', 'parallel'), parallel);
    same(schemaEnum('trigger', 'timing'), timing);
    same(schemaEnum('trigger', 'level'), level);
    same(schemaEnum('trigger', 'enabled'), enabled);
    same(schemaEnum('grant', 'objectType'), grantType);
  });

  const wrong: [string, (s: any) => void, string][] = [
    ['a wrong scalar type', (s) => (s.tables[0].columns[1].type = 42), '/tables/0/columns/1/type must be string, found 42 (table public.users)'],
    ['null where a value is required', (s) => (s.indexes[0].unique = null), '/indexes/0/unique must be boolean, found null'],
    ['a missing property', (s) => delete s.constraints[1].validated, '/constraints/1 is missing property "validated"'],
    ['a missing top-level list', (s) => delete s.grants, '/ is missing property "grants"'],
    ['an unknown property', (s) => (s.views[0].extra = 1), '/views/0/extra is not an allowed property (view public.active_users)'],
    ['an unknown top-level property', (s) => (s.comment = 'x'), '/comment is not an allowed property'],
    ['a value outside an enum', (s) => (s.functions[0].volatility = 'sometimes'), '/functions/0/volatility must be one of "immutable", "stable", "volatile", found "sometimes"'],
    ['a wrong identity generation', (s) => (s.tables[0].columns[0].identity.generation = 'ALWAYS'), '/tables/0/columns/0/identity/generation must be one of'],
    ['a wrong identity sequence', (s) => (s.tables[0].columns[0].identity.sequence.cycle = 'no'), '/tables/0/columns/0/identity/sequence/cycle must be boolean'],
    ['an identity that is not an object', (s) => (s.tables[0].columns[1].identity = 'always'), '/tables/0/columns/1/identity must be object or null, found "always"'],
    ['an incomplete foreign-key target', (s) => delete s.constraints[1].references.onDelete, '/constraints/1/references is missing property "onDelete"'],
    ['a list that is not a list', (s) => (s.enums = {}), '/enums must be array, found an object'],
    ['a non-string list item', (s) => (s.policies[0].roles = ['app', 3]), '/policies/0/roles/1 must be string, found 3'],
    ['a wrong domain check', (s) => (s.domains[0].checks[1].validated = 'yes'), '/domains/0/checks/1/validated must be boolean'],
    ['a wrong composite attribute', (s) => delete s.compositeTypes[0].attributes[0].collation, '/compositeTypes/0/attributes/0 is missing property "collation"'],
    ['a fractional server version', (s) => (s.source.serverVersionNum = 18.4), '/source/serverVersionNum must be integer or null, found 18.4'],
    ['a wrong grant object type', (s) => (s.grants[0].objectType = 'view'), '/grants/0/objectType must be one of'],
    ['a wrong formatVersion', (s) => (s.formatVersion = 2), '/formatVersion must be 1, found 2'],
  ];
  it.each(wrong)('rejects %s', (_what, breakIt, message) => {
    const s = mutable();
    breakIt(s);
    expect(validate(s)).toContain(message);
  });
});
