import type { Frame, Page } from 'playwright-core';
import type { Customer } from '../../src/domain/customer';
import type { AdminResult, SettingsData } from '../../src/surfaces/admin-api';
import { adminFrame, expectNoAxeViolations, invokeResolver, listMail, panelFrame, saveScreenshot, watchPageErrors } from '../support/browser';
import { focused, poll, tabUntil, useBrowserAndHost } from '../support/e2e';

/**
 * Two-step verification on the admin page (issue 11) in Chromium, as a Jira admin, in en and de: the
 * Security section's new group (policy as radio buttons, methods as checkboxes; "no method" refused at
 * the field with the focus on it; saved by keyboard), and in the Customers list the marks beside the
 * status, "Mark as portal administrator" and "Reset two-step verification" (each confirmed), the invite
 * form's "Portal administrator" box, and the agent panel showing both. axe-core finds nothing in each
 * state. Texts are literal (settings.i18n.ts, customers.i18n.ts, agent-panel i18n.ts).
 */
jest.setTimeout(120_000);

const T = {
  en: {
    locale: 'en-US' as const,
    security: 'Security',
    group: 'Two-step verification',
    policy: 'Policy',
    policies: ['Off', 'Optional', 'Required for portal administrators', 'Required for everyone'],
    methods: 'Allowed methods',
    totp: 'Authenticator app',
    sms: 'SMS',
    smsHint: 'Needs an SMS provider under Email delivery.',
    methodNeeded: 'Allow at least one method, or turn two-step verification off.',
    fixOne: 'Please correct the field marked below.',
    saved: 'Saved. Customers see the change within a few seconds.',
    caption: 'Customers, page 1',
    customer: { email: 'jane.doe@example.com', name: 'Jane Doe', issue: 'DEMO-2' },
    badgeAdmin: 'Portal administrator',
    badgeTwoStep: 'Two-step verification on',
    mark: 'Mark as portal administrator',
    reset: 'Reset two-step verification',
    confirm: 'Yes, do it',
    marked: (n: string) => `${n} is marked as a portal administrator.`,
    resetDone: (n: string) => `Two-step verification of ${n} is reset.`,
    inviteOpen: 'Invite customer',
    inviteEmail: 'Email address',
    inviteName: 'Name',
    invitePortalAdmin: 'Portal administrator',
    inviteSubmit: 'Send invitation',
    sent: (e: string) => `Invitation sent to ${e}.`,
    panelMark: 'Portal administrator',
    panelTwoStep: 'Two-step verification',
    panelRequired: 'required, not set up yet',
  },
  de: {
    locale: 'de-DE' as const,
    security: 'Sicherheit',
    group: 'Zwei-Schritt-Verifizierung',
    policy: 'Richtlinie',
    policies: ['Aus', 'Optional', 'Erforderlich für Portal-Administratoren', 'Erforderlich für alle'],
    methods: 'Erlaubte Methoden',
    totp: 'Authenticator-App',
    sms: 'SMS',
    smsHint: 'Erfordert einen SMS-Anbieter unter E-Mail-Versand.',
    methodNeeded: 'Erlauben Sie mindestens eine Methode oder schalten Sie die Zwei-Schritt-Verifizierung aus.',
    fixOne: 'Bitte korrigieren Sie das markierte Feld.',
    saved: 'Gespeichert. Kundinnen und Kunden sehen die Änderung innerhalb weniger Sekunden.',
    caption: 'Kundinnen und Kunden, Seite 1',
    customer: { email: 'erika.mustermann@example.de', name: 'Erika Mustermann', issue: 'DEMO-6' },
    badgeAdmin: 'Portal-Administrator',
    badgeTwoStep: 'Zwei-Schritt-Verifizierung an',
    mark: 'Als Portal-Administrator markieren',
    reset: 'Zwei-Schritt-Verifizierung zurücksetzen',
    confirm: 'Ja, ausführen',
    marked: (n: string) => `${n} ist als Portal-Administrator markiert.`,
    resetDone: (n: string) => `Die Zwei-Schritt-Verifizierung von ${n} ist zurückgesetzt.`,
    inviteOpen: 'Kunden einladen',
    inviteEmail: 'E-Mail-Adresse',
    inviteName: 'Name',
    invitePortalAdmin: 'Portal-Administrator',
    inviteSubmit: 'Einladung senden',
    sent: (e: string) => `Einladung an ${e} gesendet.`,
    panelMark: 'Portal-Administrator',
    panelTwoStep: 'Zwei-Schritt-Verifizierung',
    panelRequired: 'erforderlich, noch nicht eingerichtet',
  },
};
type Lang = keyof typeof T;

const session = useBrowserAndHost();

