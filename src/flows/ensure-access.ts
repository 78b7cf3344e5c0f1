import { newCustomer, type Customer } from '../domain/customer';
import { normaliseForLookup } from '../domain/identifier';
import { isInternalAddress } from '../domain/internal-domain';
import { activationDecision, checkAccessInput, defaultDisplayName, planAccessUpdate, type AccessField, type AccessFields, type AccessInput } from '../domain/provisioning/access';
import { keyRefusal, ownedByKey, type KeyRefusal } from '../domain/provisioning/key-rules';
import { acceptsMailLocale, mailLocaleCodes, type Settings } from '../domain/settings';
import type { MailLocale } from '../i18n/locale';
import { actorOf, type AccessSource, type Actor } from './actor';
import { auditEvent, nowSec, type Deps } from './deps';
import { freeUsername, sendInvitation, type InviteOutcome } from './invite';

export type { AccessSource } from './actor';
export type { AccessInput } from '../domain/provisioning/access';

/**
 * "Make sure this customer can get in" (issue 12), the one operation behind the provisioning API, the
 * request-created trigger and the Automation action: create or update the directory entry, then (when asked)
 * send the invitation only if the customer never registered and has no live invitation.
 *
 * Safe to repeat and to run concurrently: an unchanged input writes nothing; creations race on the
 * directory's claims (email, username, external id), so one entry lands; an invitation is claimed on the
 * entry (a write conditioned on its revision) before its mail goes out, so of concurrent calls one sends.
 * The per-customer daily invitation cap and internal-domain refusal are the invitation flow's own.
 */
export type Activation = 'invited' | 'already-invited' | 'already-active' | 'disabled' | 'limit-reached' | 'email-failed' | 'internal-address';

export type EnsureError = 'internal-address' | 'invalid-input' | 'email-taken' | 'username-taken' | 'external-id-taken' | 'conflict' | KeyRefusal;

export type EnsureOutcome =
  | { ok: true; customer: Customer; created: boolean; changed: string[]; activation?: Activation }
  | { ok: false; error: EnsureError; field?: AccessField };

const ATTEMPTS = 4;

export function sourceActor(source: AccessSource): Actor {
  return { kind: 'system', source };
}

/**
 * `opts.adopt` (API keys only): take over an entry this key did not create (audited as `customer.adopted`).
 * What a key may change is ruled in src/domain/provisioning/key-rules.ts.
 */
export async function ensureAccess(
  deps: Deps,
  settings: Settings,
  input: AccessInput,
  source: AccessSource,
  opts: { activate: boolean; adopt?: boolean },
): Promise<EnsureOutcome> {
  const checked = checkAccessInput(input, mailLocaleCodes(settings));
  if (!checked.ok) return { ok: false, error: 'invalid-input', field: checked.field };
  const fields = checked.fields;
  // Staff use the internal self-service: no entry, whoever asks (as in the import and the invitation).
  if (isInternalAddress(fields.email, settings.internal.domains)) return { ok: false, error: 'internal-address' };
  const upserted = await upsert(deps, fields, source, opts.adopt === true);
  if (!upserted.ok || !opts.activate) return upserted;
  const activation = await activate(deps, settings, upserted.customer, source);
  return { ...upserted, customer: activation.customer, activation: activation.activation };
}

type Upserted = { ok: true; customer: Customer; created: boolean; changed: string[] } | { ok: false; error: EnsureError; field?: AccessField };

/** Create or update the entry; re-read and try again when a concurrent call changed it first. */
async function upsert(deps: Deps, fields: AccessFields, source: AccessSource, adopt: boolean): Promise<Upserted> {
  const who = actorOf(sourceActor(source));
  const keyName = source.kind === 'api' ? source.keyName : undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await findEntry(deps, fields);
    if (!found.ok) return found;
    const existing = found.customer;
    const refused = keyName === undefined ? undefined : keyRefusal(existing, fields, keyName, adopt);
    if (refused) return { ok: false, error: refused };
    if (!existing) {
      const created = await create(deps, fields, who, keyName);
      if (created === 'username-taken') return { ok: false, error: 'username-taken', field: 'username' };
      if (created) return { ok: true, customer: created, created: true, changed: [] };
      continue; // created meanwhile by a concurrent call: update that one
    }
    if (fields.username && fields.usernameKey !== existing.usernameKey) {
      const holder = await deps.directory.findByUsername(fields.usernameKey ?? '');
      if (holder && holder.id !== existing.id) return { ok: false, error: 'username-taken', field: 'username' };
    }
    const now = nowSec(deps);
    const adopting = keyName !== undefined && !ownedByKey(existing, keyName);
    const adoptOnly = { next: { ...existing, rev: existing.rev + 1, updatedAt: now }, changed: [], keysChanged: false };
    const plan = planAccessUpdate(existing, fields, now) ?? (adopting ? adoptOnly : undefined);
    if (!plan) return { ok: true, customer: existing, created: false, changed: [] };
    const events = plan.changed.length ? [auditEvent(deps, existing.id, 'customer.updated', who.actor, { ...who.detail, changed: plan.changed.join(',') })] : [];
    if (adopting) {
      plan.next.provisionedBy = keyName;
      events.unshift(auditEvent(deps, existing.id, 'customer.adopted', who.actor, { ...who.detail, ...(existing.provisionedBy ? { previousKey: existing.provisionedBy } : {}) }));
    }
    const written = plan.keysChanged
      ? await deps.directory.updateKeys(plan.next, existing, events)
      : await deps.directory.update(plan.next, { rev: existing.rev }, events);
    if (written) return { ok: true, customer: plan.next, created: false, changed: plan.changed };
  }
  return { ok: false, error: 'conflict' };
}

