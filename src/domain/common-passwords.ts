import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The shipped blocklist: zxcvbn-ts's list of common and breached passwords (about 49,000 entries),
 * compared case-insensitively. Built once per process.
 */
// eslint-disable-next-line no-restricted-syntax -- tenant-free: the shipped list, the same for every installation
let blocklist: Set<string> | undefined;

function list(): Set<string> {
  if (!blocklist) {
    const words = (dictionary as Record<string, string[]>)['passwords-common'] ?? [];
    blocklist = new Set(words.map((w) => w.toLowerCase()));
  }
  return blocklist;
}

export function isCommonPassword(password: string): boolean {
  return list().has(password.normalize('NFC').toLowerCase());
}

export function commonPasswordCount(): number {
  return list().size;
}

/** Entries a browser needs for a live check: only those long enough to pass the length rule. */
export function commonPasswordsAtLeast(minLength: number, max: number): string[] | undefined {
  const subset = [...list()].filter((w) => [...w].length >= minLength);
  return subset.length <= max ? subset : undefined;
}
