import { measureBetterAuthRequestTiming, startBetterAuthPeer } from './peers/better-auth-peer';
import { unknownEmail } from './accounts';
import type { ResetCounts } from './reset';
import { balancedOrder, timedInOrder, timesOf, type Timed } from './stats';
import { ThreadClient } from './thread-client';

/**
 * The reset section's peer (bench/reset.ts): better-auth's forgot-password request, known vs unknown, driven
 * by the same client with the same interleaving and counts; then the peer module's own helper as a cross-check.
 */
export async function peerFigures(counts: ResetCounts) {
  const peerClient = new ThreadClient();
  const peerUsers = Array.from({ length: counts.peerUsers }, (_, i) => ({
    email: `peer.user${i}@example.com`,
    password: `peer-password-${i}-correct-horse`,
    name: `Peer User ${i}`,
  }));
  const peer = await startBetterAuthPeer({ users: peerUsers });
  let peerSeq: Timed[];
  try {
    const reset = async (email: string) => {
      const r = await peerClient.json(`${peer.baseUrl}/api/auth/request-password-reset`, { email, redirectTo: `${peer.baseUrl}/reset-password-landing` });
      if (r.status !== 200) throw new Error(`peer request-password-reset: ${r.status} ${r.body ?? ''}`);
      return r.ms;
    };
    for (let i = 0; i < counts.warmup; i++) {
      await reset(peerUsers[i % peerUsers.length].email);
      await reset(unknownEmail('peer-warm', i));
    }
    // The same seeded interleaving as ours (bench/stats.ts balancedOrder).
    const doKnown = async (i: number) => {
      const email = peerUsers[i % peerUsers.length].email;
      const before = peer.lastResetToken(email);
      const ms = await reset(email);
      const after = peer.lastResetToken(email);
      if (!after || after === before) throw new Error('peer did not "mail" a new token to a known user');
      return ms;
    };
    const doUnknown = async (i: number) => {
      const email = unknownEmail('peer', i);
      const ms = await reset(email);
      if (peer.lastResetToken(email)) throw new Error('peer mailed an unknown address');
      return ms;
    };
    peerSeq = await timedInOrder(balancedOrder(2 * counts.pairs, 25_200), doKnown, doUnknown);
  } finally {
    await peer.close();
    await peerClient.close().catch(() => 0);
  }
  // Cross-check with the peer module's own helper (in-process client, one known user).
  const helper = await measureBetterAuthRequestTiming(counts.peerHelper);
  return { peerKnown: timesOf(peerSeq, true), peerUnknown: timesOf(peerSeq, false), peerSeq, helper };
}
