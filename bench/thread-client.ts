import { Worker } from 'node:worker_threads';

export interface ClientRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  wantBody?: boolean;
}
export interface ClientResponse {
  status: number;
  ms: number;
  location: string | null;
  body?: string;
}

const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
function send(m) {
  return new Promise((resolve, reject) => {
    const u = new URL(m.url);
    const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: m.method, headers: m.headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location ?? null, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(m.body);
  });
}
parentPort.on('message', async (m) => {
  try {
    const t0 = performance.now();
    const res = await send(m);
    const ms = performance.now() - t0;
    parentPort.postMessage({ id: m.id, status: res.status, ms, location: res.location, body: m.wantBody ? res.text : undefined });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.stack || e) });
  }
});
`;

/**
 * The measuring HTTP client in a worker thread, so it never shares the host's event loop (reset, delivery, sign-in, …):
 * node:http with a keep-alive agent. It was `fetch` (undici) until session 13, whose own work (WHATWG streams and
 * headers, ~0.3–0.9 ms per request on this machine, measured client minus server time) counted in every figure.
 */
export class ThreadClient {
  private readonly worker = new Worker(CLIENT_SOURCE, { eval: true });
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: ClientResponse) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.on('message', (m: ClientResponse & { id: number; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m);
    });
  }

  request(req: ClientRequest): Promise<ClientResponse> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...req });
    });
  }

  form(url: string, fields: Record<string, string>): Promise<ClientResponse> {
    return this.request({ url, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  json(url: string, body: unknown): Promise<ClientResponse> {
    return this.request({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
