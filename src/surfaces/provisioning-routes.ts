import type { Customer } from '../domain/customer';
import { adminStatus } from '../domain/customer-admin';
import { isPlausibleEmail, normaliseForLookup } from '../domain/identifier';
import { isInternalAddress } from '../domain/internal-domain';
import { isValidExternalId, type AccessInput } from '../domain/provisioning/access';
import { ownedByKey } from '../domain/provisioning/key-rules';
import { problem, type Problem } from '../domain/provisioning/problems';
import { changeState } from '../flows/customer-admin';
import { eraseCustomer } from '../flows/erase-customer';
import { nowSec, type Deps } from '../flows/deps';
import { activate, ensureAccess, sourceActor, type AccessSource, type EnsureError } from '../flows/ensure-access';

/**
 * The provisioning API's customer routes (issue 12), called once the key, its access, the rate limit and
 * the body have been checked (./provisioning.ts). Each answers a status and a JSON body, or a problem.
 */
export type RouteAnswer = { status: number; body: unknown; customerId?: string } | { problem: Problem };

/** What the API says about a customer: the admin page's status, never a link, hash or password state detail. */
export function customerView(c: Customer, now: number) {
  const iso = (sec: number | undefined) => (sec ? new Date(sec * 1000).toISOString() : null);
  return {
    externalId: c.externalId ?? null,
    email: c.email,
    displayName: c.displayName,
    username: c.username,
    locale: c.locale || null,
    portalAdmin: c.portalAdmin === true,
    // `not-invited` until the first invitation (the derived status would say "invitation expired").
    status: adminStatus(c, now),
    createdAt: iso(c.createdAt),
    invitedAt: iso(c.invitedAt),
    activatedAt: iso(c.activatedAt),
    lastSignInAt: iso(c.lastSignInAt),
  };
}

const ENSURE_PROBLEMS: Record<EnsureError, Problem['code']> = {
  'invalid-input': 'invalid-input',
  'internal-address': 'internal-address',
  'email-taken': 'email-taken',
  'username-taken': 'username-taken',
  'external-id-taken': 'external-id-taken',
  conflict: 'conflict',
  'not-owned': 'not-owned',
  'email-registered': 'email-registered',
  'portal-admin': 'portal-admin',
};

const PUT_FIELDS = new Set(['email', 'displayName', 'locale', 'username', 'portalAdmin', 'adopt']);

/** The PUT body as an ensure-access input, or the first field that is not what the API documents. */
function putInput(body: Record<string, unknown>, externalId: string): AccessInput | { field: string } {
  const unknown = Object.keys(body).find((k) => !PUT_FIELDS.has(k));
  if (unknown) return { field: unknown };
  for (const name of ['email', 'displayName', 'locale', 'username'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'string') return { field: name };
  }
  if (typeof body.email !== 'string') return { field: 'email' };
  if (body.portalAdmin !== undefined && typeof body.portalAdmin !== 'boolean') return { field: 'portalAdmin' };
  if (body.adopt !== undefined && typeof body.adopt !== 'boolean') return { field: 'adopt' };
  const { adopt: _adopt, ...fields } = body;
  return { ...(fields as Omit<AccessInput, 'externalId'>), externalId };
}

export interface RouteContext {
  deps: Deps;
  source: AccessSource & { kind: 'api' };
}

export async function putCustomer(ctx: RouteContext, externalId: string, body: Record<string, unknown>): Promise<RouteAnswer> {
  if (!isValidExternalId(externalId)) return { problem: problem('invalid-input', { field: 'externalId' }) };
  const input = putInput(body, externalId);
  if ('field' in input) return { problem: problem('invalid-input', { field: input.field }) };
  const settings = await ctx.deps.settings.load();
  const result = await ensureAccess(ctx.deps, settings, input, ctx.source, { activate: false, adopt: body.adopt === true });
  if (!result.ok) return { problem: problem(ENSURE_PROBLEMS[result.error], result.field ? { field: result.field } : {}) };
  return { status: result.created ? 201 : 200, body: { ...customerView(result.customer, nowSec(ctx.deps)), changed: result.changed } };
}