async function settings(): Promise<SettingsData> {
  const result = await invokeResolver<AdminResult<SettingsData>>(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/settings/get', persona: 'admin' });
  if (!result.ok) throw new Error(`admin/settings/get: ${result.error}`);
  return result.data;
}

async function newPage(lang: Lang): Promise<{ page: Page; errors: string[] }> {
  const context = await session.newContext({ locale: T[lang].locale, bypassCSP: true, quietFavicon: true });
  const page = await context.newPage();
  return { page, errors: watchPageErrors(page) };
}

async function openAdmin(lang: Lang, hash: 'security' | 'customers'): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  const { page, errors } = await newPage(lang);
  expect((await page.goto(`${session.env.url}/jira/settings/apps/portal-access?persona=admin&lang=${lang}&theme=light#${hash}`))?.status()).toBe(200);
  const frame = await adminFrame(page);
  if (hash === 'security') {
    await frame.locator('nav.pa-nav').waitFor();
    await frame.locator('nav.pa-nav a[href="#security"]').click();
    await frame.locator('form.pa-form').waitFor();
    expect(await frame.locator('h2.pa-heading').innerText()).toBe(T[lang].security);
  }
  else await frame.getByRole('table', { name: T[lang].caption }).getByRole('rowheader').first().waitFor();
  return { page, frame, errors };
}

/** An enrolled customer, as the sign-in steps leave one (the entry's `twoStep` and its secrets). */
async function enrol(email: string): Promise<Customer> {
  const { directory, factors } = session.env.host.deps;
  const current = (await directory.findByEmail(email))!;
  const next: Customer = {
    ...current,
    rev: current.rev + 1,
    twoStep: { totp: { ref: 'e2e', since: 1_700_000_000, lastStep: 0 }, recovery: { ref: 'e2e', since: 1_700_000_000, total: 10, used: [] }, failures: 0 },
  };
  expect(await directory.update(next, { rev: current.rev }, [])).toBe(true);
  await factors.putTotp(current.id, 'e2e', 'JBSWY3DPEHPK3PXP');
  await factors.putRecovery(current.id, 'e2e', ['h']);
  return next;
}

