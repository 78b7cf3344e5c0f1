import { startTestHost, type TestHost } from '../support/local-host';
// @serial (scripts/run-tests.cjs runs this file alone): a 2 MiB body is refused within a second.

/**
 * The local host answers oversized and malformed bodies. That it answers only once its demo data is in place is
 * ./host-start-failure.test.ts ("start-up"), beside the other files: it starts a host of its own and times nothing.
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host.close();
});

const TWO_MIB = 'a='.concat('x'.repeat(2 * 1024 * 1024));

async function timed(url: string, init: RequestInit): Promise<{ status: number; ms: number; type: string; text: string }> {
  const start = Date.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, ms: Date.now() - start, type: response.headers.get('content-type') ?? '', text };
}

describe('bodies over the limit', () => {
  it.each([
    ['the login form (web trigger)', '/x/customer-pages/login', 'application/x-www-form-urlencoded', 'text/html'],
    ['the SSO URL (web trigger)', '/x/customer-pages/saml/sso', 'application/x-www-form-urlencoded', 'text/html'],
    ['the delivery webhook (web trigger)', '/x/mail-events/postmark', 'application/json', ''],
    ['the scripting API invoke', '/local/api/invoke', 'application/json', 'application/json'],
    ['the scripting API clock', '/local/api/clock', 'application/json', 'application/json'],
  ])('%s: 2 MiB → 413 within a second, and the host keeps serving', async (_name, route, type, answerType) => {
    const send = () => timed(`${host.url}${route}`, { method: 'POST', headers: { 'content-type': type }, body: TWO_MIB });
    const answer = await send();
    expect(answer.status).toBe(413);
    // The client shares this process with the host (and with every earlier test file under --runInBand): one
    // garbage-collection pause can hold both for a second. A host that does not answer at once is slow twice.
    const again = answer.ms < 1000 ? answer : await send();
    expect(again.status).toBe(413);
    expect(Math.min(answer.ms, again.ms)).toBeLessThan(1000);
    if (answerType) expect(answer.type).toContain(answerType);
    if (answerType === 'text/html') expect(answer.text).toContain('<h1>');
    const next = await fetch(`${host.url}/local/api/modules`);
    expect(next.status).toBe(200);
  });

  it('malformed JSON to the scripting API → 400', async () => {
    for (const body of ['{', '[1]', '"x"']) {
      const answer = await timed(`${host.url}/local/api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ code: 'BAD_JSON' });
    }
  });
});
