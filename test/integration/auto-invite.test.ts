import type { AdminResult, AutoInviteData } from '../../src/surfaces/admin-api';
import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import { invokeResolver, mails, startTestHost, type TestHost } from '../support/local-host';

/**
 * Issue 12, parts 2 and 3 on the local host, through the real handlers: the `request-created` trigger
 * (delivered by the host the way Forge delivers `avi:jira:created:issue`), the admin setting per service desk,
 * and the Automation action "Send portal activation" (`POST /local/api/automation/run`).
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
  const saved = await admin<AutoInviteData>('admin/auto-invite/save', { projects: ['DEMO'] });
  expect(saved).toMatchObject({ ok: true, data: { desks: [{ projectKey: 'DEMO', enabled: true }, { projectKey: 'OTHER', enabled: false }] } });
});
afterAll(async () => host?.close());
beforeEach(async () => {
  await host.idle();
  host.mailbox.clear();
});

function admin<T>(functionKey: string, payload: unknown = {}, persona: 'admin' | 'agent' = 'admin') {
  return invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload, persona });
}

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Raises a request as the help center does, then waits for the trigger (its own invocation) and the mail. */
async function raise(projectKey: string, reporterEmail: string, reporterName?: string): Promise<string> {
  const answer = await post('/local/api/requests', { projectKey, reporterEmail, reporterName, summary: 'My first order' });
  expect(answer.status).toBe(201);
  await host.idle();
  return answer.body.issueKey as string;
}

const to = async (address: string) => (await mails(host)).filter((m) => m.to.includes(address));
const run = (inputs: Record<string, unknown>, persona?: string) => post('/local/api/automation/run', { actionKey: 'send-portal-activation', inputs, ...(persona ? { persona } : {}) });

describe('invite new requesters automatically', () => {
  it('a new requester gets one invitation email, and the agent panel says "Invited automatically (request …)"', async () => {
    const key = await raise('DEMO', 'olivia.order@example.net', 'Olivia Order');
    expect(key).toMatch(/^DEMO-\d+$/);
    const sent = await to('olivia.order@example.net');
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toMatch(/customer\d{7}/); // the username is in the activation email
    const entry = await host.deps.directory.findByEmail('olivia.order@example.net');
    expect(entry).toMatchObject({ displayName: 'Olivia Order', status: 'invited' });

    const panel = await invokeResolver<AgentResult<PanelData>>(host.url, { functionKey: 'agent/panel', issueKey: key, persona: 'agent' });
    if (!panel.ok) throw new Error(panel.error);
    expect(panel.data.status).toBe('invited');
    expect(panel.data.timeline.entries.find((e) => e.kind === 'invite.sent')).toMatchObject({ via: 'request', issueKey: key, actor: 'system' });
  });

  it('the new entry is linked to the reporter\'s account: their next request stops at the directory, without asking Jira', async () => {
    await raise('DEMO', 'second.request@example.net', 'Second Request');
    const entry = await host.deps.directory.findByEmail('second.request@example.net');
    const accountId = host.jira.raisedRequest(host.jira.issuesReportedBy('second.request@example.net')[0].key)?.reporter.accountId;
    expect(entry?.accountId).toBe(accountId);
    const calls = host.jira.calls.length;
    await raise('DEMO', 'second.request@example.net', 'Second Request');
    expect(host.jira.calls.slice(calls).filter((c) => c.persona === 'app')).toEqual([]);
    expect(await to('second.request@example.net')).toHaveLength(1);
  });

  it('the same event delivered twice, and again days later, still sends one invitation', async () => {
    const key = await raise('DEMO', 'twice.delivered@example.net', 'Twice Delivered');
    expect(host.requests.redeliver(key)).toBe(true);
    expect(host.requests.redeliver(key)).toBe(true);
    await host.idle();
    await post('/local/api/clock', { advanceSeconds: 8 * 86_400 }); // the invitation has expired by now
    expect(host.requests.redeliver(key)).toBe(true);
    await host.idle();
    expect(await to('twice.delivered@example.net')).toHaveLength(1);
  });

  it('Jira answers 503 once: the trigger asks for a retry (InvocationError), the host delivers the event again after 30 s, one invitation', async () => {
    await post('/local/api/jira/faults', { status: 503, next: 1 });
    await raise('DEMO', 'retry.later@example.net', 'Retry Later');
    expect(await to('retry.later@example.net')).toHaveLength(0);
    expect(host.logs.filter((l) => l.includes('retry asked') && l.includes('FUNCTION_RETRY_REQUEST'))).toHaveLength(1);
    await post('/local/api/clock', { advanceSeconds: 29 });
    await host.idle();
    expect(await to('retry.later@example.net')).toHaveLength(0);
    await post('/local/api/clock', { advanceSeconds: 1 });
    await host.idle();
    expect(await to('retry.later@example.net')).toHaveLength(1);
    await post('/local/api/clock', { advanceSeconds: 3600 });
    await host.idle();
    expect(await to('retry.later@example.net')).toHaveLength(1);
  });

  it('Jira keeps failing: the event is retried four times, then never again; a later request still invites', async () => {
    const before = host.logs.filter((l) => l.includes('retry asked')).length;
    await post('/local/api/jira/faults', { status: 503 });
    try {
      await raise('DEMO', 'never.reached@example.net', 'Never Reached');
      for (let i = 0; i < 6; i++) {
        await post('/local/api/clock', { advanceSeconds: 60 });
        await host.idle();
      }
    } finally {
      await post('/local/api/jira/faults', {});
    }
    const asked = host.logs.filter((l) => l.includes('retry asked')).slice(before).map((l) => (JSON.parse(l) as { retryCount: number }).retryCount);
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    expect(await to('never.reached@example.net')).toHaveLength(0);
    await raise('DEMO', 'never.reached@example.net', 'Never Reached');
    expect(await to('never.reached@example.net')).toHaveLength(1);
  });

  it('two requests at once by one new requester: one entry, one invitation', async () => {
    await Promise.all([raise('DEMO', 'two.orders@example.net'), raise('DEMO', 'two.orders@example.net')]);
    await host.idle();
    expect(await to('two.orders@example.net')).toHaveLength(1);
  });

  it.each([
    ['a reporter already in the directory (invited)', 'DEMO', 'tom.invited@example.com'],
    ['a reporter already in the directory (active)', 'DEMO', 'erika.mustermann@example.de'],
    ['an internal (staff) address', 'DEMO', 'new.colleague@demo-company.example'],
    ['a licensed Jira user', 'DEMO', 'pat.partner@partner-agency.example'],
    ['a project without the setting', 'OTHER', 'other.desk@example.net'],
  ])('no invitation for %s', async (_, project, email) => {
    const before = await host.deps.directory.findByEmail(email);
    await raise(project, email, 'Somebody');
    expect(await to(email)).toEqual([]);
    expect((await host.deps.directory.findByEmail(email))?.rev).toBe(before?.rev);
  });

  it('logs name the request and the outcome, never the address', async () => {
    await raise('DEMO', 'quiet.logs@example.net');
    expect(host.logs.join('\n')).not.toContain('quiet.logs@example.net');
    expect(host.logs.some((l) => l.includes('request event handled') && l.includes('"outcome":"invited"'))).toBe(true);
  });
});

