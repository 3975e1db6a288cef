import { runDriftCorpus } from './support/corpus.js';
import { routineCases } from './cases/routines.js';

runDriftCorpus('drift: functions, procedures, triggers', 'fn', routineCases);
