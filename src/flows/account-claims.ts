import { withMailJob, type Customer } from '../domain/customer';
import { hit, type RateRule } from '../domain/rate-limit';
import { afterWrongCode, afterWrongPassword, codesInSignIn, refusalOf, type RefusalReason } from '../domain/sign-in-failures';
import { claim } from '../forge/claim';
import type { AuditEvent } from '../domain/audit';
import type { TwoStepState } from '../domain/two-step';
import { SignInFinished, type PlainWrite } from '../ports/directory';
import { auditEvent, type Deps } from './deps';

/**
 * Claims on the counters a directory entry carries (issue 23 item 1): failed passwords, failed codes, the
 * reset and invitation windows. Each is one write conditioned on the entry's revision, decided again on a
 * fresh read whenever it lost a race (src/forge/claim.ts), and the work it guards runs only once it has won.
 */
export type EntryDecision<R> = { next: Customer; events?: AuditEvent[]; alongside?: PlainWrite[]; won: R } | { answer: R };

/**
 * Claims a change of the entry: `decide` answers the next entry (written conditioned on `current.rev`) or an answer
 * without a write. It may be async for a cheap check on the value read (a code's HMAC or hash, never scrypt).
 */
export function claimOnEntry<R>(
  deps: Deps,
  first: Customer,
  decide: (current: Customer | undefined) => EntryDecision<R> | Promise<EntryDecision<R>>,
  contended: R,
): Promise<R> {
  return claim<Customer | undefined, R>(
    first,
    () => deps.directory.get(first.id),
    async (current) => {
      const d = await decide(current);
      if ('answer' in d) return d;
      const write = () =>
        deps.directory.update(d.next, { rev: current!.rev }, d.events ?? [], d.alongside).catch(async (error: unknown) => {
          // Another step finished the pending sign-in this write was to finish: no race to decide again.
          if (error instanceof SignInFinished) throw error;
          // The conflict code is not documented (docs/platform-assumptions.md; PLATFORM=strict answers a bare
          // 400): a revision that moved means the claim lost its race, whatever the code.
          if ((await deps.directory.get(first.id))?.rev !== current!.rev) return false;
          throw error;
        });
      return { write, won: d.won };
    },
    contended,
  );
}

/** Why an entry takes no attempt: not stored, disabled or locked (`entry`: as read), or every try lost its race. */
export type UnusableEntry = { state: 'refused'; reason: RefusalReason | 'contended'; entry?: Customer };

/**
 * `claimOnEntry` for an attempt on the entry (a password, a code): `decide` sees only an entry that may take one;
 * otherwise the answer is `refused` with the reason, without a write.
 */
function claimOnUsableEntry<R>(
  deps: Deps,
  first: Customer,
  now: number,
  decide: (current: Customer) => EntryDecision<R | UnusableEntry> | Promise<EntryDecision<R | UnusableEntry>>,
): Promise<R | UnusableEntry> {
  return claimOnEntry<R | UnusableEntry>(
    deps,
    first,
    (current) => {
      if (!current) return { answer: { state: 'refused', reason: 'not-registered' } };
      const refused = refusalOf(current, now);
      if (refused) return { answer: { state: 'refused', reason: refused, entry: current } };
      return decide(current);
    },
    { state: 'refused', reason: 'contended' },
  );
}

/** A password attempt claimed (counted as failed until the hash says otherwise), or why none may be made. */
export type PasswordClaim =
  | { state: 'claimed'; entry: Customer; attempt: number; locks: boolean; before: Customer }
  | { state: 'refused'; reason: RefusalReason | 'contended'; entry?: Customer };

/**
 * One password attempt, counted before its hash: the attempt that reaches the threshold sets the lock at once,
 * so that parallel attempts behind it are refused without a hash (a right password in that attempt lifts it
 * again, see `settleRightPassword`).
 */
type Lockout = { threshold: number; minutes: number };
export function claimPasswordAttempt(deps: Deps, customer: Customer, lockout: Lockout, now: number, alongside: PlainWrite[] = []): Promise<PasswordClaim> {
  return claimOnUsableEntry<PasswordClaim>(deps, customer, now, (current) => {
    const { next, attempt, locked } = afterWrongPassword(current, lockout, now);
    return { next, alongside, won: { state: 'claimed', entry: next, attempt, locks: locked, before: current } };
  });
}

