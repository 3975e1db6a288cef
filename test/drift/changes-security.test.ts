import { runDriftCorpus } from './support/corpus.js';
import { securityCases } from './cases/security.js';

runDriftCorpus('drift: RLS policies and grants', 'sc', securityCases);
