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
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
parentPort.on('message', async (m) => {
  try {
    const t0 = performance.now();
    const res = await fetch(m.url, { method: m.method, headers: m.headers, body: m.body, redirect: 'manual' });
    const text = await res.text();
    const ms = performance.now() - t0;
    parentPort.postMessage({ id: m.id, status: res.status, ms, location: res.headers.get('location'), body: m.wantBody ? text : undefined });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.stack || e) });
  }
});
`;

/** The measuring HTTP client in a worker thread, so it never shares the host's event loop (reset and delivery sections). */
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
