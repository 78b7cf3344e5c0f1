import type { SentRecord } from '../ports/jobs';
import { nowSec, type Deps } from './deps';

/**
 * A job delivered again after its mail or SMS went out (issue 20): stores what its earlier run had left to
 * store (the link and rate window, the audit events, the outbox record) and sends nothing. Each write is safe
 * to repeat: audit events keep their ids, the entry and the outbox record are written only at the revision the
 * earlier run saw (another change since then wins, as in `deliver`).
 */
export async function finishSent(deps: Deps, record: SentRecord): Promise<void> {
  if (record.channel === 'sms') {
    await deps.smsOutbox.remove(record.smsId);
    if (record.events.length) await deps.directory.appendAudit(record.events);
    return;
  }
  if (record.outbox) await deps.outbox.put(record.outbox.record, record.outbox.rev);
  const current = record.update ? await deps.directory.get(record.customerId) : undefined;
  if (record.update && current?.rev === record.update.rev) {
    const next = { ...current, ...record.update.patch, rev: current.rev + 1, updatedAt: nowSec(deps) };
    if (await deps.directory.update(next, { rev: current.rev }, record.events)) return;
  }
  await deps.directory.appendAudit(record.events);
}
