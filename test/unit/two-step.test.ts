import { randomBytes } from 'node:crypto';
import { hashRecoveryCode, matchRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from '../../src/domain/factors/recovery-codes';
import { checkTotp, groupsOfFour, newTotpSecret, otpauthUri, totpCode } from '../../src/domain/factors/totp';
import { DEFAULT_TWO_STEP, stepAfterPassword, type TwoStepSettings } from '../../src/domain/two-step';

/** RFC 6238 Appendix B (SHA-1, the 20-byte ASCII secret "12345678901234567890"): 8-digit values; apps show the last 6. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('T=%i → …%s', async (t, eight) => {
    expect(await totpCode(RFC_SECRET, t)).toBe(eight.slice(2));
    expect(await checkTotp(RFC_SECRET, eight.slice(2), t, 0)).toEqual({ ok: true, step: Math.floor(t / 30) });
  });

  it('accepts one step either side, not two', async () => {
    const t = 1234567890;
    const code = await totpCode(RFC_SECRET, t);
    expect((await checkTotp(RFC_SECRET, code, t + 30, 0)).ok).toBe(true);
    expect((await checkTotp(RFC_SECRET, code, t - 30, 0)).ok).toBe(true);
    expect((await checkTotp(RFC_SECRET, code, t + 60, 0)).ok).toBe(false);
    expect((await checkTotp(RFC_SECRET, code, t - 60, 0)).ok).toBe(false);
  });

  it('accepts each code once: a step at or before the last used one is a replay', async () => {
    const t = 1234567890;
    const code = await totpCode(RFC_SECRET, t);
    const first = await checkTotp(RFC_SECRET, code, t, 0);
    expect(first.ok).toBe(true);
    const step = (first as { step: number }).step;
    expect(await checkTotp(RFC_SECRET, code, t, step)).toEqual({ ok: false, replayed: true });
    expect(await checkTotp(RFC_SECRET, code, t + 30, step)).toEqual({ ok: false, replayed: true });
    expect((await checkTotp(RFC_SECRET, await totpCode(RFC_SECRET, t + 30), t + 30, step)).ok).toBe(true);
  });

  it('refuses what is not six digits', async () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 345', '１２３４５６']) expect(await checkTotp(RFC_SECRET, bad, 59, 0)).toEqual({ ok: false, replayed: false });
  });

  it('new keys are 160 bits in base32, shown in groups of four, in an otpauth URI', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupsOfFour('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    const uri = new URL(otpauthUri({ issuer: 'Demo Service Desk', account: 'customer2300229', secret }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Demo Service Desk');
  });
});

describe('recovery codes', () => {
  it('are 10 distinct codes of 80 bits, ABCD-EFGH-JKLM-NPQR', () => {
    const codes = newRecoveryCodes(randomBytes);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  });

  it('match once, whatever the case, spaces or dashes', () => {
    const codes = newRecoveryCodes(randomBytes);
    const hashes = codes.map(hashRecoveryCode);
    const typed = codes[2].toLowerCase().replace(/-/g, ' ');
    expect(matchRecoveryCode(typed, hashes, [])).toBe(2);
    expect(matchRecoveryCode(typed, hashes, [2])).toBe(-1);
    expect(matchRecoveryCode('AAAA-AAAA-AAAA-AAAA', hashes, [])).toBe(-1);
    expect(matchRecoveryCode('x'.repeat(10_000), hashes, [])).toBe(-1);
    expect(normaliseRecoveryCode('ab0-1')).toBe('ABOI');
  });
});

describe('the step after the password', () => {
  const s = (policy: TwoStepSettings['policy']): TwoStepSettings => ({ ...DEFAULT_TWO_STEP, policy });
  const enrolled = { twoStep: { totp: { ref: 'r', since: 1, lastStep: 0 }, failures: 0 } };
  it.each([
    ['off', {}, 'done'],
    ['off', enrolled, 'done'],
    ['optional', {}, 'done'],
    ['optional', enrolled, 'verify'],
    ['admins', {}, 'done'],
    ['admins', { portalAdmin: true }, 'enrol'],
    ['admins', enrolled, 'verify'],
    ['everyone', {}, 'enrol'],
    ['everyone', enrolled, 'verify'],
  ] as const)('%s, %j → %s', (policy, customer, step) => {
    expect(stepAfterPassword(s(policy), customer)).toBe(step);
  });
});
