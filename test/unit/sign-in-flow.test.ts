import { SSO_ROUTES } from '../../src/surfaces/pages/sso-routes';
import { afterWrongCode, attemptVoid, triesLeft } from '../../src/domain/code-attempts';
import { EMAIL_CODE_MAX_TRIES } from '../../src/domain/factors/email-code';
import { AC_MULTI_FACTOR, AC_PASSWORD_PROTECTED_TRANSPORT, AC_UNSPECIFIED, PENDING_REQUEST_SEC } from '../../src/domain/saml/constants';
import { newPending } from '../../src/domain/saml/pending';
import {
  acceptsPasskeySignIn, assurance, channelOf, completed, endingOf, endsAtServiceProvider, finishesWithAccountWrite, flowFromStored, needsIdentityProvider, nextStep,
  secondFactorOf,
  type SecondStage, type SignInFlow, type SignInKind, type StoredBeforeFlow,
} from '../../src/domain/sign-in-flow';

/** The sign-in flow object (issue 21): its kinds, what comes next, the assurance it earns, the shape stored before it. */
const stage = (step: SecondStage['step'], method?: SecondStage['method']): SecondStage => ({ customerId: 'c1', step, failures: 0, attempt: 'a1', ...(method ? { method } : {}) });
const base = { requestId: '_r', relayState: 'rs', createdAt: 100, expiresAt: 700, used: false };
const flow = (fields: Partial<SignInFlow> = {}): SignInFlow => ({ ...base, kind: { type: 'help-center' }, factors: [], ...fields });

const KINDS: SignInKind[] = [
  { type: 'help-center' },
  { type: 'test', identifier: 'jane' },
  { type: 'enrolment' },
  { type: 'login-page' },
  { type: 'passkey-add', customerId: 'c1', signedInAt: 100, from: 'sign-in' },
];

describe('what a kind of sign-in is and where it ends', () => {
  it('ends each kind in its own place', () => {
    expect(KINDS.map(endingOf)).toEqual(['saml-response', 'test-report', 'registration-done', 'login-page', 'passkey-added']);
  });
  it('answers with a SAML response only where it ends at the service provider (the help center, an admin\'s test)', () => {
    expect(KINDS.map(endsAtServiceProvider)).toEqual([true, true, false, false, false]);
  });
  it('finishes with the account\'s write (issue 25) where it ends at a configured service provider or on the log-in page', () => {
    expect(KINDS.map((k) => finishesWithAccountWrite(k, true))).toEqual([true, true, false, true, false]);
    expect(KINDS.map((k) => finishesWithAccountWrite(k, false))).toEqual([false, false, false, true, false]);
  });
  it('names its channel in the audit as before the flow object (the enrolment after registration as the help center)', () => {
    expect(KINDS.map(channelOf)).toEqual(['sso', 'test', 'sso', 'page', 'sso']);
  });
  it('takes a passkey sign-in except while adding one or enrolling after registration', () => {
    expect(KINDS.map(acceptsPasskeySignIn)).toEqual([true, true, false, true, false]);
  });
  it('needs the identity provider configured for its password step except on the app’s own log-in page', () => {
    expect(KINDS.map(needsIdentityProvider)).toEqual([true, true, true, false, true]);
  });
  it('starts with nothing completed, as a help-center request unless told', () => {
    expect(newPending({ nowSec: 100 })).toEqual({ ...base, requestId: '', relayState: '', expiresAt: 100 + PENDING_REQUEST_SEC, kind: { type: 'help-center' }, factors: [] });
    expect(newPending({ nowSec: 100, kind: { type: 'enrolment' } }).kind).toEqual({ type: 'enrolment' });
  });
});

describe('what comes next', () => {
  it('is the first factor, then the emailed code once one was asked for, then the second step', () => {
    expect(nextStep(flow())).toEqual({ step: 'first-factor' });
    expect(nextStep(flow({ emailCode: { identifier: 'jane', tries: 0, requestedAt: 100 } }))).toEqual({ step: 'email-code', identifier: 'jane' });
    for (const step of ['verify', 'enrol', 'codes'] as const) expect(nextStep(flow({ stage: stage(step) }))).toEqual({ step: 'second-factor', stage: step });
  });
  it('is adding the passkey for a passkey-add flow, whatever else it carries', () => {
    expect(nextStep(flow({ kind: KINDS[4], stage: stage('verify') }))).toEqual({ step: 'add-passkey' });
  });
});

describe('the factors completed and the assurance derived from them', () => {
  it('derives the authentication context from the completed factors, never from a stored value', () => {
    expect(assurance(flow())).toBe(AC_UNSPECIFIED);
    expect(assurance(completed(flow(), 'password'))).toBe(AC_PASSWORD_PROTECTED_TRANSPORT);
    expect(assurance(completed(completed(flow(), 'password'), 'sms'))).toBe(AC_MULTI_FACTOR);
    expect(assurance(completed(flow(), 'emailCode'))).toBe(AC_UNSPECIFIED);
    expect(assurance(completed(completed(flow(), 'emailCode'), 'totp'))).toBe(AC_MULTI_FACTOR);
    expect(assurance(completed(flow(), 'passkey'))).toBe(AC_MULTI_FACTOR);
  });
  it('records a factor once, in order, without changing the flow it was given', () => {
    const first = flow();
    const twice = completed(completed(completed(first, 'password'), 'totp'), 'password');
    expect(twice.factors).toEqual(['password', 'totp']);
    expect(first.factors).toEqual([]);
  });
  it('names the second factor a code step completes', () => {
    expect(secondFactorOf(stage('verify'))).toBe('totp');
    expect(secondFactorOf(stage('verify', 'totp'))).toBe('totp');
    expect(secondFactorOf(stage('verify', 'sms'))).toBe('sms');
    expect(secondFactorOf(stage('verify', 'sms'), true)).toBe('recovery');
  });
});

