import { fetch as forgeFetch } from '@forge/api';
import { diagnosticsStore } from '../../forge/diagnostics';
import { runDiagnostics, type DiagnosticsPorts, type ProbeFetch } from '../../flows/diagnostics';
import type { AdminResult, DiagnosticsData } from '../admin-api';
import type { AdminSection } from './common';

/**
 * The section "Diagnostics" (issue 20, item 7): runs the checks on the site the app is installed on and keeps
 * the last results (KVS) for the admin and for support. Nothing it answers or logs carries a secret, an
 * address or a header value: only statuses, codes, counts and times.
 */
const MIB = 2 ** 20;

/** The function's memory limit as the runtime states it (Forge runs functions on AWS Lambda), when it does. */
function memoryLimitMiB(): number | undefined {
  const runtime = (globalThis as { __forge_runtime__?: { lambdaContext?: { memoryLimitInMB?: unknown } } }).__forge_runtime__;
  const fromContext = Number(runtime?.lambdaContext?.memoryLimitInMB);
  if (Number.isFinite(fromContext) && fromContext > 0) return fromContext;
  const fromEnv = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

// @forge/api's fetch is the runtime's egress fetch (manifest `permissions.external.fetch.backend`).
const probeFetch: ProbeFetch = (url, init) => forgeFetch(url, init);

export const diagnosticsSection: AdminSection = ({ deps, define }) => {
  const ports: DiagnosticsPorts = {
    deps,
    store: diagnosticsStore,
    fetch: probeFetch,
    memory: () => ({ rssMiB: process.memoryUsage().rss / MIB, limitMiB: memoryLimitMiB() }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };

  define('admin/diagnostics/get', async (): Promise<AdminResult<DiagnosticsData>> => ({ ok: true, data: { last: (await diagnosticsStore.report()) ?? null } }));

  define('admin/diagnostics/run', async (_payload, { accountId }): Promise<AdminResult<DiagnosticsData>> => {
    const report = await runDiagnostics(ports);
    const counts = Object.fromEntries(['passed', 'degraded', 'failed'].map((s) => [s, report.results.filter((r) => r.status === s).length]));
    deps.log.info('admin ran diagnostics', { actor: accountId, ...counts });
    return { ok: true, data: { last: report } };
  });
};
