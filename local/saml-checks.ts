/** What the local help center's SAML service provider checks, each failure named by a stable id (local/saml-sp.ts). */

/** Stable ids of what the SP checks; shown on the error page as "Failed check: <id>". */
export const SAML_CHECKS = ['metadata', 'format', 'status', 'browser', 'signature', 'issuer', 'audience', 'destination', 'recipient', 'in-response-to', 'time-window', 'subject'] as const;
export type SamlCheck = (typeof SAML_CHECKS)[number];

export class SamlCheckError extends Error {
  constructor(
    readonly check: SamlCheck,
    /** For the log and the page's details: what was found (never a secret). */
    readonly detail: string,
  ) {
    super(`SAML check failed: ${check}: ${detail}`);
    this.name = 'SamlCheckError';
  }

  /** 502 when the IdP could not be asked, 400 for an unreadable message, 401 for a refused one. */
  get httpStatus(): 400 | 401 | 502 {
    return this.check === 'metadata' ? 502 : this.check === 'format' ? 400 : 401;
  }
}

/** Names the check behind one of node-saml's errors. */
export function nodeSamlFailure(error: unknown): SamlCheckError {
  if (error instanceof SamlCheckError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const check: SamlCheck =
    (error as { xmlStatus?: unknown })?.xmlStatus !== undefined ? 'status'
    : /InResponseTo/i.test(message) ? 'in-response-to'
    : /signature|signed data/i.test(message) ? 'signature'
    : /audience/i.test(message) ? 'audience'
    : /expired|not yet valid|subject confirmation/i.test(message) ? 'time-window'
    : /issuer/i.test(message) ? 'issuer'
    : 'format';
  return new SamlCheckError(check, message.slice(0, 200));
}

/** Plain words for each check (en, de). */
export const CHECK_TEXT: Record<SamlCheck, { en: string; de: string }> = {
  metadata: { en: 'The identity provider’s metadata (its address and certificates) could not be loaded.', de: 'Die Metadaten des Identitätsanbieters (Adresse und Zertifikate) konnten nicht geladen werden.' },
  format: { en: 'The sign-in response could not be read.', de: 'Die Anmeldeantwort konnte nicht gelesen werden.' },
  status: { en: 'The identity provider did not sign you in.', de: 'Der Identitätsanbieter hat Sie nicht angemeldet.' },
  browser: { en: 'The response answers a sign-in that was started in another browser, not in this one.', de: 'Die Antwort gehört zu einer Anmeldung, die in einem anderen Browser begonnen wurde, nicht in diesem.' },
  signature: { en: 'The response is not signed with a certificate the identity provider publishes.', de: 'Die Antwort ist nicht mit einem Zertifikat signiert, das der Identitätsanbieter veröffentlicht.' },
  issuer: { en: 'The response comes from another identity provider than the one this help center trusts.', de: 'Die Antwort stammt von einem anderen Identitätsanbieter als dem, dem dieses Hilfe-Center vertraut.' },
  audience: { en: 'The response is meant for another service, not for this help center (audience).', de: 'Die Antwort ist für einen anderen Dienst bestimmt, nicht für dieses Hilfe-Center (Audience).' },
  destination: { en: 'The response was addressed to another sign-in endpoint than this help center’s (Destination).', de: 'Die Antwort war an einen anderen Anmelde-Endpunkt als den dieses Hilfe-Centers gerichtet (Destination).' },
  recipient: { en: 'The assertion names another recipient than this help center’s sign-in endpoint (Recipient).', de: 'Die Zusicherung nennt einen anderen Empfänger als den Anmelde-Endpunkt dieses Hilfe-Centers (Recipient).' },
  'in-response-to': { en: 'The response does not answer a sign-in this help center started, or it was already used.', de: 'Die Antwort gehört zu keiner Anmeldung, die dieses Hilfe-Center begonnen hat, oder sie wurde bereits verwendet.' },
  'time-window': { en: 'The assertion is outside its validity period (expired or not yet valid).', de: 'Die Zusicherung ist außerhalb ihres Gültigkeitszeitraums (abgelaufen oder noch nicht gültig).' },
  subject: { en: 'The response does not name the customer by email address.', de: 'Die Antwort nennt den Kunden nicht mit seiner E-Mail-Adresse.' },
};
