// The passkey journey test/e2e/passkey-journey.test.ts again with PLATFORM=strict (see ./platform-strict.ts).
import { expectStrictPlatform } from './platform-strict';
import '../passkey-journey.test';

expectStrictPlatform();
