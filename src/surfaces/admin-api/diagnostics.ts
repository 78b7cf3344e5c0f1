/** The section "Diagnostics" (issue 20, item 7): the checks a first install runs on the real site. */
import { DIAGNOSTIC_CHECKS, type DiagnosticCheckId, type DiagnosticFact, type DiagnosticFallback, type DiagnosticReport, type DiagnosticResult, type DiagnosticStatus } from '../../domain/diagnostics';
import { adminCall } from './common';

export { DIAGNOSTIC_CHECKS };
export type { DiagnosticCheckId, DiagnosticFact, DiagnosticFallback, DiagnosticReport, DiagnosticResult, DiagnosticStatus };

export interface DiagnosticsData {
  /** The last run's results as kept (KVS), or null before the first run. */
  last: DiagnosticReport | null;
}

/**
 * `admin/diagnostics/get` answers the kept results; `admin/diagnostics/run` runs every check (within about
 * 15 s: the queue round trip waits at most 8 s), keeps the results with their date and answers them.
 */
export const DIAGNOSTICS_CALLS = {
  'admin/diagnostics/get': adminCall<Record<string, never>, DiagnosticsData>(),
  'admin/diagnostics/run': adminCall<Record<string, never>, DiagnosticsData>(),
};
