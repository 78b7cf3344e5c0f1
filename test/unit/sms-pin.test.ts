import { randomBytes } from 'node:crypto';
import {
  allowAccountSend,
  allowSiteSend,
  checkPin,
  generatePin,
  hashPin,
  issuePin,
  PIN_MAX_FAILURES,
  PIN_TTL_SEC,
  siteWindowLeftSec,
} from '../../src/domain/factors/sms-pin';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { isE164Mobile, maskPhone, parseMobile, phoneMetadata } from '../../src/domain/phone';

describe('phone numbers (E.164, DE by default, masked)', () => {
  test.each([
    ['0171 1234567', '+491711234567'],
    ['+49 171 1234567', '+491711234567'],
    ['0049 (171) 123-4567', '+491711234567'],
    ['+44 7911 123456', '+447911123456'],
    ['+1 212 555 0123', '+12125550123'], // US: "fixed line or mobile", the library cannot tell: accepted
  ])('%s → %s', (typed, e164) => {
    expect(parseMobile(typed)).toEqual({ ok: true, e164 });
  });

  test.each([
    ['030 12345678', 'not-mobile'], // a Berlin landline
    ['0800 1234567', 'not-mobile'], // toll-free
    ['0900 1234567', 'not-mobile'], // premium rate
    ['12345', 'invalid'],
    ['0171 12', 'invalid'],
    ['0171 CALLME', 'invalid'],
    ['', 'invalid'],
    ['+49 171 1234567'.repeat(4), 'invalid'],
  ])('%s is refused (%s)', (typed, reason) => {
    expect(parseMobile(typed)).toEqual({ ok: false, reason });
  });

  test('anything not a string is refused', () => {
    expect(parseMobile(undefined)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseMobile(491711234567)).toEqual({ ok: false, reason: 'invalid' });
  });

  test('isE164Mobile accepts only the normalised form', () => {
    expect(isE164Mobile('+491711234567')).toBe(true);
    expect(isE164Mobile('01711234567')).toBe(false);
    expect(isE164Mobile('+493012345678')).toBe(false);
  });

  test('the mask shows the country code and the last two digits only, in one shape', () => {
    expect(maskPhone('+491711234567')).toBe('+49 ••• •••• 67');
    expect(maskPhone('+447911123456')).toBe('+44 ••• •••• 56');
    expect(maskPhone('+12125550123')).toBe('+1 ••• •••• 23');
    expect(maskPhone('not a number')).toBe('••• •••• ••');
  });

  test('the committed compact metadata is the package\'s "max" metadata (issue 25; `npm run build` refreshes it)', () => {
    expect(phoneMetadata()).toEqual(maxMetadata);
  });
});

/** A deterministic random source: the given 4-byte draws first, then real randomness. */
function scripted(values: number[]): (n: number) => Buffer {
  const queue = [...values];
  return (n) => {
    if (n === 4 && queue.length > 0) {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(queue.shift()!, 0);
      return b;
    }
    return randomBytes(n);
  };
}

