import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, LaunchOptions, Page, Response } from 'playwright-core';
import { silentLogger, startHost, type HostOptions, type LocalHost } from '../../local/host';
import type { CapturedMail } from '../../local/mail-catcher';
import { invokeResolver, TEST_SCRYPT } from './local-host';

export { invokeResolver, type InvokeRequest } from './local-host';

/**
 * Browser end-to-end helpers: headless Debian chromium (one per jest worker, shared by its browser files, each
 * in contexts of its own), one local Forge host per test file on a fresh temp data directory, axe-core checks
 * and a mailbox poller.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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

/** The hosts this process started (startE2eHost), by URL: mailMark lets their queued jobs finish first. */
const hostsByUrl = new Map<string, LocalHost>();

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

export type { CapturedMail };

export async function listMail(url: string): Promise<CapturedMail[]> {
  const response = await fetch(`${url}/mail/api/messages`);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return (await response.json()) as CapturedMail[];
}

/** Ids of the messages in the mailbox now, so a later wait only accepts new ones. */
export async function mailMark(url: string): Promise<Set<string>> {
  // First let every job already queued finish (an earlier request's mail still on its way would otherwise come
  // after the mark and be taken for the next one's: under load its superseded link then answers 404).
  await hostsByUrl.get(url)?.idle();
  return new Set((await listMail(url)).map((m) => m.id));
}

/**
 * Waits until a message to `to` whose subject matches is in the mailbox (default: within 5 s). Messages whose id
 * is in `ignore` (see mailMark) do not count. Returns the message and how long it took to arrive.
 *
 * Event-driven for hosts this process started (startE2eHost): it looks again each time the mailbox captures a
 * message, and once the message is there it waits until the job that sent it has finished. A link mail's link is
 * stored only after the provider took the mail (src/flows/deliver.ts: no live link the customer never got), so
 * on a busy machine a link opened the moment its mail is listed could still be unknown: the reset journey's "a
 * used link is no longer valid" once met the "This link is no longer valid" page instead of the form. Other hosts
 * (another process's) are polled every 20 ms.
 */
export async function waitForMail(
  url: string,
  match: { to: string; subject: string | RegExp; ignore?: Set<string> },
  timeoutMs = 5000,
): Promise<{ mail: CapturedMail; waitedMs: number }> {
  const started = performance.now();
  const host = hostsByUrl.get(url);
  const subjectOk = (s: string) => (typeof match.subject === 'string' ? s === match.subject : match.subject.test(s));
  for (;;) {
    // Before listing, so a message captured while the list is on its way is not missed.
    const captured = host?.mailbox.next();
    const messages = await listMail(url);
    const mail = messages.find((m) => !match.ignore?.has(m.id) && m.to.toLowerCase().split(/,\s*/).includes(match.to.toLowerCase()) && subjectOk(m.subject));
    if (mail) {
      const waitedMs = performance.now() - started;
      await host?.idle();
      return { mail, waitedMs };
    }
    const left = timeoutMs - (performance.now() - started);
    if (left < 0) {
      const seen = messages.map((m) => `${m.to}: ${m.subject}`).join('; ') || 'none';
      throw new Error(`no mail to ${match.to} with subject ${String(match.subject)} within ${timeoutMs} ms (mailbox: ${seen})`);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([captured ?? new Promise((resolve) => setTimeout(resolve, 20)), new Promise((resolve) => (timer = setTimeout(resolve, left + 1)))]);
    clearTimeout(timer);
  }
}

/** The reset link in a mail's text part. */
export function resetLinkFromText(text: string): string {
  const match = /(https?:\/\/\S+\/reset\?token=[A-Za-z0-9_.%-]+&lang=[a-z]{2})/.exec(text);
  if (!match) throw new Error(`no reset link in the mail text:\n${text.slice(0, 500)}`);
  return match[1];
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

/**
 * Sends the invitation for an issue's reporter again (as the agent, through the resolver) and returns the
 * link from the new invitation email.
 */
export async function resendInviteLink(url: string, issueKey: string, email: string): Promise<string> {
  const ignore = await mailMark(url);
  const result = await invokeResolver<{ ok: boolean; error?: string }>(url, { functionKey: 'agent/resend-invite', issueKey });
  if (!result.ok) throw new Error(`agent/resend-invite on ${issueKey} failed: ${result.error}`);
  const { mail } = await waitForMail(url, { to: email, subject: INVITE_SUBJECT, ignore });
  return resetLinkFromText(mail.text);
}

/** The invitation email's subject, en and de (the customer's language). */
export const INVITE_SUBJECT = /^\[Demo Service Desk\] (You are invited to the Demo Service Desk portal|Einladung zum Portal Demo Service Desk)$/;

// --- Forge admin page, mail faults -----------------------------------------------------------------------

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

/** Injects faults into the local host's mailbox (`POST /local/api/mail/faults`); returns what is now set. */
export async function mailFaults(url: string, faults: { refuseNext?: number; rejectNext?: number; down?: boolean }): Promise<{ refuseNext: number; rejectNext: number; down: boolean }> {
  const response = await fetch(`${url}/local/api/mail/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`mail faults answered ${response.status}`);
  return (await response.json()) as { refuseNext: number; rejectNext: number; down: boolean };
}

/** Advances the host clock and waits until every retry that became due (and what it queued) has finished. */
export async function advanceClockAndSettle(env: E2eHost, seconds: number): Promise<void> {
  await advanceClock(env.url, seconds);
  await new Promise((resolve) => setImmediate(resolve));
  await env.host.idle();
}

/**
 * The PIN of the newest SMS to `to` not read before (ids kept in `seen`): the click that asks for it can return
 * before its request has queued the SMS, so this waits for a new message rather than for an idle queue.
 */
export async function nextSmsPin(env: E2eHost, to: string, seen: Set<string>, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await env.host.idle();
    const messages = (await (await fetch(`${env.url}/sms/api/messages`)).json()) as { id: string; to: string; text: string }[];
    const fresh = messages.find((m) => !seen.has(m.id));
    if (fresh && fresh === messages[0]) {
      messages.forEach((m) => seen.add(m.id));
      if (fresh.to !== to) throw new Error(`the newest SMS went to ${fresh.to}, not ${to}`);
      return /(\d{6})/.exec(fresh.text)![1];
    }
    if (Date.now() > deadline) throw new Error(`no new SMS arrived within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
