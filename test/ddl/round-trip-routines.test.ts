import { routineCases } from '../drift/cases/routines.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: routines', 'rtfn', 'routines', routineCases);
