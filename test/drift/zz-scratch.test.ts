import { runDriftCorpus } from './support/corpus.js';
import { changed, unexpected } from './support/expect.js';
runDriftCorpus('scratch', 'zz', [
  { name: 'should fail: extra', base: '', change: 'CREATE TABLE t (a int)', expect: [] },
  { name: 'should fail: props', base: 'CREATE TABLE t (a int)', change: 'ALTER TABLE t ALTER a TYPE bigint', expect: [changed('column', 'column:{s}.t.a', 'notNull')] },
  { name: 'should fail: setup', base: '', change: 'CREATE TABLEX', expect: [] },
  { name: 'should pass', base: '', change: 'CREATE TABLE t (a int)', expect: [unexpected('table', 'table:{s}.t')] },
]);