type Claimed = Extract<PasswordClaim, { state: 'claimed' }>;
/**
 * The right password after its claim: the failures are forgotten (and a lock this very attempt set is lifted), with
 * `changes`, `events` and `alongside` (a pending sign-in's finish), in one conditioned write retried on a fresh read.
 * Undefined when the entry was refused meanwhile (disabled, or locked by somebody else).
 */
export function settleRightPassword(deps: Deps, claimed: Claimed, now: number, changes: Partial<Customer>, events: AuditEvent[], alongside: PlainWrite[] = []) {
  return claimOnEntry<Customer | undefined>(
    deps,
    claimed.entry,
    (current) => {
      if (!current) return { answer: undefined };
      const ours = claimed.locks && current.lockedUntil === claimed.entry.lockedUntil;
      const lifted = ours ? { ...current, lockedUntil: claimed.before.lockedUntil } : current;
      if (refusalOf(lifted, now)) return { answer: undefined };
      const next: Customer = { ...lifted, ...changes, failedLogins: 0, rev: current.rev + 1, updatedAt: now };
      return { next, events, alongside, won: next };
    },
    undefined,
  );
}

/** The audit of a wrong password whose attempt was claimed: `login.failed` with its number, and `login.locked` when it reached the threshold. */
export function wrongPasswordEvents(claimed: Extract<PasswordClaim, { state: 'claimed' }>, event: (kind: 'login.failed' | 'login.locked', actor: string, detail: AuditEvent['detail']) => AuditEvent, actor: string, via: string): AuditEvent[] {
  const events = [event('login.failed', actor, { attempt: claimed.attempt, via })];
  if (claimed.locks) events.push(event('login.locked', 'system', { until: claimed.entry.lockedUntil }));
  return events;
}

/**
 * A second-factor code attempt claimed before the code is checked (10 in a row lock the account), or why none may
 * be made. `inSignIn`: its number in a sign-in's code step (see `decideSignInCode`; 5 void that sign-in).
 */
export type CodeClaim =
  | { state: 'claimed'; entry: Customer; attempt: number; locks: boolean; before: Customer; inSignIn?: number }
  | { state: 'refused'; reason: RefusalReason | 'no-factor' | 'contended' | 'void'; entry?: Customer };

export function claimCodeAttempt(deps: Deps, customer: Customer, lockout: { minutes: number }, now: number): Promise<CodeClaim> {
  return claimOnUsableEntry<CodeClaim>(deps, customer, now, (current) => {
    const counted = afterWrongCode(current, lockout, now);
    if (!counted) return { answer: { state: 'refused', reason: 'no-factor' } };
    return { next: counted.next, won: { state: 'claimed', entry: counted.next, attempt: counted.attempt, locks: counted.locked, before: current } };
  });
}

/**
 * A sign-in's code checked on the entry as read: right (the two-step state it leads to) or wrong (`replayed`: a
 * TOTP step already used; `voids`: the SMS PIN is spent).
 */
export type SignInCodeCheck = { ok: true; next: TwoStepState } | { ok: false; replayed: boolean; voids?: boolean };

/** A sign-in's code, decided and written: `right` and `wrong` once their write landed, `refused` without a write (`used`: that sign-in's code step is done). */
export type SignInCodeDecision =
  | { state: 'right'; entry: Customer; before: Customer }
  | { state: 'wrong'; claimed: Extract<CodeClaim, { state: 'claimed' }>; replayed: boolean; voids: boolean }
  | { state: 'refused'; reason: RefusalReason | 'no-factor' | 'contended' | 'void' | 'used' };

/**
 * A sign-in's code step (issue 25), the way an email code is tried (src/flows/sign-in/email-code.ts): the code is
 * checked on the entry as read (an HMAC or a hash, cheap enough to repeat) and the outcome's write is the claim,
 * conditioned on the revision: a wrong code counted (10 in a row lock the account; with the sign-in's `attempt`,
 * 5 void the sign-in), or the right one stored as `right` builds it (failures forgotten, with its events and the
 * writes alongside) and this sign-in's step marked done on the entry. A caller whose write lost reads again and
 * decides again: N parallel wrong codes count N, at most one right code completes a sign-in, a TOTP step counts once.
 */
