/**
 * Benchmark peer: better-auth's email-and-password "forgot password" flow on
 * SQLite (better-sqlite3), served over loopback by better-auth's own Node
 * integration (`toNodeHandler`). Used to compare our own reset request with a
 * widely used library's in the same benchmark run.
 *
 * better-auth 1.7.x endpoints used (see node_modules/better-auth/dist/api/routes/password.mjs):
 *   POST /api/auth/request-password-reset  { email, redirectTo }   (older 1.x: /forget-password)
 *   POST /api/auth/reset-password          { token, newPassword }
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';

export interface PeerHandle {
  baseUrl: string; // http://127.0.0.1:<port>
  requestReset(email: string): Promise<{ status: number; ms: number }>;
  completeReset(token: string, newPassword: string): Promise<{ status: number; ms: number }>;
  /** Last token handed to better-auth's sendResetPassword callback for this email (the peer's "mailbox"). */
  lastResetToken(email: string): string | undefined;
  close(): Promise<void>;
}

export interface PeerUser {
  email: string;
  password: string;
  name: string;
}

const SECRET = 'better-auth-peer-benchmark-secret-0123456789abcdef';

/**
 * better-auth 1.7 is ESM-only (.mjs, "type": "module"). This file is CommonJS
 * TypeScript compiled by @swc/jest, and inside Jest:
 *  - `require()` / `await import()` (which swc turns into require) go through
 *    Jest's module registry, which refuses ESM ("Must use import to load ES Module");
 *  - the `new Function('s', 'return import(s)')` trick fails too with
 *    ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG unless Jest runs with
 *    --experimental-vm-modules.
 * Jest's `require('node:module')` is a subclass of Node's real `Module` whose
 * `createRequire` is overridden; its prototype is the real class, whose
 * `createRequire` yields Node's own `require`. On Node >= 20.19 that supports
 * require(esm) for graphs without top-level await, which better-auth satisfies.
 * Outside Jest, `Object.getPrototypeOf(Module)` has no createRequire and we use
 * Module.createRequire directly (also Node's real one).
 * Consequence: better-auth and better-sqlite3 are loaded outside Jest's module
 * registry (not mocked/reset by Jest); fine for a loopback peer.
 */
function nodeRequire(): NodeRequire {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mod = require('node:module') as typeof import('node:module');
  const proto = Object.getPrototypeOf(Mod) as { createRequire?: unknown } | null;
  const createRequire: (p: string) => NodeRequire =
    proto && typeof proto.createRequire === 'function' ? (proto.createRequire as (p: string) => NodeRequire) : Mod.createRequire;
  return createRequire(__filename);
}

// Minimal structural types, to avoid depending on better-auth's .d.mts under moduleResolution "node".
interface AuthLike {
  handler: (req: Request) => Promise<Response>;
  api: {
    signUpEmail(args: { body: { email: string; password: string; name: string } }): Promise<unknown>;
  };
}
interface SqliteDb {
  close(): void;
  pragma(s: string): unknown;
}

async function timedPost(url: string, body: unknown): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer(); // include body transfer in the timing
  return { status: res.status, ms: performance.now() - t0 };
}

