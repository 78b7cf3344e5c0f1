import fs from 'node:fs';
import os from 'node:os';

/**
 * Lowers a thread's CPU priority (Linux: `nice` is per thread; `/proc/thread-self` names the calling thread as
 * `<pid>/task/<tid>`, and a thread may pass that to another to be lowered). The local host's background threads
 * (the jobs worker, the mail catcher) and the bench's provider stand-in do what on Forge runs in other
 * invocations on other machines or at the provider; on a machine with few cores they would otherwise take CPU
 * time from the request being timed. Elsewhere (no /proc, or refused) it leaves the priority as it is.
 */
export function lowerThreadPriority(nice: number, thread?: string): boolean {
  try {
    const tid = Number((thread ?? fs.readlinkSync('/proc/thread-self')).split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return false;
    os.setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
