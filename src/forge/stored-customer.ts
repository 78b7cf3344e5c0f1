import type { Customer } from '../domain/customer';

/**
 * A customer as the Custom Entity Store keeps it. The domain writes '' for "none" in a few string attributes
 * (accountId, passwordRef, linkHash, locale; displayName when unknown), but the store refuses a `string`
 * attribute that is empty or only whitespace ("Custom Entity Store", type requirements; docs/storage.md): such
 * an attribute is left out when written and read back as '' (records written before this keep their '' and
 * read the same). Pure.
 */
const EMPTY_WHEN_ABSENT = ['displayName', 'locale', 'accountId', 'passwordRef', 'linkHash'] as const;

/** An entity record without its top-level string attributes that have no non-whitespace character. */
export function withoutBlankStrings<T extends object>(item: T): T {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (typeof value === 'string' && !/\S/.test(value)) continue;
    record[name] = value;
  }
  return record as T;
}

/** The record to write: every top-level string attribute without a non-whitespace character is omitted. */
export const toStoredCustomer = <T extends Customer>(customer: T): T => withoutBlankStrings(customer);

/** The customer a stored record stands for: the omitted "none" attributes back as ''. */
export function fromStoredCustomer<T extends Customer>(record: T): T {
  const customer: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const name of EMPTY_WHEN_ABSENT) if (customer[name] === undefined) customer[name] = '';
  return customer as T;
}
