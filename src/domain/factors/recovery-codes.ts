import { createHash } from 'node:crypto';

/**
 * Recovery codes: 10 per set, 80 bits each from a CSPRNG, written as 16 base32 characters in groups of four
 * (`ABCD-EFGH-JKLM-NPQR`), stored only as SHA-256 hashes, each usable once. A new set replaces the old one.
 */
export const RECOVERY_CODES = 10;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newRecoveryCodes(randomBytes: (n: number) => Buffer): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(10);
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    return out.replace(/(.{4})(?=.)/g, '$1-');
  });
}

/** Typed codes: case, spaces and dashes do not matter; 0/1/8 typed for O/I/B are read as meant. */
export function normaliseRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B');
}

export const hashRecoveryCode = (code: string): string => createHash('sha256').update(normaliseRecoveryCode(code)).digest('base64url');

/** The index of the unused code the input matches, or -1. */
export function matchRecoveryCode(input: string, hashes: string[], used: number[]): number {
  const normal = normaliseRecoveryCode(input);
  if (!/^[A-Z2-7]{16}$/.test(normal)) return -1;
  const hash = hashRecoveryCode(normal);
  const index = hashes.indexOf(hash);
  return index >= 0 && !used.includes(index) ? index : -1;
}
