/** Section: Customers, privacy actions (issue 24): erase a customer, download what the app holds about one. */
import type { CustomerData } from '../../flows/customer-data';
import { adminCall } from './common';

export const PRIVACY_CALLS = {
  'admin/customers/erase': adminCall<CustomerErasePayload, CustomerErased>(),
  'admin/customers/download': adminCall<{ id: string }, CustomerData>(),
};

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
