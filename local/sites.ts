import http from 'node:http';

/**
 * The sites the local host serves from one warm process (issue 20): each is one installation of the app with
 * its own cloud id, installation id, storage (its own KVS file), demo data, Jira and help center. What Forge
 * gives each invocation as its context ("Function Arguments": `installContext`, `installation`) comes from here.
 */
export interface SiteDef {
  /** The host label: the site's pages live on `<label>.localhost` (the demo site also on 127.0.0.1). */
  label: string;
  cloudId: string;
  installationId: string;
  /** Shown on the index page and in the help center. */
  name: string;
}

export const DEMO_SITE: SiteDef = { label: 'demo', cloudId: '00000000-0000-4000-8000-000000000001', installationId: '00000000-0000-4000-8000-0000000000d1', name: 'Demo Service Desk' };
export const SECOND_SITE: SiteDef = { label: 'nordwind', cloudId: '00000000-0000-4000-8000-000000000002', installationId: '00000000-0000-4000-8000-0000000000d2', name: 'Nordwind Service Desk' };

export const installContextOf = (site: Pick<SiteDef, 'cloudId'>): string => `ari:cloud:jira::site/${site.cloudId}`;

/** The second argument Forge passes every function of this site's installation (plus the principal where there is one). */
export function invocationContext(site: SiteDef, principal?: { accountId: string }): Record<string, unknown> {
  return {
    installContext: installContextOf(site),
    installation: { ari: { installationId: site.installationId }, contexts: [{ cloudId: site.cloudId }] },
    ...(principal ? { principal } : {}),
  };
}

/**
 * GETs a URL of the host as a text, connecting to the loopback address whatever the host name: Node's fetch
 * does not resolve `*.localhost` (browsers do), so the host's own calls to a site's URL (the help center
 * reading the app's IdP metadata) go to 127.0.0.1 with the site's name in the Host header.
 */
export function loopbackGet(url: string): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, headers: { host: target.host, accept: 'application/samlmetadata+xml, application/xml, text/xml' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
