import { runDriftCorpus } from './support/corpus.js';
import { sequenceViewCases } from './cases/sequences-views.js';

runDriftCorpus('drift: sequences, views, materialized views', 'sv', sequenceViewCases);
