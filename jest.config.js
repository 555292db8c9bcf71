/** Jest: TypeScript through swc (fast, no type check: `tsc --noEmit` does that in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 120000,
  // The end-to-end tests start engines and worker processes: two cores do not gain from parallel files.
  maxWorkers: 1,
};