describe('the admin setting', () => {
  it('lists the service desks with their switch; only admins read or change it', async () => {
    const got = await admin<AutoInviteData>('admin/auto-invite/get');
    expect(got).toEqual({
      ok: true,
      data: { desks: [{ projectKey: 'DEMO', projectName: 'Demo Service Desk', enabled: true }, { projectKey: 'OTHER', projectName: 'Other Service Desk', enabled: false }], missing: [] },
    });
    expect(await admin('admin/auto-invite/get', {}, 'agent')).toEqual({ ok: false, error: 'forbidden' });
    expect(await admin('admin/auto-invite/save', { projects: [] }, 'agent')).toEqual({ ok: false, error: 'forbidden' });
    expect(await admin('admin/auto-invite/save', { projects: ['DEMO', 'NOPE'] })).toEqual({ ok: false, error: 'invalid-input', field: 'projects.1' });
    expect(await admin('admin/auto-invite/save', { projects: ['demo'] })).toMatchObject({ ok: false, error: 'invalid-input' });
    expect((await admin<AutoInviteData>('admin/auto-invite/get')).ok && (await host.deps.settings.load()).autoInvite.projects).toEqual(['DEMO']);
  });
});

describe('the Automation action "Send portal activation"', () => {
  it('run twice: invited, then already-invited, one email', async () => {
    const first = await run({ email: 'auto.mation@example.net', displayName: 'Auto Mation', language: 'de_DE' });
    expect(first).toEqual({ status: 200, body: { outcome: 'invited', status: 'invited', field: null } });
    const second = await run({ email: 'auto.mation@example.net', displayName: 'Auto Mation', language: 'de' });
    expect(second.body).toEqual({ outcome: 'already-invited', status: 'invited', field: null });
    await host.idle();
    const sent = await to('auto.mation@example.net');
    expect(sent).toHaveLength(1);
    expect((await host.deps.directory.findByEmail('auto.mation@example.net'))?.locale).toBe('de');
    const entry = await host.deps.directory.findByEmail('auto.mation@example.net');
    const { events } = await host.deps.directory.listAudit(entry!.id, 10);
    expect(events.find((e) => e.kind === 'invite.sent')?.detail).toMatchObject({ via: 'automation' });
  });

  it('an active customer: already-active, no email', async () => {
    expect((await run({ email: 'jane.doe@example.com' })).body).toEqual({ outcome: 'already-active', status: 'active', field: null });
    await host.idle();
    expect(await to('jane.doe@example.com')).toEqual([]);
  });

  it.each([
    [{ email: 'not an address' }, 'email'],
    [{}, 'email'],
    [{ email: 42 }, 'email'],
    [{ email: 'ok@example.net', language: 'fr' }, 'language'],
    [{ email: 'ok@example.net', displayName: 'x'.repeat(201) }, 'displayName'],
    [{ email: 'ok@example.net', displayName: '<script>' }, 'displayName'],
  ])('bad inputs %j → invalid-input naming %s, with Automation errors, never a throw', async (inputs, field) => {
    const { status, body } = await run(inputs);
    expect(status).toBe(200);
    expect(body).toMatchObject({ outcome: 'invalid-input', status: null, field, errors: [{ message: expect.stringContaining(field) }] });
  });

  it('an internal address is refused with a clear outcome; a caller who is no admin or agent is refused', async () => {
    expect((await run({ email: 'someone@demo-company.example' })).body).toMatchObject({ outcome: 'internal-address', errors: [{ message: expect.any(String) }] });
    expect((await run({ email: 'customer.rule@example.net' }, 'customer')).body).toMatchObject({ outcome: 'forbidden' });
    expect((await run({ email: 'agent.rule@example.net' }, 'agent')).body).toMatchObject({ outcome: 'invited' });
    await host.idle();
    expect(await to('customer.rule@example.net')).toEqual([]);
  });

  it('unknown actions and personas are refused by the host', async () => {
    expect((await post('/local/api/automation/run', { actionKey: 'nope', inputs: {} })).status).toBe(404);
    expect((await post('/local/api/automation/run', { actionKey: 'send-portal-activation', inputs: [] })).status).toBe(400);
    expect((await post('/local/api/automation/run', { actionKey: 'send-portal-activation', inputs: {}, persona: 'anonymous' })).status).toBe(400);
  });
});

