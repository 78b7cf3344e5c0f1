import type { LocalHost } from '../local/host';
import type { Client } from './http-client';

/**
 * Part of `npm run bench`, section "sign-in" (issue 23 item 6): the storage calls one wrong password costs at the
 * login page, per kind of account, beside the reset request's (whose request path is the same for every input).
 * On Forge every KVS call is a network round trip, so a path with one call more is tens of milliseconds slower
 * there, whatever this host's timing shows: the paths must make the same calls, route by route.
 */
const ROUNDS = 4; // per path, interleaved; the known account takes 4 wrong passwords (the 5th would lock it)

type Stats = Record<string, number>;

/** Demo accounts (local/demo-data.ts) for each path; the unknown one is a fresh address each round. */
const PATHS = {
  unknown: (i: number) => `nobody-bench-${i}@example.org`,
  known: () => 'erika.mustermann@example.de',
  locked: () => 'larry.locked@example.com',
  disabled: () => 'dana.disabled@example.com',
  notRegistered: () => 'tom.invited@example.com',
} as const;
type Path = keyof typeof PATHS;

export async function signInPathCalls(host: LocalHost, client: Client): Promise<{ result: unknown; lines: string[]; checks: { name: string; value: string; target: string; pass: boolean }[] }> {
  const login = `${host.url}/x/customer-pages/login`;
  let n = 0;
  const headers = () => ({ 'x-forwarded-for': `10.99.${(++n >> 8) & 255}.${n & 255}` });
  const perPath = Object.fromEntries(Object.keys(PATHS).map((p) => [p, {}])) as Record<Path, Stats>;
  const totals = Object.fromEntries(Object.keys(PATHS).map((p) => [p, [] as number[]])) as Record<Path, number[]>;
  // Only the request's own calls: the jobs worker (whose calls the emulator counts too) is held while counting, as
  // on Forge where a queued job runs in another invocation. Without it, a job still draining from the timed part
  // once added a `get` to one path's request (2026-12-07: notRegistered 1.25 gets, the others 1).
  await host.idle();
  host.pauseQueue();
  try {
    for (let i = 0; i < ROUNDS; i++) {
      for (const path of Object.keys(PATHS) as Path[]) {
        // The instance caches warm (settings, the pages' base), as for any request but the first in a while.
        await client.request({ url: login, method: 'GET', headers: headers() });
        const before = { ...host.kvs.stats };
        const answer = await client.request({
          url: login,
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ lang: 'en', identifier: PATHS[path](i), password: `bench-wrong-${i}` }).toString(),
        });
        if (answer.status !== 401) throw new Error(`sign-in paths: ${path} answered ${answer.status}`);
        let total = 0;
        for (const [route, v] of Object.entries(host.kvs.stats)) {
          const d = v - (before[route] ?? 0);
          if (d > 0) {
            perPath[path][route] = (perPath[path][route] ?? 0) + d;
            total += d;
          }
        }
        totals[path].push(total);
      }
    }
  } finally {
    host.resumeQueue();
    await host.idle();
  }
  const mean = (s: Stats) => Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, Math.round((v / ROUNDS) * 100) / 100]));
  const result = Object.fromEntries((Object.keys(PATHS) as Path[]).map((p) => [p, { perRoute: mean(perPath[p]), total: { min: Math.min(...totals[p]), max: Math.max(...totals[p]) } }]));
  const known = JSON.stringify(mean(perPath.known));
  const differing = (Object.keys(PATHS) as Path[]).filter((p) => JSON.stringify(mean(perPath[p])) !== known);
  return {
    result: { method: `Login page, one wrong password per request, ${ROUNDS} rounds per path interleaved, each after a GET that warms the instance caches; KVS calls by route (mean per request).`, paths: result },
    lines: [
      `  KVS calls per wrong password, by path (login page, ${ROUNDS} each; the reset request's path is the same for every input):`,
      ...(Object.keys(PATHS) as Path[]).map((p) => `    ${p.padEnd(14)} ${JSON.stringify(mean(perPath[p]))}`),
    ],
    checks: [{ name: 'sign-in: the same KVS calls for unknown, known, locked, disabled, not-registered', value: differing.length ? `differ: ${differing.join(', ')}` : 'equal, route by route', target: 'equal', pass: differing.length === 0 }],
  };
}
