import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { useTestHost, type TestHost } from '../support/local-host';

/**
 * The local host's request thread never checkpoints SQLite's WAL inside a commit (a commit that crosses 1,000 WAL
 * pages would copy them and fsync then and there, in a request); its jobs worker checkpoints every second on its
 * own thread (local/host.ts, local/jobs-worker.ts; docs/bench.md, session 13).
 */
const PAGE_FILLER = 'x'.repeat(5000); // more than one 4 KiB page per item
const fill = (kvs: SqliteKvs, n: number, prefix: string) => {
  for (let i = 0; i < n; i++) expect(kvs.handle('/api/v1/set', { key: `${prefix}-${i}`, value: PAGE_FILLER }).status).toBeLessThan(300);
};
const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

describe('WAL checkpoints', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-ckpt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a store without automatic checkpoints leaves the WAL to its owner, and checkpoint() copies it', () => {
    const file = path.join(dir, 'kvs.sqlite');
    const kvs = new SqliteKvs({ file, entities: [], now: () => Date.now(), autoCheckpoint: false });
    try {
      const empty = size(file);
      fill(kvs, 1200, 'k');
      expect(size(file)).toBe(empty);
      expect(size(`${file}-wal`)).toBeGreaterThan(1000 * 4096);
      kvs.checkpoint();
      expect(size(file)).toBeGreaterThan(1000 * 4096);
    } finally {
      kvs.close();
    }
  });

  it('a store with them (the default) checkpoints within its commits', () => {
    const file = path.join(dir, 'kvs.sqlite');
    const kvs = new SqliteKvs({ file, entities: [], now: () => Date.now() });
    try {
      fill(kvs, 1200, 'k');
      expect(size(file)).toBeGreaterThan(500 * 4096);
    } finally {
      kvs.close();
    }
  });

  describe('on the local host', () => {
    let host: TestHost;
    useTestHost((started) => (host = started));

    it("the request thread's stores never checkpoint in a commit; the jobs worker checkpoints within seconds", async () => {
      for (const site of Object.values(host.sites)) expect(site.kvs.walAutoCheckpoint()).toBe(0);
      const file = path.join(host.dataDir, 'kvs.sqlite');
      const before = size(file);
      fill(host.kvs, 1200, 'ckpt');
      const deadline = Date.now() + 5000;
      while (size(file) <= before + 1000 * 4096 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(size(file)).toBeGreaterThan(before + 1000 * 4096);
    });
  });
});
