/** XML text and attribute escaping: every value written into the SAML XML goes through here. */
export function xmlEscape(value: string): string {
  // Characters XML 1.0 cannot carry at all are dropped, not escaped.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
