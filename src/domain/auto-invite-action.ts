/**
 * The Jira Automation action "Send portal activation" (issue 12) as pure rules: its inputs (email, display
 * name, language, as the rule's smart values resolve them) and its output. The action never throws: every
 * outcome is an output an admin can branch on (`{{…outcome}}`), and inputs that cannot work also carry
 * Automation's `errors`, which stops the rule and shows the message in the rule's audit log.
 */
export const ACTION_KEY = 'send-portal-activation';

export interface ActionInputs {
  email: string;
  displayName?: string;
  locale?: string;
}

export type ActionInputField = 'email' | 'displayName' | 'language';

/** Automation passes every configured input as a string; smart values may leave one empty. */
export function parseActionInputs(raw: unknown, locales: readonly string[]): { ok: true; inputs: ActionInputs } | { ok: false; field: ActionInputField } {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : undefined);
  const email = text(input.email);
  if (!email || email.length > 254) return { ok: false, field: 'email' };
  const displayName = text(input.displayName);
  if (displayName === undefined || displayName.length > 200) return { ok: false, field: 'displayName' };
  // A language as Jira or a person writes it: "de", "de-DE", "de_DE", "DE".
  const language = text(input.language);
  if (language === undefined) return { ok: false, field: 'language' };
  const code = language.toLowerCase().split(/[-_]/)[0];
  if (language && !locales.includes(code)) return { ok: false, field: 'language' };
  return { ok: true, inputs: { email, ...(displayName ? { displayName } : {}), ...(language ? { locale: code } : {}) } };
}

export type ActionOutcome =
  | 'invited'
  | 'already-invited'
  | 'already-active'
  | 'disabled'
  | 'limit-reached'
  | 'email-failed'
  | 'internal-address'
  | 'invalid-input'
  | 'email-taken'
  | 'username-taken'
  | 'conflict'
  | 'forbidden'
  | 'jira-unavailable'
  | 'internal';

/** The action's outputs (manifest `outputs`): the outcome, the customer's status after it, the bad input. */
export interface ActionOutput {
  outcome: ActionOutcome;
  /** The customer's derived status afterwards ('invited', 'active', …), null when there is no entry. */
  status: string | null;
  /** With `invalid-input`: which input. */
  field: ActionInputField | null;
  /** Automation's error list: set when the rule should stop (the inputs or the caller cannot work). */
  errors?: { message: string }[];
}

const ERROR_TEXT: Partial<Record<ActionOutcome, (field: ActionInputField | null) => string>> = {
  'invalid-input': (field) =>
    field === 'email'
      ? 'Send portal activation: "email" must be an email address.'
      : field === 'language'
        ? 'Send portal activation: "language" must be en, de or an email language added in Portal Access.'
        : 'Send portal activation: "displayName" must be a name of at most 200 characters without < or >.',
  'internal-address': () => 'Send portal activation: the address is on an internal (staff) domain; staff use the internal self-service.',
  forbidden: () => 'Send portal activation: the rule runs as a user who is neither a Jira administrator nor a service desk agent.',
  'email-taken': () => 'Send portal activation: the address belongs to a customer entry managed by a provisioning system.',
};

export function actionOutput(outcome: ActionOutcome, status: string | null = null, field: ActionInputField | null = null): ActionOutput {
  const text = ERROR_TEXT[outcome];
  return { outcome, status, field, ...(text ? { errors: [{ message: text(field) }] } : {}) };
}
