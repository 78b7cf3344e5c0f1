import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, LaunchOptions, Page, Response } from 'playwright-core';
import { silentLogger, startHost, type HostOptions, type LocalHost } from '../../local/host';
import { TEST_SCRYPT } from './local-host';
import { hostsByUrl } from './browser-mail';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium-args';

export { invokeResolver, type InvokeRequest } from './local-host';
export { INVITE_SUBJECT, listMail, mailFaults, mailMark, nextSmsPin, resendInviteLink, resetLinkFromText, waitForMail, type CapturedMail } from './browser-mail';

/**
 * Browser end-to-end helpers: headless Debian chromium (one per jest worker, shared by its browser files, each
 * in contexts of its own), one local Forge host per test file on a fresh temp data directory, axe-core checks
 * and a mailbox poller.
 */
export { CHROMIUM } from './chromium-args';

const LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
};

/** A chromium of the caller's own (it closes it). playwright-core is loaded only here, when needed. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch(LAUNCH);
}

/**
 * The jest worker's chromium (test/support/jest-environment.cjs: started by its first browser file, kept for the
 * next), or, outside that environment, one of this file's own. `owned`: the caller closes it.
 */
export async function sharedBrowser(): Promise<{ browser: Browser; owned: boolean }> {
  const shared = (globalThis as { __sharedChromium?: (options: LaunchOptions) => Promise<Browser> }).__sharedChromium;
  return shared ? { browser: await shared(LAUNCH), owned: false } : { browser: await launchBrowser(), owned: true };
}

export interface E2eHost {
  host: LocalHost;
  url: string;
  /** The customer-pages web trigger base (`${url}/x/customer-pages`). */
  pages: string;
  dataDir: string;
  close(): Promise<void>;
}


/** `options`: what the file changes on the host (a Jira timeout, an SMS transport…); scrypt at TEST_SCRYPT unless `options.scrypt`. */
export async function startE2eHost(options: Omit<HostOptions, 'dataDir' | 'port'> = {}): Promise<E2eHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-e2e-'));
  const host = await startHost({ log: silentLogger, scrypt: TEST_SCRYPT, ...options, dataDir, port: 0 });
  hostsByUrl.set(host.url, host);
  return {
    host,
    url: host.url,
    pages: `${host.url}/x/customer-pages`,
    dataDir,
    async close() {
      hostsByUrl.delete(host.url);
      await host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let clientCounter = 0;
/**
 * A distinct client address per browser context. The app rate-limits reset requests per client address
 * (10 per 15 min) and the local host passes an incoming X-Forwarded-For through, so every context looks
 * like its own client. This is only a header value sent to the loopback host.
 */
export function nextClientAddress(): string {
  clientCounter += 1;
  return `10.0.${Math.floor(clientCounter / 250)}.${(clientCounter % 250) + 1}`;
}

export interface ContextOptions {
  locale?: 'en-US' | 'de-DE';
  /**
   * The customer pages send a strict CSP (`script-src 'nonce-…'`), which blocks the inline script tag
   * axe is injected with. Axe contexts therefore bypass CSP; journey contexts keep it, so the page's own
   * nonce'd script is exercised under the real policy.
   */
  bypassCSP?: boolean;
  /** Default 1280×720. */
  viewport?: { width: number; height: number };
  /** Default true. */
  javaScriptEnabled?: boolean;
}

export async function newClientContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: options.locale ?? 'en-US',
    bypassCSP: options.bypassCSP ?? false,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    extraHTTPHeaders: { 'X-Forwarded-For': nextClientAddress() },
  });
}

/** Collects console errors (CSP violations, script errors) and uncaught page errors. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The requests a page (and its frames) has in flight: for waits that follow the page's own traffic, not a timer. */
export interface NetworkWatch {
  inFlight(): number;
  /** Resolves once no request is in flight (at once if none is), or after `timeoutMs` regardless. */
  idle(timeoutMs?: number): Promise<void>;
}

export function watchNetwork(page: Page): NetworkWatch {
  const open = new Set<unknown>();
  let waiters: (() => void)[] = [];
  const settle = (request: unknown) => {
    open.delete(request);
    if (open.size > 0) return;
    const done = waiters;
    waiters = [];
    done.forEach((resolve) => resolve());
  };
  page.on('request', (request) => open.add(request));
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  page.on('close', () => open.forEach(settle));
  return {
    inFlight: () => open.size,
    idle(timeoutMs = 10_000) {
      if (open.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

let axeSource: string | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A+AA and best practices) on the page – or on one frame's document, e.g. a
 * Custom UI iframe (`page.frame({ url: /\/module\/agent-panel/ })`); throws with a readable list.
 */
export async function expectNoAxeViolations(page: Page | Frame, label: string): Promise<void> {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations;
  })) as AxeViolation[];
  if (violations.length > 0) {
    const lines = violations.flatMap((v) => [
      `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}`,
      ...v.nodes.map((n) => `    at ${JSON.stringify(n.target)}${n.failureSummary ? ` – ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
    ]);
    throw new Error(`axe found ${violations.length} violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`);
  }
}


export async function advanceClock(url: string, seconds: number): Promise<void> {
  const response = await fetch(`${url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
  if (!response.ok) throw new Error(`clock answered ${response.status}`);
}

/** Saves a screenshot under test-artifacts/ (git-ignored) – call from a catch to keep evidence of a failure. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(__dirname, '../../test-artifacts/e2e');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/** Runs `run`; on a failure keeps a screenshot `name` of `page` (saveScreenshot) and throws the failure on. */
export async function withScreenshot<R>(page: Page, name: string, run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    await saveScreenshot(page, name);
    throw error;
  }
}

/**
 * Runs an action that submits a form and waits until the answer's document has loaded. Returns the
 * response to the POST (a 303 for redirects). `waitForLoadState` alone is racy here: it resolves at once
 * on the still-loaded old document.
 */
export async function submitAndLoad(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.waitForEvent('load'),
    action(),
  ]);
  return response;
}

// --- Forge Custom UI (agent panel) ------------------------------------------------------------------------

/** The agent panel's frame in a Jira issue view stand-in page, once its document has loaded. */
export async function panelFrame(page: Page, timeoutMs = 5000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frame({ url: /\/module\/agent-panel/ });
    if (frame) {
      await frame.waitForLoadState('load');
      return frame;
    }
    if (Date.now() > until) throw new Error(`no agent panel frame on ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// --- Forge admin page -------------------------------------------------------------------------------------

/** A Custom UI module's frame (`/module/<moduleKey>`) on the page, once its document has loaded. */
export async function moduleFrameOf(page: Page, moduleKey: string, timeoutMs = 5000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  const pattern = new RegExp(`/module/${moduleKey.replace(/[^\w-]/g, '')}(\\?|$)`);
  for (;;) {
    const frame = page.frame({ url: pattern });
    if (frame) {
      await frame.waitForLoadState('load');
      return frame;
    }
    if (Date.now() > until) throw new Error(`no ${moduleKey} frame on ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The admin page's frame in the Jira settings stand-in (`/jira/settings/apps/portal-access`). */
export function adminFrame(page: Page, timeoutMs = 5000): Promise<Frame> {
  return moduleFrameOf(page, 'admin-page', timeoutMs);
}

/** Advances the host clock and waits until every retry that became due (and what it queued) has finished. */
export async function advanceClockAndSettle(env: E2eHost, seconds: number): Promise<void> {
  await advanceClock(env.url, seconds);
  await new Promise((resolve) => setImmediate(resolve));
  await env.host.idle();
}
