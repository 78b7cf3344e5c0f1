import { Worker } from 'node:worker_threads';

/** Shared by the bench sections that drive the local host over HTTP. */
// --- HTTP client in a worker thread (the host's event loop stays the host's) ------------------------------

export interface Req {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}
export interface Res {
  status: number;
  ms: number;
  location: string | null;
  body: string;
}

const CLIENT = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
parentPort.on('message', async (m) => {
  try {
    const t0 = performance.now();
    const res = await fetch(m.url, { method: m.method, headers: m.headers, body: m.body, redirect: 'manual' });
    const body = await res.text();
    parentPort.postMessage({ id: m.id, status: res.status, ms: performance.now() - t0, location: res.headers.get('location'), body });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.stack) || e) });
  }
});
`;

export class Client {
  private readonly worker = new Worker(CLIENT, { eval: true });
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();
  constructor() {
    this.worker.on('message', (m: Res & { id: number; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m);
    });
  }
  request(req: Req): Promise<Res> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...req });
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

export const attr = (html: string, name: string): string | undefined => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return m?.[1]?.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
};
