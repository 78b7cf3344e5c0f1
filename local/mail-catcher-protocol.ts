/** What the mail catcher (local/mail-catcher.ts) and its SMTP thread (local/mail-catcher-worker.ts) share; no imports, so the thread's bundle stays small. */

export interface CapturedMail {
  id: string;
  to: string;
  from: string;
  subject: string;
  date: string;
  html: string;
  text: string;
}

/** Mail to this recipient is parsed and dropped, never kept or counted against the faults (the SMTP transport's warm-up). */
export const WARM_UP_ADDRESS = 'warm-up@portal-access.invalid';

export type CatcherToWorker = { type: 'faults'; refuseNext: number; rejectNext: number; down: boolean } | { type: 'ack'; id: string } | { type: 'clear' } | { type: 'stop' };
export type CatcherFromWorker =
  | { type: 'listening'; port: number }
  | { type: 'mail'; mail: CapturedMail }
  | { type: 'warmed-up' }
  | { type: 'faults'; refuseNext: number; rejectNext: number }
  | { type: 'error'; message: string }
  | { type: 'stopped' };
