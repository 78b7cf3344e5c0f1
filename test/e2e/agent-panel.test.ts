import type { Page } from 'playwright-core';
import { expectNoAxeViolations, invokeResolver, listMail, mailMark, panelFrame, resendInviteLink, resetLinkFromText, saveScreenshot, startE2eHost, submitAndLoad, waitForMail, watchPageErrors, type E2eHost } from '../support/browser';
import { useBrowserAndHost } from '../support/e2e';
import { INES, NORA, T, TOM, lozenge, openIssue, panelData, panelOf, resendInUi, statusSays, type Lang } from '../support/agent-panel-page';
import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';

/**
 * The agent panel (Forge `jira:issueContext` Custom UI) in a real browser, inside the local host's Jira
 * issue-view stand-in: an agent resends an invitation, the customer registers with the new link and logs
 * in, and the panel then shows the account as active. Plus refusals, the invite form, the daily limit, a
 * keyboard-only run and axe-core inside the panel's frame. Texts are literal (static/agent-panel/src/i18n.ts
 * and the customer pages' messages): a wrong or missing translation must fail here. The texts, the demo
 * customers and the steps (open an issue, resend an invitation) are in test/support/agent-panel-page.ts.
 */
jest.setTimeout(90_000);

// Each block below starts a host of its own.
const session = useBrowserAndHost({ host: false });

async function newPage(lang: Lang, bypassCSP = false): Promise<Page> {
  return session.newPage({ locale: T[lang].locale, bypassCSP });
}

// ---------------------------------------------------------------------------------------------------------

