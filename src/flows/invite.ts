import { canReceiveInvite, mailLocaleOf, newCustomer, type Customer } from '../domain/customer';
import { normaliseEmailForDisplay, normaliseForLookup } from '../domain/identifier';
import { generatedUsername } from '../domain/username';
import { isInternalAddress } from '../domain/internal-domain';
import { hit } from '../domain/rate-limit';
import type { Settings } from '../domain/settings';
import type { MailLocale } from '../i18n/locale';
import { actorOf, type Actor } from './actor';
import { auditEvent, nowSec, type Deps } from './deps';
import { deliver, type DeliverOutcome } from './deliver';
import { claimMailOrRefuse } from './account-claims';

/**
 * Invitations: a new directory entry (status invited) and an email with a single-use "set your password"
 * link. Resending rotates the link (the old one dies when the new one is stored); at most
 * `limits.invitePerAccount` invitations per account per day, whoever asks.
 */
export type InviteOutcome = DeliverOutcome | { ok: false; error: 'wrong-state' | 'already-registered' | 'limit-reached' | 'username-taken' | 'internal-address' };

export async function sendInvitation(
  deps: Deps,
  settings: Settings,
  customer: Customer,
  actor: Actor,
  locale: MailLocale,
  changes: Partial<Customer> = {},
): Promise<InviteOutcome> {
  const who = actorOf(actor);
  // Staff (internal domains) use the internal self-service: never invited, whoever asks.
  if (isInternalAddress(customer.email, settings.internal.domains)) return { ok: false, error: 'internal-address' };
  if (!canReceiveInvite(customer)) return { ok: false, error: customer.status === 'active' ? 'already-registered' : 'wrong-state' };
  const now = nowSec(deps);
  // The window is claimed before the invitation goes out (issue 23 item 1): at most the limit's invitations
  // leave however the requests are timed; one whose mail then fails still counts.
  const claimed = await claimMailOrRefuse(deps, customer, { field: 'inviteWindow', rule: settings.limits.invitePerAccount, canReceive: canReceiveInvite }, who, now);
  if (!claimed.ok) return claimed;
  const resend = customer.invitedAt > 0;
  return deliver(deps, settings, claimed.customer, {
    kind: 'invite',
    locale: customer.locale || locale,
    actor,
    changes: { ...changes, invitedAt: now },
    events: [auditEvent(deps, customer.id, resend ? 'invite.resent' : 'invite.sent', who.actor, who.detail)],
  });
}

/**
 * The reminder for a still-open invitation: counts against the same per-account limit, and is claimed
 * (reminder time and limit window stored) before it is sent, so it goes out at most once per invitation
 * even when a run overlaps another or the mail is retried. Its fresh link keeps the invitation's expiry
 * (deliver), and storing it kills the link of the invitation email, as a resend does.
 */
export async function sendInviteReminder(deps: Deps, settings: Settings, customer: Customer): Promise<InviteOutcome> {
  if (!canReceiveInvite(customer)) return { ok: false, error: 'wrong-state' };
  if (isInternalAddress(customer.email, settings.internal.domains)) return { ok: false, error: 'internal-address' };
  const now = nowSec(deps);
  const window = hit(customer.inviteWindow ?? undefined, now, settings.limits.invitePerAccount);
  if (!window.allowed) return { ok: false, error: 'limit-reached' };
  const claimed: Customer = { ...customer, inviteWindow: window.next, inviteRemindedAt: now, rev: customer.rev + 1, updatedAt: now };
  if (!(await deps.directory.update(claimed, { rev: customer.rev }, []))) return { ok: false, error: 'conflict' };
  return deliver(deps, settings, claimed, {
    kind: 'invite-reminder',
    locale: mailLocaleOf(customer),
    actor: { kind: 'system' },
    events: [auditEvent(deps, customer.id, 'invite.reminded', 'system', { expiresAt: customer.link?.expiresAt ?? 0 })],
  });
}

export async function freeUsername(deps: Deps): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const candidate = generatedUsername(deps.randomBytes(4).readUInt32BE(0));
    if (!(await deps.directory.findByUsername(candidate))) return candidate;
  }
  throw new Error('no free username found');
}

/**
 * Invite someone by email; an existing, still unregistered entry gets its invitation again. `portalAdmin`
 * (admins only) marks the customer as a portal administrator, audited as `customer.updated` (an existing
 * entry is marked by its own conditional write before its invitation).
 */
export async function inviteCustomer(
  deps: Deps,
  input: { email: string; displayName: string; username?: string; locale: MailLocale; accountId?: string; portalAdmin?: boolean },
  actor: Actor,
): Promise<InviteOutcome> {
  const settings = await deps.settings.load();
  if (isInternalAddress(input.email, settings.internal.domains)) return { ok: false, error: 'internal-address' };
  const emailKey = normaliseForLookup(input.email);
  const existing = await deps.directory.findByEmail(emailKey);
  const markEvent = (id: string) => {
    const who = actorOf(actor);
    return auditEvent(deps, id, 'customer.updated', who.actor, { ...who.detail, portalAdmin: true });
  };
  if (existing) {
    const link = input.accountId && !existing.accountId ? { accountId: input.accountId } : {};
    let target = existing;
    if (input.portalAdmin && existing.portalAdmin !== true && canReceiveInvite(existing)) {
      const marked: Customer = { ...existing, portalAdmin: true, rev: existing.rev + 1, updatedAt: nowSec(deps) };
      if (await deps.directory.update(marked, { rev: existing.rev }, [markEvent(existing.id)])) target = marked;
    }
    return sendInvitation(deps, settings, target, actor, input.locale, link);
  }
  const username = input.username ? input.username.trim() : await freeUsername(deps);
  if (input.username && (await deps.directory.findByUsername(normaliseForLookup(username)))) return { ok: false, error: 'username-taken' };
  const customer = newCustomer({
    id: deps.randomBytes(16).toString('base64url'),
    email: normaliseEmailForDisplay(input.email),
    emailKey,
    username,
    usernameKey: normaliseForLookup(username),
    displayName: input.displayName.trim(),
    locale: input.locale,
    accountId: input.accountId,
    nowSec: nowSec(deps),
  });
  if (input.portalAdmin) customer.portalAdmin = true;
  if (!(await deps.directory.create(customer, input.portalAdmin ? [markEvent(customer.id)] : []))) {
    // Created meanwhile by someone else (an import, another invitation): invite that entry; otherwise the
    // username was the one taken.
    const created = await deps.directory.findByEmail(emailKey);
    return created ? sendInvitation(deps, settings, created, actor, input.locale) : { ok: false, error: 'username-taken' };
  }
  return sendInvitation(deps, settings, customer, actor, input.locale);
}
