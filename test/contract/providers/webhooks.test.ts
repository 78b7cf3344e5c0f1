import { createHmac } from 'node:crypto';
import { verifyMailgun, verifyPostmark } from '../../../src/forge/providers/webhooks';
import type { DeliveryEvent } from '../../../src/ports/mail';

// Payload shapes from https://postmarkapp.com/developer/webhooks/delivery-webhook, https://postmarkapp.com/email-webhooks,
// https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/webhook-payloads and .../securing-webhooks.

describe('Postmark (HTTP Basic auth from the webhook URL)', () => {
  const SECRET = 'hook-secret-7Yq';
  const auth = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const metadata = { messageId: 'msg-123', customerId: 'cust-9' };
  const delivery = {
    RecordType: 'Delivery',
    ServerID: 23,
    MessageStream: 'outbound',
    MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
    Recipient: 'ann@example.org',
    Tag: '',
    DeliveredAt: '2026-05-01T10:00:05.9070259Z',
    Details: 'Test delivery webhook details',
    Metadata: metadata,
  };
  const bounce = {
    RecordType: 'Bounce',
    ID: 692560173,
    Type: 'HardBounce',
    TypeCode: 1,
    Name: 'Hard bounce',
    MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
    Description: 'The server was unable to deliver your message to ann@example.org (ex: unknown user, mailbox not found).',
    Details: 'smtp;550 5.1.1 ann@example.org: user unknown',
    Email: 'ann@example.org',
    BouncedAt: '2026-05-01T10:00:10Z',
    Inactive: true,
    Metadata: metadata,
  };
  const post = (payload: unknown, headers: Record<string, string> = auth('postmark', SECRET)) =>
    verifyPostmark({ headers, body: JSON.stringify(payload) }, SECRET);

  test('valid delivery', () => {
    expect(post(delivery)).toEqual<DeliveryEvent>({
      provider: 'postmark',
      kind: 'delivered',
      messageId: 'msg-123',
      customerId: 'cust-9',
      reason: '',
      at: Math.floor(Date.parse('2026-05-01T10:00:05Z') / 1000),
      dedupeKey: 'postmark:Delivery:883953f4-6105-42a2-a16a-77a8eac79483:',
    });
  });

  test('hard bounce: reason without addresses; spam complaint', () => {
    const event = post(bounce) as DeliveryEvent;
    expect(event).toMatchObject({ kind: 'bounced', messageId: 'msg-123', at: Math.floor(Date.parse('2026-05-01T10:00:10Z') / 1000) });
    expect(event.reason).toMatch(/^HardBounce: The server was unable/);
    expect(event.reason).not.toContain('@');
    expect(post({ ...bounce, RecordType: 'SpamComplaint', Type: 'SpamComplaint', ID: 42 })).toMatchObject({ kind: 'complained', reason: 'SpamComplaint' });
  });

  test('headers arrive as Forge lists them (lower case, arrays)', () => {
    const headers = { authorization: [auth('any-user', SECRET).Authorization] };
    expect(verifyPostmark({ headers, body: JSON.stringify(delivery) }, SECRET)).toMatchObject({ kind: 'delivered' });
  });

  test('forged: wrong password, no header, not Basic, empty secret', () => {
    expect(post(delivery, auth('postmark', 'guess'))).toBe('forbidden');
    expect(post(delivery, {})).toBe('forbidden');
    expect(post(delivery, { Authorization: `Bearer ${SECRET}` })).toBe('forbidden');
    expect(verifyPostmark({ headers: auth('postmark', ''), body: JSON.stringify(delivery) }, '')).toBe('forbidden');
  });

  test('replay: the same payload gives the same key; other events of the message differ', () => {
    const first = post(delivery) as DeliveryEvent;
    const again = post(delivery) as DeliveryEvent;
    expect(again.dedupeKey).toBe(first.dedupeKey);
    const keys = new Set([first.dedupeKey, (post(bounce) as DeliveryEvent).dedupeKey, (post({ ...bounce, ID: 99 }) as DeliveryEvent).dedupeKey]);
    expect(keys.size).toBe(3);
  });

  test('ignored: untracked record types, soft bounces, foreign messages, malformed JSON', () => {
    expect(post({ RecordType: 'Open', MessageID: 'x', Metadata: metadata, ReceivedAt: '2026-05-01T10:00:00Z' })).toBe('ignored');
    expect(post({ ...bounce, Type: 'Transient', Inactive: false })).toBe('ignored');
    expect(post({ ...delivery, Metadata: { user_id: 43 } })).toBe('ignored');
    expect(verifyPostmark({ headers: auth('postmark', SECRET), body: '{"RecordType": "Deliv' }, SECRET)).toBe('ignored');
    // Unauthenticated garbage is refused before it is parsed.
    expect(verifyPostmark({ headers: {}, body: '{' }, SECRET)).toBe('forbidden');
  });
});

