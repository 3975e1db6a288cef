import type { ObjectType } from '../../../src/model/snapshot.js';
import type { ExpectedChange } from './case.js';

/** Shorthands for the expectation tables. Ids may use the `{s}`/`{r1}`… placeholders. */
export const unexpected = (objectType: ObjectType, idContains: string): ExpectedChange => ({ kind: 'unexpected', objectType, idContains });
export const missing = (objectType: ObjectType, idContains: string): ExpectedChange => ({ kind: 'missing', objectType, idContains });
export const changed = (objectType: ObjectType, idContains: string, ...props: string[]): ExpectedChange => ({
  kind: 'changed',
  objectType,
  idContains,
  ...(props.length > 0 ? { props } : {}),
});
