import { asApp, asUser, route } from '@forge/api';
import { ForgeJira } from '../../src/forge/jira';
import { installForgeRuntime } from '../../local/forge-runtime';
import { DEMO_ISSUES, JiraEmulator, PERSONAS } from '../../local/jira-emulator';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';

/**
 * Drives the real ForgeJira adapter through the emulated `__forge_fetch__`, persona by persona, and pins the
 * emulator's raw responses to the keys of the documented Jira Cloud REST v3 examples.
 */
let persona: string | undefined;
const jira = new JiraEmulator();
let uninstall: () => void;
let kvs: SqliteKvs;

beforeAll(() => {
  kvs = new SqliteKvs({ file: ':memory:', entities: [], now: () => Date.now() });
  uninstall = installForgeRuntime({ kvs, appId: 'ari:cloud:ecosystem::app/test', baseUrl: () => 'http://localhost', onQueueEvent: () => {}, jira, currentPersona: () => persona });
});
afterAll(() => {
  uninstall();
  kvs.close();
});

async function as<T>(who: string | undefined, run: () => Promise<T>): Promise<T> {
  persona = who;
  try {
    return await run();
  } finally {
    persona = undefined;
  }
}

const adapter = new ForgeJira();
const access = (who: string | undefined, issue: string) => as(who, () => adapter.issueAccessForCaller(issue));