/**
 * The entry this input means: by external id when given (an entry found only by its address is adopted
 * unless another system's id is on it), otherwise by address. An address held by another entry is refused.
 */
async function findEntry(deps: Deps, fields: AccessFields): Promise<{ ok: true; customer?: Customer } | { ok: false; error: EnsureError; field: AccessField }> {
  const byEmail = await deps.directory.findByEmail(fields.emailKey);
  if (!fields.externalId) return { ok: true, customer: byEmail };
  const byExternal = byEmail?.externalId === fields.externalId ? byEmail : await deps.directory.findByExternalId(fields.externalId);
  if (byExternal) {
    if (byEmail && byEmail.id !== byExternal.id) return { ok: false, error: 'email-taken', field: 'email' };
    return { ok: true, customer: byExternal };
  }
  if (byEmail?.externalId) return { ok: false, error: 'email-taken', field: 'email' };
  return { ok: true, customer: byEmail };
}

/** A new entry (status invited, no link yet); undefined when a concurrent call created it first. */
async function create(deps: Deps, fields: AccessFields, who: ReturnType<typeof actorOf>, keyName: string | undefined): Promise<Customer | undefined | 'username-taken'> {
  let username = fields.username;
  if (username && (await deps.directory.findByUsername(fields.usernameKey ?? ''))) return 'username-taken';
  username ??= await freeUsername(deps);
  const customer = newCustomer({
    id: deps.randomBytes(16).toString('base64url'),
    email: fields.email,
    emailKey: fields.emailKey,
    username,
    usernameKey: fields.usernameKey ?? normaliseForLookup(username),
    displayName: fields.displayName ?? defaultDisplayName(fields.email),
    locale: fields.locale ?? '',
    nowSec: nowSec(deps),
  });
  if (fields.externalId) customer.externalId = fields.externalId;
  if (fields.portalAdmin) customer.portalAdmin = true;
  if (keyName !== undefined) customer.provisionedBy = keyName;
  const event = auditEvent(deps, customer.id, 'customer.imported', who.actor, who.detail);
  if (await deps.directory.create(customer, [event])) return customer;
  // Refused: the address or external id was claimed meanwhile (then the caller finds that entry), or a
  // chosen username is someone else's.
  const again = await findEntry(deps, fields);
  if (again.ok && !again.customer && fields.username) return 'username-taken';
  return undefined;
}

/**
 * The invitation if one is due. It is claimed first (a conditional write on the entry), so of concurrent
 * calls exactly one goes on to send; a failed send releases the claim so a later call may try again.
 */
export async function activate(deps: Deps, settings: Settings, start: Customer, source: AccessSource): Promise<{ customer: Customer; activation: Activation }> {
  let customer = start;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const now = nowSec(deps);
    const decision = activationDecision(customer, now);
    if (decision !== 'invite') return { customer, activation: decision };
    const claimed: Customer = { ...customer, inviteClaimAt: now, rev: customer.rev + 1, updatedAt: now };
    if (!(await deps.directory.update(claimed, { rev: customer.rev }, []))) {
      const fresh = await deps.directory.get(customer.id);
      if (!fresh) break;
      customer = fresh;
      continue;
    }
    const locale: MailLocale = customer.locale && acceptsMailLocale(settings, customer.locale) ? customer.locale : 'en';
    const outcome = await sendInvitation(deps, settings, claimed, sourceActor(source), locale, { inviteClaimAt: 0 });
    if (outcome.ok) return { customer: outcome.customer, activation: 'invited' };
    // Retrying: the outbox delivers it (the claim keeps others from sending meanwhile).
    if (outcome.error === 'retrying') return { customer: claimed, activation: 'invited' };
    await releaseClaim(deps, customer.id);
    return { customer: claimed, activation: FAILED_SEND[outcome.error] };
  }
  return { customer, activation: 'already-invited' };
}

const FAILED_SEND: Record<Exclude<InviteOutcome, { ok: true }>['error'], Activation> = {
  'limit-reached': 'limit-reached',
  'internal-address': 'internal-address',
  'already-registered': 'already-active',
  'wrong-state': 'disabled',
  // The entry changed while the mail went out (its link was not stored): an invitation did go.
  conflict: 'already-invited',
  retrying: 'invited',
  'email-failed': 'email-failed',
  'username-taken': 'email-failed',
};

async function releaseClaim(deps: Deps, id: string): Promise<void> {
  const current = await deps.directory.get(id);
  if (!current?.inviteClaimAt) return;
  await deps.directory.update({ ...current, inviteClaimAt: 0, rev: current.rev + 1, updatedAt: nowSec(deps) }, { rev: current.rev }, []);
}
