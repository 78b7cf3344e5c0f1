import type { Customer } from '../domain/customer';
import { emailLocalPart } from '../domain/identifier';
import { checkLink, parseLinkToken, type LinkPurpose } from '../domain/link-token';
import { evaluatePassword, type Criterion, type PersonalInfo } from '../domain/password-policy';
import type { PasswordPolicy } from '../domain/password-policy';
import { isCommonPassword } from '../domain/common-passwords';
import { allowClient } from './client-limit';
import { auditEvent, nowSec, type Deps } from './deps';
import { hasSecondFactor, recoveryCodesLeft } from '../domain/two-step';
import { checkSecondFactor } from './factors/second-factor';
import { recoveryUsedEvent } from './factors/methods';
import { claimCodeAttempt } from './account-claims';
import { queueRecoveryUsedNotice } from './two-step-notice';

/**
 * Opening a link (GET: never consumes it) and setting the new password (POST: consumes it atomically).
 * Reset and invitation links share this flow; the purpose only changes the wording.
 */
export type LinkView =
  | {
      state: 'valid';
      purpose: LinkPurpose;
      username: string;
      personal: PersonalInfo;
      policy: PasswordPolicy;
      locale: Customer['locale'];
      /** A reset never bypasses two-step verification: the new password takes effect only with a code. */
      secondFactor: { required: boolean; recovery: boolean };
    }
  | { state: 'invalid' }
  | { state: 'expired' };

async function openLink(deps: Deps, token: string): Promise<{ customer: Customer; view: LinkView }  | { customer?: undefined; view: LinkView }> {
  const parsed = parseLinkToken(token);
  if (!parsed) return { view: { state: 'invalid' } };
  const customer = await deps.directory.get(parsed.customerId);
  if (!customer || customer.status === 'disabled' || !customer.link) return { view: { state: 'invalid' } };
  const purpose = customer.link.purpose;
  const check = checkLink(customer.link, parsed.secret, purpose, nowSec(deps));
  if (check !== 'valid') return { view: { state: check } };
  const settings = await deps.settings.load();
  return {
    customer,
    view: {
      state: 'valid',
      purpose,
      username: customer.username,
      personal: { username: customer.usernameKey, emailLocalPart: emailLocalPart(customer.emailKey) },
      policy: settings.policy,
      locale: customer.locale,
      secondFactor: { required: settings.twoStep.policy !== 'off' && hasSecondFactor(customer), recovery: Boolean(customer.twoStep?.recovery) },
    },
  };
}

export async function viewLink(deps: Deps, token: string): Promise<LinkView> {
  return (await openLink(deps, token)).view;
}

export type CompleteResult =
  | { state: 'done'; purpose: LinkPurpose; locale: Customer['locale']; customerId: string }
  | { state: 'invalid' }
  | { state: 'expired' }
  | { state: 'too-many' }
  | { state: 'rejected'; view: Extract<LinkView, { state: 'valid' }>; mismatch: boolean; criteria: Criterion[]; code?: 'missing' | 'wrong' }
  | { state: 'locked' };

export async function completeLink(
  deps: Deps,
  input: { token: string; password: string; confirm: string; clientAddress: string; code?: string; recovery?: boolean },
): Promise<CompleteResult> {
  const settings = await deps.settings.load();
  if (!(await allowClient(deps, 'complete', input.clientAddress, settings.limits.completePerClient))) return { state: 'too-many' };
  const { customer, view } = await openLink(deps, input.token);
  if (!customer || view.state !== 'valid') return view.state === 'expired' ? { state: 'expired' } : { state: 'invalid' };

  const verdict = evaluatePassword(input.password, settings.policy, view.personal, isCommonPassword);
  const mismatch = input.password !== input.confirm;
  if (!verdict.ok || mismatch) return { state: 'rejected', view, mismatch, criteria: verdict.criteria };

  // Enrolled two-step verification: the code is checked (no scrypt) before the new password is hashed.
  let twoStep = customer.twoStep;
  let base = customer;
  if (view.secondFactor.required) {
    // Locked by wrong codes: no more guesses until the lock passes (a reset is no way around the second factor).
    if (customer.lockedUntil > nowSec(deps)) return { state: 'locked' };
    if (!input.code) return { state: 'rejected', view, mismatch: false, criteria: verdict.criteria, code: 'missing' };
    // The attempt is claimed before the code is checked (issue 23 item 1): parallel guesses at one link check at
    // most the ten the lock allows.
    const claimed = await claimCodeAttempt(deps, customer, settings.lockout, nowSec(deps));
    if (claimed.state !== 'claimed') return claimed.reason === 'locked' ? { state: 'locked' } : { state: 'invalid' };
    base = claimed.entry;
    const check = await checkSecondFactor(deps, claimed.before, { code: input.code, recovery: input.recovery === true });
    if (!check.ok) {
      const events = [auditEvent(deps, customer.id, 'twostep.failed', 'anonymous', { attempt: claimed.attempt, via: 'reset', ...(check.replayed ? { replayed: true } : {}) })];
      if (claimed.locks) events.push(auditEvent(deps, customer.id, 'login.locked', 'system', { until: claimed.entry.lockedUntil }));
      await deps.directory.appendAudit(events);
      if (claimed.locks) return { state: 'locked' };
      return { state: 'rejected', view, mismatch: false, criteria: verdict.criteria, code: 'wrong' };
    }
    twoStep = check.next;
  }

  const hash = await deps.hasher.hash(input.password);
  const ref = deps.randomBytes(9).toString('base64url');
  await deps.passwords.put(customer.id, ref, hash);
  const now = nowSec(deps);
  const next: Customer = {
    ...base,
    status: customer.status === 'invited' ? 'active' : customer.status,
    activatedAt: customer.activatedAt || now,
    passwordChangedAt: now,
    passwordRef: ref,
    link: null,
    linkHash: '',
    failedLogins: 0,
    lockedUntil: 0,
    ...(twoStep ? { twoStep } : {}),
    rev: base.rev + 1,
    updatedAt: now,
  };
  const kind = view.purpose === 'invite' ? 'invite.accepted' : 'password.changed';
  const events = [auditEvent(deps, customer.id, kind, 'customer')];
  if (input.recovery && twoStep !== customer.twoStep && twoStep) events.push(recoveryUsedEvent(deps, customer.id, twoStep));
  const won = await deps.directory.update(next, { rev: base.rev, linkHash: base.linkHash }, events);
  if (!won) {
    // Another submission of the same link won the race: ours never became the password.
    await deps.passwords.remove(customer.id, ref);
    return { state: 'invalid' };
  }
  if (customer.passwordRef) await deps.passwords.remove(customer.id, customer.passwordRef);
  // A changed password is announced to the account's address; a first password (registration) is not a change.
  if (view.purpose === 'reset') await deps.queue.push({ type: 'password-changed-notice', customerId: customer.id });
  // A recovery code confirmed it: the customer is told, with how many are left.
  if (input.recovery && twoStep !== customer.twoStep && twoStep) await queueRecoveryUsedNotice(deps, customer.id, recoveryCodesLeft({ twoStep }));
  return { state: 'done', purpose: view.purpose, locale: customer.locale, customerId: customer.id };
}
