import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { silentLogger, startHost } from '../../local/host';
import { TEST_SCRYPT } from '../support/local-host';

/**
 * A host that fails to start leaves nothing behind: no listening server, jobs worker, mail catcher, timer or open
 * store (before, a failed seeding left the server listening and the threads running, and a port in use left
 * startHost waiting for ever); and one that starts well answers 503 until its demo data is in place.
 */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
/**
 * Runs a start and names what it created that still holds the process open afterwards (servers, sockets, timers,
 * worker ports), by async-hooks type. Only the start's own resources count: they are traced through an
 * AsyncLocalStorage, so a timer left by an earlier test file in this jest worker, or the process's own stdio pipes,
 * never do (counting the whole process failed twice in busy CI runs: "PipeWrap 3" against 2, 3 timers against 2).
 */
async function startAndTrace(start: () => Promise<unknown>): Promise<{ error: unknown; holding: string[] }> {
  const mine = new AsyncLocalStorage<true>();
  const created = new Map<number, { type: string; resource: { hasRef?: () => boolean } }>();
  const hook = createHook({
    init: (id, type, _trigger, resource: { hasRef?: () => boolean }) => void (mine.getStore() && created.set(id, { type, resource })),
    destroy: (id) => void created.delete(id),
  }).enable();
  try {
    const error = await mine.run(true, start).then(() => undefined, (e: unknown) => e);
    // Destroy hooks of closed handles run on a later turn of the loop.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const holding = [...created.values()].filter(({ resource }) => typeof resource?.hasRef === 'function' && resource.hasRef()).map(({ type }) => type);
    return { error, holding };
  } finally {
    hook.disable();
  }
}
const dirs: string[] = [];
const dataDir = () => dirs[dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-start-'))) - 1];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test('seeding fails (scrypt parameters node refuses): startHost rejects and stops everything it started', async () => {
  const port = await freePort();
  const { error, holding } = await startAndTrace(() => startHost({ dataDir: dataDir(), port, log: silentLogger, scrypt: { N: 3, r: 8, p: 1 } }));
  expect(String(error)).toMatch(/N|scrypt/i);
  expect(await canListen(port)).toBe(true);
  expect(holding).toEqual([]);
});

test('the port is taken: startHost rejects with EADDRINUSE and stops everything it started', async () => {
  const taken = net.createServer();
  const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as net.AddressInfo).port)));
  try {
    const { error, holding } = await startAndTrace(() => startHost({ dataDir: dataDir(), port, log: silentLogger }));
    expect(String(error)).toMatch(/EADDRINUSE/);
    expect(holding).toEqual([]);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

// A host that starts well answers only once it is ready (it was in host-limits.test.ts, which runs alone for its
// timed bodies; this test times nothing and starts a host of its own).
describe('start-up', () => {
  it('answers 503 with Retry-After until the demo data is in place, never half-seeded data', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-start-'));
    const starting = startHost({ dataDir, port, log: silentLogger, scrypt: TEST_SCRYPT });
    const seen: number[] = [];
    let demo: { customers: { status: string }[] } | undefined;
    for (let i = 0; i < 2000 && !demo; i++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/local/api/demo`);
        seen.push(response.status);
        if (response.status === 503) expect(response.headers.get('retry-after')).toBe('1');
        if (response.status === 200) demo = (await response.json()) as typeof demo;
        else await response.text();
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const started = await starting;
    try {
      expect(demo!.customers.length).toBeGreaterThanOrEqual(6);
      expect(demo!.customers.every((c) => c.status !== 'missing')).toBe(true);
      expect(seen.every((s) => s === 503 || s === 200)).toBe(true);
      expect(seen).toContain(503);
    } finally {
      await started.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
