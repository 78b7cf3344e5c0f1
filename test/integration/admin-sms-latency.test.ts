import type { AdminResult, TestSmsQueued } from '../../src/surfaces/admin-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';
// @serial (scripts/run-tests.cjs runs this file alone): the resolver answers a slow provider's test SMS within a second.

/**
 * "Send test SMS" (issue 11) with a provider taking 2 s: the resolver answers at once (the send is queued), the
 * SMS reaches the catcher (`/sms/api/messages`) after the provider's 2 s. The rest of the SMS settings, the
 * catcher and queueSms are ./admin-sms.test.ts.
 */
const admin = <T>(url: string, functionKey: string, payload: unknown = {}) => invokeResolver<AdminResult<T>>(url, { moduleKey: 'admin-page', functionKey, payload, persona: 'admin' });
const smsList = async (url: string) => (await (await fetch(`${url}/sms/api/messages`)).json()) as unknown[];

describe('a provider taking 2 s', () => {
  let slow: TestHost;
  beforeAll(async () => {
    slow = await startTestHost({
      sms: (catcher) => ({
        send: async (sms) => {
          await new Promise((resolve) => setTimeout(resolve, 2000));
          return catcher.transport().send(sms, undefined as never);
        },
      }),
    });
  });
  afterAll(() => slow.close());

  test('does not slow the resolver\'s answer (the send is queued)', async () => {
    await admin(slow.url, 'admin/sms/get'); // warm up
    const started = performance.now();
    const result = await admin<TestSmsQueued>(slow.url, 'admin/sms/test', { to: '+491711234567' });
    const answeredMs = performance.now() - started;
    expect(result).toEqual({ ok: true, data: { to: '+49 ••• •••• 67' } });
    expect(answeredMs).toBeLessThan(1000);
    expect(await smsList(slow.url)).toEqual([]);
    await slow.idle();
    const deliveredMs = performance.now() - started;
    expect(deliveredMs).toBeGreaterThanOrEqual(1900);
    expect(await smsList(slow.url)).toHaveLength(1);
    console.log(`test SMS: resolver answered in ${answeredMs.toFixed(0)} ms, delivered after ${deliveredMs.toFixed(0)} ms`);
  });
});
