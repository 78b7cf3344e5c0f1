/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment, plus one chromium per worker that the browser files share (see the file).
  testEnvironment: '<rootDir>/test/support/jest-environment.cjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.cjs',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts', '<rootDir>/local/**/*.test.ts'],
  testTimeout: 30000,
  // The longest file first (its time from jest's cache or docs/testing.md), so no long file is a phase's tail.
  testSequencer: '<rootDir>/test/support/jest-sequencer.cjs',
  // otplib's crypto and base32 plugins depend on ESM-only packages (@noble/hashes, @scure/base): transform them too.
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|otplib|@otplib)/)'],
};
