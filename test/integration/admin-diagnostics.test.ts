import type { AdminResult, DiagnosticsData, DiagnosticResult } from '../../src/surfaces/admin-api';
import { invokeResolver, startTestHost, type TestHost } from '../support/local-host';

/**
 * The admin section "Diagnostics" on the local host (issue 20, item 7), through the real admin resolver: the
 * checks run against the host's own customer-pages trigger, queue, scheduled trigger, KVS and mail catcher.
 * Standard reading: every check passes once the scheduled trigger has run. The strict reading's degraded
 * checks are in strict-platform.test.ts (its host).
 */
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ scrypt: { N: 2 ** 14, r: 8, p: 1 } });
});
afterAll(async () => {
  await host.close();
});

const admin = <T>(functionKey: string, persona: 'admin' | 'agent' = 'admin') => invokeResolver<AdminResult<T>>(host.url, { moduleKey: 'admin-page', functionKey, payload: {}, persona });
const byId = (results: DiagnosticResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));

it('is for Jira administrators only', async () => {
  expect(await admin('admin/diagnostics/run', 'agent')).toEqual({ ok: false, error: 'forbidden' });
  expect(await admin('admin/diagnostics/get', 'agent')).toEqual({ ok: false, error: 'forbidden' });
});

it('runs every check on the site, keeps the results with their date, and passes them all locally', async () => {
  const before = await admin<DiagnosticsData>('admin/diagnostics/get');
  expect(before).toEqual({ ok: true, data: { last: null } });

  // A first install: the hourly trigger has not run yet, and the check says so (degraded, not failed).
  const first = await admin<DiagnosticsData>('admin/diagnostics/run');
  if (!first.ok) throw new Error(first.error);
  expect(byId(first.data.last!.results).scheduled).toMatchObject({ status: 'degraded', fallback: 'not-run-yet' });

  await fetch(`${host.url}/local/api/scheduled/run`, { method: 'POST' });
  const run = await admin<DiagnosticsData>('admin/diagnostics/run');
  if (!run.ok) throw new Error(run.error);
  const report = run.data.last!;
  expect(report.results.map((r) => r.id)).toEqual([
    'page-html', 'form-post', 'cookie', 'client-address', 'base64', 'kvs-condition', 'single-use', 'queue', 'scheduled', 'mail-provider', 'sms-provider', 'trigger-url', 'password-hash', 'saml-metadata',
  ]);
  const failedOrDegraded = report.results.filter((r) => r.status !== 'passed');
  expect(failedOrDegraded).toEqual([]);
  const checks = byId(report.results);
  expect(checks['client-address'].facts).toEqual({ present: true, entries: 1 });
  expect(checks['kvs-condition'].facts.code).toBe('CONDITION_CHECK_FAILED');
  expect(checks['single-use'].facts.winners).toBe(1);
  expect(checks.queue.facts.delayMs).toEqual(expect.any(Number));
  expect(checks['trigger-url'].facts.format).toBe('local');
  expect(checks['password-hash'].facts).toMatchObject({ hashMs: expect.any(Number), rssMiB: expect.any(Number), scryptMiB: 16 });
  expect(checks.scheduled.facts.minutesAgo).toBe(0);
  // Never an address or a header value: only counts and codes.
  expect(JSON.stringify(report)).not.toMatch(/127\.0\.0\.1|::1|pa_diag=/);

  // Kept with its date: the next load shows the same run.
  expect(Date.parse(report.ranAt)).toBeGreaterThan(Date.now() - 60_000);
  expect(await admin<DiagnosticsData>('admin/diagnostics/get')).toEqual({ ok: true, data: { last: report } });
});

it('answers the probe route only with a live one-time token: anyone else gets the ordinary 404 page', async () => {
  for (const headers of [{}, { 'x-pa-probe': 'not-a-token' }] as Record<string, string>[]) {
    const answer = await fetch(`${host.url}/x/customer-pages/diagnostics/probe?step=base64`, { headers });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.headers.get('set-cookie')).toBeNull();
  }
});

it('a mail server that refuses connections fails the mail check, with a code and what to fix; the others still run', async () => {
  const faults = (body: object) => fetch(`${host.url}/local/api/mail/faults`, { method: 'POST', body: JSON.stringify(body) });
  await faults({ down: true });
  try {
    const run = await admin<DiagnosticsData>('admin/diagnostics/run');
    if (!run.ok) throw new Error(run.error);
    const checks = byId(run.data.last!.results);
    expect(checks['mail-provider']).toMatchObject({ status: 'failed', reason: 'smtp-unreachable' });
    expect(checks['form-post'].status).toBe('passed');
    expect(checks.queue.status).toBe('passed');
  } finally {
    await faults({ down: false });
  }
});
