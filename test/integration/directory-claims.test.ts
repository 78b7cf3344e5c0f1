import { kvs, WhereConditions } from '@forge/kvs';
import { newCustomer, type Customer } from '../../src/domain/customer';
import { normaliseEmailForDisplay, normaliseForLookup } from '../../src/domain/identifier';
import { createMany } from '../../src/forge/directory';
import type { AuditEvent } from '../../src/domain/audit';
import { startTestHost, type TestHost } from '../support/local-host';

/**
 * Email addresses and usernames stay unique when creations race (two imports of one file, an import and an
 * invitation): each new entry claims both in its creating transaction. Real adapters on the KVS emulator.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.close();
});

let n = 0;
function entry(email: string, username = `claimtest${++n}`): Customer {
  return newCustomer({
    id: `claim-test-${++n}`,
    email: normaliseEmailForDisplay(email),
    emailKey: normaliseForLookup(email),
    username,
    usernameKey: normaliseForLookup(username),
    displayName: 'Claim Test',
    locale: 'en',
    nowSec: 1_800_000_000,
  });
}
const event = (c: Customer): AuditEvent => ({ id: `ev-${c.id}`, customerId: c.id, at: 1_800_000_000, kind: 'customer.imported', actor: 'system', detail: {} });

it('a second entry for an address (or a username) already created is refused, without its audit event', async () => {
  const first = entry('race@example.org');
  expect(await host.deps.directory.create(first, [])).toBe(true);
  const sameEmail = entry('Race@Example.org');
  const sameUsername = entry('other@example.org', first.username);
  const fresh = entry('fresh@example.org');
  const failed = await createMany([sameEmail, fresh, sameUsername], [sameEmail, fresh, sameUsername].map(event));
  expect([...failed].sort()).toEqual([sameEmail.id, sameUsername.id].sort());
  expect((await host.deps.directory.findByEmail(normaliseForLookup('race@example.org')))?.id).toBe(first.id);
  expect(await host.deps.directory.get(fresh.id)).toBeDefined();
  expect(await kvs.entity<AuditEvent>('audit').get(`ev-${fresh.id}`)).toBeDefined();
  expect(await kvs.entity<AuditEvent>('audit').get(`ev-${sameEmail.id}`)).toBeUndefined();
  expect(await host.deps.directory.create(entry('race@example.org'), [])).toBe(false);
});

it('two imports creating the same 40 new customers at the same moment create each one once', async () => {
  const emails = Array.from({ length: 40 }, (_, i) => `twin${i}@example.org`);
  const [a, b] = await Promise.all([createMany(emails.map((e) => entry(e)), []), createMany(emails.map((e) => entry(e)), [])]);
  expect(a.size + b.size).toBe(40);
  for (const email of emails) {
    const found = await kvs.entity<Customer>('customer').query().index('by-email').where(WhereConditions.equalTo(email)).getMany();
    expect(found.results).toHaveLength(1);
  }
});