export async function startBetterAuthPeer(opts: { users: PeerUser[]; dbFile?: string }): Promise<PeerHandle> {
  const req = nodeRequire();
  const { betterAuth } = req('better-auth') as { betterAuth: (o: unknown) => AuthLike };
  const { toNodeHandler } = req('better-auth/node') as {
    toNodeHandler: (a: AuthLike) => (q: http.IncomingMessage, s: http.ServerResponse) => Promise<void>;
  };
  // 1.7.x: getMigrations lives in 'better-auth/db/migration' (not re-exported from 'better-auth/db').
  const { getMigrations } = req('better-auth/db/migration') as {
    getMigrations: (o: unknown) => Promise<{ runMigrations: () => Promise<void> }>;
  };
  const Database = req('better-sqlite3') as new (file: string) => SqliteDb;

  const ownsDbFile = !opts.dbFile;
  const dbFile = opts.dbFile ?? path.join(os.tmpdir(), `better-auth-peer-${process.pid}-${randomUUID()}.sqlite`);
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');

  // Listen first so baseURL can carry the real (ephemeral) port.
  let handler: ((q: http.IncomingMessage, s: http.ServerResponse) => Promise<void>) | undefined;
  const server = http.createServer((q, s) => {
    if (!handler) {
      s.statusCode = 503;
      s.end();
      return;
    }
    handler(q, s).catch((err) => {
      if (!s.headersSent) s.statusCode = 500;
      s.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const mailbox = new Map<string, string>();
  const options = {
    appName: 'better-auth-peer',
    baseURL: baseUrl,
    secret: SECRET,
    database: db,
    emailAndPassword: {
      enabled: true,
      sendResetPassword: async ({ user, token }: { user: { email: string }; url: string; token: string }) => {
        mailbox.set(user.email.toLowerCase(), token);
      },
    },
    rateLimit: { enabled: false }, // measure the flow, not the limiter
    telemetry: { enabled: false },
    // The unknown-email path logs a warning per request; console I/O would skew timings.
    logger: { level: 'error' as const },
  };

  try {
    const { runMigrations } = await getMigrations(options);
    await runMigrations();
    const auth = betterAuth(options);
    for (const u of opts.users) {
      await auth.api.signUpEmail({ body: { email: u.email, password: u.password, name: u.name } });
    }
    handler = toNodeHandler(auth);
  } catch (err) {
    await new Promise<void>((r) => server.close(() => r()));
    db.close();
    if (ownsDbFile) removeDbFiles(dbFile);
    throw err;
  }

  const api = `${baseUrl}/api/auth`;
  let closed = false;
  return {
    baseUrl,
    requestReset: (email) =>
      timedPost(`${api}/request-password-reset`, { email, redirectTo: `${baseUrl}/reset-password-landing` }),
    completeReset: (token, newPassword) => timedPost(`${api}/reset-password`, { token, newPassword }),
    lastResetToken: (email) => mailbox.get(email.toLowerCase()),
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // fetch keeps loopback connections alive
      });
      db.close();
      if (ownsDbFile) removeDbFiles(dbFile);
    },
  };
}

function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.unlinkSync(f);
    } catch {
      /* not there */
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Interleaves n reset requests for a registered email with n for unregistered
 * (fresh, never-seen) emails, alternating which goes first each round, after a
 * short warm-up. ratio = knownMedianMs / unknownMedianMs (1.0 = no timing gap).
 */
export async function measureBetterAuthRequestTiming(
  n: number,
): Promise<{ knownMedianMs: number; unknownMedianMs: number; ratio: number }> {
  const known = 'known.user@example.com';
  const peer = await startBetterAuthPeer({
    users: [
      { email: known, password: 'correct-horse-battery-1', name: 'Known User' },
      { email: 'other.user@example.com', password: 'correct-horse-battery-2', name: 'Other User' },
    ],
  });
  try {
    const unknownEmail = (i: number) => `nobody-${i}-${randomUUID().slice(0, 8)}@example.com`;
    for (let i = 0; i < 20; i++) {
      await peer.requestReset(known);
      await peer.requestReset(unknownEmail(-i - 1));
    }
    const k: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < n; i++) {
      const doKnown = async () => {
        const r = await peer.requestReset(known);
        if (r.status !== 200) throw new Error(`known request status ${r.status}`);
        k.push(r.ms);
      };
      const doUnknown = async () => {
        const r = await peer.requestReset(unknownEmail(i));
        if (r.status !== 200) throw new Error(`unknown request status ${r.status}`);
        u.push(r.ms);
      };
      if (i % 2 === 0) {
        await doKnown();
        await doUnknown();
      } else {
        await doUnknown();
        await doKnown();
      }
    }
    const knownMedianMs = median(k);
    const unknownMedianMs = median(u);
    return { knownMedianMs, unknownMedianMs, ratio: knownMedianMs / unknownMedianMs };
  } finally {
    await peer.close();
  }
}
