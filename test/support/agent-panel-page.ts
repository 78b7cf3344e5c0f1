import type { FrameLocator, Page } from 'playwright-core';
import { invokeResolver, listMail, mailMark, resetLinkFromText, waitForMail, type E2eHost } from './browser';
import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';

/**
 * The agent panel (Forge `jira:issueContext` Custom UI) in the local host's Jira issue-view stand-in, as
 * test/e2e/agent-panel.test.ts sees it: its texts in English and German (literal, static/agent-panel/src/i18n.ts
 * and the customer pages' messages: a wrong or missing translation must fail there), the demo customers, and
 * the steps: open an issue, read the status, resend an invitation.
 */
export const T = {
  en: {
    locale: 'en-US' as const,
    invited: 'Invited',
    expired: 'Invite expired',
    active: 'Active',
    notInvited: 'Not invited',
    resend: 'Resend invite',
    invite: 'Invite',
    confirm: 'Confirm',
    cont: 'Continue',
    emailLabel: 'Email',
    nameLabel: 'Display name',
    askResend: (e: string) => `Send the invitation to ${e} again?`,
    askInvite: (e: string) => `Send an invitation to ${e}?`,
    sent: (e: string) => `Invitation sent to ${e}`,
    limit: "This customer has reached today's limit for these emails. Try again tomorrow.",
    noneLeft: 'No invitations left today for this customer.',
    refused: 'You can see this panel only as an agent of this service project.',
    subject: '[Demo Service Desk] You are invited to the Demo Service Desk portal',
    regHeading: 'Complete your registration',
    regDone: 'Your registration is complete',
    newPassword: 'New password',
    confirmPassword: 'Confirm password',
    save: 'Save password',
    linkInvalid: 'This link is no longer valid',
    loginHeading: 'Log in to Demo Service Desk',
    identifierLabel: 'Email address or username',
    passwordLabel: 'Password',
    logIn: 'Log in',
    loggedIn: 'You are logged in',
    resent: 'Invitation sent again',
    accepted: 'Invitation accepted',
    byAgent: 'by Alex Agent',
    byCustomer: 'by the customer',
  },
  de: {
    locale: 'de-DE' as const,
    invited: 'Eingeladen',
    expired: 'Einladung abgelaufen',
    active: 'Aktiv',
    notInvited: 'Nicht eingeladen',
    resend: 'Einladung erneut senden',
    invite: 'Einladen',
    confirm: 'Bestätigen',
    cont: 'Weiter',
    emailLabel: 'E-Mail',
    nameLabel: 'Anzeigename',
    askResend: (e: string) => `Die Einladung erneut an ${e} senden?`,
    askInvite: (e: string) => `Eine Einladung an ${e} senden?`,
    sent: (e: string) => `Einladung an ${e} gesendet`,
    limit: 'Für diese Person ist das heutige Limit für diese E-Mails erreicht. Versuchen Sie es morgen wieder.',
    noneLeft: 'Heute sind keine Einladungen mehr möglich.',
    refused: 'Sie können dieses Panel nur als Agent dieses Serviceprojekts sehen.',
    subject: '[Demo Service Desk] Einladung zum Portal Demo Service Desk',
    regHeading: 'Registrierung abschließen',
    regDone: 'Ihre Registrierung ist abgeschlossen',
    newPassword: 'Neues Passwort',
    confirmPassword: 'Passwort bestätigen',
    save: 'Passwort speichern',
    linkInvalid: 'Dieser Link ist nicht mehr gültig',
    loginHeading: 'Bei Demo Service Desk anmelden',
    identifierLabel: 'E-Mail-Adresse oder Benutzername',
    passwordLabel: 'Passwort',
    logIn: 'Anmelden',
    loggedIn: 'Sie sind angemeldet',
    resent: 'Einladung erneut gesendet',
    accepted: 'Einladung angenommen',
    byAgent: 'von Alex Agent',
    byCustomer: 'vom Kunden',
  },
};
export type Lang = keyof typeof T;
export type Persona = 'agent' | 'other-agent' | 'admin' | 'customer' | 'anonymous';

export const TOM = { issue: 'DEMO-1', email: 'tom.invited@example.com', name: 'Tom Invited', username: 'customer2300231' };
export const INES = { issue: 'DEMO-3', email: 'ines.abgelaufen@example.de', name: 'Ines Abgelaufen', username: 'customer2300232' };
export const NORA = { issue: 'DEMO-5', email: 'nora.neu@example.com', name: 'Nora Neu' };

const issueUrl = (env: E2eHost, key: string, persona: Persona, lang: Lang, theme: 'light' | 'dark' = 'light') =>
  `${env.url}/jira/browse/${key}?persona=${persona}&lang=${lang}&theme=${theme}`;

export const panelOf = (page: Page): FrameLocator => page.frameLocator('iframe[title="Portal access"]');

/** Opens the issue view and waits until the panel has loaded (status lozenge or refusal shown). */
export async function openIssue(page: Page, env: E2eHost, key: string, persona: Persona, lang: Lang, theme: 'light' | 'dark' = 'light'): Promise<FrameLocator> {
  const response = await page.goto(issueUrl(env, key, persona, lang, theme));
  expect(response?.status()).toBe(200);
  const panel = panelOf(page);
  await panel.locator('.pa-lozenge, .pa-calm').first().waitFor();
  return panel;
}

export async function lozenge(panel: FrameLocator): Promise<string> {
  return ((await panel.locator('.pa-lozenge').textContent()) ?? '').trim();
}

/** Waits until the panel's status region (role=status, aria-live) says `text`. */
export async function statusSays(panel: FrameLocator, text: string): Promise<void> {
  await panel.getByRole('status').filter({ hasText: text }).waitFor({ timeout: 5000 });
  expect(((await panel.getByRole('status').textContent()) ?? '').trim()).toBe(text);
}

/** Resend invite → confirm → success notice; returns the link of the one new invitation mail. */
export async function resendInUi(env: E2eHost, panel: FrameLocator, lang: Lang, who: { email: string }): Promise<string> {
  const t = T[lang];
  const ignore = await mailMark(env.url);
  await panel.getByRole('button', { name: t.resend, exact: true }).click();
  await panel.getByText(t.askResend(who.email), { exact: true }).waitFor();
  await panel.getByRole('button', { name: t.confirm, exact: true }).click();
  await statusSays(panel, t.sent(who.email));
  const { mail } = await waitForMail(env.url, { to: who.email, subject: t.subject, ignore });
  await env.host.idle();
  const fresh = (await listMail(env.url)).filter((m) => !ignore.has(m.id));
  expect(fresh.map((m) => `${m.to}: ${m.subject}`)).toEqual([`${who.email}: ${t.subject}`]);
  return resetLinkFromText(mail.text);
}

export const panelData = async (env: E2eHost, issueKey: string): Promise<PanelData> => {
  const result = await invokeResolver<AgentResult<PanelData>>(env.url, { functionKey: 'agent/panel', issueKey });
  if (!result.ok) throw new Error(`agent/panel on ${issueKey}: ${result.error}`);
  return result.data;
};
