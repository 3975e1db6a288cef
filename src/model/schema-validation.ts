import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { loadJsonSchema, type SchemaFileName } from './schema-files.js';

/** Validates a parsed JSON value; returns null when valid, else one line describing the first error. */
export type JsonValidator = (data: unknown) => string | null;

const ajv = new Ajv({
  allErrors: false,
  // `"type": ["string", "null"]` is how every nullable field is written.
  allowUnionTypes: true,
  strict: true,
});

const compiled = new Map<SchemaFileName, ValidateFunction>();

/**
 * A validator for one of pgdrift's JSON Schemas, compiled once.
 *
 * @example
 * const check = jsonValidator('snapshot.schema.json');
 * check({ formatVersion: 1 }) // "/ must have required property 'source'"
 */
export function jsonValidator(name: SchemaFileName): JsonValidator {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(loadJsonSchema(name));
    compiled.set(name, validate);
  }
  const fn = validate;
  return (data) => (fn(data) ? null : describeSchemaError(fn.errors?.[0], data));
}

/** Singular object names for the top-level lists of a snapshot, to say which object is wrong. */
const LIST_ITEM_LABEL: Readonly<Record<string, string>> = {
  schemas: 'schema',
  extensions: 'extension',
  tables: 'table',
  constraints: 'constraint',
  indexes: 'index',
  sequences: 'sequence',
  views: 'view',
  functions: 'function',
  triggers: 'trigger',
  enums: 'enum',
  domains: 'domain',
  compositeTypes: 'composite type',
  policies: 'policy',
  grants: 'grant',
  changes: 'change',
};

function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A short rendering of an offending value: scalars verbatim (truncated), containers by kind. */
function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let node = data;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

/** `(table public.users)` when the pointer goes through an item of a top-level list. */
function context(data: unknown, segments: readonly string[]): string {
  const [list, index] = segments;
  if (list === undefined || index === undefined || !/^\d+$/.test(index)) return '';
  const label = LIST_ITEM_LABEL[list];
  const item = valueAt(data, [list, index]) as Record<string, unknown> | undefined;
  if (!label || !item || typeof item !== 'object') return '';
  const parts = [item.schema, item.table, item.name].filter((p): p is string => typeof p === 'string');
  const name = typeof item.id === 'string' ? item.id : parts.join('.');
  return name ? ` (${label} ${name})` : '';
}

/**
 * One line for an Ajv error: the JSON pointer of the offending value, what was wrong, and
 * which object it belongs to.
 *
 * @example
 * describeSchemaError(error, data) // '/tables/3/columns/0/type must be string, found 42 (table public.users)'
 */
export function describeSchemaError(error: ErrorObject | undefined, data: unknown): string {
  if (!error) return 'does not match its JSON Schema';
  const segments = pointerSegments(error.instancePath);
  const where = error.instancePath === '' ? '/' : error.instancePath;
  const found = valueAt(data, segments);
  const params = error.params as Record<string, unknown>;
  let what: string;
  switch (error.keyword) {
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      what = `${where} must be ${types.join(' or ')}, found ${show(found)}`;
      break;
    }
    case 'required':
      what = `${where} is missing property "${String(params.missingProperty)}"`;
      break;
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      what = `${error.instancePath}/${escapeSegment(extra)} is not an allowed property`;
      break;
    }
    case 'enum':
      what = `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${show(found)}`;
      break;
    case 'const':
      what = `${where} must be ${JSON.stringify(params.allowedValue)}, found ${show(found)}`;
      break;
    default:
      what = `${where} ${error.message ?? 'is invalid'}, found ${show(found)}`;
  }
  return what + context(data, segments);
}
