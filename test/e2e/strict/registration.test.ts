// The customer journey test/e2e/registration.test.ts again with PLATFORM=strict (see ./platform-strict.ts).
import { expectStrictPlatform } from './platform-strict';
import '../registration.test';

expectStrictPlatform();
