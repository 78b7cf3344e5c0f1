import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LocalHost } from '../local/host';
import type { Account } from './accounts';
import type { ResetCounts } from './reset';
import type { Forgot } from './reset-request';
import { addInto, diff, split, total, type Stats } from './stats';
import type { ThreadClient } from './thread-client';

/**
 * The reset section's completion side (bench/reset.ts): a mailed link opened (GET) and a new password posted,
 * timed with and without the one scrypt hash each completion makes, with KVS operations; then scrypt alone.
 */
export async function completionFigures(host: LocalHost, client: ThreadClient, base: string, forgot: Forgot, accounts: Account[], counts: ResetCounts) {
  const snap = (): Stats => ({ ...host.kvs.stats });
  const hasher = host.deps.hasher;
  const originalHash = hasher.hash.bind(hasher);
  let lastHashMs = 0;
  let hashes = 0;
  hasher.hash = async (password: string) => {
    const t0 = performance.now();
    try {
      return await originalHash(password);
    } finally {
      lastHashMs = performance.now() - t0;
      hashes++;
    }
  };
  const getMs: number[] = [];
  const postMs: number[] = [];
  const postExclScrypt: number[] = [];
  const inCompletionScrypt: number[] = [];
  const completionOps: ReturnType<typeof split>[] = [];
  const completionTotals: number[] = [];
  const completionPaths: Stats = {};
  const noticeOps: number[] = [];
  const noticePaths: Stats = {};
  for (let i = 0; i < counts.complete; i++) {
    const acct = accounts[i % accounts.length];
    const mail = (await forgot(acct.email)).mails.find((m) => m.to === acct.email);
    const link = /(http:\/\/\S+\/reset\?token=[^\s&"]+&(?:amp;)?lang=\w+)/.exec(mail?.text ?? '')?.[1];
    if (!link) throw new Error(`no reset link mailed to ${acct.email}`);
    const token = new URL(link).searchParams.get('token')!;

    await host.idle();
    const s0 = snap();
    const view = await client.request({ url: link, method: 'GET' });
    if (view.status !== 200) throw new Error(`GET reset: ${view.status}`);
    getMs.push(view.ms);

    const password = `Bench-${randomBytes(6).toString('hex')}-Harbour-${i}`;
    const hashesBefore = hashes;
    host.pauseQueue();
    const done = await client.form(`${base}/reset`, { token, password, confirm: password, lang: 'en' });
    const s2 = snap();
    host.resumeQueue();
    if (done.status !== 303 || !done.location?.includes('/reset/done')) throw new Error(`POST reset: ${done.status} ${done.location}`);
    if (hashes !== hashesBefore + 1) throw new Error('expected exactly one scrypt per completion');
    postMs.push(done.ms);
    inCompletionScrypt.push(lastHashMs);
    postExclScrypt.push(done.ms - lastHashMs);
    await host.idle();
    const s3 = snap();
    const ops = diff(s2, s0);
    completionOps.push(split(ops));
    completionTotals.push(total(ops));
    addInto(completionPaths, ops);
    noticeOps.push(total(diff(s3, s2)));
    addInto(noticePaths, diff(s3, s2));
  }
  hasher.hash = originalHash;
  const scryptMs: number[] = [];
  for (let i = 0; i < counts.scrypt; i++) {
    const t0 = performance.now();
    await hasher.hash(`scrypt-alone-${i}-${randomBytes(4).toString('hex')}`);
    scryptMs.push(performance.now() - t0);
  }
  return { getMs, postMs, postExclScrypt, inCompletionScrypt, completionOps, completionTotals, completionPaths, noticeOps, noticePaths, scryptMs };
}
