import { DEFAULT_SETTINGS, type Settings } from '../../../src/domain/settings';
import { ProviderTransport } from '../../../src/forge/mail';
import { PostmarkTransport } from '../../../src/forge/providers/postmark';
import { closedPortBase, contractMail, testRefusedConnection, useLoopback } from './loopback';

// Request and responses as documented: https://postmarkapp.com/developer/user-guide/send-email-with-api,
// https://postmarkapp.com/developer/api/overview (status and ErrorCode table).

const TOKEN = 'server-token-0f9e';
const settings: Settings = { ...DEFAULT_SETTINGS, delivery: { ...DEFAULT_SETTINGS.delivery, provider: 'postmark' } };
const mail = contractMail('no-reply@example.com');

const server = useLoopback();
const transport = () => new PostmarkTransport({ apiBase: server.base, apiKey: async () => TOKEN });

function expectDocumentedRequest(expectedFrom = '"Service Desk" <no-reply@example.com>') {
  expect(server.requests).toHaveLength(1);
  const [req] = server.requests;
  expect(req.method).toBe('POST');
  expect(req.path).toBe('/email');
  expect(req.headers.accept).toBe('application/json');
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.headers['x-postmark-server-token']).toBe(TOKEN);
  expect(JSON.parse(req.body)).toEqual({
    From: expectedFrom,
    To: '"Ann Customer" <ann@example.org>',
    ReplyTo: 'help@example.com',
    Subject: 'Reset your password',
    HtmlBody: '<p>Hello</p>',
    TextBody: 'Hello',
    MessageStream: 'outbound',
    Metadata: { messageId: 'msg-123', customerId: 'cust-9' },
    Headers: [{ Name: 'X-Portal-Access-Id', Value: 'msg-123' }],
  });
}

test('200: the documented success body gives the MessageID', async () => {
  server.reply({
    status: 200,
    body: JSON.stringify({ To: 'ann@example.org', SubmittedAt: '2026-05-01T10:00:00.0000000Z', MessageID: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817', ErrorCode: 0, Message: 'OK' }),
  });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: true, providerMessageId: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817' });
  expectDocumentedRequest();
});

test('401 (ErrorCode 10, bad or missing token) is a permanent auth failure', async () => {
  server.reply({ status: 401, body: JSON.stringify({ ErrorCode: 10, Message: 'Bad or missing Server API token.' }) });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: false, reason: 'provider-auth', retryable: false });
  expectDocumentedRequest();
});

test.each([300, 406])('422 with ErrorCode %i is an invalid recipient, not retried', async (code) => {
  server.reply({ status: 422, body: JSON.stringify({ ErrorCode: code, Message: 'rejected' }) });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: false, reason: 'invalid-recipient', retryable: false });
  expectDocumentedRequest();
});

test('422 with another ErrorCode (400, sender signature not found) is a permanent http-422', async () => {
  server.reply({ status: 422, body: JSON.stringify({ ErrorCode: 400, Message: 'Sender signature not found' }) });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: false, reason: 'http-422', retryable: false });
});

test('429 is retryable after Retry-After seconds', async () => {
  server.reply({ status: 429, body: JSON.stringify({ ErrorCode: 429, Message: 'Rate limit exceeded' }), headers: { 'Retry-After': '30' } });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: false, reason: 'http-429', retryable: true, retryAfterSec: 30 });
  expectDocumentedRequest();
});

test('429 with an HTTP-date Retry-After', async () => {
  server.reply({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 120_000).toUTCString() } });
  const result = await transport().send(mail, settings);
  expect(result).toMatchObject({ ok: false, reason: 'http-429', retryable: true });
  expect(result.ok === false && result.retryAfterSec).toBeGreaterThanOrEqual(118);
  expect(result.ok === false && result.retryAfterSec).toBeLessThanOrEqual(121);
});

test.each([500, 503])('%i is retryable', async (status) => {
  server.reply({ status, body: '' });
  await expect(transport().send(mail, settings)).resolves.toEqual({ ok: false, reason: `http-${status}`, retryable: true });
});

