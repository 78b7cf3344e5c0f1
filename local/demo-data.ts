import { kvs } from '@forge/kvs';
import type { Customer } from '../src/domain/customer';
import { derivedStatus, newCustomer } from '../src/domain/customer';
import { normaliseEmailForDisplay, normaliseForLookup } from '../src/domain/identifier';
import { issueLink } from '../src/domain/link-token';
import { DEFAULT_SETTINGS, type Settings } from '../src/domain/settings';
import { auditEvent, type Deps } from '../src/flows/deps';
import { SETTINGS_KEY } from '../src/forge/kvs-keys';
import { updateStoredSettings } from '../src/forge/settings';
import type { SettingsStore } from '../src/ports/settings';
import type { Locale } from '../src/i18n/locale';

/**
 * Demo data for `npm start` and the tests: a demo service desk with branding and customers in every state.
 * Passwords are documented here and in the README (demo only).
 */
export interface DemoCustomer {
  email: string;
  username: string;
  displayName: string;
  locale: Locale;
  state: 'active' | 'invited' | 'invite-expired' | 'locked' | 'disabled';
  password?: string;
  /** The customer's Atlassian account id when the directory entry is already linked to it. */
  accountId?: string;
  /** Marked as a portal administrator (two-step verification is required for them in the demo). */
  portalAdmin?: boolean;
  /** Enrolled in two-step verification with this authenticator-app key (base32; documented in the README). */
  totpKey?: string;
}

/** Tobias's authenticator-app key (demo only): add it to a phone app, or compute codes from it. */
export const DEMO_TOTP_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  { email: 'jane.doe@example.com', username: 'customer2300229', displayName: 'Jane Doe', locale: 'en', state: 'active', password: 'Harbour-Lantern-Violet-42', accountId: '5b10ac8d82e05b22cc7d4ef1' },
  { email: 'erika.mustermann@example.de', username: 'customer2300230', displayName: 'Erika Mustermann', locale: 'de', state: 'active', password: 'Sonnenblume-Fahrrad-Kaffee-7' },
  { email: 'tom.invited@example.com', username: 'customer2300231', displayName: 'Tom Invited', locale: 'en', state: 'invited' },
  { email: 'ines.abgelaufen@example.de', username: 'customer2300232', displayName: 'Ines Abgelaufen', locale: 'de', state: 'invite-expired' },
  { email: 'larry.locked@example.com', username: 'customer2300233', displayName: 'Larry Locked', locale: 'en', state: 'locked', password: 'Granite-Meadow-Compass-19' },
  { email: 'dana.disabled@example.com', username: 'customer2300234', displayName: 'Dana Disabled', locale: 'en', state: 'disabled', password: 'Orchid-Thunder-Basket-88' },
  { email: 'tobias.zweifaktor@example.de', username: 'customer2300235', displayName: 'Tobias Zweifaktor', locale: 'de', state: 'active', password: 'Leuchtturm-Wolke-Anker-35', totpKey: DEMO_TOTP_KEY },
  { email: 'paula.admin@example.com', username: 'customer2300236', displayName: 'Paula Admin', locale: 'en', state: 'active', password: 'Copper-Harbor-Falcon-64', portalAdmin: true },
];

/** What tells one demo company from another: its names, colour, addresses, phone and web pages. */
interface DemoCompany {
  portalName: string;
  companyName: string;
  primaryColor: string;
  senderAddress: string;
  /** Replies, the mail footer and the help text's contact go here. */
  supportEmail: string;
  phone: string;
  postalAddress: string;
  imprintUrl: string;
  privacyUrl: string;
  /** Staff on this domain use their own directory's self-service at `intranetUrl` (no mail is sent to them). */
  domain: string;
  intranetUrl: string;
}

/** A demo company's branding (the portal's name is its sender's), help texts (both languages) and staff rule. */
function companySettings(c: DemoCompany): Pick<Settings, 'branding' | 'help' | 'internal'> {
  return {
    branding: {
      ...DEFAULT_SETTINGS.branding,
      portalName: c.portalName,
      companyName: c.companyName,
      primaryColor: c.primaryColor,
      senderName: c.portalName,
      senderAddress: c.senderAddress,
      replyTo: c.supportEmail,
      footerAddress: c.postalAddress,
      footerPhone: c.phone,
      footerEmail: c.supportEmail,
      imprintUrl: c.imprintUrl,
      privacyUrl: c.privacyUrl,
    },
    help: {
      contact: {
        en: `Never completed your registration? Contact ${c.supportEmail} or call ${c.phone}.`,
        de: `Registrierung nie abgeschlossen? Schreiben Sie an ${c.supportEmail} oder rufen Sie ${c.phone} an.`,
      },
      spamHint: { en: '', de: '' },
    },
    internal: { domains: [c.domain], url: c.intranetUrl },
  };
}

