/**
 * A loopback stand-in for Postmark's single-email API (POST /email), for the delivery benchmark.
 *
 * Answers like https://postmarkapp.com/developer/user-guide/send-email-with-api: 200 with
 * `{ To, SubmittedAt, MessageID, ErrorCode: 0, Message: 'OK' }` (401 on a wrong X-Postmark-Server-Token,
 * 422 on a body that is not a valid email request). Knobs:
 *  - `delayMs`: wait this long before answering each call;
 *  - `failNext`: answer the next n calls with 503 (nothing recorded as accepted);
 *  - `down`: answer every call with 503 until set back to false.
 * Every accepted message is recorded under our message id (the `X-Portal-Access-Id` header, else
 * Metadata.messageId), so duplicates and missing messages can be counted.
 *
 * The node:http server runs in a worker thread on 127.0.0.1 (port 0): a real provider is remote, so its
 * parsing and answering must not take CPU time from the app's event loop being measured. Knobs and records
 * cross the thread boundary by message (every call below resolves once the server has applied it).
 */
import { lowerThreadPriority } from '../local/thread-priority';
import { Worker } from 'node:worker_threads';

export const FAKE_POSTMARK_TOKEN = 'bench-server-token';

export interface AcceptedMessage {
  id: string;
  to: string;
  customerId?: string;
  /** performance.timeOrigin + performance.now() when the answer was written (ms, comparable across threads). */
  at: number;
}

export interface FakeSnapshot {
  accepted: AcceptedMessage[];
  /** Message ids of the calls answered 503 (down or failNext), each once. */
  refusedIds: string[];
  /** Calls answered 503. */
  refused: number;
  /** Calls answered 4xx. */
  rejected: number;
}

export interface Knobs {
  delayMs?: number;
  failNext?: number;
  down?: boolean;
}

export interface FakePostmark {
  readonly url: string;
  set(knobs: Knobs): Promise<void>;
  /** Forgets every record and sets the knobs back to 0 / 0 / up. */
  reset(): Promise<void>;
  snapshot(): Promise<FakeSnapshot>;
  close(): Promise<void>;
}

/** Counts in a snapshot: accepted calls, distinct message ids, and accepted calls beyond the first per id. */
export function countById(snap: FakeSnapshot): { accepted: number; unique: number; duplicates: number; byId: Map<string, number> } {
  const byId = new Map<string, number>();
  for (const m of snap.accepted) byId.set(m.id, (byId.get(m.id) ?? 0) + 1);
  return { accepted: snap.accepted.length, unique: byId.size, duplicates: snap.accepted.length - byId.size, byId };
}

const SERVER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const TOKEN = ${JSON.stringify(FAKE_POSTMARK_TOKEN)};
const now = () => performance.timeOrigin + performance.now();
let knobs = { delayMs: 0, failNext: 0, down: false };
let accepted = [];
let refusedIds = new Set();
let refused = 0;
let rejected = 0;

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const answer = () => {
      if (req.method !== 'POST' || req.url !== '/email') return json(res, 404, { ErrorCode: 404, Message: 'Not found' });
      if (req.headers['x-postmark-server-token'] !== TOKEN) {
        rejected++;
        return json(res, 401, { ErrorCode: 10, Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.' });
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        rejected++;
        return json(res, 422, { ErrorCode: 402, Message: 'Received invalid JSON input.' });
      }
      const header = Array.isArray(body.Headers) ? body.Headers.find((h) => h && h.Name === 'X-Portal-Access-Id') : undefined;
      const id = (header && header.Value) || (body.Metadata && body.Metadata.messageId);
      // Faults are decided when the answer is given (after the delay), like a provider failing mid-call.
      if (knobs.down || knobs.failNext > 0) {
        if (!knobs.down) knobs.failNext--;
        refused++;
        if (id) refusedIds.add(id);
        return json(res, 503, { ErrorCode: 503, Message: 'Service Unavailable' });
      }
      if (!id || typeof body.To !== 'string' || !body.To) {
        rejected++;
        return json(res, 422, { ErrorCode: 300, Message: 'Invalid email request' });
      }
      json(res, 200, { To: body.To, SubmittedAt: new Date().toISOString(), MessageID: randomUUID(), ErrorCode: 0, Message: 'OK' });
      accepted.push({ id, to: body.To, customerId: body.Metadata && body.Metadata.customerId, at: now() });
    };
    if (knobs.delayMs > 0) setTimeout(answer, knobs.delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 30000;

parentPort.on('message', (m) => {
  switch (m.op) {
    case 'set':
      knobs = { ...knobs, ...m.knobs };
      return parentPort.postMessage({ id: m.id });
    case 'reset':
      knobs = { delayMs: 0, failNext: 0, down: false };
      accepted = [];
      refusedIds = new Set();
      refused = 0;
      rejected = 0;
      return parentPort.postMessage({ id: m.id });
    case 'snapshot':
      return parentPort.postMessage({ id: m.id, snapshot: { accepted, refusedIds: [...refusedIds], refused, rejected } });
    case 'close':
      server.close(() => parentPort.postMessage({ id: m.id }));
      server.closeAllConnections();
      return;
  }
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => parentPort.postMessage({ ready: true, port: server.address().port, thread: (() => { try { return require('node:fs').readlinkSync('/proc/thread-self'); } catch { return undefined; } })() }));
`;

/** `nice`: the provider's thread at a lower CPU priority (it stands for a service on other machines; see HostOptions.backgroundNice). */
export async function startFakePostmark(options: { nice?: number } = {}): Promise<FakePostmark> {
  const worker = new Worker(SERVER_SOURCE, { eval: true });
  let seq = 0;
  const waiting = new Map<number, (m: { snapshot?: FakeSnapshot }) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    const onReady = (m: { ready?: boolean; port?: number; thread?: string }) => {
      if (!m.ready) return;
      worker.off('message', onReady);
      if (options.nice && m.thread) lowerThreadPriority(options.nice, m.thread);
      resolve(m.port!);
    };
    worker.on('message', onReady);
  });
  worker.on('message', (m: { id?: number; snapshot?: FakeSnapshot }) => {
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    w?.(m);
  });
  const call = (msg: Record<string, unknown>) =>
    new Promise<{ snapshot?: FakeSnapshot }>((resolve) => {
      const id = ++seq;
      waiting.set(id, resolve);
      worker.postMessage({ id, ...msg });
    });

  return {
    url: `http://127.0.0.1:${port}`,
    async set(knobs) {
      await call({ op: 'set', knobs });
    },
    async reset() {
      await call({ op: 'reset' });
    },
    async snapshot() {
      return (await call({ op: 'snapshot' })).snapshot!;
    },
    async close() {
      await call({ op: 'close' });
      await worker.terminate();
    },
  };
}
