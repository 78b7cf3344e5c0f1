import { kvs } from '@forge/kvs';
import { SETTINGS_KEY } from '../../src/forge/settings';
import { invokeResolver, type TestHost } from '../support/local-host';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { AC_MULTI_FACTOR } from '../../src/domain/saml/constants';
import { pendingOf, signIn } from '../../src/flows/sign-in/respond';
import { assertionOf, configOf, JANE, usePasskeyHost } from '../support/passkey-pages';

/**
 * Passkeys (issue 22) through the real customer pages on the local host: where an admin turned them off, erasure,
 * a two-step policy, the reference of adding one posted to the password form, and a pending sign-in that finishes
 * once (a passkey answer or a password that loses the race to another step's finish) (adding one, signing in with
 * it and every refusal: passkeys.test.ts).
 */
let host: TestHost;
let origin = '';
const { call, pages, post, pending, signInOptions, audit, jane } = usePasskeyHost((started) => ({ host, origin } = started));

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

it('a pending sign-in finishes once: a passkey answer that claimed its challenge before a password finished the sign-in gets "start again", not a second response', async () => {
  // Jane's own passkey on this host (as in the two-step policy test above).
  const mine = new SoftAuthenticator();
  const offer = configOf((await post('login', { next: 'passkey', ...JANE })).text);
  const created = mine.create(JSON.parse((await post('passkeys/options', { request: offer.reference })).text).options, { origin });
  expect((await post('passkeys/add', { request: offer.reference, credential: JSON.stringify(created) })).status).toBe(200);
  const reference = await pending();
  const credential = JSON.stringify(mine.get(await signInOptions(reference), { origin }));
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
