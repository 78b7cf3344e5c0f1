/**
 * How the browser tests and the bench start Debian's chromium (driven by playwright-core): the project's seven
 * flags, plus a `--disable-features` list.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * playwright-core's own `--disable-features` list (version 1.65, `chromiumSwitches`). Chromium reads only the
 * last `--disable-features` on its command line, so a list of ours must repeat it;
 * test/unit/chromium-args.test.ts checks it against the installed playwright-core.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Chromium 156 preloads the address bar's two popups as WebUI pages (chrome://omnibox-popup.top-chrome/) in a
 * renderer of their own for every window, and every playwright context is a window, though a headless one has
 * no address bar to show them in. Measured on admin-settings.test.ts in band (quiet machine): 37–42 s of CPU
 * with them, 28.7 s without (those renderers 6.3 s, the browser process 8.5 → 5.5 s).
 */
const UNSHOWN_BROWSER_UI = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNSHOWN_BROWSER_UI].join(',')}`,
];
