import { DEFAULT_SETTINGS, type Settings } from '../../../src/domain/settings';
import { SevenTransport } from '../../../src/forge/sms/seven';
import { SmsProviderTransport } from '../../../src/forge/sms/transport';
import type { OutgoingSms } from '../../../src/ports/sms';
import { closedPortBase, testRefusedConnection, useLoopback } from '../providers/loopback';

// Request and responses as documented: https://docs.seven.io/en/rest-api/endpoints/sms#send-sms
// (POST /api/sms, JSON, X-Api-Key; HTTP 200 with a return code in `success`, "100" = sent; other codes:
// https://docs.seven.io/en/rest-api/endpoints/sms#return-codes).

const KEY = 'seven-key-7f3a9c21';
const settings: Settings = { ...DEFAULT_SETTINGS, sms: { provider: 'seven', sender: 'DemoDesk', twilioAccountSid: '', dailyCap: 200 } };
const sms: OutgoingSms = { id: '4f1c2a9e0b7d6c5e4f3a2b1c', to: '+491711234567', text: 'Your verification code: 123456' };

const server = useLoopback();
const transport = () => new SevenTransport({ apiBase: server.base, apiKey: async () => KEY });

const sentBody = (code: string | number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    success: String(code),
    total_price: 0.075,
    balance: 12.5,
    debug: 'false',
    sms_type: 'direct',
    messages: [{ id: '77229318', sender: 'DemoDesk', recipient: '491711234567', text: sms.text, encoding: 'gsm', label: null, parts: 1, udh: null, is_binary: false, price: 0.075, success: true, error: null, error_text: null, ...extra }],
  });

function expectDocumentedRequest() {
  expect(server.requests).toHaveLength(1);
  const [req] = server.requests;
  expect(req.method).toBe('POST');
  expect(req.path).toBe('/api/sms');
  expect(req.headers['x-api-key']).toBe(KEY);
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.headers.accept).toBe('application/json');
  expect(JSON.parse(req.body)).toEqual({ to: '+491711234567', text: 'Your verification code: 123456', from: 'DemoDesk', foreign_id: '4f1c2a9e0b7d6c5e4f3a2b1c' });
}

test('200 with success "100": sent, with seven.io\'s message id', async () => {
  server.reply({ status: 200, body: sentBody(100) });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: true, providerMessageId: '77229318' });
  expectDocumentedRequest();
});

test('no sender set: no `from` (seven.io uses the account default)', async () => {
  server.reply({ status: 200, body: sentBody(100) });
  await transport().send(sms, { ...settings, sms: { ...settings.sms, sender: '' } });
  expect(JSON.parse(server.requests[0].body)).not.toHaveProperty('from');
});

test.each([201, 202])('return code %i (invalid country / recipient) is a permanent invalid-recipient', async (code) => {
  server.reply({ status: 200, body: sentBody(code, { success: false, id: null }) });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'invalid-recipient', retryable: false });
  expectDocumentedRequest();
});

test('a bare return code body (900, bad API key) is a permanent auth failure', async () => {
  server.reply({ status: 200, body: '900' });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'provider-auth', retryable: false });
  expectDocumentedRequest();
});

test('HTTP 401 is a permanent auth failure', async () => {
  server.reply({ status: 401, body: JSON.stringify({ error: 'Unauthorized' }) });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'provider-auth', retryable: false });
});

test('return code 500 (no credit) is permanent; 600 (carrier failed) is retryable', async () => {
  server.reply({ status: 200, body: JSON.stringify({ success: '500' }) });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'provider-credit', retryable: false });
  server.reply({ status: 200, body: JSON.stringify({ success: '600' }) });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'seven-600', retryable: true });
});

test('429 is retryable after Retry-After seconds', async () => {
  server.reply({ status: 429, body: '', headers: { 'Retry-After': '20' } });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'http-429', retryable: true, retryAfterSec: 20 });
  expectDocumentedRequest();
});

test.each([500, 502, 503])('HTTP %i is retryable', async (status) => {
  server.reply({ status, body: '<html>error</html>' });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: `http-${status}`, retryable: true });
});

test('an answer that is not seven.io\'s shape is retried, not taken as sent', async () => {
  server.reply({ status: 200, body: '<html>maintenance</html>' });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'provider-answer', retryable: true });
});

testRefusedConnection((apiBase) => new SevenTransport({ apiBase, apiKey: async () => KEY }).send(sms, settings));

test('no stored key: not configured, no request; a number that is not E.164 is refused before sending', async () => {
  const t = new SevenTransport({ apiBase: server.base, apiKey: async () => undefined });
  await expect(t.send(sms, settings)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
  await expect(transport().send({ ...sms, to: '0171 1234567,+4915112345678' }, settings)).resolves.toEqual({ ok: false, reason: 'invalid-recipient', retryable: false });
  expect(server.requests).toHaveLength(0);
});

describe('SmsProviderTransport', () => {
  test('routes by settings.sms.provider to the documented hosts', async () => {
    const urls: string[] = [];
    const t = new SmsProviderTransport({
      apiKey: async () => KEY,
      fetch: async (url, init) => {
        urls.push(url);
        return fetch(url.replace(/^https:\/\/[^/]+/, server.base), init);
      },
    });
    server.reply({ status: 200, body: sentBody(100) });
    await expect(t.send(sms, settings)).resolves.toEqual({ ok: true, providerMessageId: '77229318' });
    const twilio: Settings = { ...settings, sms: { provider: 'twilio', sender: '+4915712345678', twilioAccountSid: `AC${'a1'.repeat(16)}`, dailyCap: 200 } };
    server.reply({ status: 201, body: JSON.stringify({ sid: 'SM0123', status: 'queued' }) });
    await expect(t.send(sms, twilio)).resolves.toEqual({ ok: true, providerMessageId: 'SM0123' });
    expect(urls).toEqual(['https://gateway.seven.io/api/sms', `https://api.twilio.com/2010-04-01/Accounts/AC${'a1'.repeat(16)}/Messages.json`]);
    await expect(t.send(sms, DEFAULT_SETTINGS)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
    expect(urls).toHaveLength(2);
  });
});

describe('verify (the admin\'s Diagnostics): an authenticated call that sends nothing', () => {
  it('GET /api/balance with X-Api-Key, no body; a balance is ok, a bare 900 (bad key) is provider-auth', async () => {
    server.reply({ status: 200, body: JSON.stringify({ amount: 12.5, currency: 'EUR' }) });
    expect(await transport().verify(settings)).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/balance', body: '' });
    expect(server.requests[0].headers['x-api-key']).toBe(KEY);
    server.reply({ status: 200, body: '900' });
    expect(await transport().verify(settings)).toMatchObject({ ok: false, reason: 'provider-auth' });
    server.reply({ status: 401, body: '' });
    expect(await transport().verify(settings)).toMatchObject({ ok: false, reason: 'provider-auth' });
  });

  it('through the provider the settings name; a refused connection is network', async () => {
    server.reply({ status: 200, body: JSON.stringify({ amount: 1, currency: 'EUR' }) });
    expect(await new SmsProviderTransport({ apiBase: server.base, apiKey: async () => KEY }).verify(settings)).toEqual({ ok: true });
    expect(await new SevenTransport({ apiBase: await closedPortBase(), apiKey: async () => KEY }).verify(settings)).toMatchObject({ reason: 'network' });
  });
});
