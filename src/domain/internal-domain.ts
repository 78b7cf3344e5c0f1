import { HOSTNAME } from './hostname';
import { parseIdentifier } from './identifier';

/**
 * Internal (staff) addresses: an email under a listed domain or one of its subdomains. The rule looks only
 * at what was typed, never at the directory, so its answer says nothing about which accounts exist.
 * Usernames are never internal.
 */
export function isInternalAddress(typed: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return false;
  const id = parseIdentifier(typed);
  if (id.kind !== 'email') return false;
  const domain = id.key.slice(id.key.lastIndexOf('@') + 1).replace(/\.+$/, '');
  if (!domain) return false;
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}


/** A domain as an admin types it ("Example.COM.", " @example.com") in its stored form, or undefined. */
export function normaliseDomain(raw: string): string | undefined {
  const d = raw.trim().toLowerCase().replace(/^@/, '').replace(/\.+$/, '');
  return HOSTNAME.test(d) ? d : undefined;
}
