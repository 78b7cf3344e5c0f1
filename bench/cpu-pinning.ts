import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** What pinRequestPath did, and how to undo it. */
export interface Pinning {
  /** Threads of this process put on the other CPUs. */
  background: number;
  restore(): void;
}

const tidOf = (thread: string) => Number(thread.split('/').pop());
const tasks = () => fs.readdirSync('/proc/self/task').map(Number);
const setAffinity = (tid: number, cpus: string) => execFileSync('taskset', ['-p', '-c', cpus, String(tid)], { stdio: 'ignore' });

/**
 * Puts the timed request path on CPU 0 alone: the host's main thread (this process's first thread) and the
 * measuring client's thread (`clientThread`, its `/proc/thread-self` path). Every other thread of the process –
 * the host's jobs worker and mail catcher, the fake provider, V8's and libuv's helpers – goes to the other CPUs.
 * On Forge the queue's consumer is another invocation on other machines, and the provider is a service elsewhere;
 * here they would otherwise share the two cores with the request being timed, at times and not at others.
 * Linux only (`/proc/self/task`, util-linux `taskset`); undefined where it cannot (one CPU, no /proc, refused), and
 * the caller reports that.
 */
export function pinRequestPath(clientThread: string | undefined): Pinning | undefined {
  const cpus = os.availableParallelism();
  if (cpus < 2 || !clientThread || !fs.existsSync('/proc/self/task')) return undefined;
  const timed = new Set([process.pid, tidOf(clientThread)]);
  const others = cpus === 2 ? '1' : `1-${cpus - 1}`;
  const restore = () => {
    for (const tid of tasks()) {
      try {
        setAffinity(tid, `0-${cpus - 1}`);
      } catch {
        // a thread that ended meanwhile
      }
    }
  };
  try {
    const all = tasks();
    for (const tid of all) setAffinity(tid, timed.has(tid) ? '0' : others);
    return { background: all.filter((tid) => !timed.has(tid)).length, restore };
  } catch {
    restore();
    return undefined;
  }
}
