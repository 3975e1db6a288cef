import { securityCases } from '../drift/cases/security.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: security', 'rtsc', 'security', securityCases);
