/**
 * Password rules as pure data and one pure evaluation used by the server (authoritative) and, through the
 * same criterion ids, by the page's live checklist. NIST SP 800-63B style: length and blocklist, no
 * composition rules unless an admin asks for them.
 */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  blockCommon: boolean;
  blockPersonal: boolean;
  requireLower: boolean;
  requireUpper: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

export const DEFAULT_POLICY: PasswordPolicy = {
  minLength: 12,
  maxLength: 128,
  blockCommon: true,
  blockPersonal: true,
  requireLower: false,
  requireUpper: false,
  requireDigit: false,
  requireSymbol: false,
};

export type CriterionId =
  | 'minLength'
  | 'maxLength'
  | 'notCommon'
  | 'notPersonal'
  | 'lower'
  | 'upper'
  | 'digit'
  | 'symbol';

export interface Criterion {
  id: CriterionId;
  met: boolean;
}

export interface PersonalInfo {
  username?: string;
  emailLocalPart?: string;
}

/** Length in Unicode code points of the NFC form: what a person counts as characters. */
export function passwordLength(password: string): number {
  return [...password.normalize('NFC')].length;
}

export function containsPersonalInfo(password: string, info: PersonalInfo): boolean {
  const lower = password.normalize('NFC').toLowerCase();
  return [info.username, info.emailLocalPart]
    .filter((part): part is string => typeof part === 'string' && part.length >= 3)
    .some((part) => lower.includes(part.normalize('NFC').toLowerCase()));
}

export function criteriaFor(policy: PasswordPolicy): CriterionId[] {
  const ids: CriterionId[] = ['minLength', 'maxLength'];
  if (policy.blockCommon) ids.push('notCommon');
  if (policy.blockPersonal) ids.push('notPersonal');
  if (policy.requireLower) ids.push('lower');
  if (policy.requireUpper) ids.push('upper');
  if (policy.requireDigit) ids.push('digit');
  if (policy.requireSymbol) ids.push('symbol');
  return ids;
}

export function evaluatePassword(
  password: string,
  policy: PasswordPolicy,
  info: PersonalInfo,
  isCommon: (password: string) => boolean,
): { ok: boolean; criteria: Criterion[] } {
  const length = passwordLength(password);
  const check: Record<CriterionId, () => boolean> = {
    minLength: () => length >= policy.minLength,
    maxLength: () => length <= policy.maxLength,
    notCommon: () => !isCommon(password),
    notPersonal: () => !containsPersonalInfo(password, info),
    lower: () => /\p{Ll}/u.test(password),
    upper: () => /\p{Lu}/u.test(password),
    digit: () => /\p{Nd}/u.test(password),
    symbol: () => /[^\p{L}\p{Nd}]/u.test(password),
  };
  const criteria = criteriaFor(policy).map((id) => ({ id, met: check[id]() }));
  return { ok: criteria.every((c) => c.met), criteria };
}
