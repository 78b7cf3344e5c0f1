import { kvs } from '@forge/kvs';
import type { JobClaim, JobLedger, SentRecord } from '../ports/jobs';
import type { PlainWrite } from '../ports/directory';
import { jobLedgerKey } from './kvs-keys';

/**
 * Queued jobs' progress in KVS (issue 20): Forge redelivers an async event whose consumer failed ("Async events
 * API"), so a job may run again after any of its steps. The first delivery claims the job (a write that fails
 * if the key exists); the flow marks it `sent` once the provider took the mail or SMS, with what is left to
 * store (beside storing it); the consumer marks it `done`, or the flow does in its own record transaction
 * (`doneMark`: a link mail's record, issue 25), which then needs no sent mark either (a record that fails is
 * followed by the sent mark alone). A reset request claims its job only once it found an account to mail, in the
 * transaction that claims that account's mail window (`claimMark`, issue 25): the account's entry, conditioned on its
 * revision, notes the job's tag, so only one delivery wins that write, and a delivery again sees the tag and claims
 * here as any other job does.
 * Delivered again, a done job does nothing, a sent one only stores what
 * is left, and a claimed one runs again only when the earlier run is over: this is the platform's retry of the
 * same event (the earlier run ended with an error), or the claim is older than a consumer can run.
 * Kept 25 hours: longer than the 24 hours in which Forge retries an event.
 */
export const JOB_LEDGER_TTL_SEC = 25 * 3600;
/** The longest a consumer runs (a long-running consumer's 900 s); a claim this old is a dead run's. */
export const CLAIM_STALE_SEC = 900;

type Entry = { state: 'claimed'; by: string; at: number } | { state: 'sent'; record: SentRecord; at: number } | { state: 'done'; at: number };
const ttl = { value: JOB_LEDGER_TTL_SEC, unit: 'SECONDS' } as const;

export class KvsJobLedger implements JobLedger {
  async claim(jobKey: string, delivery: { eventId: string; retry: boolean }, nowSec: number): Promise<JobClaim> {
    const key = jobLedgerKey(jobKey);
    const mine: Entry = { state: 'claimed', by: delivery.eventId, at: nowSec };
    try {
      await kvs.set(key, mine, { keyPolicy: 'FAIL_IF_EXISTS', ttl });
      return { kind: 'run' };
    } catch (error) {
      // Whatever the error's code (strict mode answers a generic one): if the key is there, the write lost to it.
      const entry = await kvs.get<Entry>(key);
      if (!entry) throw error;
      if (entry.state === 'done') return { kind: 'done' };
      if (entry.state === 'sent') return { kind: 'sent', record: entry.record };
      const earlierRunOver = (delivery.retry && entry.by === delivery.eventId) || nowSec - entry.at >= CLAIM_STALE_SEC;
      if (!earlierRunOver) return { kind: 'busy' };
      await kvs.set(key, mine, { ttl });
      return { kind: 'run' };
    }
  }

  async sent(jobKey: string, record: SentRecord, nowSec: number): Promise<void> {
    await kvs.set(jobLedgerKey(jobKey), { state: 'sent', record, at: nowSec } satisfies Entry, { ttl });
  }

  async done(jobKey: string, nowSec: number): Promise<void> {
    const mark = this.doneMark(jobKey, nowSec);
    await kvs.set(mark.key, mark.value, { ttl });
  }

  doneMark(jobKey: string, nowSec: number): PlainWrite {
    return { key: jobLedgerKey(jobKey), value: { state: 'done', at: nowSec } satisfies Entry, ttlSec: JOB_LEDGER_TTL_SEC };
  }

  recorded(): Promise<void> {
    return Promise.resolve();
  }

  claimMark(jobKey: string, delivery: { eventId: string; retry: boolean }, nowSec: number): PlainWrite {
    return { key: jobLedgerKey(jobKey), value: { state: 'claimed', by: delivery.eventId, at: nowSec } satisfies Entry, ttlSec: JOB_LEDGER_TTL_SEC };
  }

  claimed(): Promise<void> {
    return Promise.resolve();
  }
}
