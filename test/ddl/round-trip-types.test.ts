import { typeCases } from '../drift/cases/types.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: types', 'rtty', 'types', typeCases);
