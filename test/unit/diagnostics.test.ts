import {
  judgeBase64,
  judgeClientAddress,
  judgeConditionCode,
  judgeCookie,
  judgeFormPost,
  judgeMetadata,
  judgePage,
  judgePasswordHash,
  judgeProvider,
  judgeQueue,
  judgeScheduled,
  judgeSingleUse,
  judgeTriggerUrl,
  overall,
  PAGE_HEADERS,
  PROBE_FORM,
  triggerUrlFormat,
} from '../../src/domain/diagnostics';

/** The Diagnostics' judgements (issue 20, item 7): what was observed → passed, degraded (which fallback) or failed. */
describe('the trigger URL format, from its shape', () => {
  it.each([
    ['https://0f1e2d3c-aaaa-bbbb-cccc-112233445566.webtrigger.atlassian.app/public/9a8b7c6d', 'v2'],
    ['https://7e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9.hello.atlassian-dev.net/x1/AbCdEfGh123', 'v1'],
    ['http://127.0.0.1:8080/x/customer-pages', 'local'],
    ['http://demo.localhost:8080/x/customer-pages', 'local'],
    ['https://evil.example.com/public/abc', 'unknown'],
    ['not a url', 'unknown'],
  ])('%s is %s', (url, format) => {
    expect(triggerUrlFormat(url)).toBe(format);
  });

  it('v1 degrades (switching changes the SSO URL), v2 passes, an unknown shape fails; the host is shortened', () => {
    expect(judgeTriggerUrl('https://abc.hello.atlassian-dev.net/x1/xyz')).toMatchObject({ status: 'degraded', fallback: 'v1-url', facts: { format: 'v1', host: '….hello.atlassian-dev.net' } });
    expect(judgeTriggerUrl('https://inst.webtrigger.atlassian.app/public/id')).toMatchObject({ status: 'passed' });
    expect(judgeTriggerUrl('https://example.com/hook')).toMatchObject({ status: 'failed', reason: 'unknown-format' });
  });
});

describe('the customer-pages trigger', () => {
  it('a page passes only as HTML with every security header and no referrer', () => {
    const ok = { status: 200, contentType: 'text/html; charset=utf-8', headers: [...PAGE_HEADERS], referrerPolicy: 'no-referrer' };
    expect(judgePage(ok).status).toBe('passed');
    expect(judgePage({ ...ok, headers: PAGE_HEADERS.filter((h) => h !== 'content-security-policy') })).toMatchObject({ status: 'failed', reason: 'headers-dropped', facts: { missingHeaders: 'content-security-policy' } });
    expect(judgePage({ ...ok, contentType: 'text/plain' })).toMatchObject({ status: 'failed', reason: 'not-html' });
    expect(judgePage({ ...ok, status: 500 })).toMatchObject({ status: 'failed', reason: 'http-500' });
  });

  it('the probe form carries what a proxy might re-encode', () => {
    expect(PROBE_FORM).toContain('%C3%BC'); // ü
    expect(PROBE_FORM).toContain('%0D%0A'); // CR LF
    expect(new URLSearchParams(PROBE_FORM).get('text')).toBe('Grüße aus Köln + 1 & 2 = 3');
    expect(judgeFormPost({ status: 200, intact: false })).toMatchObject({ status: 'failed', reason: 'body-changed' });
    expect(judgeFormPost({ status: 200, intact: true }).status).toBe('passed');
  });

  it('cookies, the client address and base64 degrade to their documented fallbacks', () => {
    expect(judgeCookie({ setCookie: false, cameBack: false })).toMatchObject({ status: 'degraded', fallback: 'no-resume-cookie', reason: 'no-set-cookie' });
    expect(judgeCookie({ setCookie: true, cameBack: false })).toMatchObject({ status: 'degraded', reason: 'no-cookie-in' });
    expect(judgeCookie({ setCookie: true, cameBack: true }).status).toBe('passed');
    expect(judgeClientAddress({ present: false, entries: 0 })).toMatchObject({ status: 'degraded', fallback: 'shared-client-key' });
    expect(judgeClientAddress({ present: true, entries: 2 })).toEqual({ status: 'passed', facts: { present: true, entries: 2 } });
    expect(judgeBase64({ status: 200, decoded: false })).toMatchObject({ status: 'degraded', fallback: 'logo-url' });
    expect(judgeBase64({ status: 404, decoded: false })).toMatchObject({ status: 'failed', reason: 'http-404' });
  });

  it('the metadata must be an EntityDescriptor', () => {
    expect(judgeMetadata({ status: 200, contentType: 'application/samlmetadata+xml', entityDescriptor: true }).status).toBe('passed');
    expect(judgeMetadata({ status: 200, contentType: 'text/html', entityDescriptor: false })).toMatchObject({ status: 'failed', reason: 'not-metadata' });
  });
});

