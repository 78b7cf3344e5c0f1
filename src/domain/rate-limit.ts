/** Fixed-window counters as plain data: the caller loads and stores the window, this decides. */
export interface RateWindow {
  start: number; // seconds
  count: number;
}

export interface RateRule {
  limit: number;
  windowSec: number;
}

export function hit(window: RateWindow | undefined, nowSec: number, rule: RateRule): { allowed: boolean; next: RateWindow } {
  const current = window && nowSec < window.start + rule.windowSec ? window : { start: nowSec, count: 0 };
  const next = { start: current.start, count: current.count + 1 };
  return { allowed: next.count <= rule.limit, next };
}