describe('the scripting API', () => {
  it('GET /local/api/modules lists the trigger and the action', async () => {
    const { modules } = (await (await fetch(`${host.url}/local/api/modules`)).json()) as { modules: { type: string; moduleKey: string; function: string }[] };
    expect(modules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'trigger', moduleKey: 'request-created', function: 'requestEvents' }),
        expect.objectContaining({ type: 'action', moduleKey: 'send-portal-activation', function: 'automation' }),
        expect.objectContaining({ type: 'automation:actionProvider', moduleKey: 'portal-access-actions' }),
      ]),
    );
  });

  it('the rule-builder stand-in keeps typed inputs inside its script (no </script> breaks out); unknown actions are 404', async () => {
    const evil = '</script><script>alert(1)</script>';
    const frame = await fetch(`${host.url}/automation-config/frame?${new URLSearchParams({ action: 'send-portal-activation', email: evil })}`);
    expect(frame.status).toBe(200);
    const html = await frame.text();
    expect(html).not.toContain(evil);
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect((await fetch(`${host.url}/jira/automation/nope?persona=admin`)).status).toBe(404);
    expect((await fetch(`${host.url}/jira/automation/send-portal-activation?persona=nobody`)).status).toBe(400);
  });

  it('POST /local/api/requests checks its input', async () => {
    expect(await post('/local/api/requests', { projectKey: 'NOPE', reporterEmail: 'a@example.net', summary: 'x' })).toMatchObject({ status: 404, body: { code: 'NO_PROJECT' } });
    expect(await post('/local/api/requests', { projectKey: 'DEMO', reporterEmail: 'nope', summary: 'x' })).toMatchObject({ status: 400, body: { field: 'reporterEmail' } });
    expect(await post('/local/api/requests', { projectKey: 'DEMO', reporterEmail: 'a@example.net', summary: '' })).toMatchObject({ status: 400, body: { field: 'summary' } });
    expect(await post('/local/api/requests', { projectKey: 'DEMO', reporterEmail: 'a@example.net', reporterName: '<b>', summary: 'x' })).toMatchObject({ status: 400, body: { field: 'reporterName' } });
  });
});
