import { runDriftCorpus } from './support/corpus.js';
import { typeCases } from './cases/types.js';

runDriftCorpus('drift: enums, domains, composite types, extensions, schemas', 'ty', typeCases);
