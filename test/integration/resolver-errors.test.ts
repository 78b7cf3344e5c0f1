import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';
// @serial (scripts/run-tests.cjs runs this file alone): a Jira that does not answer is given up on within the time limit, not later.

/**
 * Issue 13, item 5: errors reach people as what they are. Jira answering 500/503 or not answering in time
 * (the local Jira emulator's fault switch) → the agent panel answers the stable code `jira-unavailable`
 * and a redacted log line exists; every resolver has one catch-all; the caller is checked before the payload.
 */
const TIMEOUT_MS = 300;
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ jiraTimeoutMs: TIMEOUT_MS });
});
afterAll(async () => host.close());
afterEach(async () => {
  await faults({});
  await host.idle();
});

async function faults(body: object): Promise<Response> {
  return fetch(`${host.url}/local/api/jira/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
const panel = (persona = 'agent', issueKey = 'DEMO-1') => invokeResolver<AgentResult<PanelData>>(host.url, { functionKey: 'agent/panel', persona: persona as never, issueKey });
const logLines = () => host.logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the local Jira fault switch', () => {
  it('answers what it set, refuses nonsense, and {} clears it', async () => {
    expect(await (await faults({ status: 503, next: 2 })).json()).toEqual({ faults: { status: 503, next: 2 } });
    for (const bad of [{ status: 404 }, { delayMs: -1 }, { delayMs: 500_000 }, { next: 1.5 }, { status: '500' }]) {
      const response = await faults(bad);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe('BAD_FAULTS');
    }
    expect(await (await faults({})).json()).toEqual({ faults: null });
    expect((await panel()).ok).toBe(true);
  });

  it('next: N fails exactly N calls, then Jira answers again', async () => {
    await faults({ status: 500, next: 2 }); // agent/panel asks Jira twice (issue and permissions, in parallel)
    expect(await panel()).toEqual({ ok: false, error: 'jira-unavailable' });
    expect((await panel()).ok).toBe(true);
  });
});

describe('agent panel when Jira fails', () => {
  it.each([500, 503])('Jira answers %i → jira-unavailable, one redacted log line', async (status) => {
    const before = host.logs.length;
    await faults({ status });
    expect(await panel()).toEqual({ ok: false, error: 'jira-unavailable' });
    const lines = logLines().slice(before).filter((l) => l.message === 'agent call failed');
    expect(lines).toEqual([{ level: 'error', message: 'agent call failed', key: 'agent/panel', error: 'JiraUnavailableError', code: 'jira-unavailable', reason: 'status', status }]);
  });

  it('Jira does not answer in time → jira-unavailable after the time limit, logged as a timeout', async () => {
    const before = host.logs.length;
    await faults({ delayMs: 5_000 });
    const started = Date.now();
    expect(await panel()).toEqual({ ok: false, error: 'jira-unavailable' });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(took).toBeLessThan(2_000);
    expect(logLines().slice(before)).toContainEqual({ level: 'error', message: 'agent call failed', key: 'agent/panel', error: 'JiraUnavailableError', code: 'jira-unavailable', reason: 'timeout' });
  });

  it('a slow Jira inside the time limit is no error', async () => {
    await faults({ delayMs: 50 });
    expect((await panel()).ok).toBe(true);
  });

  it('actions answer jira-unavailable too, and the log never carries an address or the payload', async () => {
    const before = host.logs.length;
    await faults({ status: 500 });
    const payload = { email: 'secret.person@example.com', displayName: 'Secret Person', locale: 'en' };
    for (const functionKey of ['agent/resend-invite', 'agent/send-reset', 'agent/invite', 'agent/timeline']) {
      expect(await invokeResolver(host.url, { functionKey, persona: 'agent', issueKey: 'DEMO-1', payload: functionKey === 'agent/timeline' ? { cursor: 'x' } : payload })).toEqual({ ok: false, error: 'jira-unavailable' });
    }
    const text = host.logs.slice(before).join('\n');
    expect(text).not.toMatch(/@|secret|Secret|tom\.invited/);
    expect(logLines().slice(before).filter((l) => l.message === 'agent call failed').map((l) => l.key)).toEqual(['agent/resend-invite', 'agent/send-reset', 'agent/invite', 'agent/timeline']);
  });
});

describe('the caller is checked before the payload', () => {
  it.each(['customer', 'other-agent', 'anonymous'])('agent/invite and agent/timeline with a bad payload as %s → forbidden', async (persona) => {
    expect(await invokeResolver(host.url, { functionKey: 'agent/invite', persona: persona as never, issueKey: 'DEMO-5', payload: { email: 'not an address' } })).toEqual({ ok: false, error: 'forbidden' });
    expect(await invokeResolver(host.url, { functionKey: 'agent/timeline', persona: persona as never, issueKey: 'DEMO-5', payload: {} })).toEqual({ ok: false, error: 'forbidden' });
  });

  it('an agent with a bad payload still gets invalid-input', async () => {
    expect(await invokeResolver(host.url, { functionKey: 'agent/invite', persona: 'agent', issueKey: 'DEMO-5', payload: { email: 'not an address' } })).toMatchObject({ ok: false, error: 'invalid-input', field: 'email' });
  });
});

describe('every resolver has one catch-all', () => {
  it('profile: Jira 500 → internal, logged as "profile call failed"', async () => {
    const before = host.logs.length;
    await faults({ status: 500 });
    expect(await invokeResolver(host.url, { moduleKey: 'profile-panel', functionKey: 'profile/get', persona: 'customer' })).toEqual({ ok: false, error: 'internal' });
    expect(logLines().slice(before)).toContainEqual({ level: 'error', message: 'profile call failed', key: 'profile/get', error: 'JiraUnavailableError', code: 'jira-unavailable', reason: 'status', status: 500 });
  });

  it('portal: a failure making the links → {ok: false, error: internal}, logged', async () => {
    const before = host.logs.length;
    const spy = jest.spyOn(host.deps.urls, 'customerPagesBase').mockRejectedValue(Object.assign(new TypeError('boom for someone@example.com'), { code: 'E_URL' }));
    try {
      const modules = (await (await fetch(`${host.url}/local/api/modules`)).json()) as { modules: { moduleKey: string; function: string }[] };
      const portalModule = modules.modules.find((m) => m.function === 'portal')!.moduleKey;
      expect(await invokeResolver(host.url, { moduleKey: portalModule, functionKey: 'portal/links', persona: 'anonymous' })).toEqual({ ok: false, error: 'internal' });
    } finally {
      spy.mockRestore();
    }
    const lines = logLines().slice(before);
    expect(lines).toContainEqual({ level: 'error', message: 'portal call failed', key: 'portal/links', error: 'TypeError', code: 'E_URL' });
    expect(JSON.stringify(lines)).not.toContain('someone@example.com');
  });

  it('admin: a thrown error → internal, logged with the key and the error name only', async () => {
    const before = host.logs.length;
    const spy = jest.spyOn(host.deps.directory, 'get').mockRejectedValue(new RangeError('entry of someone@example.com'));
    try {
      expect(await invokeResolver(host.url, { moduleKey: 'admin-page', functionKey: 'admin/customers/action', persona: 'admin', payload: { id: 'abc', action: 'unlock' } })).toEqual({ ok: false, error: 'internal' });
    } finally {
      spy.mockRestore();
    }
    expect(logLines().slice(before)).toContainEqual({ level: 'error', message: 'admin call failed', key: 'admin/customers/action', error: 'RangeError' });
    expect(host.logs.slice(before).join('\n')).not.toContain('someone@example.com');
  });
});
