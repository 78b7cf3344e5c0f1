import { createHash, createHmac } from 'node:crypto';
import { verifySevenReport, verifyTwilioStatus } from '../../../src/forge/sms/reports';

describe('Twilio status callbacks (X-Twilio-Signature)', () => {
  // Twilio's documented example (https://www.twilio.com/docs/usage/webhooks/webhooks-security; the same vector
  // is in twilio-php's RequestValidatorTest): auth token 12345, this URL and these fields give this signature.
  const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const FIELDS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  const body = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  test("Twilio's documented vector verifies (then ignored: it is not a message status)", () => {
    expect(verifyTwilioStatus({ url: URL, body: body(FIELDS), signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }, '12345')).toBe('ignored');
    expect(verifyTwilioStatus({ url: URL, body: body({ ...FIELDS, Digits: '9999' }), signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }, '12345')).toBe('forbidden');
    expect(verifyTwilioStatus({ url: `${URL}&x=1`, body: body(FIELDS), signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }, '12345')).toBe('forbidden');
    expect(verifyTwilioStatus({ url: URL, body: body(FIELDS), signature: undefined }, '12345')).toBe('forbidden');
    expect(verifyTwilioStatus({ url: URL, body: body(FIELDS), signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' }, '')).toBe('forbidden');
  });

  // Status callback fields: https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
  const SID = 'SM1f0e2d3c4b5a69788796a5b4c3d2e1f0';
  const callback = (status: string, extra: Record<string, string> = {}) => {
    const fields = { AccountSid: `AC${'0'.repeat(32)}`, ApiVersion: '2010-04-01', From: '+4915712345678', To: '+4915123456789', MessageSid: SID, SmsSid: SID, MessageStatus: status, SmsStatus: status, ...extra };
    const url = 'https://example.invalid/x1/abc/sms-twilio';
    const signature = createHmac('sha1', 'tok').update(url + Object.keys(fields).sort().map((k) => k + fields[k as keyof typeof fields]).join('')).digest('base64');
    return verifyTwilioStatus({ url, body: body(fields), signature }, 'tok');
  };

  test('delivered, undelivered (with its error code), failed; interim statuses are ignored; the number is not kept', () => {
    expect(callback('delivered')).toEqual({ provider: 'twilio', providerMessageId: SID, delivered: true, dedupeKey: `twilio:${SID}:delivered` });
    expect(callback('undelivered', { ErrorCode: '30005' })).toEqual({ provider: 'twilio', providerMessageId: SID, delivered: false, reason: 'twilio-30005', dedupeKey: `twilio:${SID}:undelivered` });
    expect(callback('failed')).toMatchObject({ delivered: false, reason: 'failed' });
    for (const status of ['queued', 'sending', 'sent', 'accepted']) expect(callback(status)).toBe('ignored');
    expect(JSON.stringify(callback('delivered'))).not.toContain('23456789');
  });
});

describe('seven.io dlr webhooks (X-Signature, X-Timestamp, X-Nonce)', () => {
  // Payload from https://docs.seven.io/en/rest-api/webhooks ("SMS status change (dlr)"); signature as
  // https://docs.seven.io/en/rest-api/signing: HMAC-SHA256 over timestamp, nonce, method, URL, MD5(body), joined by \n.
  const KEY = 'signing-key';
  const URL = 'https://example.invalid/x1/abc/sms-seven';
  const NOW = 1_764_583_680;
  const payload = (status: string, msgId: unknown = '77149843739') => JSON.stringify({ data: { msg_id: msgId, status, timestamp: '2021-08-24 08:08:00.000000' }, webhook_event: 'dlr', webhook_timestamp: '2021-08-24T08:08:00+02:00' });
  const sign = (body: string, timestamp = String(NOW), nonce = 'fpPRhAd1s8GXacfR39mWqKPynmmXfJnc', key = KEY) =>
    createHmac('sha256', key).update([timestamp, nonce, 'POST', URL, createHash('md5').update(body).digest('hex')].join('\n')).digest();
  const verify = (body: string, opts: { signature?: string; timestamp?: string; key?: string } = {}) =>
    verifySevenReport({ url: URL, method: 'POST', body, headers: { signature: opts.signature ?? sign(body, opts.timestamp, undefined, opts.key).toString('hex'), timestamp: opts.timestamp ?? String(NOW), nonce: 'fpPRhAd1s8GXacfR39mWqKPynmmXfJnc' } }, KEY, NOW);

  test('DELIVERED and the undelivered statuses; interim statuses and other events are ignored', () => {
    expect(verify(payload('DELIVERED'))).toEqual({ provider: 'seven', providerMessageId: '77149843739', delivered: true, dedupeKey: 'seven:77149843739:DELIVERED' });
    expect(verify(payload('NOTDELIVERED'))).toMatchObject({ delivered: false, reason: 'seven-notdelivered' });
    expect(verify(payload('EXPIRED'))).toMatchObject({ delivered: false, reason: 'seven-expired' });
    expect(verify(payload('DELIVERED', 77149843739))).toMatchObject({ providerMessageId: '77149843739' });
    for (const status of ['TRANSMITTED', 'BUFFERED', 'ACCEPTED', 'UNKNOWN']) expect(verify(payload(status))).toBe('ignored');
    const mo = JSON.stringify({ data: { id: '681590', sender: 'SMS', system: '491771783130', text: 'Hello World', time: '1605878104' }, webhook_event: 'sms_mo', webhook_timestamp: '2020-12-02 11:55:44' });
    expect(verify(mo)).toBe('ignored');
  });

  test('the signature is accepted as hex or Base64; a wrong key, a changed body or a missing header is forbidden; an old timestamp is stale', () => {
    const body = payload('DELIVERED');
    expect(verify(body, { signature: sign(body).toString('base64') })).toMatchObject({ delivered: true });
    expect(verify(body, { key: 'other' })).toBe('forbidden');
    expect(verify(body, { signature: sign(payload('NOTDELIVERED')).toString('hex') })).toBe('forbidden');
    expect(verifySevenReport({ url: URL, method: 'POST', body, headers: { timestamp: String(NOW), nonce: 'n' } }, KEY, NOW)).toBe('forbidden');
    expect(verify(body, { timestamp: String(NOW - 301) })).toBe('stale');
  });
});
