// The pages of the help-center sign-in, test/e2e/sso-pages.test.ts, again with PLATFORM=strict (see ./platform-strict.ts).
import { expectStrictPlatform } from './platform-strict';
import '../sso-pages.test';

expectStrictPlatform();
