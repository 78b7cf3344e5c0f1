import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { activeCustomer } from './accounts';
import type { LocalHost } from '../local/host';
import type { SmsCatcher } from '../local/sms-catcher';
import type { Customer } from '../src/domain/customer';
import { newTotpSecret } from '../src/domain/factors/totp';
import { maskPhone, parseMobile } from '../src/domain/phone';
import type { SendResult } from '../src/ports/mail';
import type { OutgoingSms, SmsTransport } from '../src/ports/sms';

/** The two-step section's customers (authenticator app or SMS) and its SMS transport with a settable delay (bench/two-step.ts). */

// --- the SMS transport stand-in: the catcher, after a settable delay ----------------------------------------

/** What the host's `sms` option gets: hands every SMS to the catcher after `delayMs` (0 = at once). */
export class TimedTransport {
  delayMs = 0;
  /** Per SMS id: when the transport was entered and when it answered (main-thread performance.now()). */
  readonly calls = new Map<string, { entered: number; done?: number }>();
  private enteredWaiters: (() => void)[] = [];
  factory = (catcher: SmsCatcher): SmsTransport => ({
    send: async (sms: OutgoingSms): Promise<SendResult> => {
      const call: { entered: number; done?: number } = { entered: performance.now() };
      this.calls.set(sms.id, call);
      const waiters = this.enteredWaiters;
      this.enteredWaiters = [];
      waiters.forEach((w) => w());
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      catcher.add(sms);
      call.done = performance.now();
      return { ok: true, providerMessageId: `bench-${sms.id}` };
    },
  });
  /** Resolves when the transport is next entered (the queued job reached the provider). */
  entered(): Promise<void> {
    return new Promise((resolve) => this.enteredWaiters.push(resolve));
  }
}

// --- customers ---------------------------------------------------------------------------------------------

export interface BenchCustomer {
  identifier: string;
  password: string;
  email: string;
  totpKey?: string;
  phone?: string;
}

const BENCH_PASSWORD = 'Bench-Two-Step-Lantern-Quartz-7';

export async function createCustomers(host: LocalHost, n: number, kind: 'totp' | 'sms'): Promise<BenchCustomer[]> {
  const deps = host.deps;
  const sharedHash = await deps.hasher.hash(BENCH_PASSWORD);
  const now = Math.floor(host.clock.nowMs() / 1000);
  const out: BenchCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomBytes(16).toString('base64url');
    const ref = randomBytes(9).toString('base64url');
    const factorRef = randomBytes(9).toString('base64url');
    const email = `bench.${kind}${String(i).padStart(3, '0')}@example.com`;
    const username = `bench${kind}${String(i).padStart(3, '0')}`;
    await deps.passwords.put(id, ref, sharedHash);
    let twoStep: Customer['twoStep'];
    const c: BenchCustomer = { identifier: i % 2 ? username : email, password: BENCH_PASSWORD, email };
    if (kind === 'totp') {
      c.totpKey = newTotpSecret();
      await deps.factors.putTotp(id, factorRef, c.totpKey);
      twoStep = { totp: { ref: factorRef, since: now - 86_400, lastStep: 0 }, failures: 0 };
    } else {
      const parsed = parseMobile(`+49151${String(23_000_000 + i).padStart(8, '0')}`);
      if (!parsed.ok) throw new Error(`bench phone number ${i} is not a valid mobile number (${parsed.reason})`);
      c.phone = parsed.e164;
      await deps.factors.putSms(id, factorRef, parsed.e164);
      twoStep = { sms: { ref: factorRef, since: now - 86_400, masked: maskPhone(parsed.e164) }, failures: 0 };
    }
    const customer: Customer = {
      ...activeCustomer({ id, email, username, displayName: `Bench ${kind.toUpperCase()} ${i}`, locale: i % 2 ? 'de' : 'en', sinceSec: now - 2 * 86_400, nowSec: now, passwordRef: ref }),
      twoStep,
    };
    await deps.directory.create(customer, []);
    out.push(c);
  }
  return out;
}
