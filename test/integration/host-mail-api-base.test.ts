import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminResult } from '../../src/surfaces/admin-api';
import { form, invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * HostOptions.mailApiBase (the delivery bench): mail leaves through the app's own provider transport, with the
 * provider and key the admin saved, to the given base URL instead of the provider's, and not into the mailbox.
 */
let host: TestHost;
let api: http.Server;
const calls: { path: string; token: string | undefined; body: { To?: string; Subject?: string } }[] = [];

beforeAll(async () => {
  api = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', token: req.headers['x-postmark-server-token'] as string | undefined, body: JSON.parse(body) as { To?: string } });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ To: 'x', SubmittedAt: new Date().toISOString(), MessageID: `pm-${calls.length}`, ErrorCode: 0, Message: 'OK' }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  host = await startTestHost({ mailApiBase: `http://127.0.0.1:${(api.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await host.close();
  await new Promise((resolve) => api.close(resolve));
});

it('sends a queued mail through the provider the admin chose, with its key, to the stand-in', async () => {
  const saved = await invokeResolver<AdminResult<unknown>>(host.url, {
    moduleKey: 'admin-page',
    functionKey: 'admin/delivery/save',
    persona: 'admin',
    payload: { provider: 'postmark', senderName: 'Demo Support', senderAddress: 'support@demo-company.example', replyTo: '', mailgunDomain: '', mailgunRegion: 'eu', apiKey: 'pm-token-abcd1234', webhookSecret: 'whsec-0123456789' },
  });
  expect(saved.ok).toBe(true);
  expect((await form(host, 'forgot', { identifier: 'jane.doe@example.com' })).status).toBe(303);
  await host.idle();
  expect(calls).toEqual([{ path: '/email', token: 'pm-token-abcd1234', body: expect.objectContaining({ To: '"Jane Doe" <jane.doe@example.com>' }) }]);
  expect(host.mailbox.list()).toEqual([]);
});
