import fs from 'node:fs';
import os from 'node:os';

/**
 * Lowers the CPU priority of the calling thread (Linux: `nice` is per thread, and /proc/thread-self names its
 * id). The local host's background threads (the jobs worker, the mail catcher) do what on Forge runs in other
 * invocations on other machines or at the mail provider; on a machine with few cores they would otherwise take
 * CPU time from the request being answered. Elsewhere (no /proc, or refused) it leaves the priority as it is.
 */
export function lowerThreadPriority(nice: number): boolean {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return false;
    os.setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
