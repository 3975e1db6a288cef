import { columnCases } from '../drift/cases/columns.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: columns', 'rtco', 'columns', columnCases);
