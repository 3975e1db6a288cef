import { indexCases } from '../drift/cases/indexes.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: indexes', 'rtix', 'indexes', indexCases);
