import http from 'node:http';
import { kvs } from '@forge/kvs';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { deflateRawSync } from 'node:zlib';
import { invokeResolver, mails, startTestHost, type TestHost } from '../support/local-host';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { AC_MULTI_FACTOR } from '../../src/domain/saml/constants';
import { SECOND_SITE } from '../../local/sites';
import type { ProfileData } from '../../src/surfaces/profile-api';
import { spIdentity } from '../../local/saml-sp';
import { pendingOf, signIn } from '../../src/flows/sign-in/respond';
import { passkeySignInOptions, signInWithPasskey } from '../../src/flows/sign-in/passkey-step';

/**
 * Passkeys (issue 22) through the real customer pages on the local host, answered by a software authenticator
 * that signs as a browser's would: adding one after a sign-in, signing in with it (multi-factor context), and
 * every refusal: a challenge used twice or from another pending sign-in, another origin or RP ID, no user
 * verification, a counter that goes back, an unknown credential, and a passkey of one site at the other.
 * The host runs on `localhost` (browsers refuse an IP address as RP ID), the second site on nordwind.localhost.
 */
let host: TestHost;
let client = 0;
let origin = '';
let nordwind = '';

interface Answer {
  status: number;
  text: string;
  location?: string;
}
/** HTTP to the host's loopback address with the site's Host (Node's fetch does not resolve *.localhost). */
function call(url: string, init: { method?: string; body?: string; json?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: target.host, 'x-forwarded-for': `198.18.1.${++client % 250}`, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const req = http.request({ host: '127.0.0.1', port: target.port, method: init.method ?? 'GET', path: `${target.pathname}${target.search}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), location: res.headers.location }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
const pages = (site = origin) => `${site}/x/customer-pages`;
const post = (route: string, fields: Record<string, string>, site = origin) => call(`${pages(site)}/${route}`, { method: 'POST', body: new URLSearchParams({ lang: 'en', ...fields }).toString() });

beforeAll(async () => {
  host = await startTestHost({ host: 'localhost', scrypt: { N: 1024, r: 8, p: 1 } });
  origin = host.url;
  nordwind = `http://${SECOND_SITE.label}.localhost:${new URL(host.url).port}`;
});
afterAll(async () => {
  await host.close();
});

/** A pending help-center sign-in at `site` (its reference). */
async function pending(site = origin): Promise<string> {
  const sso = spIdentity(site).entityId;
  const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_pk${++client}x" Version="2.0" IssueInstant="${new Date(host.clock.nowMs()).toISOString()}"><saml:Issuer>${sso}</saml:Issuer></samlp:AuthnRequest>`;
  const r = await call(`${pages(site)}/saml/sso?${new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') })}`);
  expect(r.status).toBe(303);
  return new URL(r.location!).searchParams.get('request')!;
}

const JANE = { identifier: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };

function configOf(body: string): { reference: string; optionsUrl: string } {
  const json = /<script type="application\/json" id="passkey-config">(.*?)<\/script>/s.exec(body)?.[1];
  if (!json) throw new Error(`no passkey config in ${body.slice(0, 400)}`);
  return JSON.parse(json);
}
const assertionOf = (body: string) => Buffer.from(/name="SAMLResponse" value="([^"]+)"/.exec(body)![1], 'base64').toString('utf8');

async function jane() {
  return (await host.deps.directory.findByEmail('jane.doe@example.com'))!;
}
async function audit(kind: string) {
  const { events } = await host.deps.directory.listAudit((await jane()).id, 100);
  return events.filter((e) => e.kind === kind);
}

const soft = new SoftAuthenticator();

/** Signs Jane in with her password and adds a passkey from the offer that follows. */
async function addPasskeyAfterSignIn(authenticator = soft, knobs: { origin?: string; uv?: boolean } = {}) {
  const reference = await pending();
  const signedIn = await post('sign-in', { request: reference, ...JANE });
  expect(signedIn.status).toBe(200);
  expect(signedIn.text).toContain('Sign in faster next time');
  expect(signedIn.text).toContain('name="SAMLResponse"');
  const offer = configOf(signedIn.text);
  const options = await post('passkeys/options', { request: offer.reference });
  expect(options.status).toBe(200);
  const created = authenticator.create(JSON.parse(options.text).options, { origin: knobs.origin ?? origin, uv: knobs.uv });
  return { offer, added: await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(created) }) };
}

