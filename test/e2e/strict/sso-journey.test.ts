// The customer journey test/e2e/sso-journey.test.ts again with PLATFORM=strict (see ./platform-strict.ts).
import { expectStrictPlatform } from './platform-strict';
import '../sso-journey.test';

expectStrictPlatform();
