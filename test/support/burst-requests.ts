import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { newCustomer, type Customer } from '../../src/domain/customer';
import type { AuditEvent } from '../../src/domain/audit';
import { startTestHost, type TestHost } from './local-host';

/**
 * Bursts of parallel requests at fresh accounts (test/integration/concurrent-limits and concurrent-limits-enrolment):
 * `useBurstHost` starts the file's host (`assign` receives it) and answers a fresh active customer with PASSWORD, its
 * audit trail, a burst of BURST calls, a customer-pages form post and a pending help-center sign-in, each from a
 * client address of its own, and the checks after a burst of wrong passwords.
 */
export const PASSWORD = 'Kestrel-Orchard-Lamp-51';
export const BURST = 30;
export const kinds = (events: AuditEvent[], kind: string) => events.filter((e) => e.kind === kind);

/** `nextNumber`: the number in the next fresh customer's addresses (a counter of the file's own, when it reads it). */
export function useBurstHost(assign: (started: TestHost) => void, nextNumber = counter()) {
  let host: TestHost;
  let client = 0;
  /** A client address of its own per request, so the per-client limits never trip. */
  const nextClient = () => ({ 'x-forwarded-for': `198.18.${(++client >> 8) & 255}.${client & 255}` });
  const PAGES = () => `${host.url}/x/customer-pages`;
  const now = () => Math.floor(host.clock.nowMs() / 1000);

  beforeAll(async () => {
    host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
    await host.deps.idpKeys.config();
    assign(host);
  });
  afterAll(async () => host.close());

  /** A fresh active customer with PASSWORD (and, with `totp`, an authenticator app). */
  async function activeCustomer(extra: Partial<Customer> & { totp?: string } = {}): Promise<Customer> {
    const { totp, ...rest } = extra;
    const n = nextNumber();
    const id = randomBytes(16).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    await host.deps.passwords.put(id, ref, await host.deps.hasher.hash(PASSWORD));
    const base = newCustomer({ id, email: `burst${n}@example.org`, emailKey: `burst${n}@example.org`, username: `burst${n}`, usernameKey: `burst${n}`, displayName: `Burst ${n}`, locale: 'en', nowSec: now() });
    const customer: Customer = { ...base, status: 'active', passwordRef: ref, activatedAt: now(), passwordChangedAt: now(), ...rest };
    if (totp) {
      const totpRef = randomBytes(9).toString('base64url');
      await host.deps.factors.putTotp(id, totpRef, totp);
      customer.twoStep = { totp: { ref: totpRef, since: now(), lastStep: 0 }, failures: 0 };
    }
    expect(await host.deps.directory.create(customer, [])).toBe(true);
    return customer;
  }

  async function audit(customerId: string): Promise<AuditEvent[]> {
    return (await host.deps.directory.listAudit(customerId, 100)).events;
  }
  const burst = <T>(fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: BURST }, (_, i) => fn(i)));

  async function post(route: string, fields: Record<string, string>) {
    const r = await fetch(`${PAGES()}/${route}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...nextClient() }, body: new URLSearchParams({ lang: 'en', ...fields }).toString() });
    return { status: r.status, body: await r.text() };
  }
  async function pending(): Promise<string> {
    const { sso } = await host.deps.settings.load();
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_cl${++client}x" Version="2.0" IssueInstant="${new Date(host.clock.nowMs()).toISOString()}"><saml:Issuer>${sso.spEntityId}</saml:Issuer></samlp:AuthnRequest>`;
    const r = await fetch(`${PAGES()}/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') })}`, { redirect: 'manual', headers: nextClient() });
    return new URL(r.headers.get('location')!).searchParams.get('request')!;
  }

  /** After a burst of wrong passwords: locked at the threshold, every attempt audited, the right password refused. */
  async function expectLockedAfterBurst(customer: Customer, via: string, everyOneAudited = true) {
    const stored = (await host.deps.directory.get(customer.id))!;
    expect(stored.lockedUntil).toBeGreaterThan(now());
    const events = await audit(customer.id);
    const failed = kinds(events, 'login.failed').filter((e) => e.detail.via === via);
    // The threshold's attempts were checked and counted, each with its own number; the rest were refused (locked).
    expect(failed.map((e) => e.detail.attempt).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(kinds(events, 'login.locked')).toHaveLength(1);
    // The sign-in pages audit the attempts behind the lock as refused (the profile refuses a locked account first).
    if (everyOneAudited) expect(failed.length + kinds(events, 'login.refused').length).toBe(BURST);
  }

  return { nextClient, PAGES, now, activeCustomer, audit, burst, post, pending, expectLockedAfterBurst };
}

function counter(): () => number {
  let n = 0;
  return () => ++n;
}
