import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type HostOptions, type LocalHost } from '../../local/host';
import type { ScryptParams } from '../../src/crypto/password-hasher';
import { STORAGE_REFUSED_LOG } from '../../local/kvs/rules';
import type { Logger } from '../../src/ports/platform';
import type { AdminResult, ExportChunk } from '../../src/surfaces/admin-api';
import type { Persona } from '../../local/jira-emulator';

/**
 * The test hosts' scrypt cost (startTestHost, startE2eHost) unless a file asks for another: the same code path
 * (one run per hash or check, parameters stored with the hash) at 1/32 of production's work. At OWASP's cost
 * (OWASP_SCRYPT, about 1 s per hash on the 2-core CI machine) the demo passwords alone cost seconds per host. Files
 * where the cost is the point (reset-rules, the hasher's unit tests, the bench) use OWASP_SCRYPT.
 */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };

/** A local host on a fresh data directory and a random port, with every log line captured; scrypt at TEST_SCRYPT unless `options.scrypt`. */
export interface TestHost extends LocalHost {
  logs: string[];
  dataDir: string;
}

export async function startTestHost(options: HostOptions = {}): Promise<TestHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-'));
  const logs: string[] = [];
  const capture = (level: string) => (message: string, fields?: Record<string, unknown>) => logs.push(JSON.stringify({ level, message, ...fields }));
  const log: Logger = { info: capture('info'), warn: capture('warn'), error: capture('error') };
  const host = await startHost({ dataDir, port: 0, log, scrypt: TEST_SCRYPT, ...options });
  const close = host.close.bind(host);
  // The local store refuses what Forge's would (local/kvs/rules.ts) and logs it: a journey that wrote such a
  // value fails here, even when the flow swallowed the error.
  const closeAndCheck = async () => {
    await close();
    const refused = logs.filter((line) => line.includes(STORAGE_REFUSED_LOG));
    if (refused.length > 0) throw new Error(`Forge storage would have refused ${refused.length} request(s):\n${refused.slice(0, 5).join('\n')}`);
  };
  return Object.assign(host, { logs, dataDir, close: closeAndCheck });
}

/**
 * A file's one test host: started before its tests (`assign` receives it), closed after them; before each test its
 * queue is idle and its mailbox empty, then `eachTest` runs (e.g. a step of the clock).
 */
export function useTestHost(assign: (host: TestHost) => void, { eachTest, ...options }: HostOptions & { eachTest?: (host: TestHost) => void } = {}): void {
  let host: TestHost | undefined;
  beforeAll(async () => {
    host = await startTestHost(options);
    assign(host);
  });
  afterAll(async () => host?.close());
  beforeEach(async () => {
    if (!host) return;
    await host.idle();
    host.mailbox.clear();
    eachTest?.(host);
  });
}

/**
 * The admin page's resolver calls on `host()` (as `admin` unless told): `invoke` answers the envelope, `ok` its data (it throws on an error),
 * `exportCustomers` the whole customer CSV.
 */
export function adminCalls(host: () => { url: string }) {
  function invoke<T>(functionKey: string, payload: unknown = {}, persona: Persona = 'admin'): Promise<AdminResult<T>> {
    return invokeResolver<AdminResult<T>>(host().url, { moduleKey: 'admin-page', functionKey, payload, persona });
  }
  async function ok<T>(functionKey: string, payload: unknown = {}): Promise<T> {
    const result = await invoke<T>(functionKey, payload);
    if (!result.ok) throw new Error(`${functionKey}: ${JSON.stringify(result)}`);
    return result.data;
  }
  /** The whole customer CSV export, chunk by chunk. */
  async function exportCustomers(): Promise<string> {
    let csv = '';
    let cursor: string | undefined;
    do {
      const chunk = await ok<ExportChunk>('admin/customers/export', cursor ? { cursor } : {});
      csv += chunk.csv;
      cursor = chunk.cursor ?? undefined;
    } while (cursor);
    return csv;
  }
  return { invoke, ok, exportCustomers };
}

/** Every key and value of every table of the host's local KVS file (entities, plain values, secrets; expired ones too), once its queue is idle. */
export async function storeText(host: TestHost): Promise<string> {
  await host.idle();
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(`${host.dataDir}/kvs.sqlite`, { readonly: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    return tables.map((t) => (db.prepare(`SELECT key, value FROM "${t.name}"`).all() as { key: string; value: string }[]).map((r) => `${t.name}\t${r.key}\t${r.value}`).join('\n')).join('\n');
  } finally {
    db.close();
  }
}

/** Headers naming a new client address in `subnet` (`a.b.c`) on each call, so the per-address limits do not add up across a file's requests. */
export function clientAddresses(subnet: string): () => { 'x-forwarded-for': string } {
  let client = 0;
  return () => ({ 'x-forwarded-for': `${subnet}.${++client % 250}` });
}

export async function form(host: LocalHost, route: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${host.url}/x/customer-pages/${route}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function mails(host: LocalHost): Promise<{ to: string; subject: string; text: string; html: string }[]> {
  return (await (await fetch(`${host.url}/mail/api/messages`)).json()) as { to: string; subject: string; text: string; html: string }[];
}

export function linkIn(text: string): string {
  const match = /(http:\/\/\S+\/reset\?token=[^\s&]+&lang=\w+)/.exec(text);
  if (!match) throw new Error(`no reset link in: ${text.slice(0, 200)}`);
  return match[1];
}

export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

/** The page body without the per-response CSP nonce, for byte-for-byte comparisons. */
export function withoutNonce(body: string): string {
  return body.replace(/nonce="[^"]+"/g, 'nonce=""');
}

export interface InvokeRequest {
  functionKey: string;
  payload?: unknown;
  persona?: 'anonymous' | 'customer' | 'agent' | 'other-agent' | 'admin';
  issueKey?: string;
  moduleKey?: string;
}

/** Calls a resolver through the local host's `POST /local/api/invoke`, as the Custom UI bridge does; returns `result`. */
export async function invokeResolver<T = unknown>(url: string, request: InvokeRequest): Promise<T> {
  const response = await fetch(`${url}/local/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ moduleKey: request.moduleKey ?? 'agent-panel', functionKey: request.functionKey, payload: request.payload ?? {}, persona: request.persona ?? 'agent', issueKey: request.issueKey }),
  });
  const body = (await response.json()) as { result?: T; message?: string };
  if (!response.ok) throw new Error(`invoke ${request.functionKey} answered ${response.status}: ${body.message ?? ''}`);
  return body.result as T;
}
