import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import { form, linkIn, mails, tokenOf, type TestHost, useTestHost } from '../support/local-host';

/**
 * The agent panel's resolver through the local host's bridge endpoint, as each persona: who may see and
 * do what (asked of Jira as the calling user), the invitation lifecycle, limits and the audit trail.
 */
let host: TestHost;
useTestHost((started) => (host = started));

async function invoke<T = PanelData>(functionKey: string, issueKey: string, persona = 'agent', payload: unknown = {}): Promise<AgentResult<T>> {
  const response = await fetch(`${host.url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: 'agent-panel', functionKey, payload, persona, issueKey }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: AgentResult<T> }).result;
}

const panelOf = async (issueKey: string, persona = 'agent') => {
  const result = await invoke('agent/panel', issueKey, persona);
  if (!result.ok) throw new Error(`panel refused: ${result.error}`);
  return result.data;
};

describe('who may see and act', () => {
  it.each([
    ['agent', true],
    ['admin', true],
    ['other-agent', false],
    ['customer', false],
    ['anonymous', false],
  ])('%s on a DEMO request: allowed=%s', async (persona, allowed) => {
    const result = await invoke('agent/panel', 'DEMO-1', persona);
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result.error).toBe('forbidden');
  });

  it('the other desk\'s agent sees their own desk\'s requests', async () => {
    expect((await invoke('agent/panel', 'OTHER-1', 'other-agent')).ok).toBe(true);
    expect((await invoke('agent/panel', 'OTHER-1', 'agent')).ok).toBe(false);
  });

  it.each(['other-agent', 'customer', 'anonymous'])('%s cannot act, and nothing changes', async (persona) => {
    const tom = await host.deps.directory.findByEmail('tom.invited@example.com');
    for (const key of ['agent/resend-invite', 'agent/send-reset']) {
      expect(await invoke(key, 'DEMO-1', persona)).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await invoke('agent/invite', 'DEMO-5', persona, { email: 'nora.neu@example.com', displayName: 'Nora Neu', locale: 'de' })).toEqual({ ok: false, error: 'forbidden' });
    await host.idle();
    expect(await mails(host)).toEqual([]);
    expect((await host.deps.directory.findByEmail('tom.invited@example.com'))?.rev).toBe(tom?.rev);
    expect(await host.deps.directory.findByEmail('nora.neu@example.com')).toBeUndefined();
  });

  it('takes the issue from the platform context, not from the payload', async () => {
    const result = await invoke('agent/panel', 'OTHER-1', 'agent', { issueKey: 'DEMO-1' });
    expect(result).toEqual({ ok: false, error: 'forbidden' });
  });

  it('never returns passwords, hashes, tokens or link data', async () => {
    const all = JSON.stringify(await Promise.all(['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4'].map((k) => invoke('agent/panel', k))));
    for (const secret of ['scrypt', 'passwordRef', 'linkHash', '"hash"', 'token', 'resetWindow']) expect(all).not.toContain(secret);
  });
});

describe('status at a glance', () => {
  it.each([
    ['DEMO-1', 'invited', { invite: false, resendInvite: true, sendReset: false }],
    ['DEMO-2', 'active', { invite: false, resendInvite: false, sendReset: true }],
    ['DEMO-3', 'invite-expired', { invite: false, resendInvite: true, sendReset: false }],
    ['DEMO-4', 'locked', { invite: false, resendInvite: false, sendReset: true }],
    ['DEMO-5', 'not-invited', { invite: true, resendInvite: false, sendReset: false }],
    ['DEMO-7', 'disabled', { invite: false, resendInvite: false, sendReset: false }],
    ['DEMO-8', 'unidentified', { invite: true, resendInvite: false, sendReset: false }],
  ])('%s shows %s with the right actions', async (issue, status, actions) => {
    const data = await panelOf(issue);
    expect(data.status).toBe(status);
    expect(data.actions).toEqual(actions);
  });

  it('finds the reporter by linked account first (Jane is linked), and shows dates', async () => {
    const data = await panelOf('DEMO-2');
    expect(data.customer).toEqual(expect.objectContaining({ username: 'customer2300229', email: 'jane.doe@example.com' }));
    expect(data.customer!.activatedAt).toBeGreaterThan(0);
    const tom = await panelOf('DEMO-1');
    expect(tom.customer!.inviteExpiresAt).toBeGreaterThan(tom.customer!.invitedAt);
    expect(tom.timeline.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['invite.sent']));
  });

  it('costs at most 3 KVS operations and 2 Jira calls per load', async () => {
    await panelOf('DEMO-1'); // warm settings cache
    host.kvs.resetStats();
    const jiraBefore = host.jira.calls.length;
    await panelOf('DEMO-5'); // worst case: account lookup misses, then email lookup
    const ops = Object.values(host.kvs.stats).reduce((a, b) => a + b, 0);
    expect(ops).toBeLessThanOrEqual(3);
    expect(host.jira.calls.length - jiraBefore).toBe(2);
  });
});

describe('invitations from the panel', () => {
  async function lastInviteLink(to: string): Promise<string> {
    await host.idle();
    const mail = (await mails(host)).find((m) => m.to === to && /invited|Einladung/.test(m.subject));
    if (!mail) throw new Error(`no invitation to ${to}`);
    return linkIn(mail.text);
  }

  it('resending rotates the link: the old one is dead at once, the new one completes registration', async () => {
    const first = await invoke('agent/resend-invite', 'DEMO-1');
    expect(first.ok).toBe(true);
    const oldLink = await lastInviteLink('tom.invited@example.com');
    host.mailbox.clear();
    const second = await invoke('agent/resend-invite', 'DEMO-1');
    expect(second.ok && second.data.status).toBe('invited');
    const newLink = await lastInviteLink('tom.invited@example.com');
    expect(newLink).not.toBe(oldLink);
    expect((await fetch(oldLink)).status).toBe(404);
    const page = await (await fetch(newLink)).text();
    expect(page).toContain('Complete your registration');
    expect(page).toContain('customer2300231');
    const done = await form(host, 'reset', { token: tokenOf(newLink), password: 'Tom-Finally-Registered-1', confirm: 'Tom-Finally-Registered-1' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toContain('kind=invite');
    expect(await (await fetch(done.headers.get('location')!)).text()).toContain('Your registration is complete');
    await host.idle();
    expect((await form(host, 'login', { identifier: 'customer2300231', password: 'Tom-Finally-Registered-1' })).status).toBe(200);
    const after = await panelOf('DEMO-1');
    expect(after.status).toBe('active');
    const kinds = after.timeline.entries.map((e) => `${e.kind}${e.actorName ? ` by ${e.actorName}` : ''}`);
    expect(kinds).toEqual(expect.arrayContaining(['invite.accepted', 'invite.resent by Alex Agent']));
    // Registration is not announced as a password change.
    expect((await mails(host)).filter((m) => m.subject.includes('password was changed'))).toEqual([]);
  });

  it('an expired invitation can be resent and is then "invited" again', async () => {
    expect((await panelOf('DEMO-3')).status).toBe('invite-expired');
    const result = await invoke('agent/resend-invite', 'DEMO-3');
    expect(result.ok && result.data.status).toBe('invited');
    await host.idle();
    const [mail] = await mails(host);
    expect(mail.subject).toBe('[Demo Service Desk] Einladung zum Portal Demo Service Desk');
    expect(mail.text).toContain('Alex Agent hat Sie zum Portal Demo Service Desk eingeladen');
    expect(mail.text).toContain('customer2300232');
    expect(mail.text).toContain('7 Tage');
  });

  it('invites a reporter who is not in the directory, linking their Jira account', async () => {
    const bad = await invoke('agent/invite', 'DEMO-5', 'agent', { email: 'not an email', displayName: 'Nora Neu', locale: 'de' });
    expect(bad).toEqual({ ok: false, error: 'invalid-input', field: 'email' });
    const result = await invoke('agent/invite', 'DEMO-5', 'agent', { email: 'nora.neu@example.com', displayName: 'Nora Neu', locale: 'de' });
    expect(result.ok && result.data.status).toBe('invited');
    const nora = await host.deps.directory.findByEmail('nora.neu@example.com');
    expect(nora).toEqual(expect.objectContaining({ status: 'invited', locale: 'de', accountId: '5b10ac8d82e05b22cc7d4e05' }));
    expect(nora!.username).toMatch(/^customer\d{7}$/);
    const { events } = await host.deps.directory.listAudit(nora!.id, 5);
    expect(events.find((e) => e.kind === 'invite.sent')?.actor).toBe('5b10ac8d82e05b22cc7d4ea1');
    expect(await invoke('agent/invite', 'DEMO-2', 'agent', { email: 'jane.doe@example.com', displayName: 'Jane', locale: 'en' })).toEqual({ ok: false, error: 'already-registered' });
  });

  it('when Jira hides the reporter\'s email, the agent enters it; the entry is linked to the reporter\'s account', async () => {
    const result = await invoke('agent/invite', 'DEMO-8', 'agent', { email: 'hidden.person@example.com', displayName: 'Hidden Person', locale: 'en' });
    expect(result.ok && result.data.status).toBe('invited');
    expect((await host.deps.directory.findByEmail('hidden.person@example.com'))?.accountId).toBe('5b10ac8d82e05b22cc7d4e08');
    const again = await panelOf('DEMO-8');
    expect(again.status).toBe('invited');
    expect(again.reporter.email).toBeNull();
  });

  it('allows at most 5 invitations per account and day, with a clear refusal', async () => {
    host.clock.advance(86_400);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await invoke('agent/resend-invite', 'DEMO-3'));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toEqual({ ok: false, error: 'limit-reached' });
    const panel = await panelOf('DEMO-3');
    expect(panel.invitesLeftToday).toBe(0);
    host.clock.advance(86_400);
    expect((await invoke('agent/resend-invite', 'DEMO-3')).ok).toBe(true);
  });

  it('sends a reset link to an active customer, and refuses states it does not fit', async () => {
    const result = await invoke('agent/send-reset', 'DEMO-6');
    expect(result.ok && result.data.status).toBe('reset-pending');
    await host.idle();
    expect((await mails(host))[0].subject).toBe('[Demo Service Desk] Ihr Passwort zurücksetzen');
    expect(await invoke('agent/send-reset', 'DEMO-7')).toEqual({ ok: false, error: 'wrong-state' });
    expect(await invoke('agent/resend-invite', 'DEMO-6')).toEqual({ ok: false, error: 'already-registered' });
    const erika = await host.deps.directory.findByEmail('erika.mustermann@example.de');
    const { events } = await host.deps.directory.listAudit(erika!.id, 3);
    expect(events.some((e) => e.kind === 'reset.requested' && e.actor === '5b10ac8d82e05b22cc7d4ea1' && e.detail.actorName === 'Alex Agent')).toBe(true);
  });

  it('pages through the timeline', async () => {
    const first = await panelOf('DEMO-3');
    expect(first.timeline.entries).toHaveLength(10);
    expect(first.timeline.cursor).not.toBeNull();
    const next = await invoke<PanelData['timeline']>('agent/timeline', 'DEMO-3', 'agent', { cursor: first.timeline.cursor });
    expect(next.ok).toBe(true);
    if (next.ok) {
      expect(next.data.entries.length).toBeGreaterThan(0);
      const ids = new Set([...first.timeline.entries, ...next.data.entries].map((e) => e.id));
      expect(ids.size).toBe(first.timeline.entries.length + next.data.entries.length);
      const times = [...first.timeline.entries, ...next.data.entries].map((e) => e.id);
      expect([...times].sort().reverse()).toEqual(times);
    }
    expect(await invoke('agent/timeline', 'DEMO-3', 'other-agent', { cursor: first.timeline.cursor })).toEqual({ ok: false, error: 'forbidden' });
  });
});