testRefusedConnection((apiBase) => new PostmarkTransport({ apiBase, apiKey: async () => TOKEN }).send(mail, settings));

test('no stored key: not configured, no request', async () => {
  const t = new PostmarkTransport({ apiBase: server.base, apiKey: async () => undefined });
  await expect(t.send(mail, settings)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
  expect(server.requests).toHaveLength(0);
});

test('display names cannot inject headers; an address that would add recipients is refused before sending', async () => {
  server.reply({ status: 200, body: JSON.stringify({ MessageID: 'x', ErrorCode: 0, Message: 'OK' }) });
  const evil = { ...mail, from: { name: 'Desk"\r\nBcc: <victim@example.net>', address: 'no-reply@example.com' } };
  await transport().send(evil, settings);
  expectDocumentedRequest('"Desk Bcc: victim@example.net" <no-reply@example.com>');

  const twoRecipients = { ...mail, to: { name: 'Ann', address: 'ann@example.org, other@example.net' } };
  await expect(transport().send(twoRecipients, settings)).resolves.toEqual({ ok: false, reason: 'invalid-recipient', retryable: false });
  expect(server.requests).toHaveLength(1);
});

describe('ProviderTransport', () => {
  test('routes by settings.delivery.provider', async () => {
    server.reply({ status: 200, body: JSON.stringify({ MessageID: 'pm-1', ErrorCode: 0, Message: 'OK' }) });
    const urls: string[] = [];
    const t = new ProviderTransport({
      apiKey: async () => TOKEN,
      fetch: async (url, init) => {
        urls.push(url);
        return fetch(url.replace(/^https:\/\/[^/]+/, server.base), init);
      },
    });
    await expect(t.send(mail, settings)).resolves.toEqual({ ok: true, providerMessageId: 'pm-1' });
    const mailgun: Settings = { ...settings, delivery: { provider: 'mailgun', mailgunDomain: 'mg.example.com', mailgunRegion: 'eu' } };
    server.reply({ status: 200, body: JSON.stringify({ id: '<1@mg.example.com>', message: 'Queued. Thank you.' }) });
    await expect(t.send(mail, mailgun)).resolves.toEqual({ ok: true, providerMessageId: '1@mg.example.com' });
    expect(urls).toEqual(['https://api.postmarkapp.com/email', 'https://api.eu.mailgun.net/v3/mg.example.com/messages']);
    await expect(t.send(mail, DEFAULT_SETTINGS)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
    expect(urls).toHaveLength(2);
  });
});

describe('verify (the admin\'s Diagnostics): an authenticated call that sends nothing', () => {
  it('GET /server with the server token, no body; 200 is ok, 401 is provider-auth', async () => {
    server.reply({ status: 200, body: JSON.stringify({ ID: 1, Name: 'Portal' }) });
    expect(await transport().verify(settings)).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/server', body: '' });
    expect(server.requests[0].headers['x-postmark-server-token']).toBe(TOKEN);
    server.reply({ status: 401, body: JSON.stringify({ ErrorCode: 10, Message: 'Bad or missing Server API token' }) });
    expect(await transport().verify(settings)).toEqual({ ok: false, reason: 'provider-auth', retryable: false });
  });

  it('without a token nothing is called; a refused connection is network', async () => {
    expect(await new PostmarkTransport({ apiBase: server.base, apiKey: async () => undefined }).verify(settings)).toMatchObject({ ok: false, reason: 'not-configured' });
    expect(server.requests).toHaveLength(0);
    expect(await new PostmarkTransport({ apiBase: await closedPortBase(), apiKey: async () => TOKEN }).verify(settings)).toMatchObject({ ok: false, reason: 'network' });
  });

  it('through the provider the settings name', async () => {
    server.reply({ status: 200, body: '{}' });
    expect(await new ProviderTransport({ apiBase: server.base, apiKey: async () => TOKEN }).verify(settings)).toEqual({ ok: true });
    expect(await new ProviderTransport({ apiBase: server.base, apiKey: async () => TOKEN }).verify({ ...settings, delivery: { ...settings.delivery, provider: 'none' } })).toMatchObject({ reason: 'not-configured' });
  });
});