/** A sign-in page's passkey options (the challenge now on that pending sign-in). */
async function signInOptions(reference: string, site = origin) {
  const r = await post('sign-in/passkey/options', { request: reference }, site);
  expect(r.status).toBe(200);
  return JSON.parse(r.text).options as { challenge: string; rpId: string };
}

it('adds a passkey after a password sign-in, then signs in with it alone: multi-factor context, counter and last use kept', async () => {
  const { added } = await addPasskeyAfterSignIn();
  expect(added.status).toBe(200);
  expect(JSON.parse(added.text).state).toBe('added');
  const stored = (await jane()).passkeys!;
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ counter: 0, lastUsedAt: 0, name: 'Passkey', transports: ['internal'] });
  expect(await audit('passkey.added')).toHaveLength(1);

  const reference = await pending();
  const page = await call(`${pages()}/sign-in?request=${reference}&lang=en`);
  expect(page.text).toContain('autocomplete="username webauthn"');
  expect(page.text).toContain('Sign in with a passkey');
  expect(page.text).toContain('<noscript>');
  const options = await signInOptions(reference);
  expect(options.rpId).toBe('localhost');
  const answer = await post('sign-in/passkey', { request: reference, credential: JSON.stringify(soft.get(options, { origin })) });
  expect(answer.status).toBe(200);
  expect(answer.text).not.toContain('Sign in faster next time');
  expect(assertionOf(answer.text)).toContain(`<saml:AuthnContextClassRef>${AC_MULTI_FACTOR}</saml:AuthnContextClassRef>`);
  const after = (await jane()).passkeys![0];
  expect(after.counter).toBe(1);
  expect(after.lastUsedAt).toBeGreaterThan(0);
  expect((await audit('passkey.used')).length).toBe(1);
  expect((await audit('login.succeeded')).some((e) => e.detail.factor === 'passkey')).toBe(true);
  // The Overview counts it (issue 22): "Sign-ins with a passkey", today.
  const overview = await invokeResolver<{ ok: boolean; data: { series: Record<string, number[]> } }>(origin, { moduleKey: 'admin-page', functionKey: 'admin/overview', payload: {}, persona: 'admin' });
  expect(overview.data.series.passkeySignIns.at(-1)).toBe(1);
  // Never a challenge or key in the logs.
  expect(host.logs.join('\n')).not.toContain(options.challenge);
});