export async function activateCustomer(ctx: RouteContext, externalId: string): Promise<RouteAnswer> {
  const customer = isValidExternalId(externalId) ? await ctx.deps.directory.findByExternalId(externalId) : undefined;
  if (!customer) return { problem: problem('not-found') };
  const settings = await ctx.deps.settings.load();
  if (isInternalAddress(customer.email, settings.internal.domains)) return { problem: problem('internal-address') };
  const result = await activate(ctx.deps, settings, customer, ctx.source);
  // `customerId`: the answer kept for an Idempotency-Key carries the customer's data; an erasure finds it by this.
  return { status: 200, body: { activation: result.activation, customer: customerView(result.customer, nowSec(ctx.deps)) }, customerId: customer.id };
}

export async function getCustomer(ctx: RouteContext, externalId: string): Promise<RouteAnswer> {
  const customer = isValidExternalId(externalId) ? await ctx.deps.directory.findByExternalId(externalId) : undefined;
  return customer ? { status: 200, body: customerView(customer, nowSec(ctx.deps)) } : { problem: problem('not-found') };
}

export async function findCustomers(ctx: RouteContext, email: string | undefined): Promise<RouteAnswer> {
  if (!email || !isPlausibleEmail(email.trim())) return { problem: problem('invalid-input', { field: 'email' }) };
  const customer = await ctx.deps.directory.findByEmail(normaliseForLookup(email));
  return { status: 200, body: { customers: customer ? [customerView(customer, nowSec(ctx.deps))] : [] } };
}

/** Disable or enable (`{active}`); asking for the state the customer is in already changes nothing. */
export async function patchCustomer(ctx: RouteContext, externalId: string, body: Record<string, unknown>): Promise<RouteAnswer> {
  const unknown = Object.keys(body).find((k) => k !== 'active');
  if (unknown) return { problem: problem('invalid-input', { field: unknown }) };
  if (typeof body.active !== 'boolean') return { problem: problem('invalid-input', { field: 'active' }) };
  const customer = isValidExternalId(externalId) ? await ctx.deps.directory.findByExternalId(externalId) : undefined;
  if (!customer) return { problem: problem('not-found') };
  // Another system's (or an admin's) customer is this key's only once adopted (PUT with "adopt": true).
  if (!ownedByKey(customer, ctx.source.keyName)) return { problem: problem('not-owned') };
  const now = nowSec(ctx.deps);
  if ((customer.status !== 'disabled') === body.active) return { status: 200, body: customerView(customer, now) };
  const outcome = await changeState(ctx.deps, customer.id, body.active ? 'enable' : 'disable', sourceActor(ctx.source));
  if (!outcome.ok) return { problem: problem(outcome.error === 'not-found' ? 'not-found' : 'conflict') };
  return { status: 200, body: customerView(outcome.customer, now) };
}

/**
 * Erasure (issue 24): the customer and everything kept about them, the audit trail pseudonymised
 * (src/flows/erase-customer.ts). Only the key that owns the entry may (an admin's or another system's customer
 * is adopted first, audited). 204 without a body; an erasure that stopped midway is finished by a repeat.
 */
export async function deleteCustomer(ctx: RouteContext, externalId: string): Promise<RouteAnswer> {
  if (!isValidExternalId(externalId)) return { problem: problem('invalid-input', { field: 'externalId' }) };
  const customer = await ctx.deps.directory.findByExternalId(externalId);
  if (!customer) return { problem: problem('not-found') };
  if (!ownedByKey(customer, ctx.source.keyName)) return { problem: problem('not-owned') };
  const outcome = await eraseCustomer(ctx.deps, customer.id, sourceActor(ctx.source));
  if (!outcome.ok) return { problem: problem(outcome.error === 'not-found' ? 'not-found' : 'conflict') };
  return { status: 204, body: undefined };
}
