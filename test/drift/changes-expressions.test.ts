import { runDriftCorpus } from './support/corpus.js';
import { expressionCases } from './cases/expressions.js';

runDriftCorpus('drift: expressions that canonicalisation must keep apart', 'ex', expressionCases);
