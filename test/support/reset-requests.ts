import Database from 'better-sqlite3';
import path from 'node:path';
import { form, linkIn, mails, type TestHost } from './local-host';

/**
 * The reset flow over plain HTTP on `host()` (test/integration/reset-rules): each request from a new client address
 * (`nextClient`), "Forgot your password?" with the queue idle after it, and the reset link it mailed.
 */
export function resetCalls(host: () => TestHost) {
  let client = 0;
  const nextClient = () => ({ 'x-forwarded-for': `198.51.100.${++client}` });

  async function requestReset(identifier: string, headers: Record<string, string> = nextClient()) {
    const response = await form(host(), 'forgot', { identifier, lang: 'en' }, headers);
    await host().idle();
    return response;
  }

  async function resetLinkFor(identifier: string): Promise<string> {
    await requestReset(identifier);
    const [mail] = await mails(host());
    return linkIn(mail.text);
  }
  return { nextClient, requestReset, resetLinkFor };
}

/** The KVS calls `post` makes on the request path: counted with the queue held (its jobs not counted), the queue idle after. */
export async function requestPathOps(host: TestHost, post: () => Promise<unknown>): Promise<Record<string, number>> {
  await host.idle();
  host.pauseQueue();
  host.kvs.resetStats();
  await post();
  const stats = { ...host.kvs.stats };
  host.resumeQueue();
  await host.idle();
  return stats;
}

/** The KVS calls of the jobs `post` queued (the request path's not counted), without the routes called 0 times. */
export async function jobOps(host: TestHost, post: () => Promise<unknown>): Promise<Record<string, number>> {
  await host.idle();
  host.pauseQueue();
  await post();
  host.kvs.resetStats();
  host.resumeQueue();
  await host.idle();
  return Object.fromEntries(Object.entries(host.kvs.stats).filter(([, n]) => n > 0));
}

/** Every row of every table of the host's KVS file, as JSON, one after another. */
export function everythingStored(host: TestHost): string {
  const db = new Database(path.join(host.dataDir, 'kvs.sqlite'), { readonly: true });
  const dump = db.prepare("SELECT group_concat(name) AS n FROM sqlite_master WHERE type='table'").get() as { n: string };
  let everything = '';
  for (const table of dump.n.split(',')) {
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all()) everything += JSON.stringify(row);
  }
  db.close();
  return everything;
}
