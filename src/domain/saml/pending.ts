import { createHash } from 'node:crypto';
import { PENDING_REQUEST_SEC } from './constants';
import type { SecondStage, SignInFlow, SignInKind } from '../sign-in-flow';

/**
 * A sign-in waiting for the customer: the flow object of src/domain/sign-in-flow.ts (its kind, the factors completed,
 * the step under way), kept server-side under the hash of a random reference that only the sign-in form (and a
 * cookie) carries. For a help-center sign-in it keeps what the SP asked (its request id and RelayState). Single use:
 * the first successful sign-in marks it used. Stored values of the shape before the flow object are converted on
 * read (`flowFromStored`, src/forge/pending-sign-ins.ts).
 */
export type PendingSignIn = SignInFlow;
export type { SecondStage };

export type PendingState = 'valid' | 'expired' | 'used' | 'unknown';

export function pendingState(pending: PendingSignIn | undefined, nowSec: number): PendingState {
  if (!pending) return 'unknown';
  if (pending.used) return 'used';
  return pending.expiresAt > nowSec ? 'valid' : 'expired';
}

/** A new flow of `kind` (a help-center request unless said), nothing completed yet. */
export function newPending(fields: { requestId?: string; relayState?: string; nowSec: number; kind?: SignInKind; browser?: string }): PendingSignIn {
  return {
    requestId: fields.requestId ?? '',
    relayState: fields.relayState ?? '',
    createdAt: fields.nowSec,
    expiresAt: fields.nowSec + PENDING_REQUEST_SEC,
    used: false,
    kind: fields.kind ?? { type: 'help-center' },
    factors: [],
    ...(fields.browser ? { browser: browserHash(fields.browser) } : {}),
  };
}

/** What a pending sign-in keeps of its browser cookie's value: its SHA-256 (base64url), never the value. */
export function browserHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

/** References are 32 random bytes, base64url (43 characters). */
export const REFERENCE = /^[A-Za-z0-9_-]{43}$/;
