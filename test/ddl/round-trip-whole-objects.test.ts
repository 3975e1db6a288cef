import { richSchemaSql } from '../drift/support/rich-schema.js';
import { wholeObjectCases } from './cases/whole-objects.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: whole objects and their dependents', 'rtwo', 'whole objects', wholeObjectCases);

// The fixture that proves silence elsewhere names its own schemas (app, audit) and puts its
// extensions in public: it is the only case of its databases, and every change belongs to it.
runRoundTrips('DDL round trips: the rich fixture schema', 'rtrich', 'rich schema', [
  {
    name: 'the rich fixture schema, built from nothing and dropped again',
    base: '',
    change: `SET search_path = public; ${await richSchemaSql('rtrich')}`,
    expect: [],
    claims: () => true,
  },
]);
