import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerScript } from './worker-bundle';
import type { CapturedMail, CatcherFromWorker, CatcherToWorker } from './mail-catcher-protocol';

/**
 * The local mailbox: an SMTP server on loopback that keeps every message (newest first), saved to disk. The
 * SMTP server, the parsing and the saving run on their own thread (local/mail-catcher-worker.ts): on Forge the
 * provider's work happens outside the app, so here it stays off the event loop that answers the app's requests.
 */
export type { CapturedMail } from './mail-catcher-protocol';

export class MailCatcher {
  private worker: Worker | undefined;
  private messages: CapturedMail[] = [];
  private waiters: (() => void)[] = [];
  private warmUps = 0;
  private warmUpWaiters: (() => void)[] = [];
  private faults = { refuseNext: 0, rejectNext: 0, down: false };
  port = 0;

  constructor(private readonly file?: string) {
    if (file && fs.existsSync(file)) this.messages = JSON.parse(fs.readFileSync(file, 'utf8')) as CapturedMail[];
  }

  /** Fault injection: refuse the next N messages with a temporary error (451), reject the next N as an
   * unknown recipient (550, permanent), or be down (every connection refused with 421). */
  get refuseNext(): number {
    return this.faults.refuseNext;
  }
  set refuseNext(n: number) {
    this.setFaults({ refuseNext: n });
  }
  get rejectNext(): number {
    return this.faults.rejectNext;
  }
  set rejectNext(n: number) {
    this.setFaults({ rejectNext: n });
  }
  get down(): boolean {
    return this.faults.down;
  }
  set down(value: boolean) {
    this.setFaults({ down: value });
  }

  private setFaults(change: Partial<MailCatcher['faults']>): void {
    this.faults = { ...this.faults, ...change };
    this.post({ type: 'faults', ...this.faults });
  }

  private post(message: CatcherToWorker): void {
    this.worker?.postMessage(message);
  }

  /** `nice`: HostOptions.backgroundNice. */
  async start(port = 0, nice?: number): Promise<number> {
    const worker = new Worker(await workerScript('mail-catcher-worker'), { workerData: { file: this.file, port, messages: this.messages.slice(0, 500), nice } });
    this.worker = worker;
    this.post({ type: 'faults', ...this.faults });
    worker.on('message', (message: CatcherFromWorker) => {
      if (message.type === 'mail') {
        this.messages.unshift(message.mail);
        this.post({ type: 'ack', id: message.mail.id });
        const waiters = this.waiters;
        this.waiters = [];
        waiters.forEach((w) => w());
      } else if (message.type === 'faults') {
        this.faults = { ...this.faults, refuseNext: message.refuseNext, rejectNext: message.rejectNext };
      } else if (message.type === 'warmed-up') {
        this.warmUps++;
        this.warmUpWaiters.splice(0).forEach((w) => w());
      }
    });
    this.port = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: CatcherFromWorker) => {
        if (message.type === 'listening') resolve(message.port);
        else if (message.type === 'error') reject(new Error(`mail catcher: ${message.message}`));
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return this.port;
  }

  /** Resolves once a warm-up message (WARM_UP_ADDRESS) was received and dropped since start (tests). */
  warmedUp(): Promise<void> {
    return this.warmUps > 0 ? Promise.resolve() : new Promise((resolve) => this.warmUpWaiters.push(resolve));
  }

  list(): CapturedMail[] {
    return this.messages;
  }

  clear(): void {
    this.messages = [];
    this.post({ type: 'clear' });
  }

  /** Resolves when a message is captured (for tests and benchmarks). */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      worker.on('message', (m: CatcherFromWorker) => m.type === 'stopped' && (clearTimeout(timer), resolve()));
      worker.postMessage({ type: 'stop' } satisfies CatcherToWorker);
    });
    await worker.terminate();
  }
}
