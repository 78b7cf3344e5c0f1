// The customer journey test/e2e/reset-journey.test.ts again with PLATFORM=strict (see ./platform-strict.ts).
import { expectStrictPlatform } from './platform-strict';
import '../reset-journey.test';

expectStrictPlatform();
