import type { RateWindow } from '../domain/rate-limit';
import type { PlainWrite } from './directory';

/**
 * Rate windows: per client and per account, claimed before the work they guard.
 * Ports (src/ports/, one file per family): what the flows need from the world; src/forge/ implements them.
 */

export interface RateLimitStore {
  get(key: string): Promise<RateWindow | undefined>;
  put(key: string, window: RateWindow, ttlSec: number): Promise<void>;
  /** The same write as `put`, made inside another store's transaction (Directory.update's `alongside`). */
  asWrite(key: string, window: RateWindow, ttlSec: number): PlainWrite;
  /**
   * Claims one count of a window before the work it guards (issue 23 item 1): `decide` answers the next window
   * for the stored one (or undefined: refused, nothing written); the write is conditioned on the window's
   * revision and decided again on a fresh read when it loses a race. True when the count was claimed.
   */
  claim(key: string, decide: WindowClaim): Promise<boolean>;
}

/** The next window and its lifetime for the window stored (undefined when stored is none), or undefined: refused. */
export type WindowClaim = (stored: RateWindow | undefined) => { window: RateWindow; ttlSec: number } | undefined;
