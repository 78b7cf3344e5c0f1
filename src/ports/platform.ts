/**
 * The platform as the flows see it: the clock, the log, the customer pages' and triggers' URLs.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

export interface Clock {
  nowMs(): number;
}

export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean>): void;
  warn(message: string, fields?: Record<string, string | number | boolean>): void;
  error(message: string, fields?: Record<string, string | number | boolean>): void;
}

export interface PageUrls {
  /** Absolute base URL of the customer pages (from the platform, never from a request's Host header). */
  customerPagesBase(): Promise<string>;
  /** Absolute URL of the delivery webhooks trigger (`mail-events`); the provider's name is appended. */
  mailEventsBase(): Promise<string>;
  /** The provisioning API's base URL (its own web trigger), shown under API access. */
  provisioningBase(): Promise<string>;
}
