import { ASSERTION_LIFETIME_SEC, ATTR, NAMEID_EMAIL } from './constants';

/**
 * The admin's "Test sign-in" in plain words: each rule a service provider applies, passed or failed,
 * judged from what an SP would read out of the signed response (see src/saml/inspect.ts).
 */
export type TestStepId = 'nameId' | 'attributes' | 'audience' | 'destination' | 'validity' | 'inResponseTo' | 'responseSignature' | 'assertionSignature';

/** What an SP reads out of a signed response (src/saml/inspect.ts fills it). */
export interface ReadBack {
  nameId: string;
  nameIdFormat: string;
  attributes: Record<string, string[]>;
  audience: string;
  destination: string;
  recipient: string;
  inResponseTo: string;
  subjectInResponseTo: string;
  notBefore: string;
  notOnOrAfter: string;
  responseSignature: boolean;
  assertionSignature: boolean;
}

export interface Expected {
  email: string;
  spEntityId: string;
  acsUrl: string;
  requestId: string;
  nowSec: number;
}

export function testSteps(read: ReadBack, expected: Expected): { id: TestStepId; ok: boolean }[] {
  const from = Date.parse(read.notBefore) / 1000;
  const to = Date.parse(read.notOnOrAfter) / 1000;
  const has = (name: string) => (read.attributes[name] ?? []).some((v) => v !== '');
  return [
    { id: 'nameId', ok: read.nameId === expected.email && read.nameIdFormat === NAMEID_EMAIL },
    { id: 'attributes', ok: has(ATTR.givenName) && has(ATTR.name) && (read.attributes[ATTR.email] ?? [])[0] === expected.email },
    { id: 'audience', ok: read.audience === expected.spEntityId },
    { id: 'destination', ok: read.destination === expected.acsUrl && read.recipient === expected.acsUrl },
    { id: 'validity', ok: from <= expected.nowSec && expected.nowSec < to && to - from <= ASSERTION_LIFETIME_SEC + 60 },
    { id: 'inResponseTo', ok: read.inResponseTo === expected.requestId && read.subjectInResponseTo === expected.requestId },
    { id: 'responseSignature', ok: read.responseSignature },
    { id: 'assertionSignature', ok: read.assertionSignature },
  ];
}
