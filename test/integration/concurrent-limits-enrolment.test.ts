import { kvs } from '@forge/kvs';
import { checkPin } from '../../src/domain/factors/sms-pin';
import { totpCode } from '../../src/domain/factors/totp';
import { SETTINGS_KEY } from '../../src/forge/kvs-keys';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../src/flows/profile-two-step';
import { confirmSmsSetup, startSmsSetup } from '../../src/flows/profile-sms';
import { submitEnrolment } from '../../src/flows/sign-in/respond';
import { startSmsEnrolment } from '../../src/flows/sign-in/sms-step';
import { queueSms } from '../../src/flows/sms';
import { type TestHost } from '../support/local-host';
import { kinds, PASSWORD, useBurstHost } from '../support/burst-requests';

/**
 * Issue 23, item 1, continued from concurrent-limits.test.ts: the enrolment codes (the profile's and the sign-in's,
 * app and phone) are claimed before the check, and a burst never sends more mails or SMS than the limit. Each burst
 * is 30 requests at one fresh account.
 */
let host: TestHost;
const { now, activeCustomer, audit, burst, post, pending } = useBurstHost((started) => (host = started));

describe('item 1: enrolment codes are claimed before the check', () => {
  /** Runs `fn` with the two-step policy `policy` (the app allowed), then puts the settings back. */
  async function withPolicy(policy: 'optional' | 'everyone', fn: () => Promise<void>, sms = false, totp = true) {
    const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
    const forget = () => (host.deps.settings as { forget?: () => void }).forget?.();
    await kvs.set(SETTINGS_KEY, { ...stored, twoStep: { policy, methods: { totp, sms } } });
    forget();
    try {
      await fn();
    } finally {
      await kvs.set(SETTINGS_KEY, stored);
      forget();
    }
  }
  /** A PIN other than the one sent (only its hash is stored): the first six-digit string that does not match. */
  const wrongPin = (pin: Parameters<typeof checkPin>[0], attempt: string) => {
    let n = 0;
    while (checkPin(pin, attempt, String(n).padStart(6, '0'), now()).ok) n++;
    return String(n).padStart(6, '0');
  };
  const wrongFor = async (secret: string) => String((Number(await totpCode(secret, now())) + 1) % 1_000_000).padStart(6, '0');

  it('the profile\'s new authenticator app: 30 parallel wrong codes check 5, then the setup is over', () =>
    withPolicy('optional', async () => {
      const c = await activeCustomer();
      const started = await startTotpEnrolment(host.deps, c);
      if (started.state !== 'started') throw new Error(started.state);
      const wrong = await wrongFor(started.secret);
      const answers = await burst(() => confirmTotpEnrolment(host.deps, c, { code: wrong }));
      expect(answers.filter((a) => a.state === 'wrong-code')).toHaveLength(4);
      expect(answers.filter((a) => a.state !== 'wrong-code').every((a) => a.state === 'expired')).toBe(true);
      // The setup is over: even the right code no longer adds the app.
      expect(await confirmTotpEnrolment(host.deps, c, { code: await totpCode(started.secret, now()) })).toEqual({ state: 'expired' });
      expect((await host.deps.directory.get(c.id))!.twoStep?.totp).toBeUndefined();
    }));

  it('the profile\'s new phone: 30 parallel wrong PINs check 5, then the setup is over', () =>
    withPolicy(
      'optional',
      async () => {
        const c = await activeCustomer();
        expect(await startSmsSetup(host.deps, c, { phone: '+4915112345679', recovery: false })).toMatchObject({ state: 'sent' });
        const setup = (await host.deps.factors.getProfileEnrolment(c.id))!;
        const answers = await burst(() => confirmSmsSetup(host.deps, c, { code: wrongPin(setup.pin, setup.attempt) }));
        expect(answers.filter((a) => a.state === 'wrong-code')).toHaveLength(4);
        expect(answers.filter((a) => a.state !== 'wrong-code').every((a) => a.state === 'expired')).toBe(true);
        expect((await host.deps.directory.get(c.id))!.twoStep?.sms).toBeUndefined();
        await host.idle();
      },
      true,
    ));

  it('enrolment at sign-in: 30 parallel wrong codes check 5, then that sign-in is void', () =>
    withPolicy('everyone', async () => {
      const c = await activeCustomer();
      const reference = await pending();
      expect((await post('sign-in', { request: reference, identifier: c.email, password: PASSWORD })).status).toBe(303);
      const stage = (await host.deps.pendingSignIns.get(reference))!.stage!;
      expect(stage.step).toBe('enrol');
      const secret = (await host.deps.factors.getEnrolment(stage.attempt))!;
      const wrong = await wrongFor(secret);
      const answers = await burst(() => submitEnrolment(host.deps, { reference, code: wrong }));
      const outcomes = answers.map((a) => (a.state === 'code' ? a.outcome.state : a.state));
      expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(4);
      expect(outcomes.filter((o) => o !== 'wrong').every((o) => o === 'voided' || o === 'second-step')).toBe(true);
      // The sign-in is over: even the right code no longer enrols the app.
      const right = await submitEnrolment(host.deps, { reference, code: await totpCode(secret, now()) });
      expect(['second-step', 'voided']).toContain(right.state === 'code' ? right.outcome.state : right.state);
      expect((await host.deps.directory.get(c.id))!.twoStep?.totp).toBeUndefined();
    }));
  it('a phone enrolled at sign-in: 30 parallel wrong PINs check 5, then that sign-in is void', () =>
    withPolicy(
      'everyone',
      async () => {
        const c = await activeCustomer();
        const reference = await pending();
        expect((await post('sign-in', { request: reference, identifier: c.email, password: PASSWORD })).status).toBe(303);
        expect(await startSmsEnrolment(host.deps, reference, (await host.deps.pendingSignIns.get(reference))!, '+4915112345670')).toMatchObject({ state: 'sent' });
        const stage = (await host.deps.pendingSignIns.get(reference))!.stage!;
        const wrong = wrongPin(stage.pin, stage.attempt);
        const answers = await burst(() => submitEnrolment(host.deps, { reference, code: wrong }));
        const outcomes = answers.map((a) => (a.state === 'code' ? a.outcome.state : a.state));
        expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(4);
        expect(outcomes.filter((o) => o !== 'wrong').every((o) => o === 'voided' || o === 'second-step')).toBe(true);
        expect((await host.deps.directory.get(c.id))!.twoStep?.sms).toBeUndefined();
        await host.idle();
      },
      true,
      false,
    ));
});

