import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { SAML, ValidateInResponseTo, type CacheProvider } from '@node-saml/node-saml';
import { spIdentity, type SpIdentity } from '../../local/saml-sp';
import { startTestHost, type TestHost } from './local-host';

/**
 * The app as a SAML identity provider, driven by an independent @node-saml/node-saml SP (test/integration/saml-idp
 * and saml-idp-failures): the constants, the scrypt counter, the page and XML readers, xmlsec1, and
 * `useNodeSamlSp`, one host with node-saml configured from its published metadata and the sign-in steps on it.
 */
export const XMLSEC1 = '/usr/bin/xmlsec1';
export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
};
export const CLAIM = (name: string) => `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/${name}`;
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const JANE = { email: 'jane.doe@example.com', password: 'Harbour-Lantern-Violet-42' };
export const ERIKA = { email: 'erika.mustermann@example.de', password: 'Sonnenblume-Fahrrad-Kaffee-7' };
export const EVIL_NAME = 'A</saml:AttributeValue><saml:Attribute Name="x">';
/** Lighter scrypt than production (same code path, one run per sign-in), so the suite stays quick on a busy machine. */
export const SCRYPT = { N: 2 ** 14, r: 8, p: 1 };

/**
 * Counts sign-ins' scrypt work on the host's hasher: `verifies` = top-level calls of hasher.verify (the brief's
 * counter), `runs` = scrypt
 * derivations actually computed.
 */
export function countScrypt(host: TestHost) {
  const hasher = host.deps.hasher as TestHost['deps']['hasher'] & { runs: number };
  const counter = { verifies: 0, get runs() { return hasher.runs; } };
  const verify = hasher.verify.bind(hasher);
  let depth = 0;
  hasher.verify = async (...args: Parameters<typeof verify>) => {
    if (depth === 0) counter.verifies++;
    depth++;
    try {
      return await verify(...args);
    } finally {
      depth--;
    }
  };
  return counter;
}

export const decodeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

