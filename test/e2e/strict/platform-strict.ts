import { platformFromEnv } from '../../../local/host';

/**
 * Imported first by each file in test/e2e/strict/ (before the journey it runs again): jest gives every test file
 * its own copy of process.env, so setting PLATFORM here makes this file's host start under the strictest reading
 * of the platform (docs/platform-assumptions.md) without touching the other files in the same worker. The strict
 * journeys thereby run in the e2e phase's workers beside the other browser files, not in a phase of their own.
 */
process.env.PLATFORM = 'strict';

/** The guard each strict file adds: its hosts really start strict (the journey's own tests follow). */
export function expectStrictPlatform(): void {
  test('this file runs under PLATFORM=strict', () => {
    expect(platformFromEnv()).toBe('strict');
  });
}
