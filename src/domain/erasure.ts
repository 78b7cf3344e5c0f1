import type { AuditEvent } from './audit';

/**
 * Erasure of a customer (issue 24, GDPR Art. 17): what of their audit trail stays, and how it is made
 * anonymous. Pure: no storage calls.
 *
 * The events stay (the Overview's counts and the trail of who did what), under an opaque reference instead
 * of the customer's id: a random id made for this erasure, never derived from anything the person had, so
 * nothing that still carries the old id elsewhere (a provider's message metadata, a log line) leads to it.
 * Detail that could single the person out goes: the masked phone number, provider message ids (the provider
 * keeps the address under them), a bounce reason (providers quote the address in it), the request whose
 * reporter they were, the Jira Automation rule that named them. What an agent or admin did stays theirs.
 */
export const ERASED_PREFIX = 'erased-';

/** Detail keys that describe the person or lead back to them (see above). */
const PERSONAL_DETAIL = new Set(['to', 'masked', 'messageId', 'providerMessageId', 'reason', 'issueKey', 'rule', 'email', 'username', 'displayName', 'phone', 'accountId']);

/** A new opaque reference for one erasure: `erased-` and 16 random bytes, hex. */
export function erasureReference(randomBytes: (n: number) => Buffer): string {
  return `${ERASED_PREFIX}${randomBytes(16).toString('hex')}`;
}

export const isErasedReference = (customerId: string): boolean => customerId.startsWith(ERASED_PREFIX);

/**
 * The event as kept after the erasure: same id, time, kind and actor, under `reference`, without personal
 * detail. An actor that is the person's own Atlassian account id becomes `customer`. A customer's bounce or
 * refusal `reason` that is one of the app's own codes (e.g. `disabled`) is not personal, but telling the two
 * apart needs the kind: all of them go.
 */
export function pseudonymised(event: AuditEvent, reference: string, personAccountId: string): AuditEvent {
  const detail: AuditEvent['detail'] = {};
  for (const [key, value] of Object.entries(event.detail ?? {})) if (!PERSONAL_DETAIL.has(key)) detail[key] = value;
  const actor = personAccountId !== '' && event.actor === personAccountId ? 'customer' : event.actor;
  return { ...event, customerId: reference, actor, detail };
}

/** Our message ids of the mails and SMS these events name: where the outbox and SMS records are kept. */
export function messageIdsOf(events: readonly AuditEvent[]): { mails: string[]; sms: string[] } {
  const mails = new Set<string>();
  const sms = new Set<string>();
  for (const e of events) {
    const id = e.detail?.messageId;
    if (typeof id !== 'string' || id === '') continue;
    if (e.kind.startsWith('email.')) mails.add(id);
    else if (e.kind.startsWith('sms.')) sms.add(id);
  }
  return { mails: [...mails], sms: [...sms] };
}
