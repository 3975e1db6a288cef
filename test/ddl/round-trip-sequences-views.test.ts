import { sequenceViewCases } from '../drift/cases/sequences-views.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: sequences-views', 'rtsv', 'sequences-views', sequenceViewCases);
