import type { Clock } from '../src/ports/platform';

/** Real time plus an offset that `POST /local/api/clock` moves forward (expiry, rate windows). */
export class HostClock implements Clock {
  offsetMs = 0;
  /** Told of every move (the jobs worker keeps its clock in step). */
  onAdvance?: (offsetMs: number) => void;
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
    this.onAdvance?.(this.offsetMs);
  }
}
