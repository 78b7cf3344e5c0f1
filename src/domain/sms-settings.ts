/**
 * The SMS settings' shapes without zod (issue 11), so the admin page's bundle can check the same rules the
 * backend's settings schema applies.
 */
export interface SmsSettings {
  provider: 'none' | 'seven' | 'twilio';
  /** An alphanumeric sender ID (3–11 characters) or a number in E.164; '' = the provider's default. */
  sender: string;
  /** Twilio only: the account the messages are created under. */
  twilioAccountSid: string;
  /** SMS per site and UTC day (against SMS pumping). */
  dailyCap: number;
}

export const SMS_PROVIDERS = ['none', 'seven', 'twilio'] as const;
/** An alphanumeric sender ID (3–11 letters, digits, spaces, . - _, at least one letter) or a number in E.164. */
export const SMS_SENDER = /^(?:(?=[A-Za-z0-9 ._-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9 ._-]{1,9}[A-Za-z0-9]|\+[1-9]\d{7,14})$/;
export const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
export const DEFAULT_SMS_SETTINGS: SmsSettings = { provider: 'none', sender: '', twilioAccountSid: '', dailyCap: 200 };
