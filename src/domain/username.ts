/**
 * Generated usernames, for entries created without one (an invitation, an import row): `customer` and seven
 * digits, customer1000000 to customer9999999, distinct from the email address (as ecotel's customer numbers
 * are). Pure: the caller draws the random number.
 */
const FIRST = 1_000_000;
const COUNT = 9_000_000;

/** The username for one unsigned 32-bit random draw. */
export function generatedUsername(draw: number): string {
  return `customer${FIRST + (draw % COUNT)}`;
}

/** `n` consecutive usernames from a start chosen by `draw`, all within the format's range. */
export function generatedUsernameRun(draw: number, n: number): string[] {
  const start = FIRST + (draw % (COUNT - n));
  return Array.from({ length: n }, (_, i) => `customer${start + i}`);
}
