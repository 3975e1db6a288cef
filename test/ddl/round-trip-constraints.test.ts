import { constraintCases } from '../drift/cases/constraints.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: constraints', 'rtcn', 'constraints', constraintCases);
