import Resolver from '@forge/resolver';
import QRCode from 'qrcode';
import * as z from 'zod';
import { commonPasswordsAtLeast } from '../domain/common-passwords';
import type { Customer } from '../domain/customer';
import { isPlausibleEmail, normaliseForLookup } from '../domain/identifier';
import { groupsOfFour } from '../domain/factors/totp';
import { changePassword, personalInfoOf, type ChangeResult } from '../flows/change-password';
import { confirmTotpEnrolment, removeMethod, renewRecoveryCodes, startTotpEnrolment, twoStepView, type TwoStepRefusal } from '../flows/profile-two-step';
import { confirmSmsSetup, resendSmsSetupPin, sendCheckPin, startSmsSetup, type SmsStartOutcome } from '../flows/profile-sms';
import { auditEvent, nowSec, type Deps } from '../flows/deps';
import { downloadCustomerData, type CustomerData } from '../flows/customer-data';
import type { AuditEvent, AuditKind } from '../domain/audit';
import type { ProfileData, ProfileErrorCode, ProfileFailure, ProfileResult, SignInEntry, SignInOutcome, SmsSent, TwoStepCodes, TwoStepEnrolment } from './profile-api';
import { guarded as catchAll } from './resolver-errors';
import { definePasskeyResolvers, passkeysView, type DefineForCustomer } from './profile-passkeys';

/**
 * The customer profile panel's resolver (module `profile-panel`, function `profile`; customer accounts
 * only, never anonymous). Who is calling comes from the platform (`context.accountId`) and from Jira asked
 * as that user (`/rest/api/3/myself`), never from the payload. The directory entry is the one linked to that
 * account, else the one with the email Jira returns for it, which is then linked to the account (conditioned
 * on its revision, audited) so later calls need no email. Each customer reads and changes only that entry.
 */
const SIGN_INS = 10;
const SIGN_IN_KINDS: Partial<Record<AuditKind, SignInOutcome>> = { 'login.succeeded': 'succeeded', 'login.failed': 'failed', 'login.refused': 'refused' };
/** Audit pages searched for sign-ins (newest first): bounded reads per panel load. */
const AUDIT_PAGE = 50;
const AUDIT_PAGES = 3;
/** The page's copy of the common-password list is only shipped when small (as the create-password page does). */
const COMMON_SHIPPED = 5000;

interface CallContext {
  accountId?: string;
}

const changePayload = z.object({
  current: z.string().min(1).max(1024),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
});

const codePayload = z.object({ code: z.string().min(1).max(64), recovery: z.boolean().optional() });
const removePayload = codePayload.extend({ password: z.string().min(1).max(1024), method: z.enum(['totp', 'sms']).optional() });
const proofPayload = z.object({ password: z.string().max(1024).optional(), code: z.string().max(64).optional(), recovery: z.boolean().optional() });
const smsStartPayload = z.object({
  phone: z.string().min(1).max(40), password: z.string().max(1024).optional(), code: z.string().max(64).optional(), recovery: z.boolean().optional(),
});

const fail = (error: ProfileErrorCode, extra: Omit<ProfileFailure, 'ok' | 'error'> = {}): ProfileFailure => ({ ok: false, error, ...extra });

type Identified = { ok: true; customer: Customer } | ProfileFailure;

/** One exhaustive table from the flow's outcome to the contract's answer. */
export const CHANGE_FAILURE: { [S in Exclude<ChangeResult['state'], 'done'>]: (r: Extract<ChangeResult, { state: S }>) => ProfileFailure } = {
  'wrong-password': () => fail('wrong-password', { field: 'current' }),
  locked: (r) => fail('locked', { until: r.until }),
  disabled: () => fail('disabled'),
  'wrong-state': () => fail('wrong-state'),
  'too-many': () => fail('too-many'),
  rejected: (r) => fail('rejected', { field: 'password', criteria: r.criteria }),
  mismatch: () => fail('mismatch', { field: 'confirm' }),
  conflict: () => fail('internal'),
};

/** Two-step verification's refusals (../flows/profile-two-step) to the contract's answers, exhaustively. */
export const TWO_STEP_FAILURE: { [S in TwoStepRefusal['state']]: (r: Extract<TwoStepRefusal, { state: S }>) => ProfileFailure } = {
  locked: (r) => fail('locked', { until: r.until }),
  disabled: () => fail('disabled'),
  'wrong-state': () => fail('wrong-state'),
  'too-many': () => fail('too-many'),
  'not-allowed': () => fail('not-allowed'),
  required: () => fail('required'),
  expired: () => fail('expired'),
  'wrong-code': (r) => fail('wrong-code', { field: 'code', ...(r.left === undefined ? {} : { left: r.left }) }),
  'wrong-password': () => fail('wrong-password', { field: 'password' }),
  conflict: () => fail('internal'),
};
const twoStepFailure = (r: TwoStepRefusal): ProfileFailure => (TWO_STEP_FAILURE[r.state] as (x: TwoStepRefusal) => ProfileFailure)(r);
/** A PIN sent (or why not): a bad number names the field; a limit says nothing was sent. */
const smsAnswer = (r: SmsStartOutcome): ProfileResult<SmsSent> =>
  r.state === 'sent' ? { ok: true, data: { masked: r.masked } } : r.state === 'invalid-phone' ? fail('invalid-input', { field: 'phone' }) : r.state === 'sms-limit' ? fail('sms-limit') : twoStepFailure(r);

