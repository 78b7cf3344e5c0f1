import fs from 'node:fs';
import path from 'node:path';
import { entitiesFromManifest } from '../../local/kvs/entities';
import { checkEntityValue, StorageRuleError } from '../../local/kvs/rules';
import { newCustomer, type Customer } from '../../src/domain/customer';
import { fromStoredCustomer, toStoredCustomer } from '../../src/forge/stored-customer';

/**
 * The Custom Entity Store refuses a `string` attribute that is empty or only whitespace ("Custom Entity Store",
 * type requirements). The domain's '' ("none": no account, no password yet, no link, language unknown) is
 * therefore never written: the attribute is left out and read back as ''.
 */
const customerEntity = entitiesFromManifest(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')).find((e) => e.name === 'customer')!;

const fresh = (): Customer =>
  newCustomer({ id: 'c1', email: 'Ada@example.net', emailKey: 'ada@example.net', username: 'customer1', usernameKey: 'customer1', displayName: '', locale: '', nowSec: 1_800_000_000 });

describe('a customer as stored', () => {
  it('a new entry as the domain builds it would be refused by the store', () => {
    expect(() => checkEntityValue(customerEntity, fresh())).toThrow(StorageRuleError);
  });

  it('leaves out every empty string attribute, so the store takes it', () => {
    const stored = toStoredCustomer(fresh());
    for (const name of ['accountId', 'passwordRef', 'linkHash', 'locale', 'displayName']) expect(stored).not.toHaveProperty(name);
    expect(Object.values(stored).filter((v) => typeof v === 'string' && v.trim() === '')).toEqual([]);
    expect(() => checkEntityValue(customerEntity, stored)).not.toThrow();
    const active = { ...fresh(), status: 'active' as const, displayName: 'Ada', accountId: 'acc-1', passwordRef: 'r1', locale: 'de' as const, linkHash: 'h1' };
    expect(toStoredCustomer(active)).toEqual(active);
  });

  it('reads an omitted attribute back as empty, and an old record with its empty strings the same', () => {
    const c = fresh();
    expect(fromStoredCustomer(toStoredCustomer(c))).toEqual(c);
    expect(fromStoredCustomer(c)).toEqual(c);
  });
});
