// The list alone (issue 25: the package's index also carries the diceware words and keyboard graphs, ~47 KiB of
// the Forge bundle this module never uses); typed in ./common-passwords-list.d.ts.
import passwordsCommon from '@zxcvbn-ts/language-common/dist/passwords.json.cjs';

/**
 * The shipped blocklist: zxcvbn-ts's list of common and breached passwords (about 49,000 entries),
 * compared case-insensitively. Built once per process.
 */
// eslint-disable-next-line no-restricted-syntax -- tenant-free: the shipped list, the same for every installation
let blocklist: Set<string> | undefined;

function list(): Set<string> {
  if (!blocklist) {
    const words: string[] = passwordsCommon;
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