describe('agent panel: resend invite → registration → active', () => {
  let env: E2eHost;
  beforeAll(async () => {
    env = await startE2eHost();
  });
  afterAll(async () => env?.close());

  const journeys = [
    { lang: 'en' as const, who: TOM, before: T.en.invited, password: 'Quiet-Orbit-Maple-Tundra-58' },
    { lang: 'de' as const, who: INES, before: T.de.expired, password: 'Wolke-Brücke-Apfelbaum-93' },
  ];

  test.each(journeys)('$lang: $who.name – the agent resends the invitation; only the new link registers', async ({ lang, who, before, password }) => {
    const t = T[lang];
    const page = await newPage(lang);
    const errors = watchPageErrors(page);
    try {
      // The agent opens the request: current status
      let panel = await openIssue(page, env, who.issue, 'agent', lang);
      expect(await lozenge(panel)).toBe(before);
      expect(await panel.locator('html').getAttribute('lang')).toBe(lang);

      // The customer's current invitation (the OLD link), then the resend under test (the NEW link)
      const oldLink = await resendInUi(env, panel, lang, who);
      expect(await lozenge(panel)).toBe(t.invited);
      const newLink = await resendInUi(env, panel, lang, who);
      expect(newLink).not.toBe(oldLink);
      expect(new URL(newLink).searchParams.get('lang')).toBe(lang);
      expect(await lozenge(panel)).toBe(t.invited);

      // The old link is refused
      const refused = await page.goto(oldLink);
      expect(refused?.status()).toBe(404);
      expect(await page.locator('main h1').textContent()).toBe(t.linkInvalid);
      expect(await page.getByLabel(t.newPassword, { exact: true }).count()).toBe(0);

      // The new link completes the registration
      expect((await page.goto(newLink))?.status()).toBe(200);
      expect(await page.locator('main h1').textContent()).toBe(t.regHeading);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await page.getByLabel(t.newPassword, { exact: true }).fill(password);
      await page.getByLabel(t.confirmPassword, { exact: true }).fill(password);
      await Promise.all([page.waitForURL(/\/reset\/done\?/), page.getByRole('button', { name: t.save, exact: true }).click()]);
      expect(await page.locator('main h1').textContent()).toBe(t.regDone);

      // Log in with the new password
      await page.goto(`${env.pages}/login?lang=${lang}`);
      expect(await page.locator('main h1').textContent()).toBe(t.loginHeading);
      await page.getByLabel(t.identifierLabel, { exact: true }).fill(who.email);
      await page.getByLabel(t.passwordLabel, { exact: true }).fill(password);
      const login = await submitAndLoad(page, () => page.getByRole('button', { name: t.logIn, exact: true }).click());
      expect(login.status()).toBe(200);
      expect(await page.locator('main h1').textContent()).toBe(t.loggedIn);
      expect(await page.getByRole('status').innerText()).toContain(who.name);

      // Back in Jira: the panel shows the account as active, with the history
      panel = await openIssue(page, env, who.issue, 'agent', lang);
      expect(await lozenge(panel)).toBe(t.active);
      expect(await panel.getByRole('button', { name: t.resend, exact: true }).count()).toBe(0);
      const resent = panel.locator('.pa-event').filter({ hasText: t.resent });
      expect(await resent.count()).toBe(2);
      for (const text of await resent.allInnerTexts()) expect(text).toContain(t.byAgent);
      const accepted = panel.locator('.pa-event').filter({ hasText: t.accepted });
      expect(await accepted.count()).toBe(1);
      expect(await accepted.innerText()).toContain(t.byCustomer);
      // Newest first: the acceptance is above the agent's invitations.
      const labels = await panel.locator('.pa-event .pa-event-label').allInnerTexts();
      expect(labels.indexOf(t.accepted)).toBeLessThan(labels.indexOf(t.resent));

      // The refused old link answers 404, which chromium logs; anything else (script errors) counts.
      expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `agent-panel-journey-${lang}`);
      throw error;
    }
  });

  test.each([
    { persona: 'other-agent' as const, lang: 'en' as const },
    { persona: 'other-agent' as const, lang: 'de' as const },
    { persona: 'customer' as const, lang: 'en' as const },
    { persona: 'anonymous' as const, lang: 'en' as const },
  ])('$persona ($lang) is refused on DEMO-1: no customer data, no actions', async ({ persona, lang }) => {
    const page = await newPage(lang);
    const panel = await openIssue(page, env, TOM.issue, persona, lang);
    await panel.getByText(T[lang].refused, { exact: true }).waitFor();
    expect(await panel.getByRole('button').count()).toBe(0);
    expect(await panel.locator('.pa-lozenge').count()).toBe(0);
    const text = await panel.locator('body').innerText();
    expect(text).not.toContain(TOM.email);
    expect(text).not.toContain(TOM.name);
  });

  test('en: the agent invites Nora Neu (not in the directory) from DEMO-5', async () => {
    const t = T.en;
    const page = await newPage('en');
    try {
      const panel = await openIssue(page, env, NORA.issue, 'agent', 'en');
      expect(await lozenge(panel)).toBe(t.notInvited);
      const inviteButton = panel.getByRole('button', { name: t.invite, exact: true });
      expect(await inviteButton.getAttribute('aria-expanded')).toBe('false');
      await inviteButton.click();
      expect(await inviteButton.getAttribute('aria-expanded')).toBe('true');

      const email = panel.getByLabel(t.emailLabel, { exact: true });
      expect(await email.inputValue()).toBe(NORA.email);
      expect(await email.isEditable()).toBe(true);
      expect(await panel.getByLabel(t.nameLabel, { exact: true }).inputValue()).toBe(NORA.name);
      // Editable: the agent can change the address (here: typed again, in other case).
      await email.fill('');
      await email.pressSequentially('Nora.Neu@example.com');
      expect(await email.inputValue()).toBe('Nora.Neu@example.com');
      await email.fill(NORA.email);

      const ignore = await mailMark(env.url);
      await panel.getByRole('button', { name: t.cont, exact: true }).click();
      await panel.getByText(t.askInvite(NORA.email), { exact: true }).waitFor();
      expect(await listMail(env.url).then((m) => m.filter((x) => !ignore.has(x.id)).length)).toBe(0);
      await panel.getByRole('button', { name: t.confirm, exact: true }).click();
      await statusSays(panel, t.sent(NORA.email));
      const { mail } = await waitForMail(env.url, { to: NORA.email, subject: t.subject, ignore });
      expect(mail.text).toContain(`Hello ${NORA.name},`);
      expect(mail.text).toContain('Alex Agent invited you');
      expect(new URL(resetLinkFromText(mail.text)).searchParams.get('lang')).toBe('en');
      expect(await lozenge(panel)).toBe(t.invited);
      expect(await panel.locator('#pa-invite-form').count()).toBe(0);
    } catch (error) {
      await saveScreenshot(page, 'agent-panel-invite-nora');
      throw error;
    }
  });
});

