import { sortSnapshot } from './canonical-order.js';
import { loadJsonSchema } from './schema-files.js';
import type { Snapshot } from './snapshot.js';

type SchemaNode = Readonly<Record<string, unknown>>;

function resolve(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  const ref = node?.$ref;
  if (typeof ref !== 'string') return node;
  const name = ref.replace(/^#\/definitions\//, '');
  return (root.definitions as Record<string, SchemaNode> | undefined)?.[name];
}

type Orderer = (value: unknown) => unknown;

/**
 * A function returning a value whose object keys follow the order of `properties` in the JSON
 * Schema node (identity first, nested lists last), any key the schema does not know after them
 * in code-unit order, keys holding `undefined` left out. One declared order keeps committed
 * snapshots readable and their git diffs minimal. Built once per schema node: a 2,000-table
 * snapshot has ~100,000 objects.
 *
 * A value already in that order is returned as it is, not copied: the mappers build their
 * objects in schema order, so a fresh snapshot of 22 MB is only checked (copying it all cost
 * as much as `JSON.stringify` itself, and as much again in garbage collection).
 */
function orderer(node: SchemaNode | undefined, root: SchemaNode, built: Map<SchemaNode | undefined, Orderer>): Orderer {
  const known = built.get(node);
  if (known) return known;
  const schema = resolve(node, root);
  const props = (schema?.properties ?? {}) as Record<string, SchemaNode>;
  const declared = Object.keys(props);
  const children = new Map<string, Orderer>();
  const child = (k: string): Orderer => {
    let o = children.get(k);
    if (!o) children.set(k, (o = orderer(props[k], root, built)));
    return o;
  };
  let items: Orderer | undefined;

  const copyObject = (obj: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    let seen = 0;
    for (const k of declared) {
      if (!(k in obj)) continue;
      seen++;
      if (obj[k] !== undefined) out[k] = child(k)(obj[k]);
    }
    const keys = Object.keys(obj);
    if (keys.length > seen) {
      for (const k of keys.filter((key) => !(key in props)).sort()) {
        if (obj[k] !== undefined) out[k] = child(k)(obj[k]);
      }
    }
    return out;
  };

  // The orderer of each declared key by position, for the common case below.
  const declaredChildren: (Orderer | undefined)[] = [];
  const declaredChild = (i: number): Orderer => (declaredChildren[i] ??= child(declared[i] as string));

  /** True when `copyObject` would give an equal object: keys in order, children unchanged. */
  const inOrder = (obj: Record<string, unknown>): boolean => {
    const proto: unknown = Object.getPrototypeOf(obj);
    // Only plain data: `in` above also sees inherited keys, and JSON.stringify calls toJSON.
    if (proto !== Object.prototype && proto !== null) return false;
    let next = 0;
    let lastUnknown: string | null = null;
    for (const k in obj) {
      const v = obj[k];
      if (v === undefined) return false;
      let position: number;
      if (lastUnknown === null && declared[next] === k) {
        // The common case: the next declared key.
        position = next++;
      } else if (k in props) {
        if (lastUnknown !== null) return false;
        position = declared.indexOf(k, next);
        if (position < 0) return false;
        next = position + 1;
      } else {
        if (lastUnknown !== null && !(lastUnknown < k)) return false;
        lastUnknown = k;
        position = -1;
      }
      if (v !== null && typeof v === 'object' && (position < 0 ? child(k) : declaredChild(position))(v) !== v) return false;
    }
    return true;
  };

  const order: Orderer = (value) => {
    if (Array.isArray(value)) {
      items ??= orderer(schema?.items as SchemaNode | undefined, root, built);
      const each = items;
      let changed = false;
      for (const item of value) {
        if (item === undefined || (item !== null && typeof item === 'object' && each(item) !== item)) {
          changed = true;
          break;
        }
      }
      return changed ? value.map(each) : value;
    }
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    return inOrder(obj) ? obj : copyObject(obj);
  };
  built.set(node, order);
  return order;
}

/**
 * The snapshot as deterministic JSON: lists in canonical order (see `sortSnapshot`), keys in
 * the order of `schemas/snapshot.schema.json`, 2-space indent, trailing newline. The same
 * snapshot always gives the same bytes, so a committed snapshot diffs cleanly.
 *
 * Kept apart from `parseSnapshot` (json.ts) so that writing a snapshot does not load the
 * JSON Schema validator.
 *
 * @example
 * await writeFile('schemas/app.snapshot.json', serializeSnapshot(snapshot));
 */
export function serializeSnapshot(s: Snapshot): string {
  const root = loadJsonSchema('snapshot.schema.json');
  return `${JSON.stringify(orderer(root, root, new Map())(sortSnapshot(s)), null, 2)}\n`;
}