describe('storage, queue, schedule, providers, hashing', () => {
  it('a refused condition: the codes src/forge/transactions.ts recognises pass, another degrades to reading back, none fails', () => {
    expect(judgeConditionCode('CONDITION_CHECK_FAILED').status).toBe('passed');
    expect(judgeConditionCode('TRANSACTION_CONFLICT').status).toBe('passed');
    expect(judgeConditionCode('BAD_REQUEST')).toMatchObject({ status: 'degraded', fallback: 'read-back', facts: { code: 'BAD_REQUEST' } });
    expect(judgeConditionCode(undefined)).toMatchObject({ status: 'failed', reason: 'condition-not-enforced' });
  });

  it('exactly one of two single-use reads wins', () => {
    expect(judgeSingleUse(1).status).toBe('passed');
    expect(judgeSingleUse(2)).toMatchObject({ status: 'degraded', fallback: 'one-response-per-request' });
    expect(judgeSingleUse(0)).toMatchObject({ status: 'failed' });
  });

  it('the queue: arrived, slow, or not within the wait', () => {
    expect(judgeQueue(120)).toEqual({ status: 'passed', facts: { delayMs: 120 } });
    expect(judgeQueue(6_000)).toMatchObject({ status: 'degraded', fallback: 'slow-queue' });
    expect(judgeQueue(undefined)).toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it('the hourly trigger: never (a first install), recent, or more than two intervals ago', () => {
    const now = Date.UTC(2026, 11, 7, 9, 0);
    expect(judgeScheduled(undefined, now)).toMatchObject({ status: 'degraded', fallback: 'not-run-yet' });
    expect(judgeScheduled(now - 30 * 60_000, now)).toEqual({ status: 'passed', facts: { lastRan: '2026-12-07T08:30:00.000Z', minutesAgo: 30 } });
    expect(judgeScheduled(now - 3 * 3_600_000, now)).toMatchObject({ status: 'failed', reason: 'late' });
  });

  it('providers: a refusal fails with its code; no SMS provider is not a fault (SMS is optional)', () => {
    expect(judgeProvider('mail', 'postmark', { ok: false, reason: 'provider-auth' })).toMatchObject({ status: 'failed', reason: 'provider-auth', facts: { provider: 'postmark' } });
    expect(judgeProvider('mail', 'none', { ok: false, reason: 'not-configured' })).toMatchObject({ status: 'failed', reason: 'not-configured' });
    expect(judgeProvider('sms', 'none', { ok: false, reason: 'not-configured' })).toEqual({ status: 'passed', facts: { provider: 'none', used: false } });
    expect(judgeProvider('sms', 'seven', { ok: true }).status).toBe('passed');
  });

  it('one password hash: slow degrades; more memory than the limit fails', () => {
    expect(judgePasswordHash({ ms: 250, rssMiB: 90, limitMiB: 512, scryptMiB: 128 }).status).toBe('passed');
    expect(judgePasswordHash({ ms: 1500, rssMiB: 90, scryptMiB: 128 })).toMatchObject({ status: 'degraded', fallback: 'slow-hash' });
    expect(judgePasswordHash({ ms: 250, rssMiB: 100, limitMiB: 128, scryptMiB: 128 })).toMatchObject({ status: 'failed', reason: 'memory', facts: { limitMiB: 128 } });
  });

  it('overall is the worst result', () => {
    expect(overall([{ status: 'passed' }, { status: 'degraded' }])).toBe('degraded');
    expect(overall([{ status: 'failed' }, { status: 'degraded' }])).toBe('failed');
    expect(overall([{ status: 'passed' }])).toBe('passed');
  });
});