describe('a pending sign-in stored before the flow object (a sign-in under way during a deploy)', () => {
  const old = (fields: Partial<StoredBeforeFlow>): StoredBeforeFlow => ({ ...base, ...fields });
  it.each<[string, Partial<StoredBeforeFlow>, SignInKind, SignInFlow['factors']]>([
    ['a help-center request', {}, { type: 'help-center' }, []],
    ['a help-center request at its code step', { stage: stage('verify') }, { type: 'help-center' }, ['password']],
    ['a help-center request after an email code, at its code step', { firstFactor: 'email-code', stage: stage('verify', 'sms') }, { type: 'help-center' }, ['emailCode']],
    ['a request with the recovery codes shown', { stage: stage('codes', 'sms') }, { type: 'help-center' }, ['password', 'sms']],
    ['an email code asked for', { emailCode: { identifier: 'jane', tries: 1, requestedAt: 100 } }, { type: 'help-center' }, []],
    ['an admin’s test sign-in', { test: { identifier: 'jane' } }, { type: 'test', identifier: 'jane' }, []],
    ['the enrolment after registration', { enrolOnly: true, stage: stage('enrol') }, { type: 'enrolment' }, []],
    ['the enrolment after registration, codes shown', { enrolOnly: true, stage: stage('codes') }, { type: 'enrolment' }, ['totp']],
    ['the log-in page at its code step', { loginCheck: true, stage: stage('verify') }, { type: 'login-page' }, ['password']],
    ['the log-in page from the profile’s "Add a passkey"', { loginCheck: true, addPasskey: true }, { type: 'login-page', addPasskey: true }, []],
    ['adding a passkey', { passkeyAdd: { customerId: 'c1', signedInAt: 90, from: 'profile' } }, { type: 'passkey-add', customerId: 'c1', signedInAt: 90, from: 'profile' }, []],
  ])('reads %s as its kind and completed factors, every other field kept', (_name, fields, kind, factors) => {
    const read = flowFromStored(old(fields));
    expect(read.kind).toEqual(kind);
    expect(read.factors).toEqual(factors);
    for (const flag of ['test', 'enrolOnly', 'loginCheck', 'firstFactor', 'passkeyAdd', 'addPasskey']) expect(read).not.toHaveProperty(flag);
    expect(read).toMatchObject({ ...base, ...(fields.stage ? { stage: fields.stage } : {}), ...(fields.emailCode ? { emailCode: fields.emailCode } : {}) });
  });
  it('derives the same authentication context the old code passed for the same steps', () => {
    expect(assurance(completed(flowFromStored(old({ stage: stage('verify') })), 'totp'))).toBe(AC_MULTI_FACTOR);
    expect(assurance(flowFromStored(old({ stage: stage('codes') })))).toBe(AC_MULTI_FACTOR);
  });
  it('keeps a value of the current shape as it is', () => {
    const current = flow({ kind: { type: 'login-page' }, factors: ['password'], stage: stage('verify') });
    expect(flowFromStored(current)).toBe(current);
  });
});

describe('one rule for wrong codes', () => {
  it('leaves 5 minus the wrong codes so far, and the fifth voids the attempt', () => {
    expect([1, 2, 3, 4].map((n) => afterWrongCode(n))).toEqual([4, 3, 2, 1].map((left) => ({ state: 'wrong', left })));
    expect(afterWrongCode(5)).toEqual({ state: 'void' });
    expect(afterWrongCode(7)).toEqual({ state: 'void' });
  });
  it('voids at once where the code’s own record says so, and follows another cap where one is given', () => {
    expect(afterWrongCode(1, { voids: true })).toEqual({ state: 'void' });
    expect(afterWrongCode(EMAIL_CODE_MAX_TRIES - 1, { max: EMAIL_CODE_MAX_TRIES })).toEqual({ state: 'wrong', left: 1 });
    expect(afterWrongCode(3, { max: 3 })).toEqual({ state: 'void' });
  });
  it('shows the tries left for an input refused without counting, and says when none may be checked', () => {
    expect(triesLeft(0)).toBe(5);
    expect(triesLeft(3)).toBe(2);
    expect([4, 5, 6].map((n) => attemptVoid(n))).toEqual([false, true, true]);
  });
});

describe('the identity provider’s route table', () => {
  it('serves every route it served as a switch, each once', () => {
    expect([...SSO_ROUTES].sort()).toEqual(
      [
        'GET saml/sso', 'POST saml/sso', 'GET sign-in', 'POST sign-in', 'POST sign-in/code', 'POST sign-in/enrol', 'POST sign-in/continue', 'POST sign-in/sms',
        'POST sign-in/resend', 'POST sign-in/phone', 'POST sign-in/email-code', 'POST sign-in/email-code/verify', 'POST sign-in/passkey/options',
        'POST sign-in/passkey', 'GET saml/metadata', 'GET saml/certificate.pem',
      ].sort(),
    );
  });
});
