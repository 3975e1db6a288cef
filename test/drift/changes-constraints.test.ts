import { runDriftCorpus } from './support/corpus.js';
import { constraintCases } from './cases/constraints.js';

runDriftCorpus('drift: constraints', 'cn', constraintCases);