describe('Mailgun (HMAC-SHA256 over timestamp + token)', () => {
  const KEY = 'signing-key-1f2e3d';
  const NOW = 1_777_000_000;
  const sign = (timestamp: number, token: string, key = KEY) => ({
    timestamp: String(timestamp),
    token,
    signature: createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex'),
  });
  const eventData = (over: Record<string, unknown> = {}) => ({
    id: 'CPgfbmQMTCKtHW6uIWtuVe',
    event: 'delivered',
    timestamp: NOW - 3.908181,
    'log-level': 'info',
    recipient: 'ann@example.org',
    message: { headers: { 'message-id': '20260501100000.1.ABCDEF@mg.example.com', to: 'ann@example.org' } },
    'user-variables': { messageId: 'msg-123', customerId: 'cust-9' },
    'delivery-status': { code: 250, message: 'OK', description: '' },
    ...over,
  });
  const token = 'a'.repeat(25) + 'b'.repeat(25);
  const body = (over: Record<string, unknown> = {}, signature = sign(NOW - 2, token)) => JSON.stringify({ signature, 'event-data': eventData(over) });

  test('valid delivered', () => {
    expect(verifyMailgun(body(), KEY, NOW)).toEqual<DeliveryEvent>({
      provider: 'mailgun',
      kind: 'delivered',
      messageId: 'msg-123',
      customerId: 'cust-9',
      reason: '',
      at: NOW - 4,
      dedupeKey: `mailgun:${token}`,
    });
  });

  test('permanent failure is a bounce (reason without addresses); complaint', () => {
    const failed = {
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      'delivery-status': { code: 550, message: '5.1.1 The email account ann@example.org does not exist.', description: '' },
    };
    const event = verifyMailgun(body(failed), KEY, NOW) as DeliveryEvent;
    expect(event).toMatchObject({ kind: 'bounced', reason: '550 5.1.1 The email account [address] does not exist.' });
    expect(verifyMailgun(body({ event: 'complained' }), KEY, NOW)).toMatchObject({ kind: 'complained' });
  });

  test('forged: bad signature, other key, missing signature, malformed JSON', () => {
    const tampered = { ...sign(NOW, token), signature: 'f'.repeat(64) };
    expect(verifyMailgun(body({}, tampered), KEY, NOW)).toBe('forbidden');
    expect(verifyMailgun(body({}, sign(NOW, token, 'other-key')), KEY, NOW)).toBe('forbidden');
    // A valid signature moved onto another timestamp no longer matches.
    expect(verifyMailgun(body({}, { ...sign(NOW - 2, token), timestamp: String(NOW) }), KEY, NOW)).toBe('forbidden');
    expect(verifyMailgun(JSON.stringify({ 'event-data': eventData() }), KEY, NOW)).toBe('forbidden');
    expect(verifyMailgun('{"signature":', KEY, NOW)).toBe('forbidden');
    expect(verifyMailgun(body(), '', NOW)).toBe('forbidden');
  });

  test('stale: older than 5 minutes, or more than 5 minutes ahead', () => {
    expect(verifyMailgun(body({}, sign(NOW - 301, token)), KEY, NOW)).toBe('stale');
    expect(verifyMailgun(body({}, sign(NOW + 301, token)), KEY, NOW)).toBe('stale');
    expect(verifyMailgun(body({}, sign(NOW - 300, token)), KEY, NOW)).toMatchObject({ kind: 'delivered' });
  });

  test('replay: the same delivery gives the same key; another token another key', () => {
    const first = verifyMailgun(body(), KEY, NOW) as DeliveryEvent;
    expect((verifyMailgun(body(), KEY, NOW + 10) as DeliveryEvent).dedupeKey).toBe(first.dedupeKey);
    const other = verifyMailgun(body({}, sign(NOW, 'c'.repeat(50))), KEY, NOW) as DeliveryEvent;
    expect(other.dedupeKey).not.toBe(first.dedupeKey);
  });

  test('ignored: untracked events, temporary failures, foreign messages, unusable event-data', () => {
    expect(verifyMailgun(body({ event: 'opened' }), KEY, NOW)).toBe('ignored');
    expect(verifyMailgun(body({ event: 'failed', severity: 'temporary' }), KEY, NOW)).toBe('ignored');
    expect(verifyMailgun(body({ 'user-variables': {} }), KEY, NOW)).toBe('ignored');
    expect(verifyMailgun(JSON.stringify({ signature: sign(NOW, token), 'event-data': 'nope' }), KEY, NOW)).toBe('ignored');
  });
});
