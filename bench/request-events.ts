import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, startHost } from '../local/host';
import { r1, r2, total, type Check, type Stats } from './stats';

/**
 * "Invite new requesters automatically" (issue 12): 200 request-created events for 100 new reporters (each
 * raises two requests, the second while the first is still being handled for half of them), delivered by the
 * local host to the real `request-created` trigger the way Forge delivers them, plus every event delivered a
 * second time. Each reporter must get exactly one invitation. Counted: KVS operations and Jira calls per event,
 * and the cost of an event in a project where the setting is off (what every other project's requests pay).
 */
const REPORTERS = 100;
const IN_FLIGHT = 8;
const ops = (after: Stats, before: Stats) => total(after) - total(before);

export async function requestEventsBench(): Promise<{ lines: string[]; checks: Check[]; result: Record<string, unknown> }> {
  const checks: Check[] = [];
  const check = (name: string, value: string, target: string, pass: boolean) => checks.push({ name, value, target, pass });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-requests-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger });
  try {
    const invoke = await fetch(`${host.url}/local/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: 'admin-page', functionKey: 'admin/auto-invite/save', payload: { projects: ['DEMO'] }, persona: 'admin' }),
    });
    if (!((await invoke.json()) as { result: { ok: boolean } }).result.ok) throw new Error('could not turn on automatic invitations');
    await host.idle();
    host.mailbox.clear();

    const raise = async (projectKey: string, i: number) => {
      const response = await fetch(`${host.url}/local/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ projectKey, reporterEmail: `requester${i}@example.net`, reporterName: `Requester ${i}`, summary: `Order ${i}` }),
      });
      if (response.status !== 201) throw new Error(`raise answered ${response.status}`);
      return ((await response.json()) as { issueKey: string }).issueKey;
    };
    async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>) {
      for (let i = 0; i < items.length; i += IN_FLIGHT) await Promise.all(items.slice(i, i + IN_FLIGHT).map(run));
    }

    // 200 events: every reporter twice; reporters 0–49 raise both at once, 50–99 one after the other.
    const kvsBefore = { ...host.kvs.stats };
    const jiraBefore = host.jira.calls.length;
    const started = performance.now();
    const keys: string[] = [];
    await inBatches([...Array(REPORTERS).keys()], async (i) => {
      if (i < REPORTERS / 2) keys.push(...(await Promise.all([raise('DEMO', i), raise('DEMO', i)])));
      else {
        keys.push(await raise('DEMO', i));
        await host.idle();
        keys.push(await raise('DEMO', i));
      }
    });
    await host.idle();
    const ms = performance.now() - started;
    const kvsPerEvent = ops(host.kvs.stats, kvsBefore) / keys.length;
    const jiraPerEvent = (host.jira.calls.length - jiraBefore) / keys.length;

    // Every event again (Forge may deliver twice, or late).
    const again = { ...host.kvs.stats };
    const jiraAgain = host.jira.calls.length;
    for (const key of keys) host.requests.redeliver(key);
    await host.idle();
    const kvsPerRedelivery = ops(host.kvs.stats, again) / keys.length;
    const jiraPerRedelivery = (host.jira.calls.length - jiraAgain) / keys.length;

    // A project without the setting: what every other request costs.
    const off = { ...host.kvs.stats };
    const jiraOff = host.jira.calls.length;
    const offKeys: string[] = [];
    await inBatches([...Array(50).keys()], async (i) => offKeys.push(await raise('OTHER', 1000 + i)));
    await host.idle();
    const kvsPerOffEvent = ops(host.kvs.stats, off) / offKeys.length;
    const jiraPerOffEvent = (host.jira.calls.length - jiraOff) / offKeys.length;

    const mails = host.mailbox.list();
    const perReporter = new Map<string, number>();
    for (const m of mails) perReporter.set(m.to, (perReporter.get(m.to) ?? 0) + 1);
    const invitedOnce = [...Array(REPORTERS).keys()].filter((i) => [...perReporter.entries()].some(([to, n]) => to.includes(`requester${i}@example.net`) && n === 1)).length;

    check('request events: reporters invited exactly once', `${invitedOnce} of ${REPORTERS} (${mails.length} emails for ${keys.length} events + ${keys.length} redeliveries)`, `${REPORTERS} of ${REPORTERS}, ${REPORTERS} emails`, invitedOnce === REPORTERS && mails.length === REPORTERS);
    check('request events: a project without the setting', `${r2(kvsPerOffEvent)} KVS ops, ${r2(jiraPerOffEvent)} Jira calls per event`, '≤ 1 KVS op, 0 Jira calls', kvsPerOffEvent <= 1 && jiraPerOffEvent === 0);

    const lines = [
      `Invite new requesters automatically (issue 12): ${keys.length} request-created events for ${REPORTERS} new reporters, ${IN_FLIGHT} in flight`,
      `  ${r1(ms)} ms in all, ${r1((keys.length / ms) * 1000)} events/s (raise over HTTP, trigger in its own invocation, invitation mail to the catcher)`,
      `  per event: ${r2(kvsPerEvent)} KVS operations, ${r2(jiraPerEvent)} Jira calls (first events invite, second ones stop at the directory)`,
      `  every event delivered again: ${r2(kvsPerRedelivery)} KVS operations, ${r2(jiraPerRedelivery)} Jira calls per event, 0 emails`,
      `  a project without the setting: ${r2(kvsPerOffEvent)} KVS operations, ${r2(jiraPerOffEvent)} Jira calls per event`,
      `  emails: ${mails.length}; reporters invited exactly once: ${invitedOnce} of ${REPORTERS}`,
    ];
    return {
      lines,
      checks,
      result: {
        events: keys.length,
        reporters: REPORTERS,
        ms: r1(ms),
        eventsPerSecond: r1((keys.length / ms) * 1000),
        kvsPerEvent: r2(kvsPerEvent),
        jiraCallsPerEvent: r2(jiraPerEvent),
        kvsPerRedelivery: r2(kvsPerRedelivery),
        jiraCallsPerRedelivery: r2(jiraPerRedelivery),
        kvsPerEventSettingOff: r2(kvsPerOffEvent),
        jiraCallsPerEventSettingOff: r2(jiraPerOffEvent),
        emails: mails.length,
        invitedOnce,
      },
    };
  } finally {
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
