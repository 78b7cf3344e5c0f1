import { finishSent } from '../../src/flows/job-once';
import type { Deps } from '../../src/flows/deps';
import type { AuditEvent } from '../../src/domain/audit';
import type { SentRecord } from '../../src/ports/jobs';

/**
 * A job delivered again after its mail went out (issue 20): what its earlier run left to store is stored, at
 * the revision that run saw; nothing is sent (finishSent has no transport to call).
 */
const event: AuditEvent = { id: '00001765094400000-000001-aa', customerId: 'c1', at: 1_765_094_400, kind: 'email.sent', actor: 'system', detail: { template: 'reset' } };
const link = { hash: 'h'.repeat(43), purpose: 'reset', expiresAt: 1_765_098_000 };

function fakes(storedRev: number) {
  const calls: string[] = [];
  const deps = {
    clock: { nowMs: () => 1_765_094_500_000 },
    directory: {
      get: async () => ({ id: 'c1', rev: storedRev, linkHash: 'old' }),
      update: async (next: { rev: number; linkHash?: string }, expected: { rev: number }, events: AuditEvent[]) => (calls.push(`update rev ${expected.rev}→${next.rev} link ${next.linkHash} events ${events.length}`), true),
      appendAudit: async (events: AuditEvent[]) => void calls.push(`audit ${events.map((e) => e.id).join(',')}`),
    },
    outbox: { put: async (record: { status: string }, rev: number) => (calls.push(`outbox ${record.status} at rev ${rev}`), true) },
    smsOutbox: { remove: async (id: string) => void calls.push(`sms outbox remove ${id}`) },
  } as unknown as Deps;
  return { deps, calls };
}

const mail = (over: Partial<Extract<SentRecord, { channel: 'mail' }>> = {}): SentRecord => ({ channel: 'mail', customerId: 'c1', events: [event], update: { rev: 4, patch: { link, linkHash: link.hash } as never }, ...over });

it('the link and the events are stored when the entry is still at the revision the earlier run saw', async () => {
  const { deps, calls } = fakes(4);
  await finishSent(deps, mail());
  expect(calls).toEqual([`update rev 4→5 link ${link.hash} events 1`]);
});

it('a later change wins (as in deliver): only the events, under their own ids, so a repeat writes nothing new', async () => {
  const { deps, calls } = fakes(5);
  await finishSent(deps, mail());
  await finishSent(deps, mail());
  expect(calls).toEqual([`audit ${event.id}`, `audit ${event.id}`]);
});

it('a retried mail\'s outbox record is set to sent at the revision it had; a mail without a link stores its events', async () => {
  const { deps, calls } = fakes(4);
  await finishSent(deps, mail({ update: undefined, outbox: { record: { status: 'sent' } as never, rev: 2 } }));
  expect(calls).toEqual(['outbox sent at rev 2', `audit ${event.id}`]);
});

it('an SMS: its outbox entry goes, its events are stored', async () => {
  const { deps, calls } = fakes(4);
  await finishSent(deps, { channel: 'sms', smsId: 'a1b2', events: [event] });
  expect(calls).toEqual(['sms outbox remove a1b2', `audit ${event.id}`]);
});
