import fs from 'node:fs';
import path from 'node:path';
import type { SendResult } from '../src/ports/mail';
import type { OutgoingSms, SmsTransport } from '../src/ports/sms';

/** The local SMS catcher (issue 11): every SMS the app sends, newest first, saved to disk like the mailbox. */
export interface CapturedSms {
  id: string;
  to: string;
  text: string;
  date: string;
}

export class SmsCatcher {
  private messages: CapturedSms[] = [];
  private waiters: (() => void)[] = [];
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file?: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (file && fs.existsSync(file)) {
      try {
        this.messages = JSON.parse(fs.readFileSync(file, 'utf8')) as CapturedSms[];
      } catch {
        this.messages = [];
      }
    }
  }

  add(sms: OutgoingSms): void {
    // Every call is a message a phone would get: a duplicate send shows twice (the app claims before sending).
    this.messages.unshift({ id: sms.id, to: sms.to, text: sms.text, date: new Date(this.now()).toISOString() });
    this.save();
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  list(): CapturedSms[] {
    return this.messages;
  }

  clear(): void {
    this.messages = [];
    this.save();
  }

  /** Resolves when an SMS is captured (tests and benchmarks). */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The SMS transport of the local host: what a provider would deliver lands here. */
  transport(): SmsTransport {
    return {
      send: async (sms: OutgoingSms): Promise<SendResult> => {
        this.add(sms);
        return { ok: true, providerMessageId: `local-${sms.id}` };
      },
      // The catcher stands in for whichever provider is chosen; it is always there to answer.
      verify: async (): Promise<SendResult> => ({ ok: true }),
    };
  }

  /** Saving is coalesced (at most every 250 ms) so a burst costs one write. */
  private save(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 250);
  }

  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(this.messages.slice(0, 500)));
  }
}
