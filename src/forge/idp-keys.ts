import { kvs } from '@forge/kvs';
import { activeKey, canRotate, rotate, type IdpConfig, type PublishedKey, type RotationStep, type SigningKey } from '../domain/saml/keys';
import type { IdpKeys } from '../ports/sign-in';
import { createKeyPair } from '../saml/certificates';
import { ENTITY, IDP_CONFIG_KEY, idpPrivateKeySecret as secretKey } from './kvs-keys';
import { executeIfUnchanged, isConditionFailure, revIs } from './transactions';
import type { CachedValue } from './pending-sign-ins';

/**
 * The identity provider's entity ID and signing keys in KVS: the public side (certificates, states) as the
 * plain value `saml-idp`, each private key as the secret `saml-key-<kid>`; never logged, never answered.
 * Created on first use (the first writer wins; a loser removes its own secret). Changes are conditioned on a
 * revision (entity `revision`, key `saml-idp`). A warm instance keeps the configuration it read for 10 seconds
 * (a rotation reaches every instance within that), and each private key it read for as long as it lives: a
 * key id names one key pair for good, so once the configuration is read again, the signing key costs no read
 * unless the active key changed. A stale configuration may also be read by someone else's batch (see
 * CachedValue in ./pending-sign-ins.ts: a sign-in step reads it with its pending sign-in) and handed in.
 */
const REVISION = ENTITY.revision;
const CACHE_MS = 10_000;

interface Revision {
  rev: number;
}

export interface IdpKeyDeps {
  clock: { nowMs(): number };
  randomBytes: (n: number) => Buffer;
}

export class KvsIdpKeys implements CachedValue, IdpKeys {
  private cached?: { at: number; config: IdpConfig };
  /** Signing keys by key id (immutable: a rotation creates a new id); one object per key, so sign.ts parses it once. */
  private readonly signingKeys = new Map<string, SigningKey>();

  constructor(private readonly deps: IdpKeyDeps) {}

  forget(): void {
    this.cached = undefined;
    this.signingKeys.clear();
  }

  private nowSec(): number {
    return Math.floor(this.deps.clock.nowMs() / 1000);
  }

  private async newKey(): Promise<Omit<PublishedKey, 'state'>> {
    const pair = await createKeyPair({ commonName: 'Portal Access identity provider', nowSec: this.nowSec(), randomBytes: this.deps.randomBytes });
    await kvs.setSecret(secretKey(pair.kid), pair.privateKeyPem);
    return { kid: pair.kid, notBefore: pair.notBefore, notAfter: pair.notAfter, fingerprint: pair.fingerprint, pem: pair.certificatePem };
  }

  /** The published configuration, created on first use. */
  async config(): Promise<IdpConfig> {
    const stored = await kvs.get<IdpConfig>(IDP_CONFIG_KEY);
    if (stored) return stored;
    const key = await this.newKey();
    const config: IdpConfig = { entityId: `urn:portal-access:idp:${this.deps.randomBytes(12).toString('hex')}`, keys: [{ ...key, state: 'active' }] };
    try {
      await kvs.set(IDP_CONFIG_KEY, config, { keyPolicy: 'FAIL_IF_EXISTS' });
      return config;
    } catch (error) {
      await kvs.deleteSecret(secretKey(key.kid));
      const winner = await kvs.get<IdpConfig>(IDP_CONFIG_KEY);
      if (winner) return winner;
      throw error;
    }
  }

  /** `saml-idp` while this instance's copy of the configuration is older than 10 seconds (or absent). */
  staleKey(): string | undefined {
    const now = this.deps.clock.nowMs();
    return this.cached && now - this.cached.at < CACHE_MS && now >= this.cached.at ? undefined : IDP_CONFIG_KEY;
  }

  /** The configuration as another read found it; absent (not created yet) leaves the creation to signing(). */
  prime(stored: unknown): void {
    if (stored) this.cached = { at: this.deps.clock.nowMs(), config: stored as IdpConfig };
  }

  /** The active key with its private half (the configuration cached briefly), for signing responses. */
  async signing(): Promise<{ config: IdpConfig; signing: SigningKey }> {
    if (this.staleKey() !== undefined) this.cached = { at: this.deps.clock.nowMs(), config: await this.config() };
    const config = this.cached!.config;
    const active = activeKey(config);
    let signing = this.signingKeys.get(active.kid);
    if (!signing) {
      const privateKeyPem = await kvs.getSecret<string>(secretKey(active.kid));
      if (!privateKeyPem) throw new Error('signing key missing');
      signing = { privateKeyPem, certificatePem: active.pem };
      this.signingKeys.set(active.kid, signing);
    }
    return { config, signing };
  }

  /** One rotation step; false when another admin changed the keys meanwhile (nothing written). */
  async rotate(step: RotationStep): Promise<{ ok: true; config: IdpConfig } | { ok: false; reason: 'not-allowed' | 'conflict' }> {
    const [config, revision] = await Promise.all([this.config(), kvs.entity<Revision>(REVISION).get(IDP_CONFIG_KEY)]);
    if (!canRotate(config, step)) return { ok: false, reason: 'not-allowed' };
    const added = step === 'create-next' ? await this.newKey() : undefined;
    const next = rotate(config, step, added);
    const rev = revision?.rev ?? 0;
    let landed = false;
    try {
      landed = await executeIfUnchanged(
        kvs
          .transact()
          .set<Revision>(IDP_CONFIG_KEY, { rev: rev + 1 }, { entityName: REVISION, conditions: revIs<Revision>(revision?.rev) })
          .set(IDP_CONFIG_KEY, next),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    if (!landed) {
      if (added) await kvs.deleteSecret(secretKey(added.kid));
      return { ok: false, reason: 'conflict' };
    }
    if (step === 'retire-previous') {
      for (const old of config.keys.filter((k) => k.state === 'previous')) await kvs.deleteSecret(secretKey(old.kid));
    }
    this.forget();
    return { ok: true, config: next };
  }
}