it('the app\'s own log-in page offers it too: button and autofill (the pending sign-in starts with the options), then the log-in page\'s success', async () => {
  const page = await call(`${pages()}/login?lang=en`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('autocomplete="username webauthn"');
  expect(page.text).toContain('Sign in with a passkey');
  expect(page.text).toContain('<noscript>');
  // A GET changes nothing: the page names no pending sign-in; the script's options request starts one.
  const config = configOf(page.text);
  expect(config).toMatchObject({ mode: 'sign-in', reference: '', optionsUrl: `${pages()}/login/passkey/options?lang=en` });
  expect(/name="request" value=""/.test(page.text)).toBe(true);
  const started = await post('login/passkey/options', { request: '' });
  expect(started.status).toBe(200);
  const { reference, options } = JSON.parse(started.text) as { reference: string; options: { challenge: string; rpId: string } };
  expect(reference).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(options.rpId).toBe('localhost');
  expect((await host.deps.pendingSignIns.get(reference))?.kind).toEqual({ type: 'login-page' });
  const used = (await audit('passkey.used')).length;
  const answer = await post('sign-in/passkey', { request: reference, credential: JSON.stringify(soft.get(options, { origin })) });
  expect(answer.status).toBe(200);
  expect(answer.text).toContain('You are logged in');
  expect(answer.text).not.toContain('SAMLResponse');
  expect(answer.text).not.toContain('Sign in faster next time');
  expect(await audit('passkey.used')).toHaveLength(used + 1);
  expect((await audit('login.succeeded')).some((e) => e.detail.factor === 'passkey' && e.detail.via === 'page')).toBe(true);
  // Used once; and never from another site's page.
  expect((await post('sign-in/passkey', { request: reference, credential: JSON.stringify(soft.get(options, { origin })) })).status).not.toBe(200);
  const cross = await call(`${pages()}/login/passkey/options`, { method: 'POST', body: 'lang=en&request=', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
  expect(cross.status).toBe(403);
  expect(host.logs.join('\n')).not.toContain(options.challenge);
});

it('a challenge is used once: the same answer twice in parallel signs in once; again later it is refused', async () => {
  const reference = await pending();
  const credential = JSON.stringify(soft.get(await signInOptions(reference), { origin }));
  const answers = await Promise.all([post('sign-in/passkey', { request: reference, credential }), post('sign-in/passkey', { request: reference, credential })]);
  expect(answers.filter((a) => a.status === 200 && a.text.includes('SAMLResponse'))).toHaveLength(1);
  expect([401, 410]).toContain(answers.find((a) => !a.text.includes('SAMLResponse'))?.status);
  // Replayed at a new pending sign-in (with its own challenge): refused.
  const other = await pending();
  await signInOptions(other);
  const replay = await post('sign-in/passkey', { request: other, credential });
  expect(replay.status).toBe(401);
  expect(replay.text).toContain('This passkey cannot sign you in here');
});

it('a passkey answer (or options request) read before a password finished the sign-in is refused, and the sign-in stays used', async () => {
  const reference = await pending();
  const options = await signInOptions(reference);
  // The pending sign-in as a passkey request read it (its route reads once, first), before the password step ends it.
  const stale = await pendingOf(host.deps, reference);
  expect(stale.state).toBe('valid');
  const byPassword = await post('sign-in', { request: reference, ...JANE });
  expect(byPassword.text).toContain('name="SAMLResponse"');
  const late = await signInWithPasskey(host.deps, { reference, credential: JSON.stringify(soft.get(options, { origin })) }, stale);
  // The answer of any used pending sign-in (issue 22: the loser of a finish is told to start again).
  expect(late).toEqual({ state: 'request', request: 'used' });
  expect((await host.deps.pendingSignIns.get(reference))?.used).toBe(true);
  expect(await passkeySignInOptions(host.deps, reference, stale)).toEqual({ state: 'request', request: 'used' });
  expect((await host.deps.pendingSignIns.get(reference))?.used).toBe(true);
  // No second finish: the password form answers "used".
  const again = await post('sign-in', { request: reference, ...JANE });
  expect(again.status).toBe(410);
  expect(again.text).not.toContain('SAMLResponse');
});

it('a pending sign-in finishes once: a passkey answer that claimed its challenge before a password finished the sign-in gets "start again", not a second response', async () => {
  const reference = await pending();
  const credential = JSON.stringify(soft.get(await signInOptions(reference), { origin }));
  // Hold the passkey request after its challenge claim (at its entry read) while the password step finishes the
  // same sign-in: Forge runs the two invocations in parallel, so the password may land anywhere in between.
  const directory = host.deps.directory;
  const originalGet = directory.get.bind(directory);
  let reached!: () => void;
  const atEntryRead = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  directory.get = async (id: string) => {
    directory.get = originalGet;
    reached();
    await released;
    return originalGet(id);
  };
  try {
    const byPasskey = post('sign-in/passkey', { request: reference, credential });
    await atEntryRead;
    const byPassword = await post('sign-in', { request: reference, ...JANE });
    expect(byPassword.text).toContain('name="SAMLResponse"');
    release();
    const late = await byPasskey;
    expect(late.text).not.toContain('SAMLResponse');
    // The same answer as any used pending sign-in: expired, start again at the help center.
    const used = await post('sign-in', { request: reference, ...JANE });
    expect(used.status).toBe(410);
    expect(late.status).toBe(used.status);
  } finally {
    directory.get = originalGet;
    release();
  }
});

it('a right password whose finish loses to another step\'s gets "used", records no sign-in and counts no failure', async () => {
  const reference = await pending();
  const read = await pendingOf(host.deps, reference);
  expect(await host.deps.pendingSignIns.consume(reference, (await host.deps.pendingSignIns.get(reference))!)).toBe(true);
  const signInsBefore = (await audit('login.succeeded')).length;
  const late = await signIn(host.deps, { reference, ...JANE, clientAddress: '198.18.9.9' }, read);
  expect(late).toEqual({ state: 'request', request: 'used' });
  expect((await audit('login.succeeded')).length).toBe(signInsBefore);
  expect((await jane()).failedLogins).toBe(0);
});

it('a challenge is bound to its pending sign-in (an answer to one is refused at another) and expires', async () => {
  const first = await pending();
  const second = await pending();
  const options = await signInOptions(first);
  await signInOptions(second);
  const r = await post('sign-in/passkey', { request: second, credential: JSON.stringify(soft.get(options, { origin })) });
  expect(r.status).toBe(401);
  // Without any challenge on the pending sign-in: refused too.
  const third = await pending();
  expect((await post('sign-in/passkey', { request: third, credential: JSON.stringify(soft.get(options, { origin })) })).status).toBe(401);
  // A challenge expires after 5 minutes (the pending sign-in lives on).
  const fourth = await pending();
  const late = await signInOptions(fourth);
  host.clock.advance(301);
  expect((await post('sign-in/passkey', { request: fourth, credential: JSON.stringify(soft.get(late, { origin })) })).status).toBe(401);
});

it.each([
  ['another origin', { origin: 'http://evil.localhost:1' }, 'origin'],
  ['another RP ID', { rpId: 'example.com' }, 'rp'],
  ['no user verification', { uv: false }, 'user-verification'],
])('refuses an answer with %s (audited with the reason)', async (_name, knobs: { origin?: string; rpId?: string; uv?: boolean }, reason) => {
  const reference = await pending();
  const r = await post('sign-in/passkey', { request: reference, credential: JSON.stringify(soft.get(await signInOptions(reference), { origin, ...knobs })) });
  expect(r.status).toBe(401);
  expect((await audit('passkey.refused')).map((e) => e.detail.reason)).toContain(reason);
});

it('refuses a counter that goes back (a cloned authenticator) and an unknown credential, audited', async () => {
  const reference = await pending();
  const counter = (await jane()).passkeys![0].counter;
  const r = await post('sign-in/passkey', { request: reference, credential: JSON.stringify(soft.get(await signInOptions(reference), { origin, counter: Math.max(0, counter - 1) })) });
  expect(r.status).toBe(401);
  expect((await audit('passkey.refused')).some((e) => e.detail.reason === 'counter')).toBe(true);
  expect((await jane()).passkeys![0].counter).toBe(counter);

  // A passkey Jane's account never registered (same user handle, a key of its own).
  const stranger = new SoftAuthenticator();
  const options = await signInOptions(await pending());
  stranger.create({ challenge: options.challenge, rp: { id: 'localhost' }, user: { id: Buffer.from((await jane()).id, 'utf8').toString('base64url') } }, { origin });
  const unknownRef = await pending();
  const unknown = await post('sign-in/passkey', { request: unknownRef, credential: JSON.stringify(stranger.get(await signInOptions(unknownRef), { origin })) });
  expect(unknown.status).toBe(401);
  expect((await audit('passkey.refused')).some((e) => e.detail.reason === 'unknown')).toBe(true);
});

it('adding is refused without user verification, from another origin, and once the sign-in is over 5 minutes old', async () => {
  const noUv = await addPasskeyAfterSignIn(new SoftAuthenticator(), { uv: false });
  expect(noUv.added.status).toBe(400);
  const foreign = await addPasskeyAfterSignIn(new SoftAuthenticator(), { origin: 'http://evil.localhost:1' });
  expect(foreign.added.status).toBe(400);
  expect((await jane()).passkeys).toHaveLength(1);
  const reference = await pending();
  const offer = configOf((await post('sign-in', { request: reference, ...JANE })).text);
  host.clock.advance(301);
  expect((await post('passkeys/options', { request: offer.reference })).status).toBe(410);
});

it('"Not now" is remembered: the next password sign-in goes straight back to the help center', async () => {
  const reference = await pending();
  const offer = configOf((await post('sign-in', { request: reference, ...JANE })).text);
  expect((await post('passkeys/snooze', { request: offer.reference })).status).toBe(200);
  expect((await jane()).passkeyOfferSnoozedAt).toBeGreaterThan(0);
  const next = await post('sign-in', { request: await pending(), ...JANE });
  expect(next.status).toBe(200);
  expect(next.text).not.toContain('passkey-config');
});

it('a passkey of one site never signs in at the other', async () => {
  const reference = await pending(nordwind);
  const options = await signInOptions(reference, nordwind);
  expect(options.rpId).toBe(`${SECOND_SITE.label}.localhost`);
  // Jane's passkey (RP localhost) answering the other site's challenge, as is and with that site's RP ID forged.
  for (const rpId of [undefined, options.rpId]) {
    const fresh = await pending(nordwind);
    const r = await post('sign-in/passkey', { request: fresh, credential: JSON.stringify(soft.get(await signInOptions(fresh, nordwind), { origin: nordwind, rpId })) }, nordwind);
    expect(r.status).toBe(401);
  }
});

describe('the profile panel lists, renames and removes passkeys (the customer is told by mail)', () => {
  const profile = (functionKey: string, payload: unknown = {}) => invokeResolver<{ ok: boolean; error?: string; data: ProfileData }>(origin, { moduleKey: 'profile-panel', functionKey, payload, persona: 'customer' });

  it('lists them (name, added, last used; never a key) with a link to add one on the customer pages', async () => {
    const got = await profile('profile/get');
    expect(got.ok).toBe(true);
    expect(got.data.passkeys.max).toBe(10);
    expect(got.data.passkeys.list).toHaveLength(1);
    expect(Object.keys(got.data.passkeys.list[0]).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    expect(got.data.passkeys.addUrl).toBe(`${pages()}/login?next=passkey&lang=en`);
    await host.idle();
    expect((await mails(host)).some((m) => m.to.includes('jane.doe@example.com') && m.subject.includes('A passkey was added to your account'))).toBe(true);
  });

  it('renames (a clean name of 1–64 characters) and removes after the panel confirmed', async () => {
    const id = (await profile('profile/get')).data.passkeys.list[0].id;
    expect((await profile('profile/passkeys/rename', { id, name: '' })).error).toBe('invalid-input');
    const renamed = await profile('profile/passkeys/rename', { id, name: '  Work   laptop ' });
    expect(renamed.data.passkeys.list[0].name).toBe('Work laptop');
    expect((await profile('profile/passkeys/remove', { id: 'nope' })).error).toBe('not-found');
    const removed = await profile('profile/passkeys/remove', { id });
    expect(removed.ok).toBe(true);
    expect(removed.data.passkeys.list).toEqual([]);
    expect((await jane()).passkeys).toBeUndefined();
    expect((await audit('passkey.removed')).length).toBe(1);
    await host.idle();
    const mail = (await mails(host)).find((m) => m.subject.includes('A passkey was removed'));
    expect(mail?.text).toContain('the passkey Work laptop was removed');
  });

  it('the log-in page reached from the profile ends in "Add a passkey" (no "Not now" snooze)', async () => {
    const page = await call(`${pages()}/login?next=passkey&lang=en`);
    expect(page.text).toContain('name="next" value="passkey"');
    // Signing in there with a passkey also ends in "Add a passkey" (e.g. one in another password manager).
    const { optionsUrl } = configOf(page.text);
    expect(optionsUrl).toBe(`${pages()}/login/passkey/options?next=passkey&lang=en`);
    const started = JSON.parse((await call(optionsUrl, { method: 'POST', body: 'request=' })).text) as { reference: string };
    expect((await host.deps.pendingSignIns.get(started.reference))?.kind).toEqual({ type: 'login-page', addPasskey: true });
    const done = await post('login', { next: 'passkey', ...JANE });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Add a passkey');
    expect(done.text).not.toContain('passkeys/snooze');
  });
});

describe('agents see the count; an admin removes them all (audited, mailed)', () => {
  it('shows "passkeys: 2" data in the agent panel, and an admin removes both', async () => {
    for (let i = 0; i < 2; i++) {
      const done = await post('login', { next: 'passkey', ...JANE });
      const offer = configOf(done.text);
      const options = await post('passkeys/options', { request: offer.reference });
      const created = new SoftAuthenticator().create(JSON.parse(options.text).options, { origin });
      expect((await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(created) })).status).toBe(200);
    }
    const panel = await invokeResolver<{ ok: boolean; data: { customer: { passkeys: number } } }>(origin, { moduleKey: 'agent-panel', functionKey: 'agent/panel', persona: 'agent', issueKey: 'DEMO-2' });
    expect(panel.data.customer.passkeys).toBe(2);
    const id = (await jane()).id;
    // The access download (admin and the customer's own) lists them.
    const download = await invokeResolver<{ ok: boolean; data: { passkeys: { name: string; createdAt: string; publicKey: string }[]; signIns: { kind: string }[] } }>(origin, { moduleKey: 'admin-page', functionKey: 'admin/customers/download', payload: { id }, persona: 'admin' });
    expect(download.data.passkeys).toHaveLength(2);
    expect(download.data.passkeys[0]).toMatchObject({ name: 'Passkey', createdAt: expect.stringMatching(/^\d{4}-/) });
    expect(download.data.signIns.some((e) => e.kind === 'passkey.used')).toBe(true);
    const own = await invokeResolver<{ ok: boolean; data: { passkeys: unknown[] } }>(origin, { moduleKey: 'profile-panel', functionKey: 'profile/data', persona: 'customer' });
    expect(own.data.passkeys).toHaveLength(2);
    const removed = await invokeResolver<{ ok: boolean }>(origin, { moduleKey: 'admin-page', functionKey: 'admin/customers/action', payload: { id, action: 'remove-passkeys' }, persona: 'admin' });
    expect(removed.ok).toBe(true);
    expect((await jane()).passkeys).toBeUndefined();
    const event = (await audit('passkey.removed'))[0];
    expect(event.detail).toMatchObject({ count: 2, left: 0 });
    expect(event.actor).not.toBe('customer');
    await host.idle();
    expect((await mails(host)).filter((m) => m.subject.includes('A passkey was removed'))).toHaveLength(2);
    // On the agent panel's timeline and in the admin's audit log (category "passkey.").
    const after = await invokeResolver<{ ok: boolean; data: { timeline: { entries: { kind: string }[] } } }>(origin, { moduleKey: 'agent-panel', functionKey: 'agent/panel', persona: 'agent', issueKey: 'DEMO-2' });
    expect(after.data.timeline.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['passkey.removed', 'passkey.added']));
    const log = await invokeResolver<{ ok: boolean; data: { entries: { kind: string }[] } }>(origin, { moduleKey: 'admin-page', functionKey: 'admin/audit', persona: 'admin', payload: { customer: JANE.identifier, kind: 'passkey.' } });
    expect(new Set(log.data.entries.map((e) => e.kind))).toEqual(new Set(['passkey.added', 'passkey.used', 'passkey.refused', 'passkey.removed']));
  });
});

it('where an admin turned passkeys off: no passkey controls, no options, no offer', async () => {
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, signInMethods: { password: true, passkey: false, emailCode: true } });
  (host.deps.settings as { forget?: () => void }).forget?.();
  try {
    const reference = await pending();
    const page = await call(`${pages()}/sign-in?request=${reference}&lang=en`);
    expect(page.text).not.toContain('passkey-config');
    expect(page.text).toContain('autocomplete="username"');
    expect((await post('sign-in/passkey/options', { request: reference })).status).toBe(409);
    const login = await call(`${pages()}/login?lang=en`);
    expect(login.text).not.toContain('passkey-config');
    expect(login.text).toContain('autocomplete="username"');
    expect((await post('login/passkey/options', { request: '' })).status).toBe(409);
    const done = await post('login', { next: 'passkey', ...JANE });
    expect(done.text).not.toContain('Add a passkey');
  } finally {
    await kvs.set(SETTINGS_KEY, stored);
    (host.deps.settings as { forget?: () => void }).forget?.();
  }
});

