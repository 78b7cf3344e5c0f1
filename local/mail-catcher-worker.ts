import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import { WARM_UP_ADDRESS, type CapturedMail, type CatcherFromWorker, type CatcherToWorker } from './mail-catcher-protocol';
import { lowerThreadPriority } from './thread-priority';

/**
 * The local mailbox's SMTP side on its own thread: receiving and parsing a message (and saving the mailbox) is
 * the mail provider's work, outside the app on Forge, so it does not run on the event loop that answers the
 * app's requests. It hands each parsed message to the main thread, which serves `/mail` and the scripting API.
 */
/** `messages`: the mailbox as the main thread loaded it from `file` (read once, there). */
const { file, port, messages: loaded, nice } = workerData as { file?: string; port: number; messages: CapturedMail[]; nice?: number };
const post = (message: CatcherFromWorker) => parentPort!.postMessage(message);
if (nice) lowerThreadPriority(nice);

let messages: CapturedMail[] = loaded.slice(0, 500);
const acks = new Map<string, () => void>();
let refuseNext = 0;
let rejectNext = 0;
let down = false;

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean).join(', ');
}

let saveTimer: NodeJS.Timeout | undefined;
/** Saving is coalesced (at most every 250 ms) so a burst of mail costs one write. */
function save(): void {
  if (!file || saveTimer) return;
  saveTimer = setTimeout(flush, 250);
}
function flush(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = undefined;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(messages.slice(0, 500)));
}

const fail = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // Its clients are this host's own threads on loopback: no reverse DNS lookup of 127.0.0.1 before the greeting
  // (without a reachable name server it would hold every new connection until its 1.5 s timeout).
  disableReverseLookup: true,
  size: 5 * 1024 * 1024,
  onConnect: (_session, callback) => callback(down ? fail('Service not available', 421) : undefined),
  onData: (stream, session, callback) => {
    if (session.envelope.rcptTo.some((r) => r.address === WARM_UP_ADDRESS)) {
      simpleParser(stream).then(() => (post({ type: 'warmed-up' }), callback()), callback);
      return;
    }
    const refuse = down ? fail('Service not available', 421) : rejectNext > 0 ? fail('No such user here', 550) : refuseNext > 0 ? fail('Mailbox temporarily unavailable', 451) : undefined;
    if (refuse) {
      if (!down && rejectNext > 0) rejectNext--;
      else if (!down) refuseNext--;
      post({ type: 'faults', refuseNext, rejectNext });
      stream.resume();
      stream.on('end', () => callback(refuse));
      return;
    }
    simpleParser(stream)
      .then((parsed) => {
        const mail: CapturedMail = {
          id: randomUUID(),
          to: addresses(parsed.to),
          from: addresses(parsed.from),
          subject: parsed.subject ?? '',
          date: (parsed.date ?? new Date()).toISOString(),
          html: typeof parsed.html === 'string' ? parsed.html : '',
          text: parsed.text ?? '',
        };
        messages.unshift(mail);
        if (messages.length > 1000) messages.length = 500;
        save();
        // The client hears "250" only once the main thread has the mail: a sender that got its answer finds it listed.
        acks.set(mail.id, () => callback());
        post({ type: 'mail', mail });
      })
      .catch((error: Error) => callback(error));
  },
});

parentPort!.on('message', (message: CatcherToWorker) => {
  if (message.type === 'ack') {
    acks.get(message.id)?.();
    acks.delete(message.id);
  } else if (message.type === 'faults') ({ refuseNext, rejectNext, down } = message);
  else if (message.type === 'clear') {
    messages = [];
    save();
  } else if (message.type === 'stop') {
    flush();
    server.close(() => post({ type: 'stopped' }));
  }
});

server.on('error', (error) => post({ type: 'error', message: error.message }));
server.listen(port, '127.0.0.1', () => {
  const address = (server as unknown as { server: import('node:net').Server }).server.address();
  post({ type: 'listening', port: typeof address === 'object' && address ? address.port : port });
  // A warm provider: the parser loads its character-set and MIME modules on its first message, not the first real one.
  void simpleParser('Content-Type: text/html; charset=utf-8\r\nSubject: =?UTF-8?Q?warm?=\r\n\r\n<p>warm</p>').catch(() => undefined);
});
