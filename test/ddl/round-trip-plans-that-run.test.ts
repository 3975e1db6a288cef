import { plansThatRunCases } from './cases/plans-that-run.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: plans that once failed when applied, and their neighbours', 'rtpr', 'plans that run', plansThatRunCases);
