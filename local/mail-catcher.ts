import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/** The local mailbox: an SMTP server on loopback that keeps every message (newest first), saved to disk. */
export interface CapturedMail {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  html: string;
  text: string;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean).join(', ');
}

export class MailCatcher {
  private server: SMTPServer | undefined;
  private messages: CapturedMail[] = [];
  private waiters: (() => void)[] = [];
  port = 0;
  /** Fault injection: refuse the next N messages with a temporary error (451), reject the next N as an
   * unknown recipient (550, permanent), or be down (every connection refused with 421). */
  refuseNext = 0;
  rejectNext = 0;
  down = false;

  constructor(private readonly file?: string) {
    if (file && fs.existsSync(file)) this.messages = JSON.parse(fs.readFileSync(file, 'utf8')) as CapturedMail[];
  }

  async start(port = 0): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 5 * 1024 * 1024,
      onConnect: (_session, callback) => {
        callback(this.down ? Object.assign(new Error('Service not available'), { responseCode: 421 }) : undefined);
      },
      onData: (stream, _session, callback) => {
        if (this.down) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Service not available'), { responseCode: 421 })));
          return;
        }
        if (this.rejectNext > 0) {
          this.rejectNext--;
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('No such user here'), { responseCode: 550 })));
          return;
        }
        if (this.refuseNext > 0) {
          this.refuseNext--;
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            this.add({
              id: randomUUID(),
              to: addresses(parsed.to),
              from: addresses(parsed.from),
              subject: parsed.subject ?? '',
              date: (parsed.date ?? new Date()).toISOString(),
              html: typeof parsed.html === 'string' ? parsed.html : '',
              text: parsed.text ?? '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    const address = (this.server as unknown as { server: import('node:net').Server }).server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this.port;
  }

  private add(mail: CapturedMail): void {
    this.messages.unshift(mail);
    this.save();
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  private saveTimer: NodeJS.Timeout | undefined;

  /** Saving is coalesced (at most every 250 ms, off the SMTP path) so a burst of mail costs one write. */
  private save(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 250);
  }

  private flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(this.messages.slice(0, 500)));
  }

  list(): CapturedMail[] {
    return this.messages;
  }

  clear(): void {
    this.messages = [];
    this.save();
  }

  /** Resolves when a message is captured (for tests and benchmarks). */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    if (this.saveTimer) this.flush();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
