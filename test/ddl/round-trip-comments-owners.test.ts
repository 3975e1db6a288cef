import { commentOwnerCases } from '../drift/cases/comments-owners.js';
import { runRoundTrips } from './support/round-trip.js';

runRoundTrips('DDL round trips: comments-owners', 'rtcm', 'comments-owners', commentOwnerCases);
