import fs from 'node:fs';
import { startTestHost, type TestHost } from '../support/local-host';

/**
 * HostOptions.backgroundNice (the bench's timing comparisons): the jobs worker and the mail catcher run at that
 * CPU priority, the thread answering requests keeps its own. Linux only (per-thread nice in /proc).
 */
const niceOf = (tid: string | number): number => {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19: nice
};
const niceOfThreads = (): number[] => fs.readdirSync('/proc/self/task').map(niceOf);

const linux = fs.existsSync('/proc/thread-self');
(linux ? it : it.skip)('lowers the background threads only, and only when asked', async () => {
  const before = niceOfThreads().filter((n) => n === 7).length;
  let host: TestHost | undefined = await startTestHost({ backgroundNice: 7 });
  try {
    await host.idle();
    expect(niceOfThreads().filter((n) => n === 7).length - before).toBe(2); // the jobs worker and the mail catcher
    expect(niceOf(process.pid)).toBe(0); // the main thread (its task id is the process id)
    await host.close();
    host = await startTestHost();
    expect(niceOfThreads().filter((n) => n === 7).length - before).toBe(0);
  } finally {
    await host?.close();
  }
});
