import { evaluatePassword, type Criterion, type CriterionId } from '../../../src/domain/password-policy';
import type { PolicyView } from '../../../src/surfaces/profile-api';

/**
 * The live checklist: the server's own pure policy evaluation (src/domain/password-policy.ts) run in the
 * page, so the list says exactly what the server will decide. `undefined` = not known yet (empty field, or
 * the common-password list was too large to ship and the server has not judged this password).
 */
export type CheckState = boolean | undefined;
export interface CheckItem {
  id: CriterionId | 'match';
  state: CheckState;
}

export function liveCriteria(view: PolicyView, password: string, confirm: string, server?: Criterion[]): CheckItem[] {
  const common = view.common ? new Set(view.common) : undefined;
  const isCommon = (p: string) => (common ? common.has(p.normalize('NFC').toLowerCase()) : false);
  const [username, emailLocalPart] = view.personal;
  const verdict = evaluatePassword(password, view.policy, { username, emailLocalPart }, isCommon);
  const items: CheckItem[] = verdict.criteria.map((c) => {
    if (password === '') return { id: c.id, state: undefined };
    if (c.id === 'notCommon' && !common) return { id: c.id, state: server?.find((s) => s.id === 'notCommon')?.met };
    return { id: c.id, state: c.met };
  });
  items.push({ id: 'match', state: password === '' && confirm === '' ? undefined : password !== '' && password === confirm });
  return items;
}
