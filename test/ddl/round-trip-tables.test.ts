import { tableCases } from '../drift/cases/tables.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: tables', 'rttb', 'tables', tableCases);