describe('item 1: bursts never send more than the limit', () => {
  const mailsTo = async (address: string) => ((await (await fetch(`${host.url}/mail/api/messages`)).json()) as { to: string }[]).filter((m) => m.to.includes(address)).length;

  it('30 parallel "Forgot your password?" requests send at most 3 reset mails (3 per 15 minutes)', async () => {
    const c = await activeCustomer();
    await burst(() => post('forgot', { identifier: c.email }));
    await host.idle();
    expect(await mailsTo(c.email)).toBe(3);
    const events = await audit(c.id);
    expect(kinds(events, 'reset.requested')).toHaveLength(3);
  });

  it('30 parallel requests for an invited account send at most 5 invitations (5 per day)', async () => {
    const c = await activeCustomer({ status: 'invited', passwordRef: '', activatedAt: 0, passwordChangedAt: 0, invitedAt: now() - 60 });
    await burst(() => post('forgot', { identifier: c.email }));
    await host.idle();
    expect(await mailsTo(c.email)).toBe(5);
  });

  it('30 parallel SMS for one account: 5 go out (5 per hour)', async () => {
    const stored = (await kvs.get<Record<string, unknown>>(SETTINGS_KEY)) ?? {};
    await kvs.set(SETTINGS_KEY, { ...stored, sms: { ...((stored.sms as object) ?? {}), dailyCap: 1000 } });
    (host.deps.settings as { forget?: () => void }).forget?.();
    const c = await activeCustomer();
    const outcomes = await burst(() => queueSms(host.deps, { to: '+4915112345678', text: 'burst', customerId: c.id }));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
    await host.idle();
  });
});
