import type { AuditEvent } from '../domain/audit';

/**
 * Where an automatic "ensure access" came from (issue 12): the provisioning API (by the key's name), a new
 * requester's first request, or a Jira Automation rule.
 */
export type AccessSource = { kind: 'api'; keyName: string } | { kind: 'request'; issueKey: string } | { kind: 'automation'; rule?: string };

/**
 * Who did something, as audit events record it: agents and admins by Atlassian account id; the app itself
 * as `system`, with the source when a provisioning source acted (audited as `via` in the event's detail).
 */
export type Actor =
  | { kind: 'customer' | 'anonymous' | 'system' }
  | { kind: 'system'; source: AccessSource }
  | { kind: 'agent' | 'admin'; accountId: string; name: string };

function sourceDetail(source: AccessSource): AuditEvent['detail'] {
  switch (source.kind) {
    case 'api':
      return { via: 'api', keyName: source.keyName, actorName: source.keyName };
    case 'request':
      return { via: 'request', issueKey: source.issueKey };
    case 'automation':
      return source.rule ? { via: 'automation', rule: source.rule } : { via: 'automation' };
  }
}

export function actorOf(actor: Actor): { actor: string; detail: AuditEvent['detail'] } {
  if (actor.kind === 'agent' || actor.kind === 'admin') return { actor: actor.accountId, detail: { actorRole: actor.kind, actorName: actor.name } };
  if ('source' in actor) return { actor: actor.source.kind === 'api' ? 'api' : 'system', detail: sourceDetail(actor.source) };
  return { actor: actor.kind, detail: {} };
}