describe('agent panel: keyboard and the daily invitation limit', () => {
  let env: E2eHost;
  beforeAll(async () => {
    env = await startE2eHost();
  });
  afterAll(async () => env?.close());

  test('en: the resend flow completes with the keyboard only (Tab, Enter, Enter)', async () => {
    const t = T.en;
    const page = await newPage('en');
    try {
      await openIssue(page, env, TOM.issue, 'agent', 'en');
      const frame = await panelFrame(page);
      const focused = () => frame.evaluate(() => (document.hasFocus() ? (document.activeElement?.id || document.activeElement?.textContent || '') : ''));
      let tabs = 0;
      while ((await focused()) !== 'pa-btn-resend') {
        if (++tabs > 20) throw new Error(`Tab never reached "${t.resend}" (last focus: ${await focused()})`);
        await page.keyboard.press('Tab');
      }
      const ignore = await mailMark(env.url);
      await page.keyboard.press('Enter');
      await panelOf(page).getByText(t.askResend(TOM.email), { exact: true }).waitFor();
      // The confirmation takes focus on its Confirm button.
      expect(await focused()).toBe(t.confirm);
      await page.keyboard.press('Enter');
      await statusSays(panelOf(page), t.sent(TOM.email));
      await waitForMail(env.url, { to: TOM.email, subject: t.subject, ignore });
      // Focus returns to the button that started the action.
      expect(await focused()).toBe('pa-btn-resend');
    } catch (error) {
      await saveScreenshot(page, 'agent-panel-keyboard');
      throw error;
    }
  });

  test('en: after 5 invitations in a day the 6th shows the limit message', async () => {
    const t = T.en;
    // Fill the day's allowance through the resolver, as the panel's bridge does.
    const left = (await panelData(env, TOM.issue)).invitesLeftToday;
    for (let i = 0; i < left; i++) {
      const result = await invokeResolver<AgentResult<PanelData>>(env.url, { functionKey: 'agent/resend-invite', issueKey: TOM.issue });
      expect(result.ok).toBe(true);
    }
    await env.host.idle();
    expect((await listMail(env.url)).filter((m) => m.to === TOM.email && m.subject === t.subject)).toHaveLength(5);
    expect((await panelData(env, TOM.issue)).invitesLeftToday).toBe(0);

    const page = await newPage('en');
    try {
      const panel = await openIssue(page, env, TOM.issue, 'agent', 'en');
      await panel.getByText(t.noneLeft, { exact: true }).waitFor();
      const ignore = await mailMark(env.url);
      await panel.getByRole('button', { name: t.resend, exact: true }).click();
      await panel.getByRole('button', { name: t.confirm, exact: true }).click();
      await statusSays(panel, t.limit);
      await env.host.idle();
      expect((await listMail(env.url)).filter((m) => !ignore.has(m.id))).toEqual([]);
      expect(await lozenge(panel)).toBe(t.invited);
    } catch (error) {
      await saveScreenshot(page, 'agent-panel-limit');
      throw error;
    }
  });
});

describe('agent panel has no axe violations (inside its frame)', () => {
  let env: E2eHost;
  beforeAll(async () => {
    env = await startE2eHost();
    // Ines registers, so DEMO-3 shows an active account with a timeline.
    const link = await resendInviteLink(env.url, INES.issue, INES.email);
    const token = new URL(link).searchParams.get('token')!;
    const done = await fetch(`${env.pages}/reset`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, password: 'Kastanie-Leuchtturm-Nebel-35', confirm: 'Kastanie-Leuchtturm-Nebel-35', lang: 'de' }).toString(),
    });
    expect(done.status).toBe(303);
  });
  afterAll(async () => env?.close());

  const combos = (['en', 'de'] as const).flatMap((lang) => (['light', 'dark'] as const).map((theme) => ({ lang, theme })));
  const states = [
    { state: 'invited', issue: TOM.issue, persona: 'agent' as const, lozenge: (l: Lang) => T[l].invited },
    { state: 'active with timeline', issue: INES.issue, persona: 'agent' as const, lozenge: (l: Lang) => T[l].active },
    { state: 'not invited, invite form open', issue: NORA.issue, persona: 'agent' as const, lozenge: (l: Lang) => T[l].notInvited },
    { state: 'refused', issue: TOM.issue, persona: 'other-agent' as const, lozenge: undefined },
  ];
  const cases = combos.flatMap((c) => states.map((s) => ({ ...c, ...s })));

  // One page per language and theme; each state opens its issue view afresh in it (a new document).
  const pages = new Map<string, Promise<Page>>();
  const pageFor = (lang: Lang, theme: 'light' | 'dark') => {
    const key = `${lang} ${theme}`;
    if (!pages.has(key)) pages.set(key, newPage(lang, true));
    return pages.get(key)!;
  };

  test.each(cases)('$lang $theme: $state', async ({ lang, theme, state, issue, persona, lozenge: want }) => {
    const t = T[lang];
    const page = await pageFor(lang, theme);
    const label = `agent-panel ${lang} ${theme} ${state}`;
    try {
      const panel = await openIssue(page, env, issue, persona, lang, theme);
      const frame = await panelFrame(page);
      expect(await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'))).toBe(theme);
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe(lang);
      if (want) expect(await lozenge(panel)).toBe(want(lang));
      else await panel.getByText(t.refused, { exact: true }).waitFor();
      if (state === 'active with timeline') {
        expect(await panel.locator('.pa-event').filter({ hasText: t.accepted }).count()).toBe(1);
        expect(await panel.locator('.pa-event').filter({ hasText: t.byAgent }).count()).toBeGreaterThan(0);
      }
      if (state.includes('form open')) {
        await panel.getByRole('button', { name: t.invite, exact: true }).click();
        await panel.locator('#pa-invite-form').waitFor();
        expect(await panel.getByLabel(t.emailLabel, { exact: true }).inputValue()).toBe(NORA.email);
      }
      await expectNoAxeViolations(frame, label);
    } catch (error) {
      await saveScreenshot(page, label);
      throw error;
    }
  });
});
