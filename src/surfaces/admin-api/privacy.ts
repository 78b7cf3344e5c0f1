/** Section: Customers, privacy actions (issue 24): erase a customer, download what the app holds about one. */
import type { CustomerData } from '../../flows/customer-data';
import type { AdminResult } from './common';

export const PRIVACY_KEYS = ['admin/customers/erase', 'admin/customers/download'] as const;

export interface CustomerErasePayload {
  id: string;
  /** The customer's email address, typed by the admin as confirmation (compared case-insensitively). */
  confirm: string;
}
export interface CustomerErased {
  /** The opaque reference the customer's audit trail is kept under. */
  reference: string;
  /** Audit events kept (pseudonymised). */
  events: number;
}

export type { CustomerData };

export type PrivacyAnswer = {
  'admin/customers/erase': AdminResult<CustomerErased>;
  'admin/customers/download': AdminResult<CustomerData>;
};
export type PrivacyPayload = {
  'admin/customers/erase': CustomerErasePayload;
  'admin/customers/download': { id: string };
};
