import type { AuditEvent } from '../ports';

/** Who did something, as audit events record it: agents and admins by Atlassian account id. */
export type Actor =
  | { kind: 'customer' | 'anonymous' | 'system' }
  | { kind: 'agent' | 'admin'; accountId: string; name: string };

export function actorOf(actor: Actor): { actor: string; detail: AuditEvent['detail'] } {
  return actor.kind === 'agent' || actor.kind === 'admin'
    ? { actor: actor.accountId, detail: { actorRole: actor.kind, actorName: actor.name } }
    : { actor: actor.kind, detail: {} };
}