export function decideSignInCode(
  deps: Deps,
  customer: Customer,
  lockout: { minutes: number },
  now: number,
  signIn: { attempt: string; floor: number },
  check: (current: Customer) => Promise<SignInCodeCheck>,
  right: (current: Customer, twoStep: TwoStepState) => { next: Customer; events: AuditEvent[]; alongside: PlainWrite[] },
): Promise<SignInCodeDecision> {
  return claimOnUsableEntry<SignInCodeDecision>(deps, customer, now, async (current) => {
    const counted = afterWrongCode(current, lockout, now);
    if (!counted) return { answer: { state: 'refused', reason: 'no-factor' } };
    const slot = current.twoStep?.signIn;
    if (slot?.attempt === signIn.attempt && slot.done) return { answer: { state: 'refused', reason: 'used' } };
    const codes = codesInSignIn(slot, signIn.attempt, signIn.floor);
    if (codes.void) return { answer: { state: 'refused', reason: 'void' } };
    const result = await check(current);
    if (result.ok) {
      const stored = right(current, { ...result.next, failures: 0, signIn: { attempt: signIn.attempt, failures: codes.used, done: true } });
      return { ...stored, won: { state: 'right', entry: stored.next, before: current } };
    }
    const inSignIn = codes.used + 1;
    const next: Customer = { ...counted.next, twoStep: { ...counted.next.twoStep!, signIn: { attempt: signIn.attempt, failures: inSignIn } } };
    const claimed = { state: 'claimed' as const, entry: next, attempt: counted.attempt, locks: counted.locked, before: current, inSignIn };
    return { next, won: { state: 'wrong', claimed, replayed: result.replayed, voids: Boolean(result.voids) } };
  });
}

/**
 * A password check outside the sign-in (the profile's "current password": change it, remove a method, prove it is
 * them), counted like a sign-in before its hash and audited with `via: profile`. When right: the entry as the
 * claim stored it, with the failures forgotten (and a lock this attempt set lifted) in memory only, for the
 * caller's own write (conditioned on its revision) to store — one write less than settling first. Otherwise the
 * lock's end (0 when not locked).
 */
export async function checkPasswordCounted(
  deps: Deps,
  customer: Customer,
  password: string,
  lockout: { threshold: number; minutes: number },
  now: number,
): Promise<{ ok: true; entry: Customer } | { ok: false; until: number }> {
  const event = (kind: AuditEvent['kind'], actor: string, detail: AuditEvent['detail']) => auditEvent(deps, customer.id, kind, actor, detail);
  const claimed = await claimPasswordAttempt(deps, customer, lockout, now);
  if (claimed.state !== 'claimed') {
    await deps.directory.appendAudit([event('login.refused', 'customer', { reason: claimed.reason, via: 'profile' })]);
    return { ok: false, until: claimed.reason === 'locked' ? (claimed.entry?.lockedUntil ?? 0) : 0 };
  }
  if (!(await deps.hasher.verify(password, await deps.passwords.get(customer.id, customer.passwordRef)))) {
    await deps.directory.appendAudit(wrongPasswordEvents(claimed, event, 'customer', 'profile'));
    return { ok: false, until: claimed.locks ? claimed.entry.lockedUntil : 0 };
  }
  return { ok: true, entry: { ...claimed.entry, failedLogins: 0, lockedUntil: claimed.locks ? claimed.before.lockedUntil : claimed.entry.lockedUntil } };
}

/**
 * Claims one mail of an account's window (`resetWindow` or `inviteWindow`) before the mail goes out: however
 * the requests are timed, at most the limit's mails leave; one whose mail then fails still counts. On the queue, a
 * job not claimed yet (a reset request, issue 25) is claimed in the same transaction: the entry, conditioned on its
 * revision, notes the job's tag, and the job ledger's claim is written alongside, so one delivery of the job wins.
 * A delivery that finds its tag (an earlier delivery got this far), that would push out a tag younger than a job is
 * kept (MAIL_JOB_TAGS_MAX), or that is to write a refusal's audit instead, claims the job in the ledger first, as
 * every other job does; when that finds the job run already, the answer is 'wrong-state' (nothing to send).
 */