/** The otpauth URI's QR code as modules (rows of booleans, true = dark) for the page to draw as SVG. */
function qrModules(uri: string): TwoStepEnrolment['qr'] {
  const { size, data } = QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules;
  return { size, rows: Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => data[y * size + x] === 1)) };
}

export function profileResolver(deps: Deps) {
  /** The caller's own entry, linking it to their account on first use. */
  async function identify(context: CallContext): Promise<Identified> {
    const accountId = context.accountId;
    if (!accountId) return fail('forbidden');
    const me = await deps.jira.caller();
    if (!me || me.accountId !== accountId || me.accountType === 'app') return fail('forbidden');
    const linked = await deps.directory.findByAccount(accountId);
    if (linked) return { ok: true, customer: linked };
    if (!me.emailAddress || !isPlausibleEmail(me.emailAddress)) return fail('not-found');
    const byEmail = await deps.directory.findByEmail(normaliseForLookup(me.emailAddress));
    // An entry already linked to another account is not this caller's, whatever the address says.
    if (!byEmail || byEmail.accountId) return fail('not-found');
    const now = nowSec(deps);
    const next: Customer = { ...byEmail, accountId, rev: byEmail.rev + 1, updatedAt: now };
    const won = await deps.directory.update(next, { rev: byEmail.rev }, [auditEvent(deps, byEmail.id, 'customer.updated', 'customer', { linked: 'account' })]);
    if (won) return { ok: true, customer: next };
    // Somebody changed the entry meanwhile (perhaps a parallel first call linked it): read it again.
    const fresh = await deps.directory.get(byEmail.id);
    return fresh && fresh.accountId === accountId ? { ok: true, customer: fresh } : fail('internal');
  }

  async function signIns(customerId: string): Promise<SignInEntry[]> {
    const found: SignInEntry[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < AUDIT_PAGES && found.length < SIGN_INS; page++) {
      const batch: { events: AuditEvent[]; cursor?: string } = await deps.directory.listAudit(customerId, AUDIT_PAGE, cursor);
      for (const e of batch.events) {
        const outcome = SIGN_IN_KINDS[e.kind];
        if (outcome && found.length < SIGN_INS) found.push({ id: e.id, at: e.at, outcome });
      }
      cursor = batch.cursor;
      if (!cursor) break;
    }
    return found;
  }

  async function profile(customer: Customer): Promise<ProfileData> {
    const [settings, history, passkeys] = await Promise.all([deps.settings.load(), signIns(customer.id), passkeysView(deps, customer, customer.locale === 'de' ? 'de' : 'en')]);
    const personal = personalInfoOf(customer);
    return {
      displayName: customer.displayName,
      username: customer.username,
      email: customer.email,
      locale: customer.locale,
      passwordChangedAt: customer.passwordChangedAt,
      signIns: history,
      canChangePassword: customer.status === 'active' && customer.passwordRef !== '',
      lockedUntil: customer.lockedUntil > nowSec(deps) ? customer.lockedUntil : 0,
      password: {
        policy: settings.policy,
        personal: settings.policy.blockPersonal ? [personal.username ?? '', personal.emailLocalPart ?? ''].filter((p) => p.length >= 3) : [],
        common: settings.policy.blockCommon ? (commonPasswordsAtLeast(settings.policy.minLength, COMMON_SHIPPED) ?? null) : [],
      },
      twoStep: twoStepView(settings, customer),
      passkeys,
    };
  }

  /** The one catch-all (../resolver-errors): a throw is logged redacted and answered `internal`. */
  const guarded = <T>(name: string, run: () => Promise<ProfileResult<T>>) => catchAll(deps.log, 'profile', name, run, () => fail('internal'));

  const resolver = new Resolver();
  /**
   * Every profile resolver: the catch-all, then the caller identified (else its refusal answered), then `run` with
   * their entry and the raw payload.
   */
  const defineForCustomer: DefineForCustomer = (key, run) =>
    resolver.define(key, ({ payload, context }) =>
      guarded(key, async () => {
        const who = await identify(context);
        return who.ok ? run(who.customer, payload) : who;
      }),
    );

  defineForCustomer('profile/get', async (customer): Promise<ProfileResult<ProfileData>> => ({ ok: true, data: await profile(customer) }));

  defineForCustomer('profile/change-password', async (customer, payload): Promise<ProfileResult<ProfileData>> => {
    const input = changePayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: String(input.error.issues[0]?.path[0] ?? 'password') });
    const result = await changePassword(deps, customer, input.data);
    if (result.state !== 'done') return (CHANGE_FAILURE[result.state] as (r: ChangeResult) => ProfileFailure)(result);
    const fresh = await deps.directory.get(customer.id);
    return fresh ? { ok: true, data: await profile(fresh) } : fail('internal');
  });

  /** After a two-step change: the fresh profile (and the codes, answered this once). */
  async function freshProfile(customerId: string): Promise<ProfileData | undefined> {
    const fresh = await deps.directory.get(customerId);
    return fresh ? profile(fresh) : undefined;
  }
  async function withCodes(customerId: string, codes: string[]): Promise<ProfileResult<TwoStepCodes>> {
    const data = await freshProfile(customerId);
    return data ? { ok: true, data: { codes, profile: data } } : fail('internal');
  }

  defineForCustomer('profile/two-step/start', async (customer, payload): Promise<ProfileResult<TwoStepEnrolment>> => {
    // Where SMS is on already: the current password and a current code (else nothing is needed).
    const proof = proofPayload.safeParse(payload ?? {});
    if (!proof.success) return fail('invalid-input', { field: String(proof.error.issues[0]?.path[0] ?? 'code') });
    const started = await startTotpEnrolment(deps, customer, proof.data);
    if (started.state !== 'started') return twoStepFailure(started);
    return { ok: true, data: { key: groupsOfFour(started.secret), issuer: started.issuer, account: started.account, qr: qrModules(started.uri) } };
  });

  defineForCustomer('profile/two-step/confirm', async (customer, payload): Promise<ProfileResult<TwoStepCodes>> => {
    const input = codePayload.pick({ code: true }).safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: 'code' });
    const result = await confirmTotpEnrolment(deps, customer, input.data);
    return result.state === 'done' ? withCodes(customer.id, result.codes) : twoStepFailure(result);
  });

  defineForCustomer('profile/two-step/remove', async (customer, payload): Promise<ProfileResult<ProfileData>> => {
    const input = removePayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: String(input.error.issues[0]?.path[0] ?? 'code') });
    const { method, ...rest } = input.data;
    const result = await removeMethod(deps, customer, method ?? 'totp', { ...rest, recovery: rest.recovery === true });
    if (result.state !== 'done') return twoStepFailure(result);
    const data = await freshProfile(customer.id);
    return data ? { ok: true, data } : fail('internal');
  });

  defineForCustomer('profile/two-step/recovery-codes', async (customer, payload): Promise<ProfileResult<TwoStepCodes>> => {
    const input = codePayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: 'code' });
    const result = await renewRecoveryCodes(deps, customer, { code: input.data.code, recovery: input.data.recovery === true });
    return result.state === 'done' ? withCodes(customer.id, result.codes) : twoStepFailure(result);
  });

  defineForCustomer('profile/two-step/sms/start', async (customer, payload): Promise<ProfileResult<SmsSent>> => {
    const input = smsStartPayload.safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: String(input.error.issues[0]?.path[0] ?? 'phone') });
    return smsAnswer(await startSmsSetup(deps, customer, { ...input.data, recovery: input.data.recovery === true }));
  });

  defineForCustomer('profile/two-step/sms/resend', async (customer): Promise<ProfileResult<SmsSent>> => smsAnswer(await resendSmsSetupPin(deps, customer)));

  defineForCustomer('profile/two-step/sms/confirm', async (customer, payload): Promise<ProfileResult<TwoStepCodes>> => {
    const input = codePayload.pick({ code: true }).safeParse(payload);
    if (!input.success) return fail('invalid-input', { field: 'code' });
    const result = await confirmSmsSetup(deps, customer, input.data);
    return result.state === 'done' ? withCodes(customer.id, result.codes) : twoStepFailure(result);
  });

  defineForCustomer('profile/two-step/sms/code', async (customer): Promise<ProfileResult<SmsSent>> => smsAnswer(await sendCheckPin(deps, customer)));
  // "Download my data" (issue 24): everything held about the caller, agents and admins named by role only.
  defineForCustomer('profile/data', async (customer): Promise<ProfileResult<CustomerData>> => ({
    ok: true,
    data: await downloadCustomerData(deps, customer, { kind: 'customer' }, 'customer'),
  }));
  definePasskeyResolvers(defineForCustomer, deps, profile);
  return resolver.getDefinitions();
}