export const DEMO_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  ...companySettings({
    portalName: 'Demo Service Desk',
    companyName: 'Demo Company GmbH',
    primaryColor: '#0C66E4',
    senderAddress: 'servicedesk@demo-company.example',
    supportEmail: 'support@demo-company.example',
    phone: '+49 30 1234567',
    postalAddress: 'Musterstraße 1, 10115 Berlin, Germany',
    imprintUrl: 'https://demo-company.example/imprint',
    privacyUrl: 'https://demo-company.example/privacy',
    domain: 'demo-company.example',
    intranetUrl: 'https://intranet.demo-company.example/password',
  }),
  // Two-step verification: required for portal administrators (Paula must set it up at her next sign-in);
  // optional for everyone else (Tobias has it).
  twoStep: { policy: 'admins', methods: { totp: true, sms: false } },
};

/** One site's demo data (issue 20: each site the host serves has its own customers and branding). */
export interface SiteDemoData {
  customers: DemoCustomer[];
  settings: Settings;
}
export const DEMO_DATA: SiteDemoData = { customers: DEMO_CUSTOMERS, settings: DEMO_SETTINGS };

/**
 * The second site (local/sites.ts SECOND_SITE): another company with its own branding and customers. Jane Doe
 * is a customer here too, with the same email and another password: one person, two sites, two accounts.
 */
export const NORDWIND_DATA: SiteDemoData = {
  customers: [
    { email: 'jane.doe@example.com', username: 'nw-100001', displayName: 'Jane Doe', locale: 'en', state: 'active', password: 'Fjord-Beacon-Otter-58' },
    { email: 'nils.nordmann@example.de', username: 'nw-100002', displayName: 'Nils Nordmann', locale: 'de', state: 'active', password: 'Kompass-Deich-Möwe-21' },
    { email: 'tom.invited@example.com', username: 'nw-100003', displayName: 'Tom Invited', locale: 'en', state: 'invited' },
  ],
  settings: {
    ...DEMO_SETTINGS,
    ...companySettings({
      portalName: 'Nordwind Service Desk',
      companyName: 'Nordwind Logistik GmbH',
      primaryColor: '#006644',
      senderAddress: 'servicedesk@nordwind.example',
      supportEmail: 'hilfe@nordwind.example',
      phone: '+49 40 7654321',
      postalAddress: 'Kaiweg 7, 20457 Hamburg, Germany',
      imprintUrl: 'https://nordwind.example/impressum',
      privacyUrl: 'https://nordwind.example/datenschutz',
      domain: 'nordwind.example',
      intranetUrl: 'https://intranet.nordwind.example/passwort',
    }),
    twoStep: { policy: 'off', methods: { totp: true, sms: false } },
  },
};

const SEEDED_KEY = 'local-demo-seeded';

/**
 * The demo passwords' hashes, computed once per process and parameters: every test host seeds the same demo
 * accounts, and seven scrypt runs per start were most of a start's CPU. Local demo data only (the hashes are
 * ordinary salted scrypt hashes; hosts in one process share them).
 */
const demoHashes = new Map<string, Promise<string>>();
function demoHash(deps: Deps, password: string): Promise<string> {
  const params = (deps.hasher as { params?: unknown }).params;
  const key = `${JSON.stringify(params ?? null)}\u0000${password}`;
  let hash = demoHashes.get(key);
  if (!hash) {
    hash = deps.hasher.hash(password);
    demoHashes.set(key, hash);
    hash.catch(() => demoHashes.delete(key));
  }
  return hash;
}

