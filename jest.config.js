/** @type {import('jest').Config} */
module.exports = {
  // Console output of the code under test is shown only for a test that fails.
  testEnvironment: '<rootDir>/test/support/quietEnvironment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
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
  },
  // Two workers on the 2-core machine: most suites wait on an emulator or a timer, not on the CPU.
  maxWorkers: 2,
  testTimeout: 60000,
};
