// The jest test environment of this project (jest.config.js `testEnvironment`): jest's node environment, plus one
// headless chromium per jest worker process that the browser test files share (`__sharedChromium`, used by
// launchBrowser in test/support/browser.ts). This module is loaded once per worker process, outside the files'
// module registries: a browser file no longer loads playwright-core and starts and stops chromium of its own
// (about a second and a half each, 30 files per run). Each file still works in browser contexts of its own,
// closed in its afterAll (test/support/e2e.ts), so files share no cookies, storage or pages. Files without a
// browser never load playwright-core. After a file's teardown the browser stays for the next file of this
// worker: a worker process takes it along when jest ends it; in band (one process), jest's global teardown
// (./jest-global-teardown.cjs) closes it so jest can exit; if no file starts within IDLE_MS it is closed anyway.
const { TestEnvironment } = require('jest-environment-node');

const IDLE_MS = 5000;

/** The worker's browser (a Promise<Browser>), while it is up. */
let browser;
let idleTimer;

function sharedChromium(options) {
  clearTimeout(idleTimer);
  if (!browser) {
    const { chromium } = require('playwright-core');
    const launching = chromium.launch(options);
    browser = launching;
    const forget = () => {
      if (browser === launching) browser = undefined;
    };
    launching.then((b) => b.on('disconnected', forget), forget);
  }
  return browser;
}

class PortalAccessEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    clearTimeout(idleTimer);
    this.global.__sharedChromium = sharedChromium;
  }

  async teardown() {
    await super.teardown();
    const open = browser;
    if (!open) return;
    idleTimer = setTimeout(() => {
      if (browser !== open) return;
      browser = undefined;
      open.then((b) => b.close()).catch(() => undefined);
    }, IDLE_MS);
  }
}

/** Closes this process's shared browser, if one is up (jest's global teardown; see the top). */
async function closeSharedChromium() {
  clearTimeout(idleTimer);
  const open = browser;
  browser = undefined;
  if (open) await open.then((b) => b.close()).catch(() => undefined);
}

module.exports = PortalAccessEnvironment;
module.exports.closeSharedChromium = closeSharedChromium;
