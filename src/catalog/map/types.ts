import type { CompositeType, Domain, DomainCheck, EnumType } from '../../model/snapshot.js';
import { parseJson, type MapContext } from './context.js';

export interface EnumRow {
  readonly schema: string;
  readonly name: string;
  readonly labels: readonly string[];
  readonly owner: string;
  readonly comment: string | null;
}

export interface DomainRow {
  readonly schema: string;
  readonly name: string;
  readonly base_type: string;
  readonly collation: string | null;
  readonly default: string | null;
  readonly not_null: boolean;
  /** json array of { name, definition, validated, comment }, sorted by name. */
  readonly checks: unknown;
  readonly owner: string;
  readonly comment: string | null;
}

export interface CompositeTypeRow {
  readonly schema: string;
  readonly name: string;
  /** json array of { name, type, collation } in attnum order. */
  readonly attributes: unknown;
  readonly owner: string;
  readonly comment: string | null;
}

/** @example mapEnum({ name: 'mood', labels: ['sad', 'ok', 'happy'], … }, ctx) */
export function mapEnum(row: EnumRow, ctx: MapContext): EnumType {
  return {
    schema: row.schema,
    name: row.name,
    labels: row.labels,
    owner: ctx.owner(row.owner),
    comment: row.comment,
  };
}

/** @example mapDomain({ name: 'email', base_type: 'text', checks: [{ name: 'email_check', … }], … }, ctx) */
export function mapDomain(row: DomainRow, ctx: MapContext): Domain {
  const checks = parseJson<DomainCheck[]>(row.checks).map((c) => ({
    name: c.name,
    definition: c.definition,
    validated: c.validated,
    comment: c.comment ?? null,
  }));
  return {
    schema: row.schema,
    name: row.name,
    baseType: row.base_type,
    collation: row.collation,
    default: row.default,
    notNull: row.not_null,
    checks,
    owner: ctx.owner(row.owner),
    comment: row.comment,
  };
}

/** @example mapCompositeType({ name: 'address', attributes: [{ name: 'city', type: 'text', collation: null }], … }, ctx) */
export function mapCompositeType(row: CompositeTypeRow, ctx: MapContext): CompositeType {
  const attributes = parseJson<CompositeType['attributes'][number][]>(row.attributes).map((a) => ({
    name: a.name,
    type: a.type,
    collation: a.collation ?? null,
  }));
  return {
    schema: row.schema,
    name: row.name,
    attributes,
    owner: ctx.owner(row.owner),
    comment: row.comment,
  };
}
