import { kvs } from '@forge/kvs';
import { createMany } from '../../src/forge/directory';
import type { Customer } from '../../src/domain/customer';
import type { AuditEvent } from '../../src/ports';

/**
 * The batched import write at the edge of KVS (batchSet answers which keys failed): a customer that never
 * lands is reported and gets no audit event; a key that fails once is written on the retry.
 */
type Item = { key: string; entityName?: string; value: unknown };

afterEach(() => jest.restoreAllMocks());

it('writes customers first, retries failed keys once, and writes audit events only for customers that landed', async () => {
  const calls: Item[][] = [];
  const failures = new Map([
    ['c-bad', 2], // fails on both attempts
    ['c-flaky', 1], // fails once, lands on the retry
  ]);
  jest.spyOn(kvs, 'batchSet').mockImplementation((async (items: Item[]) => {
    calls.push(items);
    const failed = items.filter((i) => (failures.get(i.key) ?? 0) > 0);
    for (const i of failed) failures.set(i.key, failures.get(i.key)! - 1);
    return {
      successfulKeys: items.filter((i) => !failed.includes(i)).map((i) => ({ key: i.key, entityName: i.entityName })),
      failedKeys: failed.map((i) => ({ key: i.key, entityName: i.entityName, error: { code: 'INTERNAL', message: 'x' } })),
    };
  }) as never);
  const customers = ['c-ok', 'c-bad', 'c-flaky'].map((id) => ({ id }) as Customer);
  const events = customers.map((c) => ({ id: `e-${c.id}`, customerId: c.id }) as AuditEvent);

  const notWritten = await createMany(customers, events);

  expect([...notWritten]).toEqual(['c-bad']);
  const written = calls.flat();
  expect(written.filter((i) => i.entityName === 'audit').map((i) => i.key).sort()).toEqual(['e-c-flaky', 'e-c-ok']);
  // Every customer batch comes before the first audit batch.
  const firstAudit = calls.findIndex((batch) => batch.some((i) => i.entityName === 'audit'));
  expect(calls.slice(0, firstAudit).flat().every((i) => i.entityName === 'customer')).toBe(true);
  expect(calls.every((batch) => batch.length <= 25)).toBe(true);
});
