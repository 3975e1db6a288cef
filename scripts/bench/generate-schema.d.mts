/** Types of generate-schema.mjs, for the tests that build its synthetic schema. */
export interface GeneratedSchema {
  readonly preamble: string;
  readonly batches: readonly string[];
  readonly counts: Readonly<Record<string, number>>;
}
export function generateSchema(options: { tables: number; seed?: number; batchSize?: number }): GeneratedSchema;
