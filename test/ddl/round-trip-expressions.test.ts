import { expressionCases } from '../drift/cases/expressions.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: expressions', 'rtex', 'expressions', expressionCases);
