/** The slow corpora: whole incident histories, real-Alembic parity, the Alembic oracles. */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/**/*.slow.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