it('erasure takes the passkeys with the entry, and the add ceremony that names the customer', async () => {
  const done = await post('login', { next: 'passkey', identifier: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7' });
  const offer = configOf(done.text);
  const options = await post('passkeys/options', { request: offer.reference });
  expect((await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(new SoftAuthenticator().create(JSON.parse(options.text).options, { origin })) })).status).toBe(200);
  const erika = (await host.deps.directory.findByEmail('erika.mustermann@example.de'))!;
  expect(erika.passkeys).toHaveLength(1);
  const ceremony = configOf((await post('login', { next: 'passkey', identifier: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7' })).text);
  const erased = await invokeResolver<{ ok: boolean }>(origin, { moduleKey: 'admin-page', functionKey: 'admin/customers/erase', payload: { id: erika.id, confirm: erika.email }, persona: 'admin' });
  expect(erased.ok).toBe(true);
  expect(await host.deps.directory.get(erika.id)).toBeUndefined();
  expect(await host.deps.pendingSignIns.get(ceremony.reference)).toBeUndefined();
});

it('a passkey satisfies a two-step policy on its own: with "required for everyone" a password asks for more, a passkey signs in with the multi-factor context', async () => {
  // Added from the profile's way in (the offer after a sign-in may be snoozed by the test above).
  const mine = new SoftAuthenticator();
  const offer = configOf((await post('login', { next: 'passkey', ...JANE })).text);
  const created = mine.create(JSON.parse((await post('passkeys/options', { request: offer.reference })).text).options, { origin });
  expect((await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(created) })).status).toBe(200);
  const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
  await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy: 'everyone', methods: { totp: true, sms: false } } });
  (host.deps.settings as { forget?: () => void }).forget?.();
  try {
    const byPassword = await post('sign-in', { request: await pending(), ...JANE });
    expect(byPassword.text).not.toContain('name="SAMLResponse"');
    const reference = await pending();
    const answer = await post('sign-in/passkey', { request: reference, credential: JSON.stringify(mine.get(await signInOptions(reference), { origin })) });
    expect(answer.status).toBe(200);
    expect(assertionOf(answer.text)).toContain(`<saml:AuthnContextClassRef>${AC_MULTI_FACTOR}</saml:AuthnContextClassRef>`);
  } finally {
    await kvs.set(SETTINGS_KEY, stored);
    (host.deps.settings as { forget?: () => void }).forget?.();
  }
});

it('the reference of adding a passkey posted to the sign-in form with a password gets no SAML response: the unknown request page', async () => {
  const added = configOf((await post('login', { next: 'passkey', ...JANE })).text);
  expect((await host.deps.pendingSignIns.get(added.reference))?.kind.type).toBe('passkey-add');
  const posted = await post('sign-in', { request: added.reference, ...JANE });
  expect(posted.text).not.toContain('SAMLResponse');
  const unknown = await post('sign-in', { request: 'A'.repeat(43), ...JANE });
  expect(posted.status).toBe(unknown.status);
  // The same page (its main part; the nonce and the language link's reference differ).
  const main = (text: string) => /<main[\s\S]*<\/main>/.exec(text)?.[0];
  expect(main(posted.text)).toBeDefined();
  expect(main(posted.text)).toBe(main(unknown.text));
});
