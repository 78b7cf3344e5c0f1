/**
 * The identity provider's signing keys and their rotation, as pure rules over the published list:
 * create the next key ahead of time (published beside the active one), switch to it (the old one stays
 * published as `previous`), retire the previous one. At most one key in each state; exactly one active.
 */
export type KeyState = 'active' | 'next' | 'previous';

export interface PublishedKey {
  kid: string;
  state: KeyState;
  notBefore: number;
  notAfter: number;
  fingerprint: string;
  pem: string;
}

export interface IdpConfig {
  /** Stable "Identity provider Entity ID", created once. */
  entityId: string;
  keys: PublishedKey[];
}

export type RotationStep = 'create-next' | 'activate-next' | 'retire-previous';

/** Warn from this many days before the active certificate expires. */
export const EXPIRY_WARNING_DAYS = 30;
/** Certificates the app creates are valid this long. */
export const CERTIFICATE_YEARS = 5;

export const activeKey = (config: IdpConfig): PublishedKey => {
  const key = config.keys.find((k) => k.state === 'active');
  if (!key) throw new Error('no active key');
  return key;
};

/** Whether a rotation step fits the current keys (the UI offers only the steps that do). */
export function canRotate(config: IdpConfig, step: RotationStep): boolean {
  const has = (state: KeyState) => config.keys.some((k) => k.state === state);
  if (step === 'create-next') return !has('next');
  if (step === 'activate-next') return has('next');
  return has('previous');
}

/** The keys after a step; `added` is the new key for create-next. Order: active, next, previous. */
export function rotate(config: IdpConfig, step: RotationStep, added?: Omit<PublishedKey, 'state'>): IdpConfig {
  if (!canRotate(config, step)) throw new Error(`rotation step ${step} does not fit`);
  let keys = config.keys;
  if (step === 'create-next') {
    if (!added) throw new Error('create-next needs the new key');
    keys = [...keys, { ...added, state: 'next' }];
  } else if (step === 'activate-next') {
    keys = keys.filter((k) => k.state !== 'previous').map((k) => ({ ...k, state: k.state === 'next' ? 'active' : 'previous' }));
  } else {
    keys = keys.filter((k) => k.state !== 'previous');
  }
  const order: Record<KeyState, number> = { active: 0, next: 1, previous: 2 };
  return { ...config, keys: [...keys].sort((a, b) => order[a.state] - order[b.state]) };
}

export function certificateStatus(key: PublishedKey, nowSec: number): { notAfter: number; daysLeft: number; expiring: boolean } {
  const daysLeft = Math.floor((key.notAfter - nowSec) / 86_400);
  return { notAfter: key.notAfter, daysLeft, expiring: daysLeft < EXPIRY_WARNING_DAYS };
}

/** A signing key pair as the signer takes it (the private key only ever from KVS secret storage). */
export interface SigningKey {
  privateKeyPem: string;
  /** The certificate as PEM (its base64 goes into KeyInfo). */
  certificatePem: string;
}
