import { DOMParser, type Document } from '@xmldom/xmldom';
import { inflateRawSync } from 'node:zlib';
import { MAX_ENCODED_REQUEST, MAX_REQUEST_XML } from '../domain/saml/constants';
import type { RequestProblem } from '../domain/saml/authn-request';

/**
 * Hostile-input handling for incoming SAML messages: byte caps before and after inflating, strict base64,
 * no DOCTYPE (so no entities, internal or external), and a parser that stops at the first error.
 */
export class SamlInputError extends Error {
  constructor(readonly problem: RequestProblem) {
    super(problem);
    this.name = 'SamlInputError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Bytes(encoded: string): Buffer {
  if (encoded.length > MAX_ENCODED_REQUEST) throw new SamlInputError('too-large');
  // Transport may wrap long values; whitespace is not part of the data.
  const compact = encoded.replace(/[\r\n\t ]/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) throw new SamlInputError('encoding');
  return Buffer.from(compact, 'base64');
}

/** HTTP-Redirect binding: base64 of raw DEFLATE (saml-bindings §3.4.4.1). Inflating stops at the cap. */
export function decodeRedirect(encoded: string): string {
  const bytes = base64Bytes(encoded);
  let xml: Buffer;
  try {
    xml = inflateRawSync(bytes, { maxOutputLength: MAX_REQUEST_XML });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new SamlInputError(code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String((error as Error).message)) ? 'too-large' : 'encoding');
  }
  return utf8(xml);
}

/** HTTP-POST binding: plain base64 (saml-bindings §3.5.4). */
export function decodePost(encoded: string): string {
  const bytes = base64Bytes(encoded);
  if (bytes.length > MAX_REQUEST_XML) throw new SamlInputError('too-large');
  return utf8(bytes);
}

function utf8(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) throw new SamlInputError('encoding');
  return text;
}

/** Parses XML that must not declare a document type (no DTD, no entities); any parser complaint refuses it. */
export function parseXml(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlInputError('doctype');
  let failed = false;
  const parser = new DOMParser({
    onError: () => {
      failed = true;
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch {
    throw new SamlInputError('xml');
  }
  if (failed || !doc.documentElement) throw new SamlInputError('xml');
  return doc;
}
