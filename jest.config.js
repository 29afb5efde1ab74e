/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2022',
      },
    },
  ],
};

const common = {
  // Console output of the code under test is shown only for a test that fails.
  testEnvironment: '<rootDir>/test/support/quietEnvironment.js',
  setupFiles: ['<rootDir>/test/support/egressGuard.ts'],
  transform,
};

/**
 * Three projects: the pure domain (fast, with its coverage gate: npm test runs it with --coverage), the engine
 * (src/jobs/engine: its classes tested directly in test/engine/unit, and jobs run through the local runtime in
 * test/engine; npm test runs it with --coverage and the gate of ENGINE_COVERAGE in local/checks/test.ts), and
 * everything else that runs the app through the local runtime.
 */
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'domain', testMatch: ['<rootDir>/test/domain/**/*.test.ts'] },
    { ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.test.ts'] },
    {
      ...common,
      displayName: 'app',
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/domain/', '<rootDir>/test/engine/'],
    },
  ],
  // The domain's gate (the engine's is given on the command line by local/checks/test.ts). Type-only files have no
  // code to run.
  collectCoverageFrom: ['src/domain/**/*.ts', '!src/domain/import/types.ts', '!src/domain/outcomes/types.ts'],
  // Istanbul counters in the measured files only (babel-plugin-istanbul over swc's output), not V8's block coverage
  // of every script the tests load: the covered suites take about 30% less CPU, and a line counts only if it holds
  // a statement that ran (V8 counted comment and blank lines inside a function that ran).
  coverageProvider: 'babel',
  coverageReporters: ['text-summary'],
  coverageThreshold: { 'src/domain/': { lines: 95 } },
  // The longest suites first, also on a fresh clone that has no timings (test/support/sequencer.js).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  // Two workers on the 2-core machine: most suites wait on an emulator or a timer, not on the CPU.
  maxWorkers: 2,
  testTimeout: 60000,
};
