import { runDriftCorpus } from './support/corpus.js';
import { columnCases } from './cases/columns.js';

runDriftCorpus('drift: columns', 'co', columnCases);
