import { runDriftCorpus } from './support/corpus.js';
import { tableCases } from './cases/tables.js';

runDriftCorpus('drift: tables', 'tb', tableCases);
