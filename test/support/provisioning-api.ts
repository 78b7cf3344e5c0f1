import { randomBytes } from 'node:crypto';
import { KvsApiKeys } from '../../src/forge/api-keys';
import { mails, startTestHost, type TestHost } from './local-host';

/**
 * The provisioning API (`/x/provisioning/…`) on a test host, for test/integration/provisioning-api and
 * provisioning-api-keys: `useProvisioningHost` starts the host with a write key and a read key (`assign` receives
 * them) and answers the calls: `api` (one HTTP call, its answer read), `newKey` (every key and signing secret is
 * kept in `secrets`), `to` (the mails to an address), `scanErased`, `linkOf`, and `expectCleanLogs`.
 */
export const keys = new KvsApiKeys();

export interface Call {
  key?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/** A reset or invitation link in a mail's text (empty when there is none). */
export const linkOf = (text: string) => /(http:\/\/\S+\/reset\?token=[^\s&]+&lang=\w+)/.exec(text)?.[1] ?? '';

export function useProvisioningHost(assign: (started: { host: TestHost; writeKey: string; readKey: string }) => void) {
  let host: TestHost;
  const secrets: string[] = [];

  async function newKey(name: string, access: 'read' | 'write', signed = false) {
    const created = await keys.create({ name, access, signed, createdBy: 'test-admin', now: Math.floor(Date.now() / 1000) }, randomBytes);
    secrets.push(created.key, ...(created.signingSecret ? [created.signingSecret] : []));
    return created;
  }

  beforeAll(async () => {
    host = await startTestHost();
    assign({ host, writeKey: (await newKey('Shop', 'write')).key, readKey: (await newKey('Reporting', 'read')).key });
  });
  afterAll(async () => {
    await host?.close();
  });

  async function api(method: string, path: string, call: Call = {}) {
    const body = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    const response = await fetch(`${host.url}/x/provisioning/${path}`, {
      method,
      headers: {
        ...(call.key ? { authorization: `Bearer ${call.key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...call.headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
  }
  const to = async (address: string) => (await mails(host)).filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
  /** The erasure events (kind `customer.erased`), newest first, through the audit log's kind filter. */
  async function scanErased() {
    const { scanAudit } = await import('../../src/forge/audit-log');
    return (await scanAudit({ kind: 'customer.erased' }, 20)).events;
  }
  /** The host's log lines carry none of the keys or signing secrets, and no address of the API's customers. */
  function expectCleanLogs() {
    const logs = host.logs.join('\n');
    expect(logs).toContain('provisioning call');
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/[\w.+-]+@example\.net/i);
  }
  return { secrets, newKey, api, to, scanErased, expectCleanLogs };
}
