import { ensureAccess } from '../../src/flows/ensure-access';
import { normaliseForLookup } from '../../src/domain/identifier';
import { mails, startTestHost, type TestHost } from '../support/local-host';

/**
 * The one "ensure access" operation (issue 12) on the real adapters: repeats and concurrent calls create one
 * entry and send one invitation; the source is audited. (The API's HTTP tests are in provisioning-api.test.ts.)
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ seed: false });
});
afterAll(async () => {
  await host?.close();
});

const to = async (address: string) => (await mails(host)).filter((m) => m.to.includes(address));

it('50 concurrent calls for one new customer create one entry and send one invitation, audited with the source', async () => {
  const settings = await host.deps.settings.load();
  const results = await Promise.all(
    Array.from({ length: 50 }, () => ensureAccess(host.deps, settings, { email: 'first.order@example.net', displayName: 'First Order' }, { kind: 'request', issueKey: 'DEMO-12' }, { activate: true })),
  );
  await host.idle();
  expect(results.every((r) => r.ok)).toBe(true);
  expect(new Set(results.map((r) => (r.ok ? r.customer.id : '')))).toEqual(new Set([results[0].ok && results[0].customer.id]));
  expect(results.filter((r) => r.ok && r.activation === 'invited')).toHaveLength(1);
  expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
  expect(await to('first.order@example.net')).toHaveLength(1);
  const entry = await host.deps.directory.findByEmail(normaliseForLookup('first.order@example.net'));
  const { events } = await host.deps.directory.listAudit(entry!.id, 20);
  expect(events.find((e) => e.kind === 'invite.sent')?.detail).toMatchObject({ via: 'request', issueKey: 'DEMO-12' });
  // A repeat later: nothing written, nothing sent.
  const again = await ensureAccess(host.deps, settings, { email: 'first.order@example.net', displayName: 'First Order' }, { kind: 'automation' }, { activate: true });
  expect(again).toMatchObject({ ok: true, created: false, activation: 'already-invited', customer: { rev: entry!.rev } });
  expect(await to('first.order@example.net')).toHaveLength(1);
});