describe.each(['en', 'de'] as const)('two-step verification on the admin page (%s)', (lang) => {
  const t = T[lang];

  test('Security: the group reads as radio buttons and checkboxes; no method is refused at its field; saved by keyboard', async () => {
    const before = await settings();
    // Start from "off" whatever the demo data says.
    await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/security/save', persona: 'admin', payload: { ...before.security, twoStep: { policy: 'off', methods: { totp: true, sms: false } } } });
    const { page, frame, errors } = await openAdmin(lang, 'security');
    try {
      const group = frame.getByRole('group', { name: t.group });
      const policy = group.getByRole('group', { name: t.policy });
      expect(await policy.getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels?.[0]?.textContent))).toEqual(t.policies);
      expect(await policy.getByRole('radio', { name: t.policies[0] }).isChecked()).toBe(true);
      const methods = group.getByRole('group', { name: t.methods });
      expect(await methods.getByRole('checkbox', { name: t.totp }).isChecked()).toBe(true);
      expect(await methods.getByRole('checkbox', { name: t.sms }).isChecked()).toBe(false);
      expect(await frame.locator('#pa-set-twoStep-methods-sms-hint').innerText()).toBe(t.smsHint);
      await expectNoAxeViolations(frame, `security two-step ${lang}`);

      // Keyboard: into the radio group (Tab lands on the checked one), arrows choose; then the first method off.
      await tabUntil(page, frame, (f) => f.id === 'pa-set-twoStep-policy-off', 'the policy radio group');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await policy.getByRole('radio', { name: t.policies[2] }).isChecked()).toBe(true);
      await tabUntil(page, frame, (f) => f.id === 'pa-set-twoStep-methods', 'the authenticator app checkbox');
      await page.keyboard.press('Space');
      await tabUntil(page, frame, (f) => f.id === 'pa-security-save', 'Save');
      await page.keyboard.press('Enter');
      await poll(async () => (await frame.locator('#pa-security-status').innerText()).trim(), t.fixOne);
      expect((await focused(frame)).id).toBe('pa-set-twoStep-methods');
      expect(await frame.locator('#pa-set-twoStep-methods-error').innerText()).toBe(t.methodNeeded);
      expect(await methods.getByRole('checkbox', { name: t.totp }).getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(frame, `security two-step error ${lang}`);
      expect((await settings()).security.twoStep).toEqual({ policy: 'off', methods: { totp: true, sms: false } });

      await page.keyboard.press('Space');
      expect(await frame.locator('#pa-set-twoStep-methods-error').count()).toBe(0);
      await tabUntil(page, frame, (f) => f.id === 'pa-security-save', 'Save');
      await page.keyboard.press('Enter');
      await poll(async () => (await frame.locator('#pa-security-status').innerText()).trim(), t.saved);
      expect((await settings()).security.twoStep).toEqual({ policy: 'admins', methods: { totp: true, sms: false } });
      await expectNoAxeViolations(frame, `security two-step saved ${lang}`);
      await saveScreenshot(page, `admin-two-step-security-${lang}`);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-two-step-security-failed-${lang}`);
      throw error;
    } finally {
      await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/security/save', persona: 'admin', payload: { ...before.security } });
    }
  });

  test('Customers: marks beside the status; mark as portal administrator and reset two-step, each confirmed; agent panel shows both', async () => {
    const c = t.customer;
    const enrolled = await enrol(c.email);
    const { page, frame, errors } = await openAdmin(lang, 'customers');
    try {
      await frame.locator('#pa-customers-q').fill(c.email);
      await frame.locator('#pa-customers-q').press('Enter');
      const table = frame.getByRole('table', { name: t.caption });
      await poll(() => table.getByRole('rowheader').allTextContents(), [c.name]);
      const row = table.getByRole('row', { name: new RegExp(c.name) });
      const marks = () => row.locator('.pa-customer-badge').allTextContents();
      await poll(marks, [t.badgeTwoStep]);
      await expectNoAxeViolations(frame, `customers with the two-step mark (${lang})`);

      // Mark as portal administrator, by keyboard, with the confirm step.
      await tabUntil(page, frame, (f) => f.label === `${t.mark}: ${c.name}`, `the button "${t.mark}"`);
      await page.keyboard.press('Enter');
      await poll(async () => (await focused(frame)).text, t.confirm);
      await page.keyboard.press('Enter');
      await poll(async () => frame.locator('#pa-customers-status').textContent(), t.marked(c.name));
      await poll(marks, [t.badgeAdmin, t.badgeTwoStep]);
      expect((await focused(frame)).text).toBe(c.name);
      expect((await session.env.host.deps.directory.findByEmail(c.email))?.portalAdmin).toBe(true);

      // Reset two-step verification: confirmed; the entry loses its method and the button goes.
      await row.getByRole('button', { name: `${t.reset}: ${c.name}` }).click();
      await poll(async () => (await focused(frame)).text, t.confirm);
      await expectNoAxeViolations(frame, `customers reset confirm (${lang})`);
      await page.keyboard.press('Enter');
      await poll(async () => frame.locator('#pa-customers-status').textContent(), t.resetDone(c.name));
      await poll(marks, [t.badgeAdmin]);
      expect(await row.getByRole('button', { name: `${t.reset}: ${c.name}` }).count()).toBe(0);
      const after = (await session.env.host.deps.directory.findByEmail(c.email))!;
      expect(after.twoStep).toBeUndefined();
      expect(await session.env.host.deps.factors.getTotp(enrolled.id, 'e2e')).toBeUndefined();
      await expectNoAxeViolations(frame, `customers after the reset (${lang})`);
      await saveScreenshot(page, `admin-two-step-customers-${lang}`);

      // The invite form's box.
      await frame.getByRole('button', { name: t.inviteOpen }).click();
      const form = frame.locator('#pa-customers-invite form');
      const email = `portal.admin.${lang}@example.org`;
      await form.getByLabel(t.inviteEmail).fill(email);
      await form.getByLabel(t.inviteName, { exact: true }).fill('Portal Admin');
      await form.getByRole('checkbox', { name: t.invitePortalAdmin }).check();
      await expectNoAxeViolations(frame, `invite form with the portal administrator box (${lang})`);
      await form.getByRole('button', { name: t.inviteSubmit }).click();
      await poll(async () => frame.locator('#pa-customers-status').textContent(), t.sent(email));
      expect((await session.env.host.deps.directory.findByEmail(email))?.portalAdmin).toBe(true);
      await poll(async () => (await listMail(session.env.url)).some((m) => m.to.includes(email)), true);
      expect(errors).toEqual([]);
    } catch (error) {
      await saveScreenshot(page, `admin-two-step-customers-failed-${lang}`);
      throw error;
    }

    // The agent panel: the mark beside the status, and the two-step state (required for portal administrators now).
    const before = await settings();
    await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/security/save', persona: 'admin', payload: { ...before.security, twoStep: { policy: 'admins', methods: { totp: true, sms: false } } } });
    try {
      const agent = await newPage(lang);
      expect((await agent.page.goto(`${session.env.url}/jira/browse/${c.issue}?persona=agent&lang=${lang}&theme=light`))?.status()).toBe(200);
      const panel = await panelFrame(agent.page);
      await panel.locator('#pa-portal-admin').waitFor();
      expect(await panel.locator('.pa-status #pa-portal-admin').innerText()).toBe(t.panelMark.toUpperCase());
      const fact = panel.locator('.pa-fact').filter({ has: panel.locator('dt', { hasText: t.panelTwoStep }) });
      expect(await fact.locator('dd').innerText()).toBe(t.panelRequired);
      await expectNoAxeViolations(panel, `agent panel with the marks (${lang})`);
      expect(agent.errors).toEqual([]);
    } finally {
      await invokeResolver(session.env.url, { moduleKey: 'admin-page', functionKey: 'admin/security/save', persona: 'admin', payload: { ...before.security } });
    }
  });
});
