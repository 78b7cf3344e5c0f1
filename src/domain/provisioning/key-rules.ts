import type { Customer } from '../customer';
import type { AccessFields } from './access';

/**
 * What a provisioning API key may do to a directory entry (issue 23: a key with write access could adopt a
 * registered customer by address, move the address to one it controls, reset the password through it, move it
 * back and sign in as the customer; and it could clear the portal-administrator mark with its two-step rule).
 *
 * - An entry belongs to the key (by name) whose system created it through the API. An entry another key, an
 *   admin, the import, a request or Automation made is changed only after an explicit adoption (`adopt: true`),
 *   which is audited as `customer.adopted`; the key then owns it. Revoking a key and creating one of the same
 *   name keeps its entries (the name is unique among live keys and the admin's choice).
 * - The address of a customer who has registered (set a password) is never changed by a key: it is the
 *   customer's sign-in to the help center (the SAML NameID, by which the help center matches its account), and
 *   where reset links go. Only an entry that never registered may be re-pointed (its invitation link dies).
 * - The portal-administrator mark is an admin's decision: a key may send the value the entry has, never
 *   another, and may not create an entry with it.
 */
export type KeyRefusal = 'not-owned' | 'email-registered' | 'portal-admin';

export function ownedByKey(c: Pick<Customer, 'provisionedBy'>, keyName: string): boolean {
  return c.provisionedBy !== undefined && c.provisionedBy.toLowerCase() === keyName.toLowerCase();
}

/** Whether the customer ever set a password (a disabled or locked account that did counts too). */
export function hasRegistered(c: Pick<Customer, 'status' | 'activatedAt' | 'passwordRef'>): boolean {
  return c.status === 'active' || c.activatedAt > 0 || c.passwordRef !== '';
}

/** Why a key's create or update must not happen, or undefined when it may. Ownership is checked first. */
export function keyRefusal(existing: Customer | undefined, fields: AccessFields, keyName: string, adopt: boolean): KeyRefusal | undefined {
  if (!existing) return fields.portalAdmin === true ? 'portal-admin' : undefined;
  if (!adopt && !ownedByKey(existing, keyName)) return 'not-owned';
  if (fields.portalAdmin !== undefined && fields.portalAdmin !== (existing.portalAdmin === true)) return 'portal-admin';
  if (fields.emailKey !== existing.emailKey && hasRegistered(existing)) return 'email-registered';
  return undefined;
}
