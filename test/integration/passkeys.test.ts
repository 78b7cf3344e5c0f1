import { invokeResolver, mails, type TestHost } from '../support/local-host';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { AC_MULTI_FACTOR } from '../../src/domain/saml/constants';
import { SECOND_SITE } from '../../local/sites';
import type { ProfileData } from '../../src/surfaces/profile-api';
import { pendingOf } from '../../src/flows/sign-in/respond';
import { passkeySignInOptions, signInWithPasskey } from '../../src/flows/sign-in/passkey-step';
import { assertionOf, configOf, JANE, usePasskeyHost } from '../support/passkey-pages';

/**
 * Passkeys (issue 22) through the real customer pages on the local host, answered by a software authenticator
 * that signs as a browser's would: adding one after a sign-in, signing in with it (multi-factor context), and
 * every refusal: a challenge used twice or from another pending sign-in, another origin or RP ID, no user
 * verification, a counter that goes back, an unknown credential, and a passkey of one site at the other.
 * The host runs on `localhost` (browsers refuse an IP address as RP ID), the second site on nordwind.localhost.
 * Where an admin turned passkeys off, erasure and a two-step policy: passkeys-policy.test.ts.
 */
let host: TestHost;
let origin = '';
let nordwind = '';
const { call, pages, post, pending, jane, audit, soft, addPasskeyAfterSignIn, signInOptions } = usePasskeyHost((started) => ({ host, origin, nordwind } = started));

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
