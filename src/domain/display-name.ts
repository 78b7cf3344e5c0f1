/**
 * A customer's display name as agents, admins and imports may set it: 1–100 characters after trimming, no
 * control characters (line breaks would split mail headers and CSV rows) and no angle brackets (they would
 * spoof an address in a From/To display name).
 */
export const DISPLAY_NAME_MAX = 100;

export function isValidDisplayName(name: string): boolean {
  const trimmed = name.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  return trimmed.length >= 1 && trimmed.length <= DISPLAY_NAME_MAX && !/[\u0000-\u001f\u007f<>]/.test(trimmed);
}
