import { afterReport, answersFor, firstSeen, isAccountActor, REPORT_BATCH, REPORT_CYCLE_SEC, reportBatch } from '../../src/domain/account-report';

/** Personal data reporting's rules (issue 24 item 4): batches, the cycle, the answers. */
describe('personal data reporting rules', () => {
  const now = 1_800_000_000;
  const entries = (n: number) => Array.from({ length: n }, (_, i) => firstSeen(`acc-${i}`, now));

  it('reports at most 90 accounts a request, each once, and none being closed or refreshed', () => {
    expect(REPORT_BATCH).toBe(90);
    const due = [...entries(95), { ...firstSeen('acc-1', now) }, { ...firstSeen('closing', now), closingAs: 'erased-x' }, { ...firstSeen('refreshing', now), refreshCursor: 'c' }];
    const batch = reportBatch([due[95], due[96], due[97], ...due.slice(0, 95)]);
    expect(batch).toHaveLength(90);
    expect(new Set(batch.map((b) => b.accountId)).size).toBe(90);
    expect(batch.map((b) => b.accountId)).not.toEqual(expect.arrayContaining(['closing', 'refreshing']));
    expect(batch[0]).toEqual({ accountId: 'acc-1', updatedAt: new Date(now * 1000).toISOString() });
  });

  it('reports again a cycle (7 days) later; `updated` is current as of now; `closed` is closed under one reference at once', () => {
    const entry = firstSeen('a', now - 100);
    expect(REPORT_CYCLE_SEC).toBe(7 * 86_400);
    expect(afterReport(entry, undefined, now, () => 'r')).toEqual({ ...entry, dueAt: now + REPORT_CYCLE_SEC });
    expect(afterReport(entry, 'updated', now, () => 'r')).toEqual({ ...entry, dueAt: now + REPORT_CYCLE_SEC, updatedAt: new Date(now * 1000).toISOString() });
    const closed = afterReport(entry, 'closed', now, () => 'erased-1');
    expect(closed).toEqual({ ...entry, closingAs: 'erased-1', dueAt: now });
    expect(afterReport(closed, 'closed', now + 5, () => 'erased-2').closingAs).toBe('erased-1');
  });

  it('takes answers only for accounts asked about, closed over updated', () => {
    const asked = [{ accountId: 'a' }, { accountId: 'b' }];
    const answers = answersFor(asked, [
      { accountId: 'a', status: 'updated' },
      { accountId: 'a', status: 'closed' },
      { accountId: 'a', status: 'updated' },
      { accountId: 'zzz', status: 'closed' },
      { accountId: 'b', status: 'unknown' as 'closed' },
    ]);
    expect([...answers]).toEqual([['a', 'closed']]);
  });

  it('tells Atlassian account ids from the app\'s own actors and erased references', () => {
    for (const id of ['5b10ac8d82e05b22cc7d4ef1', '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077', '712020:x-1']) expect(isAccountActor(id)).toBe(true);
    for (const actor of ['customer', 'system', 'anonymous', 'api', '', 'erased-0123', 'a b', 'x'.repeat(200)]) expect(isAccountActor(actor)).toBe(false);
  });
});
