import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutgoingMail } from '../../../src/ports/mail';

export interface Captured {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A provider stand-in on 127.0.0.1: records each request and answers with the scripted reply. */
export async function loopback() {
  const requests: Captured[] = [];
  let reply: Reply = { status: 500 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    reply(next: Reply) {
      reply = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPortBase(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export type Loopback = Awaited<ReturnType<typeof loopback>>;

/**
 * The test every provider transport's contract file has: with its API base on a port that refuses connections
 * (`send` builds the transport on `apiBase` and sends), the answer is a retryable network error, nothing thrown.
 */
export function testRefusedConnection(send: (apiBase: string) => Promise<unknown>): void {
  test('a refused connection is a retryable network error, nothing thrown', async () => {
    await expect(send(await closedPortBase())).resolves.toEqual({ ok: false, reason: 'network', retryable: true });
  });
}

/**
 * A stand-in per test (started in beforeEach, closed in afterEach) for a provider contract file: `base`,
 * `requests` and `reply` reach the current test's.
 */
export function useLoopback(): Omit<Loopback, 'close'> {
  let current: Loopback | undefined;
  beforeEach(async () => {
    current = await loopback();
  });
  afterEach(() => current?.close());
  const now = () => {
    if (!current) throw new Error('the stand-in starts in beforeEach');
    return current;
  };
  return {
    get base() {
      return now().base;
    },
    get requests() {
      return now().requests;
    },
    reply: (next: Reply) => now().reply(next),
  };
}

/** The mail the mail-provider contract tests send: one reset mail from `from` (the provider's sending domain). */
export const contractMail = (from: string): OutgoingMail => ({
  id: 'msg-123',
  customerId: 'cust-9',
  to: { name: 'Ann Customer', address: 'ann@example.org' },
  from: { name: 'Service Desk', address: from },
  replyTo: 'help@example.com',
  subject: 'Reset your password',
  html: '<p>Hello</p>',
  text: 'Hello',
});
