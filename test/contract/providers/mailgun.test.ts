import { DEFAULT_SETTINGS, type Settings } from '../../../src/domain/settings';
import { MailgunTransport } from '../../../src/forge/providers/mailgun';
import type { SendResult } from '../../../src/ports/mail';
import { contractMail, testRefusedConnection, useLoopback, type Reply } from './loopback';

// Request and responses as documented:
// https://documentation.mailgun.com/docs/mailgun/api-reference/send/mailgun/messages,
// https://documentation.mailgun.com/docs/mailgun/api-reference/api-overview (regional base URLs),
// https://documentation.mailgun.com/docs/mailgun/quickstart-guide/responses.

const KEY = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';
const settings: Settings = { ...DEFAULT_SETTINGS, delivery: { provider: 'mailgun', mailgunDomain: 'mg.example.com', mailgunRegion: 'eu' } };
const mail = contractMail('no-reply@mg.example.com');

const server = useLoopback();
const transport = () => new MailgunTransport({ apiBase: server.base, apiKey: async () => KEY });

function expectDocumentedRequest() {
  expect(server.requests).toHaveLength(1);
  const [req] = server.requests;
  expect(req.method).toBe('POST');
  expect(req.path).toBe('/v3/mg.example.com/messages');
  expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`);
  expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
    from: '"Service Desk" <no-reply@mg.example.com>',
    to: '"Ann Customer" <ann@example.org>',
    subject: 'Reset your password',
    html: '<p>Hello</p>',
    text: 'Hello',
    'h:Reply-To': 'help@example.com',
    'h:X-Portal-Access-Id': 'msg-123',
    'v:messageId': 'msg-123',
    'v:customerId': 'cust-9',
  });
}

test('200: the documented body gives the id, without angle brackets', async () => {
  server.reply({ status: 200, body: JSON.stringify({ id: '<20260501100000.1.ABCDEF@mg.example.com>', message: 'Queued. Thank you.' }) });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: true, providerMessageId: '20260501100000.1.ABCDEF@mg.example.com' });
  expectDocumentedRequest();
});

test.each<[string, Reply, SendResult]>([
  ['401 is a permanent auth failure', { status: 401, body: 'Forbidden', headers: { 'Content-Type': 'text/plain' } }, { ok: false, reason: 'provider-auth', retryable: false }],
  [
    '400 (bad recipient or parameters) is permanent',
    { status: 400, body: JSON.stringify({ message: "'to' parameter is not a valid address. please check documentation" }) },
    { ok: false, reason: 'invalid-recipient', retryable: false },
  ],
  [
    '429 is retryable after Retry-After seconds',
    { status: 429, body: JSON.stringify({ message: 'Too many requests' }), headers: { 'Retry-After': '7' } },
    { ok: false, reason: 'http-429', retryable: true, retryAfterSec: 7 },
  ],
  ['429 without Retry-After is still retryable', { status: 429 }, { ok: false, reason: 'http-429', retryable: true }],
  ['500 is retryable', { status: 500, body: JSON.stringify({ message: 'Internal error' }) }, { ok: false, reason: 'http-500', retryable: true }],
  ['404 (unknown domain) is a permanent http-404', { status: 404, body: JSON.stringify({ message: 'Domain not found: mg.example.com' }) }, { ok: false, reason: 'http-404', retryable: false }],
])('%s', async (_, reply, result) => {
  server.reply(reply);
  await expect(transport().send(mail, settings)).resolves.toEqual(result);
  expectDocumentedRequest();
});

testRefusedConnection((apiBase) => new MailgunTransport({ apiBase, apiKey: async () => KEY }).send(mail, settings));

test('no key or no domain: not configured, no request', async () => {
  const noKey = new MailgunTransport({ apiBase: server.base, apiKey: async () => undefined });
  await expect(noKey.send(mail, settings)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
  const noDomain = { ...settings, delivery: { ...settings.delivery, mailgunDomain: '' } };
  await expect(transport().send(mail, noDomain)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
  expect(server.requests).toHaveLength(0);
});

test.each([
  ['eu', 'https://api.eu.mailgun.net/v3/mg.example.com/messages'],
  ['us', 'https://api.mailgun.net/v3/mg.example.com/messages'],
] as const)('region %s picks the documented base URL', async (region, url) => {
  const urls: string[] = [];
  const t = new MailgunTransport({
    apiKey: async () => KEY,
    fetch: async (u) => {
      urls.push(u);
      return new Response(JSON.stringify({ id: '<1@mg.example.com>', message: 'Queued. Thank you.' }), { status: 200 });
    },
  });
  await t.send(mail, { ...settings, delivery: { ...settings.delivery, mailgunRegion: region } });
  expect(urls).toEqual([url]);
});

describe('verify (the admin\'s Diagnostics): an authenticated call that sends nothing', () => {
  it('GET /v3/domains/<domain> with Basic api:<key>, no body; 200 is ok, 401 is provider-auth', async () => {
    server.reply({ status: 200, body: JSON.stringify({ domain: { name: 'mg.example.com', state: 'active' } }) });
    expect(await transport().verify(settings)).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v3/domains/mg.example.com', body: '' });
    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`);
    server.reply({ status: 401, body: 'Forbidden' });
    expect(await transport().verify(settings)).toMatchObject({ ok: false, reason: 'provider-auth' });
  });

  it('without a domain or key nothing is called', async () => {
    expect(await transport().verify({ ...settings, delivery: { ...settings.delivery, mailgunDomain: '' } })).toMatchObject({ reason: 'not-configured' });
    expect(server.requests).toHaveLength(0);
  });
});
