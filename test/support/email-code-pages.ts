import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { kvs } from '@forge/kvs';
import { newCustomer, type Customer } from '../../src/domain/customer';
import { SETTINGS_KEY } from '../../src/forge/kvs-keys';
import type { KvsSettingsStore } from '../../src/forge/settings';
import type { AuditEvent } from '../../src/domain/audit';
import { DEMO_SETTINGS } from '../../local/demo-data';
import { startTestHost, type TestHost } from './local-host';

/**
 * "Email me a sign-in code" over plain HTTP (test/integration/email-code): `useEmailCodeHost` starts the file's host
 * (`assign` receives it) and answers the steps: a request with the site's Host from a new client address, the
 * mailbox and the code in a mail, audit events, a fresh active customer, a code asked for at the log-in page, a
 * help-center sign-in, and the allowed sign-in methods set.
 */
export const BURST = 30;
export const ALL = { password: true, passkey: true, emailCode: true };

export interface Answer {
  status: number;
  location: string;
  text: string;
}
export type Mail = { to: string; subject: string; text: string };
export const codeIn = (mail: Mail) => /^(\d{6})$/m.exec(mail.text)?.[1] ?? '';
export const kinds = (events: AuditEvent[], kind: string) => events.filter((e) => e.kind === kind);
export const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

export function useEmailCodeHost(assign: (started: TestHost) => void) {
  let host: TestHost;
  let client = 0;
  const nextClient = () => ({ 'x-forwarded-for': `198.19.${(++client >> 8) & 255}.${client & 255}` });
  const now = () => Math.floor(host.clock.nowMs() / 1000);

  /** A request to `site` (Node's fetch does not resolve *.localhost: sent to 127.0.0.1 with the site's Host). */
  function call(url: string, init: { method?: string; body?: Record<string, string>; client?: string } = {}): Promise<Answer> {
    const target = new URL(url);
    const body = init.body ? new URLSearchParams({ lang: 'en', ...init.body }).toString() : undefined;
    return new Promise((resolve, reject) => {
      const headers = { host: target.host, ...(init.client ? { 'x-forwarded-for': init.client } : nextClient()), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
      const req = http.request({ host: '127.0.0.1', port: target.port, method: init.method ?? (body ? 'POST' : 'GET'), path: `${target.pathname}${target.search}`, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const pages = (site = host.url) => `${site}/x/customer-pages`;
  const referenceOf = (location: string) => new URL(location).searchParams.get('request') ?? '';
  const mails = async (): Promise<Mail[]> => JSON.parse((await call(`${host.url}/mail/api/messages`)).text) as Mail[];
  async function codeFor(to: string): Promise<string> {
    await host.idle();
    const mail = (await mails()).find((m) => m.to.includes(to));
    if (!mail) throw new Error(`no mail to ${to}`);
    return codeIn(mail);
  }
  const audit = async (id: string): Promise<AuditEvent[]> => (await host.deps.directory.listAudit(id, 100)).events;

  let seq = 0;
  /** A fresh active customer (the per-account limit is 3 codes in 15 minutes). */
  async function activeCustomer(): Promise<Customer> {
    const n = ++seq;
    const id = randomBytes(16).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    await host.deps.passwords.put(id, ref, await host.deps.hasher.hash('Kestrel-Orchard-Lamp-51'));
    const base = newCustomer({ id, email: `code${n}@example.org`, emailKey: `code${n}@example.org`, username: `code${n}`, usernameKey: `code${n}`, displayName: `Code ${n}`, locale: 'en', nowSec: now() });
    const customer: Customer = { ...base, status: 'active', passwordRef: ref, activatedAt: now(), passwordChangedAt: now() };
    expect(await host.deps.directory.create(customer, [])).toBe(true);
    return customer;
  }

  /** "Email me a sign-in code" on the app's own log-in page: the reference of the pending sign-in it answers with. */
  async function requestAtLogin(identifier: string, site = host.url): Promise<string> {
    const r = await call(`${pages(site)}/login/email-code`, { body: { identifier } });
    expect(r.status).toBe(303);
    return referenceOf(r.location);
  }

  /** A help-center sign-in (SAML AuthnRequest) at the demo site: its pending sign-in's reference. */
  async function helpCenterSignIn(): Promise<string> {
    const { sso } = await host.deps.settings.load();
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_ec${++client}x" Version="2.0" IssueInstant="${new Date(host.clock.nowMs()).toISOString()}"><saml:Issuer>${sso.spEntityId}</saml:Issuer></samlp:AuthnRequest>`;
    const r = await call(`${pages()}/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') })}`);
    expect(r.status).toBe(303);
    return referenceOf(r.location);
  }

  async function setMethods(methods: { password: boolean; passkey: boolean; emailCode: boolean }) {
    await kvs.set(SETTINGS_KEY, { ...DEMO_SETTINGS, signInMethods: methods });
    (host.deps.settings as KvsSettingsStore).forget();
    // The host's own instances cache the settings for 10 s: let that pass.
    await fetch(`${host.url}/local/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 11 }) });
  }

  beforeAll(async () => {
    host = await startTestHost({ scrypt: { N: 1024, r: 8, p: 1 } });
    await host.deps.idpKeys.config();
    assign(host);
  });
  afterAll(async () => host?.close());
  beforeEach(async () => {
    await fetch(`${host.url}/mail/api/messages`, { method: 'DELETE' });
  });
  return { nextClient, now, call, pages, referenceOf, mails, codeFor, audit, activeCustomer, requestAtLogin, helpCenterSignIn, setMethods };
}
