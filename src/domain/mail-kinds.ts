/**
 * Which mails the app sends: one list for the mail code, the outbox, the stored templates and the admin's
 * template editor (which lists them in this order).
 */

/**
 * Security notices about two-step verification (issue 11) and passkeys: turned on, turned off, new recovery
 * codes, reset by an admin, a recovery code used, a passkey added or removed. Like "password changed": no link
 * that signs in.
 */
export const TWO_STEP_NOTICE_KINDS = ['twostep-on', 'twostep-off', 'twostep-codes', 'twostep-reset', 'twostep-recovery-used', 'passkey-added', 'passkey-removed'] as const;
export type TwoStepNoticeKind = (typeof TWO_STEP_NOTICE_KINDS)[number];

export const MAIL_KINDS = ['reset', 'invite', 'invite-reminder', 'password-changed', 'sign-in-code', ...TWO_STEP_NOTICE_KINDS] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
