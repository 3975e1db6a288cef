import { constraintCases } from '../drift/cases/constraints.js';
import { indexCases } from '../drift/cases/indexes.js';
import { runRoundTrips } from './support/round-trip.js';

// The index and constraint corpora again, indexes built and dropped CONCURRENTLY: statements
// outside transactions, and keys added USING INDEX.
runRoundTrips('DDL round trips: indexes, concurrently', 'rtixc', 'indexes', indexCases, { concurrently: true });
runRoundTrips('DDL round trips: constraints, concurrently', 'rtcnc', 'constraints', constraintCases, { concurrently: true });
