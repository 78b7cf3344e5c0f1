/**
 * A DNS host name in lower case (labels of 1–63 letters, digits and inner hyphens; at least two labels). Also the
 * one rule for a Mailgun sending domain: what the admin page accepts, the settings keep and the transport sends to.
 */
export const HOSTNAME = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
