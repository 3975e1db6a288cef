import { runDriftCorpus } from './support/corpus.js';
import { indexCases } from './cases/indexes.js';

runDriftCorpus('drift: indexes', 'ix', indexCases);
