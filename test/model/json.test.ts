import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { sortSnapshot } from '../../src/model/canonical-order.js';
import { parseSnapshot, readSnapshotFile, serializeSnapshot } from '../../src/model/json.js';
import { emptySnapshot } from '../../src/model/snapshot.js';
import { fullSnapshot, shuffledSnapshot } from './full-snapshot.js';

/** The InputError `fn` throws (fails the test when it throws nothing or something else). */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('serializeSnapshot', () => {
  const text = serializeSnapshot(fullSnapshot());

  it('gives identical bytes for the same snapshot in any order', () => {
    expect(serializeSnapshot(shuffledSnapshot(fullSnapshot()))).toBe(text);
  });

  it('round-trips: parse(serialize(s)) is s in canonical order, and serialising again changes nothing', () => {
    const parsed = parseSnapshot(text, 'app.snapshot.json');
    expect(parsed).toEqual(sortSnapshot(fullSnapshot()));
    expect(serializeSnapshot(parsed)).toBe(text);
  });

  it('writes 2-space indented JSON with a trailing newline and keys in schema order', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('{');
    expect(lines[1]).toBe('  "formatVersion": 1,');
    expect(lines[2]).toBe('  "source": {');
    // Identity first, columns last within a table.
    const table = JSON.stringify(JSON.parse(text).tables[0]);
    expect(Object.keys(JSON.parse(table))).toEqual([
      'schema', 'name', 'kind', 'persistence', 'partitionKey', 'partitionOf', 'partitionBound', 'inherits', 'options',
      'rlsEnabled', 'rlsForced', 'owner', 'comment', 'columns',
    ]);
  });

  it('sorts objects by identity and keeps meaningful order', () => {
    const out = JSON.parse(text);
    expect(out.tables.map((t: any) => `${t.schema}.${t.name}`)).toEqual(['app.events', 'app.events_2024', 'public.users']);
    expect(out.tables[2].columns.map((c: any) => c.name)).toEqual(['id', 'email', 'email_lower']);
    expect(out.sequences.map((t: any) => t.name)).toEqual(['free_seq', 'orders_id_seq']);
    expect(out.constraints.map((c: any) => `${c.table}.${c.name}`)).toEqual([
      'orders.orders_user_id_fkey', 'users.users_check', 'users.users_exclusion', 'users.users_pkey', 'users.users_unique',
    ]);
    expect(out.functions.map((f: any) => f.name)).toEqual(['add', 'archive', 'rank_it', 'total']);
    expect(out.enums.find((e: any) => e.name === 'mood').labels).toEqual(['sad', 'ok', 'happy']);
    expect(out.grants.map((g: any) => g.objectType)).toEqual(['column', 'function', 'schema', 'sequence', 'table']);
  });

  it('orders function overloads by identity arguments', () => {
    const f = fullSnapshot().functions[0]!;
    const s = { ...emptySnapshot(fullSnapshot().source), functions: [{ ...f, identityArguments: 'b text' }, { ...f, identityArguments: 'a integer' }] };
    expect(JSON.parse(serializeSnapshot(s)).functions.map((x: any) => x.identityArguments)).toEqual(['a integer', 'b text']);
  });

  it('serialises an empty snapshot', () => {
    const empty = emptySnapshot({ kind: 'sql', description: 'db/schema.sql', serverVersionNum: null });
    expect(parseSnapshot(serializeSnapshot(empty), 'e.json')).toEqual(empty);
  });
});