export async function seedDemoData(deps: Deps, data: SiteDemoData = DEMO_DATA): Promise<boolean> {
  if (await kvs.get(SEEDED_KEY)) return false;
  await kvs.set(SETTINGS_KEY, data.settings);
  const now = Math.floor(deps.clock.nowMs() / 1000);
  const day = 86_400;
  // Hashed side by side (the hasher runs two at a time), before the entries are written one by one.
  const hashes = new Map(await Promise.all(data.customers.filter((d) => d.password).map(async (d) => [d.email, await demoHash(deps, d.password!)] as const)));
  for (const demo of data.customers) {
    const id = deps.randomBytes(16).toString('base64url');
    const invited = demo.state === 'invited' || demo.state === 'invite-expired';
    const invitedAt = demo.state === 'invite-expired' ? now - 10 * day : now - day;
    const link = invited ? issueLink(id, 'invite', invitedAt, 7 * day, deps.randomBytes).link : null;
    const ref = demo.password ? deps.randomBytes(9).toString('base64url') : '';
    if (demo.password) await deps.passwords.put(id, ref, hashes.get(demo.email)!);
    const totpRef = demo.totpKey ? deps.randomBytes(9).toString('base64url') : '';
    if (demo.totpKey) await deps.factors.putTotp(id, totpRef, demo.totpKey);
    const customer: Customer = {
      ...newCustomer({
        id,
        email: normaliseEmailForDisplay(demo.email),
        emailKey: normaliseForLookup(demo.email),
        username: demo.username,
        usernameKey: normaliseForLookup(demo.username),
        displayName: demo.displayName,
        locale: demo.locale,
        accountId: demo.accountId,
        nowSec: invitedAt - day,
      }),
      status: demo.state === 'disabled' ? 'disabled' : invited ? 'invited' : 'active',
      updatedAt: now,
      invitedAt,
      activatedAt: invited ? 0 : invitedAt,
      passwordChangedAt: invited ? 0 : invitedAt,
      passwordRef: ref,
      link,
      linkHash: link?.hash ?? '',
      lockedUntil: demo.state === 'locked' ? now + 365 * day : 0,
      ...(demo.portalAdmin ? { portalAdmin: true } : {}),
      ...(demo.totpKey ? { twoStep: { totp: { ref: totpRef, since: invitedAt, lastStep: 0 }, failures: 0 } } : {}),
    };
    const history = invited
      ? [{ ...auditEvent(deps, id, 'invite.sent', 'system', { actorName: data.settings.branding.portalName }), at: invitedAt }, { ...auditEvent(deps, id, 'email.sent', 'system', { template: 'invite' }), at: invitedAt }]
      : [];
    await deps.directory.create(customer, history);
  }
  await kvs.set(SEEDED_KEY, { at: now });
  return true;
}

export async function demoSummary(deps: Deps, data: SiteDemoData = DEMO_DATA) {
  const now = Math.floor(deps.clock.nowMs() / 1000);
  const customers = [];
  for (const demo of data.customers) {
    const stored = await deps.directory.findByEmail(normaliseForLookup(demo.email));
    customers.push({
      email: demo.email,
      username: demo.username,
      displayName: demo.displayName,
      locale: demo.locale,
      status: stored ? derivedStatus(stored, now) : 'missing',
      ...(demo.password ? { password: demo.password } : {}),
      ...(demo.portalAdmin ? { portalAdmin: true } : {}),
      ...(demo.totpKey ? { totpKey: demo.totpKey } : {}),
    });
  }
  return { customers };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A URL of the local help center's SP (loopback host, the given path and query), from this or an earlier start. */
function isLocalSpUrl(value: string, pathAndQuery: string): boolean {
  try {
    const url = new URL(value);
    const loopback = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
    return (url.protocol === 'http:' || url.protocol === 'https:') && loopback && `${url.pathname}${url.search}` === pathAndQuery;
  } catch {
    return false;
  }
}

/**
 * Connects the app's IdP to this host's help center (`npm start` gives the SAML round trip with no setup):
 * stores the SP entity, ACS and help center URL into the settings' `sso` when they are empty or still point at
 * the local help center of an earlier start (another port). Values an admin set for another SP (not loopback,
 * or other paths) stay. One change through the settings adapter's update (conditioned on the revision, like
 * the admin page's saves; the store's cache is dropped when it wrote); other settings are left as they are.
 * Answers whether it wrote.
 */
export async function connectDemoServiceProvider(
  sp: { spEntityId: string; acsUrl: string; helpCenterUrl: string },
  settings: Pick<SettingsStore, 'update'> = { update: updateStoredSettings },
): Promise<boolean> {
  const pathOf = (value: string) => {
    const url = new URL(value);
    return `${url.pathname}${url.search}`;
  };
  const result = await settings.update<'kept'>((stored) => {
    const current = (stored.sso && typeof stored.sso === 'object' ? stored.sso : {}) as Partial<Record<keyof typeof sp, unknown>>;
    const field = (key: keyof typeof sp) => (typeof current[key] === 'string' ? current[key] : '');
    const empty = field('spEntityId') === '' && field('acsUrl') === '' && field('helpCenterUrl') === '';
    const earlierStart =
      isLocalSpUrl(field('spEntityId'), pathOf(sp.spEntityId)) &&
      isLocalSpUrl(field('acsUrl'), pathOf(sp.acsUrl)) &&
      (field('helpCenterUrl') === '' || isLocalSpUrl(field('helpCenterUrl'), pathOf(sp.helpCenterUrl)));
    if (!empty && !earlierStart) return { refuse: 'kept' };
    if (field('spEntityId') === sp.spEntityId && field('acsUrl') === sp.acsUrl && field('helpCenterUrl') === sp.helpCenterUrl) return { refuse: 'kept' };
    return { next: { ...stored, sso: { spEntityId: sp.spEntityId, acsUrl: sp.acsUrl, helpCenterUrl: sp.helpCenterUrl } } };
  });
  return result.outcome === 'saved';
}
