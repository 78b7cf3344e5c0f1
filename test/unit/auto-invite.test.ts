import { actionOutput, parseActionInputs } from '../../src/domain/auto-invite-action';
import { autoInviteSchema, entryDisplayName, parseCreatedRequest, reporterQualifies, withProject, type ReporterFacts } from '../../src/domain/auto-invite';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { Deps } from '../../src/flows/deps';

/**
 * "Invite new requesters automatically" and "Send portal activation" (issue 12): the pure rules, and the
 * trigger's flow up to the one "ensure access" call with fakes (which Jira calls, in which order, and when
 * it stops without asking Jira at all).
 */
const ensureAccess = jest.fn();
jest.mock('../../src/flows/ensure-access', () => ({ ensureAccess: (...args: unknown[]) => ensureAccess(...args) }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handleRequestCreated } = require('../../src/flows/auto-invite') as typeof import('../../src/flows/auto-invite');

/** Atlassian's documented example payload, trimmed to what matters, for a service desk request. */
const event = (overrides: { reporter?: unknown; project?: string } = {}) => ({
  eventType: 'avi:jira:created:issue',
  issue: {
    id: '10073',
    key: 'SP-10',
    fields: {
      summary: 'A descriptive title',
      creator: { accountId: '4ad9aa0c52dc1b420a791d12' },
      created: '2021-01-20T15:58:12.797+1100',
      project: { self: 'https://example.atlassian.net/rest/api/2/project/10000', id: '10000', key: overrides.project ?? 'SP', name: 'Sample Project', projectTypeKey: 'service_desk' },
      reporter: 'reporter' in overrides ? overrides.reporter : { accountId: 'qm:1234-abcd:5678' },
      assignee: null,
    },
  },
  atlassianId: '4ad9aa0c52dc1b420a791d12',
  associatedUsers: [{ accountId: '4ad9aa0c52dc1b420a791d12' }],
});

const customer = (over: Partial<ReporterFacts> = {}): ReporterFacts => ({ accountId: 'qm:1', accountType: 'customer', displayName: 'Olivia Order', email: 'olivia@example.net', ...over });

describe('the product event', () => {
  it('reads id, key, project and reporter from the documented payload', () => {
    expect(parseCreatedRequest(event())).toEqual({ issueId: '10073', issueKey: 'SP-10', projectKey: 'SP', reporterAccountId: 'qm:1234-abcd:5678' });
    expect(parseCreatedRequest(event({ reporter: null }))).toMatchObject({ reporterAccountId: undefined });
  });

  it.each([[{}], [null], ['x'], [{ issue: { id: 'abc', key: 'SP-1', fields: { project: { key: 'SP' } } } }], [{ issue: { id: '1', key: 'not a key', fields: { project: { key: 'SP' } } } }], [event({ project: 'sp lower' })]])(
    'refuses %j',
    (payload) => expect(parseCreatedRequest(payload)).toBeUndefined(),
  );
});

describe('who qualifies', () => {
  it.each([
    [customer(), { ok: true, email: 'olivia@example.net' }],
    [customer({ accountType: 'atlassian' }), { ok: false, reason: 'not-portal-customer' }],
    [customer({ accountType: 'app' }), { ok: false, reason: 'not-portal-customer' }],
    [customer({ email: null }), { ok: false, reason: 'no-email' }],
    [customer({ email: 'no address' }), { ok: false, reason: 'no-email' }],
    [customer({ email: 'new.hire@staff.example.com' }), { ok: false, reason: 'internal-address' }],
  ])('%j → %j', (facts, verdict) => expect(reporterQualifies(facts, ['example.com'])).toEqual(verdict));

  it('display names lose control characters and angle brackets; an empty one becomes the local part', () => {
    expect(entryDisplayName(customer({ displayName: 'Olivia <b>Order</b>\n' }), 'olivia@example.net')).toBe('Olivia b Order /b');
    expect(entryDisplayName(customer({ displayName: '  ' }), 'olivia@example.net')).toBe('olivia');
  });

  it('the setting holds sorted, unique project keys', () => {
    expect(withProject(withProject({ projects: ['OTHER'] }, 'DEMO', true), 'DEMO', true)).toEqual({ projects: ['DEMO', 'OTHER'] });
    expect(withProject({ projects: ['DEMO', 'OTHER'] }, 'DEMO', false)).toEqual({ projects: ['OTHER'] });
    expect(autoInviteSchema.safeParse({ projects: ['DEMO', 'DEMO'] }).success).toBe(false);
    expect(autoInviteSchema.safeParse({ projects: ['demo'] }).success).toBe(false);
  });
});

describe('the Automation action\'s inputs and output', () => {
  const locales = ['en', 'de'];
  it.each([
    [{ email: ' a@example.net ', displayName: ' Ann ', language: 'de_DE' }, { ok: true, inputs: { email: 'a@example.net', displayName: 'Ann', locale: 'de' } }],
    [{ email: 'a@example.net', language: 'DE-at' }, { ok: true, inputs: { email: 'a@example.net', locale: 'de' } }],
    [{ email: 'a@example.net', displayName: '', language: '' }, { ok: true, inputs: { email: 'a@example.net' } }],
    [{ email: '' }, { ok: false, field: 'email' }],
    [{ email: ['a@example.net'] }, { ok: false, field: 'email' }],
    [{ email: 'a@example.net', language: 'fr' }, { ok: false, field: 'language' }],
    [{ email: 'a@example.net', displayName: 7 }, { ok: false, field: 'displayName' }],
    [null, { ok: false, field: 'email' }],
  ])('%j → %j', (raw, parsed) => expect(parseActionInputs(raw, locales)).toEqual(parsed));

  it('outcomes that should stop the rule carry Automation errors; the others do not', () => {
    expect(actionOutput('invalid-input', null, 'language').errors?.[0].message).toMatch(/"language"/);
    expect(actionOutput('forbidden').errors).toHaveLength(1);
    expect(actionOutput('invited', 'invited')).toEqual({ outcome: 'invited', status: 'invited', field: null });
    expect(actionOutput('already-active', 'active').errors).toBeUndefined();
  });
});

describe('the trigger\'s flow (fakes)', () => {
  function fakes(settings = { ...DEFAULT_SETTINGS, autoInvite: { projects: ['SP'] } }) {
    const seen = new Set<string>();
    const calls: string[] = [];
    const deps = {
      settings: { load: async () => settings },
      directory: { findByAccount: async () => undefined, findByEmail: async () => undefined, get: async () => undefined },
      replays: { firstSeen: async (k: string) => !seen.has(k) && !!seen.add(k), forget: async (k: string) => void seen.delete(k) },
      log: { info() {}, warn() {}, error() {} },
    } as unknown as Deps;
    const jira = {
      user: jest.fn(async () => ({ accountType: 'customer', displayName: 'Olivia Order', email: null as string | null, locale: 'de_DE' })),
      requestReporterEmail: jest.fn(async () => 'olivia@example.net'),
      serviceDesks: jest.fn(),
      callerMayInvite: jest.fn(),
    };
    jira.user.mockImplementation(async () => (calls.push('user'), { accountType: 'customer', displayName: 'Olivia Order', email: null, locale: 'de_DE' }));
    jira.requestReporterEmail.mockImplementation(async () => (calls.push('request'), 'olivia@example.net'));
    return { deps, jira, calls };
  }

  beforeEach(() => ensureAccess.mockReset().mockResolvedValue({ ok: true, customer: {}, created: true, changed: [], activation: 'invited' }));

  it('a hidden email is read from the JSM request; the entry is made through ensureAccess with the request as source', async () => {
    const { deps, jira, calls } = fakes();
    expect(await handleRequestCreated(deps, jira, event())).toEqual({ invited: true, issueKey: 'SP-10' });
    expect(calls).toEqual(['user', 'request']);
    expect(jira.requestReporterEmail).toHaveBeenCalledWith('SP-10');
    expect(ensureAccess).toHaveBeenCalledWith(deps, expect.anything(), { email: 'olivia@example.net', displayName: 'Olivia Order', locale: 'de' }, { kind: 'request', issueKey: 'SP-10' }, { activate: true });
  });

  it('asks Jira nothing when the setting is off for the project, and decides once per request', async () => {
    const off = fakes({ ...DEFAULT_SETTINGS, autoInvite: { projects: ['OTHER'] } });
    expect(await handleRequestCreated(off.deps, off.jira, event())).toMatchObject({ invited: false, reason: 'not-enabled' });
    expect(off.calls).toEqual([]);
    const on = fakes();
    await handleRequestCreated(on.deps, on.jira, event());
    expect(await handleRequestCreated(on.deps, on.jira, event())).toMatchObject({ invited: false, reason: 'duplicate-event' });
    expect(ensureAccess).toHaveBeenCalledTimes(1);
  });

  it('when Jira fails, the claim is released so a redelivery is handled', async () => {
    const { deps, jira } = fakes();
    jira.user.mockRejectedValueOnce(new Error('Jira unavailable'));
    await expect(handleRequestCreated(deps, jira, event())).rejects.toThrow('Jira unavailable');
    expect(await handleRequestCreated(deps, jira, event())).toEqual({ invited: true, issueKey: 'SP-10' });
  });

  it('a licensed user is never looked up in the JSM request and never invited', async () => {
    const { deps, jira, calls } = fakes();
    jira.user.mockImplementation(async () => (calls.push('user'), { accountType: 'atlassian', displayName: 'Pat', email: null, locale: '' }));
    expect(await handleRequestCreated(deps, jira, event())).toMatchObject({ invited: false, reason: 'not-portal-customer' });
    expect(calls).toEqual(['user']);
    expect(ensureAccess).not.toHaveBeenCalled();
  });
});
