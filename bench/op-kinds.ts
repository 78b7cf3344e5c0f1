import { mean, median, pct, r2, r3, READS, SECRET_READS, type Stats } from './stats';

/**
 * A request's KVS operations by kind (the sign-in and two-step sections): reads, writes (every non-read: set,
 * delete, transaction, …), secret reads, secret writes; their median/p95/max/mean over requests; per path.
 */
export function kinds(s: Stats) {
  const out = { reads: 0, writes: 0, secretReads: 0, secretWrites: 0 };
  for (const [k, v] of Object.entries(s)) {
    if (READS.has(k)) out.reads += v;
    else if (SECRET_READS.has(k)) out.secretReads += v;
    else if (k.startsWith('/api/v1/secret/')) out.secretWrites += v;
    else out.writes += v;
  }
  return out;
}
export type Kinds = ReturnType<typeof kinds>;

export function kindStats(xs: Kinds[]) {
  const pick = (k: keyof Kinds) => ({ median: median(xs.map((x) => x[k])), p95: pct(xs.map((x) => x[k]), 95), max: Math.max(...xs.map((x) => x[k])), mean: r2(mean(xs.map((x) => x[k]))) });
  return { reads: pick('reads'), writes: pick('writes'), secretReads: pick('secretReads'), secretWrites: pick('secretWrites') };
}
export type KindStats = ReturnType<typeof kindStats>;

/** Operations per request by path (`s` summed over `n` requests), sorted by path. */
export const per = (s: Stats, n: number) => Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, r3(v / n)]));
/** "2 reads, 3 writes, 1 secret reads[, 0 secret writes]" of a median or max. */
export const kindLine = (x: KindStats, f: 'median' | 'max', secretWrites = true) =>
  `${x.reads[f]} reads, ${x.writes[f]} writes, ${x.secretReads[f]} secret reads${secretWrites ? `, ${x.secretWrites[f]} secret writes` : ''}`;
export const ms = (x: number) => `${r2(x).toFixed(2)} ms`;