describe('SMS PINs', () => {
  const attempt = 'attempt-1';
  const t0 = 1_800_000_000;

  test('6 digits, leading zeros kept', () => {
    expect(generatePin(scripted([7]))).toBe('000007');
    for (let i = 0; i < 200; i++) expect(generatePin(randomBytes)).toMatch(/^\d{6}$/);
  });

  test('no modulo bias: draws in the uneven top of the 32-bit range are thrown away', () => {
    const acceptBelow = Math.floor(2 ** 32 / 1e6) * 1e6; // 4294000000
    // The first two draws would favour low PINs (4294967295 % 1e6 = 967295); they are rejected.
    expect(generatePin(scripted([2 ** 32 - 1, acceptBelow, 123_456]))).toBe('123456');
    expect(generatePin(scripted([acceptBelow - 1]))).toBe('999999');
  });

  test('roughly uniform over many draws (each leading digit about 10 %)', () => {
    const counts = new Array(10).fill(0) as number[];
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[Number(generatePin(randomBytes)[0])]++;
    for (const c of counts) expect(Math.abs(c / n - 0.1)).toBeLessThan(0.015);
  });

  test('stored only as a salted hash bound to the attempt; valid 10 minutes', () => {
    const issued = issuePin(undefined, attempt, t0, randomBytes);
    if (!issued.ok) throw new Error('not issued');
    const { pin, record } = issued;
    expect(Object.values(record)).not.toContain(pin);
    expect(record.hash).toBe(hashPin(pin, record.salt, attempt));
    expect(record.expiresAt - record.issuedAt).toBe(PIN_TTL_SEC);
    // A fresh salt per PIN: the same PIN hashes differently in another record.
    const again = issuePin(undefined, attempt, t0, scripted([Number(pin)]));
    if (!again.ok) throw new Error('not issued');
    expect(again.pin).toBe(pin);
    expect(again.record.hash).not.toBe(record.hash);
  });

  test('right PIN once; the second use is refused', () => {
    const issued = issuePin(undefined, attempt, t0, randomBytes);
    if (!issued.ok) throw new Error('not issued');
    const first = checkPin(issued.record, attempt, issued.pin, t0 + 60);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.record.used).toBe(true);
    expect(checkPin(first.record, attempt, issued.pin, t0 + 61)).toEqual({ ok: false, reason: 'used' });
  });

  test('expired after 10 minutes', () => {
    const issued = issuePin(undefined, attempt, t0, randomBytes);
    if (!issued.ok) throw new Error('not issued');
    expect(checkPin(issued.record, attempt, issued.pin, t0 + PIN_TTL_SEC - 1).ok).toBe(true);
    expect(checkPin(issued.record, attempt, issued.pin, t0 + PIN_TTL_SEC)).toEqual({ ok: false, reason: 'expired' });
  });

  test('bound to its attempt: another attempt gets foreign, even with the right PIN', () => {
    const issued = issuePin(undefined, attempt, t0, randomBytes);
    if (!issued.ok) throw new Error('not issued');
    expect(checkPin(issued.record, 'attempt-2', issued.pin, t0)).toEqual({ ok: false, reason: 'foreign' });
    expect(checkPin(undefined, attempt, issued.pin, t0)).toEqual({ ok: false, reason: 'foreign' });
  });

  test('bad input is refused without counting a failure', () => {
    const issued = issuePin(undefined, attempt, t0, randomBytes);
    if (!issued.ok) throw new Error('not issued');
    for (const typed of ['abcdef', '12345', '1234567', 'x'.repeat(10_000), undefined, 123456]) {
      expect(checkPin(issued.record, attempt, typed, t0)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(checkPin(issued.record, attempt, ` ${issued.pin.slice(0, 3)} ${issued.pin.slice(3)} `, t0).ok).toBe(true);
  });

  test('5 wrong PINs void the attempt; sending a new PIN never resets the failure count', () => {
    let issued = issuePin(undefined, attempt, t0, randomBytes);
    if (!issued.ok) throw new Error('not issued');
    let record = issued.record;
    const wrong = (pin: string) => String((Number(pin) + 1) % 1e6).padStart(6, '0');
    for (let i = 1; i <= 4; i++) {
      const result = checkPin(record, attempt, wrong(issued.pin), t0);
      expect(result).toMatchObject({ ok: false, reason: 'wrong' });
      record = (result as { record: typeof record }).record;
      expect(record.failures).toBe(i);
      // A new PIN after each failure: the count carries over.
      issued = issuePin(record, attempt, t0 + i, randomBytes);
      if (!issued.ok) throw new Error('not issued');
      expect(issued.record.failures).toBe(i);
      expect(issued.record.sends).toBe(i + 1);
      record = issued.record;
    }
    const fifth = checkPin(record, attempt, wrong(issued.pin), t0);
    expect(fifth).toMatchObject({ ok: false, reason: 'void' });
    record = (fifth as { record: typeof record }).record;
    expect(record.failures).toBe(PIN_MAX_FAILURES);
    expect(issuePin(record, attempt, t0, randomBytes)).toEqual({ ok: false, reason: 'void' });
    expect(checkPin(record, attempt, issued.pin, t0)).toEqual({ ok: false, reason: 'void' });
    // A new attempt (after the password again) starts from zero.
    const fresh = issuePin(record, 'attempt-2', t0, randomBytes);
    expect(fresh.ok && fresh.record.failures).toBe(0);
  });

  test('at most 5 sends per account and hour', () => {
    let window;
    for (let i = 0; i < 5; i++) {
      const r = allowAccountSend(window, t0 + i);
      expect(r.allowed).toBe(true);
      window = r.next;
    }
    expect(allowAccountSend(window, t0 + 3599).allowed).toBe(false);
    expect(allowAccountSend(window, t0 + 3600).allowed).toBe(true);
  });

  test('the site daily cap counts per UTC day', () => {
    const midnight = Math.floor(t0 / 86_400) * 86_400;
    let window;
    for (let i = 0; i < 3; i++) {
      const r = allowSiteSend(window, midnight + 10 + i, 3);
      expect(r.allowed).toBe(true);
      window = r.next;
    }
    expect(allowSiteSend(window, midnight + 86_399, 3).allowed).toBe(false);
    expect(allowSiteSend(window, midnight + 86_400, 3)).toEqual({ allowed: true, next: { start: midnight + 86_400, count: 1 } });
    expect(siteWindowLeftSec(midnight + 10)).toBe(86_390);
  });
});
