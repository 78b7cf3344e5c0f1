/**
 * A claim on a counter or limit that guards an account (issue 23 item 1; Keycloak's brute-force protector:
 * "an attempt counts the moment it is made"). KVS has no atomic increment, so a claim is: decide on the value
 * read, write the decision conditioned on what was read (the entry's revision), and when that write loses a
 * race (somebody else changed the item first), read again and decide again — never a read-then-write whose
 * lost update is ignored. The work the counter guards (a hash, a code check, a mail, an SMS) runs only after
 * the claim has won. After CLAIM_TRIES lost races the caller gets `contended` and fails closed.
 *
 * Under a burst, every round has one winner and the others decide again on the winner's value; a limit of n
 * is full after n rounds, after which every decision is a refusal without a write. A random wait that grows
 * with each lost round spreads the writers out (as src/forge/counters.ts does for the overview counters).
 */
export const CLAIM_TRIES = 16;

/** What to do with the value read: answer without writing (e.g. a refusal), or try a conditioned write. */
export type ClaimStep<R> = { answer: R } | { write: () => Promise<boolean>; won: R };

const backoff = (round: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * 2 ** round)));

export async function claim<S, R>(
  first: S,
  reread: () => Promise<S>,
  decide: (current: S) => ClaimStep<R> | Promise<ClaimStep<R>>,
  contended: R,
  tries = CLAIM_TRIES,
): Promise<R> {
  let current = first;
  for (let round = 0; round < tries; round++) {
    const step = await decide(current);
    if ('answer' in step) return step.answer;
    if (await step.write()) return step.won;
    if (round > 0) await backoff(round);
    current = await reread();
  }
  return contended;
}
