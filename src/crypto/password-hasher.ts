import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt from node:crypto at OWASP's parameters (N=2^17, r=8, p=1), parameters stored with the hash:
 * `scrypt$N=131072,r=8,p=1$<salt>$<key>` (base64url). Each run takes 128 MiB, so at most `maxConcurrent`
 * run at once and the rest wait in line.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function parse(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const match = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(encoded);
  if (!match) return undefined;
  const [, N, r, p, salt, key] = match;
  return { params: { N: Number(N), r: Number(r), p: Number(p) }, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export class PasswordHasher {
  private running = 0;
  /** Highest number of scrypt runs seen at once (for tests and the benchmark). */
  peakConcurrent = 0;
  runs = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly params: ScryptParams = OWASP_SCRYPT,
    private readonly maxConcurrent = 2,
  ) {}

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.runs++;
    this.peakConcurrent = Math.max(this.peakConcurrent, this.running);
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.bounded(() => derive(password, salt, this.params));
    const { N, r, p } = this.params;
    return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  async verify(password: string, encoded: string | undefined): Promise<boolean> {
    // No account (or no password): the same one scrypt run at this hasher's parameters, against a random
    // key that nothing matches, so timing does not tell; never a second run to prepare a stand-in hash.
    const stored = (encoded ? parse(encoded) : undefined) ?? { params: this.params, salt: randomBytes(16), key: randomBytes(KEY_LENGTH), dummy: true };
    if ('dummy' in stored) {
      await this.bounded(() => derive(password, stored.salt, stored.params));
      return false;
    }
    const key = await this.bounded(() => derive(password, stored.salt, stored.params));
    return key.length === stored.key.length && timingSafeEqual(key, stored.key);
  }

  needsRehash(encoded: string): boolean {
    const stored = parse(encoded);
    return !stored || stored.params.N < this.params.N || stored.params.r < this.params.r || stored.params.p < this.params.p;
  }
}
