import zlib from 'node:zlib';
import { SAML, type CacheItem, type CacheProvider, type SamlConfig } from '@node-saml/node-saml';
import { SamlCheckError } from './saml-checks';

/** The service provider's request side: the AuthnRequest, its pending ids, and the browser each was started in. */

/**
 * Pending AuthnRequest ids (InResponseTo), in memory, single use, expiring on the host's clock. The value is
 * node-saml's own (the request's instant), kept as given.
 */
export class RequestCache implements CacheProvider {
  private readonly items = new Map<string, { value: string; atMs: number }>();

  constructor(
    private readonly now: () => number,
    readonly ttlMs: number,
  ) {}

  private live(key: string) {
    const item = this.items.get(key);
    if (item && this.now() - item.atMs >= this.ttlMs) this.items.delete(key);
    return this.items.get(key);
  }

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    for (const k of [...this.items.keys()]) this.live(k);
    if (this.live(key)) return null;
    const atMs = this.now();
    this.items.set(key, { value, atMs });
    return { value, createdAt: atMs };
  }

  async getAsync(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    const item = this.live(key);
    this.items.delete(key);
    return item?.value ?? null;
  }

  get size(): number {
    return this.items.size;
  }
}

/** node-saml reading the host's clock instead of the machine's (validity windows, the request's IssueInstant). */
export class ClockedSaml extends SAML {
  private readonly nowMs: () => number;

  constructor(config: SamlConfig, nowMs: () => number) {
    super(config);
    this.nowMs = nowMs;
  }

  protected override checkTimestampsValidityError(_machineNowMs: number, notBefore: string, notOnOrAfter: string, maxTimeLimitMs?: number): Error | null {
    return super.checkTimestampsValidityError(this.nowMs(), notBefore, notOnOrAfter, maxTimeLimitMs);
  }

  protected override async generateAuthorizeRequestAsync(isPassive: boolean, isHttpPostBinding: boolean): Promise<string> {
    const xml = await super.generateAuthorizeRequestAsync(isPassive, isHttpPostBinding);
    return xml.replace(/IssueInstant="[^"]*"/, `IssueInstant="${new Date(this.nowMs()).toISOString()}"`);
  }
}

/** The AuthnRequest's ID in an HTTP-Redirect login URL (its deflated, base64 `SAMLRequest`). */
export function authnRequestId(loginUrl: string): string {
  const id = /\bID="([^"]+)"/.exec(zlib.inflateRawSync(Buffer.from(new URL(loginUrl).searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8'))?.[1];
  if (!id) throw new SamlCheckError('format', 'the AuthnRequest has no ID');
  return id;
}

/** Request ID → hash of the login cookie of the browser that started it, expiring with the request. */
export class LoginBrowsers {
  private readonly browsers = new Map<string, { hash: string; atMs: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  /** Binds request `id` to the browser whose login cookie hash is `hash` (and drops expired bindings). */
  bind(id: string, hash: string): void {
    const now = this.now();
    for (const [key, entry] of this.browsers) if (now - entry.atMs >= this.ttlMs) this.browsers.delete(key);
    this.browsers.set(id, { hash, atMs: now });
  }

  /** The hash bound to request `id`, if any. */
  startedBy(id: string): string | undefined {
    return this.browsers.get(id)?.hash;
  }

  delete(id: string): void {
    this.browsers.delete(id);
  }
}