describe('raw response shapes (documented examples)', () => {
  it('GET /rest/api/3/issue/{key}?fields=reporter,project', async () => {
    const res = await as('agent', () => asUser().requestJira(route`/rest/api/3/issue/DEMO-2?fields=reporter,project`));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['expand', 'fields', 'id', 'key', 'self']);
    expect(Object.keys(body.fields).sort()).toEqual(['project', 'reporter']);
    expect(body).toMatchObject({ id: '10002', key: 'DEMO-2', fields: { project: { id: '10000', key: 'DEMO', name: 'Demo Service Desk' } } });
    expect(Object.keys(body.fields.reporter).sort()).toEqual(['accountId', 'accountType', 'active', 'avatarUrls', 'displayName', 'emailAddress', 'self', 'timeZone']);
    expect(Object.keys(body.fields.project)).toEqual(expect.arrayContaining(['self', 'id', 'key', 'name', 'projectTypeKey']));
  });

  it('GET /rest/api/3/mypermissions returns only the requested keys', async () => {
    const res = await as('agent', () => asUser().requestJira(route`/rest/api/3/mypermissions?issueKey=DEMO-1&permissions=${'BROWSE_PROJECTS,SERVICEDESK_AGENT,ADMINISTER'}`));
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['permissions']);
    expect(Object.keys(body.permissions).sort()).toEqual(['ADMINISTER', 'BROWSE_PROJECTS', 'SERVICEDESK_AGENT']);
    expect(Object.keys(body.permissions.BROWSE_PROJECTS).sort()).toEqual(['description', 'havePermission', 'id', 'key', 'name', 'type']);
    expect(body.permissions.BROWSE_PROJECTS).toMatchObject({ id: '10', key: 'BROWSE_PROJECTS', type: 'PROJECT', havePermission: true });
    expect(body.permissions.ADMINISTER).toMatchObject({ type: 'GLOBAL', havePermission: false });
  });

  it('GET /rest/api/3/myself', async () => {
    const body = await (await as('agent', () => asUser().requestJira(route`/rest/api/3/myself`))).json();
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['self', 'accountId', 'accountType', 'emailAddress', 'displayName', 'active', 'timeZone', 'locale', 'avatarUrls']));
    expect(body).toMatchObject({ displayName: 'Alex Agent', accountType: 'atlassian', active: true });
  });

  it('GET /rest/api/3/mypermissions without issue or project: global permissions', async () => {
    const mine = async (who: string) => (await as(who, () => asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`))).json();
    const admin = await mine('admin');
    expect(Object.keys(admin)).toEqual(['permissions']);
    expect(Object.keys(admin.permissions)).toEqual(['ADMINISTER']);
    expect(admin.permissions.ADMINISTER).toEqual({ id: '0', key: 'ADMINISTER', name: 'Administer Jira', type: 'GLOBAL', description: expect.any(String), havePermission: true });
    for (const who of ['agent', 'other-agent', 'customer']) expect((await mine(who)).permissions.ADMINISTER.havePermission).toBe(false);
    expect((await as('anonymous', () => asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`))).status).toBe(401);
    expect((await asApp().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`)).status).toBe(200);
  });

  it('401 without a user, 404 with the documented message for a hidden or missing issue', async () => {
    expect((await as(undefined, () => asUser().requestJira(route`/rest/api/3/myself`))).status).toBe(401);
    const hidden = await as('other-agent', () => asUser().requestJira(route`/rest/api/3/issue/DEMO-1`));
    const missing = await as('other-agent', () => asUser().requestJira(route`/rest/api/3/issue/DEMO-99`));
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
  });

  it('the app itself (asApp) sees every issue', async () => {
    expect((await asApp().requestJira(route`/rest/api/3/issue/OTHER-1`)).status).toBe(200);
    expect(jira.calls.at(-1)).toEqual({ persona: 'app', path: '/rest/api/3/issue/OTHER-1' });
  });
});

describe('ForgeJira access table', () => {
  it('agent of DEMO on DEMO-1', async () => {
    expect(await access('agent', 'DEMO-1')).toEqual({
      issueId: '10001',
      issueKey: 'DEMO-1',
      projectKey: 'DEMO',
      reporter: { accountId: expect.any(String), displayName: 'Tom Invited', emailAddress: 'tom.invited@example.com' },
      canBrowse: true,
      isAgent: true,
      isAdmin: false,
    });
  });

  it('accepts the numeric issue id as well', async () => {
    expect(await access('agent', '10002')).toMatchObject({ issueKey: 'DEMO-2', isAgent: true, reporter: { accountId: '5b10ac8d82e05b22cc7d4ef1', displayName: 'Jane Doe' } });
  });

  it('agent of OTHER only', async () => {
    expect(await access('other-agent', 'DEMO-1')).toBeUndefined();
    expect(await access('other-agent', 'OTHER-1')).toMatchObject({ projectKey: 'OTHER', canBrowse: true, isAgent: true, isAdmin: false });
  });

  it('admin browses everything but is no agent', async () => {
    expect(await access('admin', 'DEMO-1')).toMatchObject({ canBrowse: true, isAgent: false, isAdmin: true });
    expect(await access('admin', 'OTHER-1')).toMatchObject({ isAdmin: true, isAgent: false });
  });

  it('a portal customer and an anonymous caller get nothing', async () => {
    expect(await access('customer', 'DEMO-2')).toBeUndefined();
    expect(await access('anonymous', 'DEMO-1')).toBeUndefined();
    expect(await access(undefined, 'DEMO-1')).toBeUndefined();
  });

  it('a reporter whose e-mail is hidden by privacy settings', async () => {
    expect((await access('agent', 'DEMO-8'))?.reporter).toEqual({ accountId: expect.any(String), displayName: 'Hidden Email', emailAddress: null });
  });

  it('unknown issue → undefined', async () => {
    expect(await access('agent', 'DEMO-404')).toBeUndefined();
  });

  it('caller()', async () => {
    expect(await as('agent', () => adapter.caller())).toEqual({ accountId: '5b10ac8d82e05b22cc7d4ea1', accountType: 'atlassian', displayName: 'Alex Agent', emailAddress: 'alex.agent@demo-company.example', timeZone: 'Europe/Berlin' });
    expect(await as('admin', () => adapter.caller())).toEqual({ accountId: '5b10ac8d82e05b22cc7d4ead', accountType: 'atlassian', displayName: 'Ada Admin', emailAddress: 'ada.admin@demo-company.example', timeZone: 'Europe/Berlin' });
    expect(await as('anonymous', () => adapter.caller())).toBeUndefined();
  });

  it('portal customers beyond the personas: a stable accountId per address, myself answered as that account, no issues', async () => {
    const id = jira.ensurePortalCustomer({ email: 'Pat.Portal@example.com', displayName: 'Pat Portal' });
    expect(jira.ensurePortalCustomer({ email: 'pat.portal@example.com', displayName: 'Pat' })).toBe(id);
    expect(new JiraEmulator().ensurePortalCustomer({ email: 'pat.portal@example.com', displayName: 'Pat' })).toBe(id);
    expect(jira.ensurePortalCustomer({ email: 'jane.doe@example.com', displayName: 'Jane Doe' })).toBe('5b10ac8d82e05b22cc7d4ef1');
    expect(await as(id, () => adapter.caller())).toEqual({ accountId: id, accountType: 'customer', displayName: 'Pat Portal', emailAddress: 'Pat.Portal@example.com', timeZone: 'Europe/Berlin' });
    expect(await access(id, 'DEMO-2')).toBeUndefined();
    expect(await as('qm:unknown', () => adapter.caller())).toBeUndefined();
  });

  it.each([
    ['admin', true],
    ['agent', false],
    ['other-agent', false],
    ['customer', false],
    ['anonymous', false],
    [undefined, false],
  ])('isAdmin() as %s → %s', async (who, expected) => {
    expect(await as(who, () => adapter.isAdmin())).toBe(expected);
  });

  it('isAdmin() is one global "my permissions" call as the user', async () => {
    const before = jira.calls.length;
    await as('admin', () => adapter.isAdmin());
    expect(jira.calls.slice(before)).toEqual([{ persona: 'admin', path: '/rest/api/3/mypermissions?permissions=ADMINISTER' }]);
  });

  it('isAdmin() is false when Jira fails (fail closed)', async () => {
    const original = jira.handle.bind(jira);
    const spy = jest.spyOn(jira, 'handle').mockImplementation((p, path, init) =>
      path.startsWith('/rest/api/3/mypermissions') ? new Response('{}', { status: 503 }) : original(p, path, init),
    );
    try {
      expect(await as('admin', () => adapter.isAdmin())).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('siteTimeZone(): serverInfo\'s serverTimeZone (documented example shape), undefined when left out or refused', async () => {
    const raw = (await (await as(undefined, () => asUser().requestJira(route`/rest/api/3/serverInfo`))).json()) as Record<string, unknown>;
    expect(raw).toMatchObject({ baseUrl: expect.any(String), deploymentType: 'Cloud', serverTimeZone: 'Europe/Berlin' });
    expect(await as('admin', () => adapter.siteTimeZone())).toBe('Europe/Berlin');
    jira.siteTimeZone = undefined;
    try {
      expect(await as('admin', () => adapter.siteTimeZone())).toBeUndefined();
    } finally {
      jira.siteTimeZone = 'Europe/Berlin';
    }
    const original = jira.handle.bind(jira);
    const spy = jest.spyOn(jira, 'handle').mockImplementation((p, path, init) => (path === '/rest/api/3/serverInfo' ? new Response('{"errorMessages":["Unauthorized; scope does not match"]}', { status: 401 }) : original(p, path, init)));
    try {
      expect(await as('admin', () => adapter.siteTimeZone())).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('issueAccessForCaller makes exactly two calls, in parallel, as the user', async () => {
    const before = jira.calls.length;
    await access('agent', 'DEMO-3');
    expect(jira.calls.slice(before).map((c) => c.path.split('?')[0])).toEqual(['/rest/api/3/issue/DEMO-3', '/rest/api/3/mypermissions']);
  });
});

describe('demo data', () => {
  it('exports personas and issues for the index page', () => {
    expect(PERSONAS).toEqual(['anonymous', 'customer', 'agent', 'other-agent', 'admin']);
    expect(DEMO_ISSUES.find((i) => i.key === 'DEMO-5')).toMatchObject({ reporterDisplayName: 'Nora Neu', reporterEmail: 'nora.neu@example.com' });
    expect(DEMO_ISSUES.find((i) => i.key === 'DEMO-8')?.reporterEmail).toBeNull();
  });
});
