import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, startHost } from '../local/host';
import type { AdminResult, ImportPreview, ImportRunResult } from '../src/surfaces/admin-api';
import { DIRECTORY_LIMITS, rowOfTuple } from '../src/surfaces/admin-api';
import { countOn, diff, total, type Check, type Stats } from './stats';

/**
 * CSV import of 10,000 rows through the real admin resolver on the local host, as the admin page does it:
 * one `admin/customers/import-preview` call with the file, then the valid rows in chunks of 500 to
 * `admin/customers/import-run`, one call after another, over HTTP (`POST /local/api/invoke`). Then the
 * same file again (must change nothing). KVS operations are counted by path in the emulator.
 */
const N_ROWS = 10_000;
const WRITES = new Set(['/api/v1/set', '/api/v1/entity/set', '/api/v1/batch/set', '/api/v1/transaction', '/api/v1/delete', '/api/v1/entity/delete', '/api/v1/batch/delete']);
const writes = (s: Stats) => countOn(WRITES, s);

export function csvFile(n: number): string {
  const lines = ['email;name;username;locale'];
  for (let i = 0; i < n; i++) lines.push(`bench.customer${String(i).padStart(5, '0')}@example.net;Bench Customer ${i};;${i % 3 === 0 ? 'de' : 'en'}`);
  return lines.join('\r\n');
}

export async function csvImportBench(): Promise<{ lines: string[]; checks: Check[]; result: Record<string, unknown> }> {
  const checks: Check[] = [];
  const check = (name: string, value: string, target: string, pass: boolean) => checks.push({ name, value, target, pass });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-import-'));
  const host = await startHost({ dataDir, port: 0, log: silentLogger });
  const invoke = async <T>(functionKey: string, payload: unknown): Promise<T> => {
    const response = await fetch(`${host.url}/local/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: 'admin-page', functionKey, payload, persona: 'admin' }),
    });
    const { result } = (await response.json()) as { result: AdminResult<T> };
    if (!result.ok) throw new Error(`${functionKey}: ${result.error}`);
    return result.data;
  };
  const csv = csvFile(N_ROWS);

  async function importOnce() {
    const before = { ...host.kvs.stats };
    const t0 = performance.now();
    const preview = await invoke<ImportPreview>('admin/customers/import-preview', { csv, defaultLocale: 'en' });
    if (!preview.ok) throw new Error(preview.fileError);
    const t1 = performance.now();
    const previewOps = diff({ ...host.kvs.stats }, before);
    const sum = { created: 0, updated: 0, unchanged: 0, failed: 0, calls: 0 };
    for (let i = 0; i < preview.rows.length; i += DIRECTORY_LIMITS.importChunk) {
      const r = await invoke<ImportRunResult>('admin/customers/import-run', { rows: preview.rows.slice(i, i + DIRECTORY_LIMITS.importChunk).map(rowOfTuple), invite: false });
      sum.created += r.created;
      sum.updated += r.updated;
      sum.unchanged += r.unchanged;
      sum.failed += r.failed.length;
      sum.calls++;
    }
    const t2 = performance.now();
    const ops = diff({ ...host.kvs.stats }, before);
    return { preview: { new: preview.new, unchanged: preview.unchanged, invalid: preview.invalid }, previewMs: t1 - t0, runMs: t2 - t1, totalMs: t2 - t0, previewOps, ops, ...sum };
  }

  try {
    const first = await importOnce();
    const second = await importOnce();
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const firstOk = first.created === N_ROWS && first.failed === 0 && first.preview.new === N_ROWS;
    const secondOk = second.created === 0 && second.updated === 0 && second.unchanged === N_ROWS && second.preview.unchanged === N_ROWS;
    check('CSV import of 10,000 rows (preview + chunks, batched writes)', `${s(first.totalMs)} (preview ${s(first.previewMs)}, ${first.calls} chunks ${s(first.runMs)})`, '≤ 10 s', first.totalMs <= 10_000 && firstOk);
    check('CSV import: same file again changes nothing', `${second.created} created, ${second.updated} updated, ${second.unchanged} unchanged, ${writes(second.ops)} KVS writes`, '0 created, 0 KVS writes', secondOk && writes(second.ops) === 0);
    const lines = [
      `CSV import  ${N_ROWS} rows through admin/customers/import-preview + import-run (chunks of ${DIRECTORY_LIMITS.importChunk}), over HTTP`,
      `  first run        ${s(first.totalMs)}  (preview ${s(first.previewMs)}, run ${s(first.runMs)} in ${first.calls} calls)  created ${first.created}`,
      `  KVS ops          ${total(first.ops)} total, ${writes(first.ops)} writes  ${JSON.stringify(first.ops)}`,
      `  same file again  ${s(second.totalMs)}  unchanged ${second.unchanged}, created ${second.created}`,
      `  KVS ops          ${total(second.ops)} total, ${writes(second.ops)} writes  ${JSON.stringify(second.ops)}`,
    ];
    return {
      lines,
      checks,
      result: {
        rows: N_ROWS,
        chunk: DIRECTORY_LIMITS.importChunk,
        method:
          'Fresh local host (demo data), one HTTP call for the preview and one per chunk, sequential, as the admin page sends them. New customers: generated usernames (one by-username lookup each), one audit event each; batch writes of 25 keys.',
        first: { ...first, kvsOpsTotal: total(first.ops), kvsWrites: writes(first.ops) },
        second: { ...second, kvsOpsTotal: total(second.ops), kvsWrites: writes(second.ops) },
      },
    };
  } finally {
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