describe('parseSnapshot errors', () => {
  const good = serializeSnapshot(fullSnapshot());

  it('points at the end of a truncated file', () => {
    const cut = good.slice(0, 200);
    const lines = cut.split('\n');
    const e = inputError(() => parseSnapshot(cut, 'app.snapshot.json'));
    expect(e.message).toBe(
      `app.snapshot.json:${lines.length}:${lines.at(-1)!.length + 1}: invalid JSON: unexpected end of file (is it truncated?)`,
    );
    expect(e.exitCode).toBe(2);
  });

  it('points at an empty file', () => {
    expect(inputError(() => parseSnapshot('', 'a.json')).message).toBe('a.json:1:1: invalid JSON: unexpected end of file (is it truncated?)');
  });

  it('names file:line:col of a syntax error in the middle', () => {
    const broken = good.replace('"kind": "postgres",', '"kind": "postgres",,');
    const line = broken.split('\n').findIndex((l) => l.includes('"postgres",,')) + 1;
    const col = broken.split('\n')[line - 1]!.indexOf(',,') + 2;
    expect(inputError(() => parseSnapshot(broken, 'x.json')).message).toBe(
      `x.json:${line}:${col}: invalid JSON: unexpected character ","; expected a double-quoted property name`,
    );
  });

  it('reports a trailing comma where V8 gives no position', () => {
    const e = inputError(() => parseSnapshot('{\n  "a": [1,\n  ]\n}', 'y.json'));
    expect(e.message).toBe('y.json:3:3: invalid JSON: unexpected character "]"; expected a value');
  });

  it('names the JSON path of a value of the wrong type, and the object', () => {
    const data = JSON.parse(good);
    data.tables[2].columns[0].type = 42;
    expect(inputError(() => parseSnapshot(JSON.stringify(data), 'app.snapshot.json')).message).toBe(
      'app.snapshot.json: not a valid pgdrift snapshot: /tables/2/columns/0/type must be string, found 42 (table public.users)',
    );
  });

  it('names a missing property', () => {
    const data = JSON.parse(good);
    delete data.indexes[1].valid;
    expect(inputError(() => parseSnapshot(JSON.stringify(data), 's.json')).message).toBe(
      's.json: not a valid pgdrift snapshot: /indexes/1 is missing property "valid" (index public.users.users_pkey)',
    );
  });

  it('explains a newer formatVersion', () => {
    const data = { ...JSON.parse(good), formatVersion: 2 };
    expect(inputError(() => parseSnapshot(JSON.stringify(data), 's.json')).message).toBe(
      's.json: snapshot formatVersion 2 is newer than this pgdrift reads (1); upgrade pgdrift',
    );
  });

  it.each([[0], ['1'], [null]])('rejects formatVersion %p', (v) => {
    const data = { ...JSON.parse(good), formatVersion: v };
    expect(inputError(() => parseSnapshot(JSON.stringify(data), 's.json')).message).toBe(
      `s.json: unsupported snapshot formatVersion ${JSON.stringify(v)} (this pgdrift reads formatVersion 1)`,
    );
  });

  it('says when the JSON is not a snapshot at all', () => {
    expect(inputError(() => parseSnapshot('[1, 2]', 'a.json')).message).toBe(
      'a.json: not a pgdrift snapshot: the top level must be a JSON object',
    );
    expect(inputError(() => parseSnapshot('{"name": "x"}', 'b.json')).message).toBe(
      'b.json: not a pgdrift snapshot: no "formatVersion" property',
    );
  });

  it('accepts a byte-order mark', () => {
    expect(parseSnapshot(`\uFEFF${good}`, 'bom.json')).toEqual(sortSnapshot(fullSnapshot()));
  });

  it('gives one-line messages', () => {
    const data = JSON.parse(good);
    data.views[0].definition = null;
    expect(inputError(() => parseSnapshot(JSON.stringify(data, null, 2), 'v.json')).message).not.toContain('\n');
  });
});

describe('readSnapshotFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pgdrift-json-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a snapshot written by serializeSnapshot', async () => {
    const file = join(dir, 'app.snapshot.json');
    await writeFile(file, serializeSnapshot(fullSnapshot()));
    expect(await readSnapshotFile(file)).toEqual(sortSnapshot(fullSnapshot()));
  });

  it('names a missing file', async () => {
    const file = join(dir, 'nope.json');
    const e = await readSnapshotFile(file).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toBe(`${file}: snapshot file not found`);
  });

  it('names a directory given as a file', async () => {
    const sub = join(dir, 'sub.json');
    await mkdir(sub);
    const e = await readSnapshotFile(sub).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toBe(`${sub}: is a directory, not a snapshot file`);
  });

  it('names the file in a syntax error', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "formatVersion": 1,\n  "source": {\n');
    await expect(readSnapshotFile(file)).rejects.toThrow(`${file}:4:1: invalid JSON: unexpected end of file`);
  });
});
