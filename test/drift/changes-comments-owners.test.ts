import { runDriftCorpus } from './support/corpus.js';
import { commentOwnerCases } from './cases/comments-owners.js';

runDriftCorpus('drift: comments and owners on every kind', 'cm', commentOwnerCases);
