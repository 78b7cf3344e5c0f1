// The customer journey test/e2e/reset-journey-latency.test.ts again with PLATFORM=strict (see ./platform-strict.ts).
// @serial (scripts/run-tests.cjs runs this file alone, as the journey itself): the reset mail arrives within a second of the click.
import { expectStrictPlatform } from './platform-strict';
import '../reset-journey-latency.test';

expectStrictPlatform();