/** The first form of a page: its action and its inputs (decoded). */
export function formIn(html: string): { action: string; fields: Record<string, string> } {
  const match = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(html);
  if (!match) throw new Error(`no form in: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of match[0].matchAll(/<input\b[^>]*>/gi)) {
    const name = decodeHtml(/name="([^"]*)"/i.exec(input[0])?.[1] ?? '');
    if (name) fields[name] = decodeHtml(/value="([^"]*)"/i.exec(input[0])?.[1] ?? '');
  }
  return { action: decodeHtml(/action="([^"]*)"/i.exec(match[0])?.[1] ?? ''), fields };
}

export const children = (parent: Element, ns: string, name: string): Element[] => {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === ns && (node as Element).localName === name) out.push(node as Element);
  }
  return out;
};
export const only = (parent: Element, ns: string, name: string): Element => {
  const found = children(parent, ns, name);
  if (found.length !== 1) throw new Error(`expected exactly one ${name}, found ${found.length}`);
  return found[0];
};
export const elementChildren = (parent: Element): Element[] => {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as Element);
  return out;
};

export function xmlsec1Available(): void {
  if (!fs.existsSync(XMLSEC1)) {
    throw new Error(`xmlsec1 is missing at ${XMLSEC1}: install the Debian package ("apt-get install -y xmlsec1"); npm test installs it when run as root`);
  }
}

let tmp: string | undefined;
/** xmlsec1 verifying one signature (the Response's or the Assertion's, chosen by XPath) with the published certificate. */
export function xmlsecVerifies(xml: string, certPem: string, which: 'response' | 'assertion'): { ok: boolean; output: string } {
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'saml-idp-'));
  const file = path.join(tmp, `${crypto.randomBytes(6).toString('hex')}.xml`);
  const cert = path.join(tmp, 'cert.pem');
  fs.writeFileSync(file, xml);
  fs.writeFileSync(cert, certPem);
  const args = [
    '--verify',
    '--pubkey-cert-pem',
    cert,
    '--id-attr:ID',
    `${NS.samlp}:Response`,
    '--id-attr:ID',
    `${NS.saml}:Assertion`,
    '--node-xpath',
    which === 'assertion' ? "//*[local-name()='Assertion']/*[local-name()='Signature']" : "/*[local-name()='Response']/*[local-name()='Signature']",
    file,
  ];
  const run = spawnSync(XMLSEC1, args, { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

export type ScryptCounter = ReturnType<typeof countScrypt>;
/** What `useNodeSamlSp` hands its file once the host is up. */
export interface NodeSamlSetup {
  host: TestHost;
  sp: SpIdentity;
  certPem: string;
  certBase64: string;
  nodeSaml: SAML;
  scrypt: ScryptCounter;
}

/**
 * A file's host (scrypt at SCRYPT) and a node-saml SP configured from its metadata (`assign` receives both before
 * the tests), closed after them; answers the sign-in steps: `startSignIn`, `signInPost`, `signedIn`, `validate`
 * and `rejects`, with node-saml's request-id cache (`requestIds`) and every page answered so far (`answers`).
 */
export function useNodeSamlSp(assign: (setup: NodeSamlSetup) => void) {
  let host: TestHost;
  let nodeSaml: SAML;
  /** node-saml's request-id cache, ours so a test can give a request id back after node-saml dropped it on a refusal. */
  const requestIds = new Map<string, string>();
  const cacheProvider: CacheProvider = {
    saveAsync: async (key, value) => {
      requestIds.set(key, value);
      return { value, createdAt: Date.now() };
    },
    getAsync: async (key) => requestIds.get(key) ?? null,
    removeAsync: async (key) => {
      const value = key ? (requestIds.get(key) ?? null) : null;
      if (key) requestIds.delete(key);
      return value;
    },
  };
  let client = 0;
  const answers: string[] = [];

  beforeAll(async () => {
    xmlsec1Available();
    host = await startTestHost({ scrypt: SCRYPT });
    const sp = spIdentity(host.url);
    const scrypt = countScrypt(host);
    const metadata = await fetch(`${host.url}/x/customer-pages/saml/metadata`);
    expect(metadata.status).toBe(200);
    const xml = await metadata.text();
    answers.push(xml);
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element;
    const idp = only(root, NS.md, 'IDPSSODescriptor');
    const certBase64 = (idp.getElementsByTagNameNS(NS.ds, 'X509Certificate')[0].textContent ?? '').replace(/\s+/g, '');
    const certPem = `-----BEGIN CERTIFICATE-----\n${certBase64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    const ssoUrl = children(idp, NS.md, 'SingleSignOnService').find((s) => s.getAttribute('Binding')!.endsWith('HTTP-Redirect'))!.getAttribute('Location')!;
    expect(ssoUrl).toBe(`${host.url}/x/customer-pages/saml/sso`);
    nodeSaml = new SAML({
      issuer: sp.entityId,
      audience: sp.entityId,
      callbackUrl: sp.acsUrl,
      entryPoint: ssoUrl,
      idpCert: certPem,
      idpIssuer: root.getAttribute('entityID')!,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      signatureAlgorithm: 'sha256',
      identifierFormat: EMAIL_FORMAT,
      validateInResponseTo: ValidateInResponseTo.always,
      disableRequestedAuthnContext: true,
      acceptedClockSkewMs: 0,
      cacheProvider,
    });
    assign({ host, sp, certPem, certBase64, nodeSaml, scrypt });
  });
  afterAll(async () => {
    await host?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  /** Each sign-in from its own client address, so the per-client limit stays out of the way unless tested. */
  const nextClient = () => `198.51.100.${++client}`;

  /** The SP's AuthnRequest URL (optionally with the request XML changed), followed to the sign-in page. */
  async function startSignIn(relayState = '/help-center?lang=en', change?: (xml: string) => string) {
    let url = await nodeSaml.getAuthorizeUrlAsync(relayState, undefined, {});
    const parsed = new URL(url);
    const requestXml = inflateRawSync(Buffer.from(parsed.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    const requestId = /\bID="([^"]+)"/.exec(requestXml)![1];
    if (change) {
      parsed.searchParams.set('SAMLRequest', deflateRawSync(Buffer.from(change(requestXml), 'utf8')).toString('base64'));
      url = parsed.toString();
    }
    const started = await fetch(url, { redirect: 'manual' });
    const location = started.headers.get('location');
    return { started, requestId, location, reference: location ? new URL(location, host.url).searchParams.get('request')! : '' };
  }

  async function signInPost(fields: Record<string, string>, clientAddress = nextClient(), language = 'en') {
    const response = await fetch(`${host.url}/x/customer-pages/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': clientAddress, 'accept-language': language },
      body: new URLSearchParams({ lang: language, ...fields }).toString(),
    });
    const body = await response.text();
    answers.push(body);
    return { response, body };
  }

  /** A whole sign-in up to the auto-post page: its form (action, SAMLResponse, RelayState) and the decoded XML. */
  async function signedIn(who = JANE, relayState = '/help-center?lang=en', change?: (xml: string) => string) {
    const { started, reference, requestId } = await startSignIn(relayState, change);
    expect(started.status).toBe(303);
    const page = await fetch(new URL(started.headers.get('location')!, host.url));
    expect(page.status).toBe(200);
    const form = formIn(await page.text());
    expect(form.fields.request).toBe(reference);
    const { response, body } = await signInPost({ request: reference, identifier: who.email, password: who.password });
    expect(response.status).toBe(200);
    const post = formIn(body);
    return { response, body, post, reference, requestId, xml: Buffer.from(post.fields.SAMLResponse, 'base64').toString('utf8') };
  }

  const validate = (samlResponse: string, relayState?: string) => nodeSaml.validatePostResponseAsync({ SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) });
  const rejects = async (samlResponse: string) => {
    try {
      await validate(samlResponse);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('node-saml accepted a response it should have rejected');
  };

  return { requestIds, answers, startSignIn, signInPost, signedIn, validate, rejects };
}