export async function claimMailWindow(deps: Deps, customer: Customer, field: 'resetWindow' | 'inviteWindow', rule: RateRule, canReceive: (c: Customer) => boolean, now: number): Promise<Customer | 'limit' | 'wrong-state'> {
  const mark = deps.job?.claimMark();
  const claimed = await windowClaim(deps, customer, field, rule, canReceive, now, mark);
  if (typeof claimed === 'object') {
    if (mark) await deps.job!.claimed();
    return claimed;
  }
  if (claimed === 'wrong-state' || (!mark && claimed === 'limit')) return claimed;
  if (!mark || !(await deps.job!.begin())) return 'wrong-state'; // (no mark: never 'seen' or 'full')
  if (claimed === 'limit') return claimed;
  // Claimed in the ledger now: 'seen' claims the window again (the earlier delivery's claim still counts), 'full'
  // notes the tag with the oldest pushed out (every tag left is younger, so none is needed before that one expires).
  const again = await windowClaim(deps, customer, field, rule, canReceive, now, claimed === 'full' ? { tag: mark.tag } : undefined);
  return again === 'seen' || again === 'full' ? 'limit' : again;
}

const THROTTLED = { resetWindow: 'reset.throttled', inviteWindow: 'invite.throttled' } as const;

/**
 * claimMailWindow as the mail flows (reset link, invitation) answer it: the claimed entry, or their refusal, a reached
 * limit audited as throttled for whoever asked.
 */
export async function claimMailOrRefuse(
  deps: Deps,
  customer: Customer,
  window: { field: 'resetWindow' | 'inviteWindow'; rule: RateRule; canReceive: (c: Customer) => boolean },
  who: { actor: string; detail: AuditEvent['detail'] },
  now: number,
): Promise<{ ok: true; customer: Customer } | { ok: false; error: 'wrong-state' | 'limit-reached' }> {
  const claimed = await claimMailWindow(deps, customer, window.field, window.rule, window.canReceive, now);
  if (claimed === 'wrong-state') return { ok: false, error: 'wrong-state' };
  if (claimed === 'limit') {
    await deps.directory.appendAudit([auditEvent(deps, customer.id, THROTTLED[window.field], who.actor, who.detail)]);
    return { ok: false, error: 'limit-reached' };
  }
  return { ok: true, customer: claimed };
}

function windowClaim(
  deps: Deps,
  customer: Customer,
  field: 'resetWindow' | 'inviteWindow',
  rule: RateRule,
  canReceive: (c: Customer) => boolean,
  now: number,
  mark: { tag: string; write?: PlainWrite } | undefined,
): Promise<Customer | 'limit' | 'wrong-state' | 'seen' | 'full'> {
  return claimOnEntry<Customer | 'limit' | 'wrong-state' | 'seen' | 'full'>(
    deps,
    customer,
    (current) => {
      if (!current || !canReceive(current)) return { answer: 'wrong-state' };
      if (mark?.write && current.mailJobs?.[mark.tag] !== undefined) return { answer: 'seen' };
      const window = hit(current[field] ?? undefined, now, rule);
      if (!window.allowed) return { answer: 'limit' };
      const noted = mark && withMailJob(current.mailJobs, mark.tag, now);
      if (noted?.evicted && mark?.write) return { answer: 'full' };
      const next: Customer = { ...current, [field]: window.next, ...(noted ? { mailJobs: noted.tags } : {}), rev: current.rev + 1, updatedAt: now };
      return { next, ...(mark?.write ? { alongside: [mark.write] } : {}), won: next };
    },
    'limit',
  );
}

/** A code confirming a method being enrolled, claimed before its check: its number in that enrolment, or why none may be checked. */
export type EnrolCodeClaim = { state: 'claimed'; entry: Customer; inAttempt: number } | { state: 'refused'; reason: RefusalReason | 'void' | 'contended'; entry?: Customer };

/**
 * Claims one code of an enrolment (`attempt`; `floor`: the count its own record keeps) on the entry before the
 * code is checked: a burst of wrong codes checks at most 5, then the enrolment is void. The method is stored
 * afterwards from `entry` (conditioned on its revision).
 */
export function claimEnrolmentCode(deps: Deps, customer: Customer, attempt: string, floor: number, now: number): Promise<EnrolCodeClaim> {
  return claimOnUsableEntry<EnrolCodeClaim>(deps, customer, now, (current) => {
    const codes = codesInSignIn(current.enrolCodes, attempt, floor);
    if (codes.void) return { answer: { state: 'refused', reason: 'void' } };
    const next: Customer = { ...current, enrolCodes: { attempt, failures: codes.used + 1 }, rev: current.rev + 1, updatedAt: now };
    return { next, won: { state: 'claimed', entry: next, inAttempt: codes.used + 1 } };
  });
}
