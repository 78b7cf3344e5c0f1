// The customer journey test/e2e/two-step-journey.test.ts again with PLATFORM=strict (see ./platform-strict.ts).
import { expectStrictPlatform } from './platform-strict';
import '../two-step-journey.test';

expectStrictPlatform();
