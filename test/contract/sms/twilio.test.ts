import { DEFAULT_SETTINGS, type Settings } from '../../../src/domain/settings';
import { TwilioTransport } from '../../../src/forge/sms/twilio';
import type { OutgoingSms } from '../../../src/ports/sms';
import { testRefusedConnection, useLoopback } from '../providers/loopback';

// Request and responses as documented: https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
// (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body, HTTP Basic auth with the
// Account SID and auth token: https://www.twilio.com/docs/usage/your-request-to-twilio); errors as JSON
// {code, message, more_info, status}: https://www.twilio.com/docs/usage/twilios-response,
// https://www.twilio.com/docs/api/errors/21211.

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-auth-token-5e6f';
const settings: Settings = { ...DEFAULT_SETTINGS, sms: { provider: 'twilio', sender: '+4915712345678', twilioAccountSid: SID, dailyCap: 200 } };
const sms: OutgoingSms = { id: 'b2c3d4', to: '+491711234567', text: 'Your verification code: 123456' };

const server = useLoopback();
const transport = () => new TwilioTransport({ apiBase: server.base, apiKey: async () => TOKEN });

const twilioError = (code: number, status: number, message: string) => JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

function expectDocumentedRequest(from = '+4915712345678') {
  expect(server.requests).toHaveLength(1);
  const [req] = server.requests;
  expect(req.method).toBe('POST');
  expect(req.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
  expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
  expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ To: '+491711234567', From: from, Body: 'Your verification code: 123456' });
}

test('201: sent, with the message sid', async () => {
  server.reply({
    status: 201,
    body: JSON.stringify({ sid: 'SM1f0e2d3c4b5a69788796a5b4c3d2e1f0', account_sid: SID, to: sms.to, from: '+4915712345678', body: sms.text, status: 'queued', direction: 'outbound-api', api_version: '2010-04-01', error_code: null }),
  });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: true, providerMessageId: 'SM1f0e2d3c4b5a69788796a5b4c3d2e1f0' });
  expectDocumentedRequest();
});

test('an alphanumeric sender ID goes in From as it is', async () => {
  server.reply({ status: 201, body: JSON.stringify({ sid: 'SM1' }) });
  await transport().send(sms, { ...settings, sms: { ...settings.sms, sender: 'DemoDesk' } });
  expectDocumentedRequest('DemoDesk');
});

test.each([21211, 21614, 21408, 21610])('400 with code %i is a permanent invalid-recipient', async (code) => {
  server.reply({ status: 400, body: twilioError(code, 400, "The 'To' number is not a valid phone number.") });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'invalid-recipient', retryable: false });
  expectDocumentedRequest();
});

test('400 with code 21606 (From cannot send SMS) is a permanent invalid-sender', async () => {
  server.reply({ status: 400, body: twilioError(21606, 400, "The 'From' phone number provided is not a valid message-capable Twilio phone number.") });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'invalid-sender', retryable: false });
});

test('401 (20003, bad credentials) is a permanent auth failure', async () => {
  server.reply({ status: 401, body: twilioError(20003, 401, 'Authenticate') });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'provider-auth', retryable: false });
  expectDocumentedRequest();
});

test('429 (20429) is retryable after Retry-After seconds', async () => {
  server.reply({ status: 429, body: twilioError(20429, 429, 'Too Many Requests'), headers: { 'Retry-After': '45' } });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: 'http-429', retryable: true, retryAfterSec: 45 });
});

test.each([500, 503])('%i is retryable', async (status) => {
  server.reply({ status, body: twilioError(20500, status, 'Internal Server Error') });
  await expect(transport().send(sms, settings)).resolves.toEqual({ ok: false, reason: `http-${status}`, retryable: true });
});

testRefusedConnection((apiBase) => new TwilioTransport({ apiBase, apiKey: async () => TOKEN }).send(sms, settings));

test('no token or no Account SID: not configured; no sender: invalid-sender; nothing sent', async () => {
  await expect(new TwilioTransport({ apiBase: server.base, apiKey: async () => undefined }).send(sms, settings)).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
  await expect(transport().send(sms, { ...settings, sms: { ...settings.sms, twilioAccountSid: '' } })).resolves.toEqual({ ok: false, reason: 'not-configured', retryable: false });
  await expect(transport().send(sms, { ...settings, sms: { ...settings.sms, sender: '' } })).resolves.toEqual({ ok: false, reason: 'invalid-sender', retryable: false });
  expect(server.requests).toHaveLength(0);
});

test('with a status callback, StatusCallback names where delivery reports go', async () => {
  server.reply({ status: 201, body: JSON.stringify({ sid: 'SM1' }) });
  const withCallback = new TwilioTransport({ apiBase: server.base, apiKey: async () => TOKEN, statusCallback: async () => 'https://example.invalid/x1/abc/sms-twilio' });
  await withCallback.send(sms, settings);
  expect(new URLSearchParams(server.requests[0].body).get('StatusCallback')).toBe('https://example.invalid/x1/abc/sms-twilio');
});

describe('verify (the admin\'s Diagnostics): an authenticated call that sends nothing', () => {
  it('GET /2010-04-01/Accounts/<sid>.json with Basic sid:token, no body; 200 is ok, 401 is provider-auth', async () => {
    server.reply({ status: 200, body: JSON.stringify({ sid: SID, status: 'active' }) });
    expect(await transport().verify(settings)).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: `/2010-04-01/Accounts/${SID}.json`, body: '' });
    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    server.reply({ status: 401, body: twilioError(20003, 401, 'Authenticate') });
    expect(await transport().verify(settings)).toMatchObject({ ok: false, reason: 'provider-auth' });
  });

  it('without an Account SID nothing is called', async () => {
    expect(await transport().verify({ ...settings, sms: { ...settings.sms, twilioAccountSid: '' } })).toMatchObject({ reason: 'not-configured' });
    expect(server.requests).toHaveLength(0);
  });
});
