import { createHash } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { LogoType } from '../domain/logo';
import { LOGO_KEY } from './kvs-keys';

/**
 * The uploaded logo: one KVS value of its own (not in the settings, which every flow reads), served by the
 * customer pages' web trigger at `<base>/logo?v=<hash>`.
 */
export interface StoredLogo {
  type: LogoType;
  /** The image bytes, base64. */
  data: string;
  /** First 16 hex characters of the SHA-256 of the bytes: the URL's version, so caches can keep it forever. */
  hash: string;
}

export function logoHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

export function logoUrl(base: string, hash: string): string {
  return `${base}/logo?v=${hash}`;
}

export async function loadLogo(): Promise<StoredLogo | undefined> {
  const value = await kvs.get<StoredLogo>(LOGO_KEY);
  return value && typeof value.data === 'string' && typeof value.hash === 'string' ? value : undefined;
}

export const saveLogo = (logo: StoredLogo): Promise<void> => kvs.set(LOGO_KEY, logo);
export const deleteLogo = (): Promise<void> => kvs.delete(LOGO_KEY);
