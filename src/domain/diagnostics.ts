/**
 * The admin section "Diagnostics" (issue 20, item 7): the checks a first install runs on the real site for
 * what docs/platform-assumptions.md leaves to "verify on a real site". Each check answers passed, degraded
 * (naming the fallback the app uses) or failed, with a few facts (never a secret, an address or a value a
 * customer typed). Pure: the judgements below take what was observed and decide.
 */
export const DIAGNOSTIC_CHECKS = [
  'page-html',
  'form-post',
  'cookie',
  'client-address',
  'base64',
  'kvs-condition',
  'single-use',
  'queue',
  'scheduled',
  'mail-provider',
  'sms-provider',
  'trigger-url',
  'password-hash',
  'saml-metadata',
] as const;
export type DiagnosticCheckId = (typeof DIAGNOSTIC_CHECKS)[number];
export type DiagnosticStatus = 'passed' | 'degraded' | 'failed';

/** The fallback in use when a check is degraded (the UI names it and says what to do). */
export type DiagnosticFallback =
  | 'no-resume-cookie'
  | 'shared-client-key'
  | 'logo-url'
  | 'read-back'
  | 'one-response-per-request'
  | 'slow-queue'
  | 'not-run-yet'
  | 'v1-url'
  | 'slow-hash';

export type DiagnosticFact = string | number | boolean;

export interface DiagnosticResult {
  id: DiagnosticCheckId;
  status: DiagnosticStatus;
  fallback?: DiagnosticFallback;
  /** Why it failed or degraded, as a stable code (`http-403`, `no-set-cookie`, `timeout`, …). */
  reason?: string;
  facts: Record<string, DiagnosticFact>;
  /** How long the check took (milliseconds). */
  ms: number;
}

export interface DiagnosticReport {
  /** When the checks ran (ISO 8601, UTC). */
  ranAt: string;
  results: DiagnosticResult[];
}

type Judged = Pick<DiagnosticResult, 'status' | 'fallback' | 'reason' | 'facts'>;

const passed = (facts: Record<string, DiagnosticFact> = {}): Judged => ({ status: 'passed', facts });
const degraded = (fallback: DiagnosticFallback, reason: string, facts: Record<string, DiagnosticFact> = {}): Judged => ({ status: 'degraded', fallback, reason, facts });
const failed = (reason: string, facts: Record<string, DiagnosticFact> = {}): Judged => ({ status: 'failed', reason, facts });

/** The headers every customer page carries (src/surfaces/pages/http.ts securityHeaders). */
export const PAGE_HEADERS = ['content-security-policy', 'referrer-policy', 'x-content-type-options', 'x-frame-options', 'cache-control'] as const;

export function judgePage(seen: { status: number; contentType: string; headers: readonly string[]; referrerPolicy: string }): Judged {
  const missing = PAGE_HEADERS.filter((h) => !seen.headers.includes(h));
  const facts = { status: seen.status, contentType: seen.contentType.slice(0, 60), missingHeaders: missing.join(',') };
  if (seen.status !== 200) return failed(`http-${seen.status}`, facts);
  if (!seen.contentType.toLowerCase().startsWith('text/html')) return failed('not-html', facts);
  if (missing.length > 0 || seen.referrerPolicy !== 'no-referrer') return failed('headers-dropped', facts);
  return passed(facts);
}

/** The form body the probe posts: characters a proxy might re-encode (umlauts, `+`, `&`, `=`, a line break). */
export const PROBE_FORM = new URLSearchParams({ text: 'Grüße aus Köln + 1 & 2 = 3', line: 'a\r\nb', emoji: '✓' }).toString();

export function judgeFormPost(seen: { status: number; intact: boolean }): Judged {
  if (seen.status !== 200) return failed(`http-${seen.status}`, { status: seen.status });
  return seen.intact ? passed() : failed('body-changed');
}

/** The trigger's answer set a cookie (`setCookie`) and, on the next request, saw it come back (`cameBack`). */
export function judgeCookie(seen: { setCookie: boolean; cameBack: boolean }): Judged {
  const facts = { setCookie: seen.setCookie, cameBack: seen.cameBack };
  if (!seen.setCookie) return degraded('no-resume-cookie', 'no-set-cookie', facts);
  if (!seen.cameBack) return degraded('no-resume-cookie', 'no-cookie-in', facts);
  return passed(facts);
}

/** Only whether the header is there and how many entries it has: never the addresses. */
export function judgeClientAddress(seen: { present: boolean; entries: number }): Judged {
  const facts = { present: seen.present, entries: seen.entries };
  return seen.present && seen.entries > 0 ? passed(facts) : degraded('shared-client-key', 'no-x-forwarded-for', facts);
}

export function judgeBase64(seen: { status: number; decoded: boolean }): Judged {
  if (seen.status !== 200) return failed(`http-${seen.status}`, { status: seen.status });
  return seen.decoded ? passed() : degraded('logo-url', 'not-decoded');
}

/** The code a refused transaction condition carries (src/forge/transactions.ts isConditionFailure reads the same). */
export function judgeConditionCode(code: string | undefined): Judged {
  if (code === undefined) return failed('condition-not-enforced');
  const facts = { code: code.slice(0, 60) };
  return /CONDITION|CONFLICT|TRANSACTION/i.test(code) ? passed(facts) : degraded('read-back', 'generic-code', facts);
}

/** Two consumers of one single-use value at once: exactly one may see it unused. */
export function judgeSingleUse(winners: number): Judged {
  const facts = { winners };
  if (winners === 1) return passed(facts);
  return winners > 1 ? degraded('one-response-per-request', 'both-won', facts) : failed('none-won', facts);
}

export const QUEUE_WAIT_MS = 8_000;
export const QUEUE_SLOW_MS = 5_000;

export function judgeQueue(delayMs: number | undefined): Judged {
  if (delayMs === undefined) return failed('timeout', { waitedMs: QUEUE_WAIT_MS });
  const facts = { delayMs: Math.max(0, Math.round(delayMs)) };
  return delayMs > QUEUE_SLOW_MS ? degraded('slow-queue', 'slow', facts) : passed(facts);
}

/** The `invite-reminders` trigger runs hourly (manifest.yml); two intervals without a run is late. */
export const SCHEDULED_INTERVAL_MS = 3_600_000;

export function judgeScheduled(lastRanMs: number | undefined, nowMs: number): Judged {
  if (lastRanMs === undefined) return degraded('not-run-yet', 'never', {});
  const facts = { lastRan: new Date(lastRanMs).toISOString(), minutesAgo: Math.max(0, Math.floor((nowMs - lastRanMs) / 60_000)) };
  return nowMs - lastRanMs > 2 * SCHEDULED_INTERVAL_MS ? failed('late', facts) : passed(facts);
}

/** A provider's answer to an authenticated call that sends nothing (`reason` as in SendResult). */
export function judgeProvider(kind: 'mail' | 'sms', provider: string, answer: { ok: true } | { ok: false; reason: string }): Judged {
  const facts = { provider };
  // SMS is optional (the SMS second factor only): without a provider there is nothing to call.
  if (kind === 'sms' && provider === 'none') return passed({ ...facts, used: false });
  return answer.ok ? passed(facts) : failed(answer.reason.slice(0, 40), facts);
}

export type TriggerUrlFormat = 'v2' | 'v1' | 'local' | 'unknown';

/**
 * The format from the URL's shape: v2 `https://<installation>.webtrigger.atlassian.app/public/<id>`, v1
 * `https://<id>.hello.atlassian-dev.net/x1/<id>` (web trigger module; Forge WebTriggers REST API).
 */
export function triggerUrlFormat(url: string): TriggerUrlFormat {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'unknown';
  }
  if (/\.webtrigger\.atlassian\.app$/i.test(parsed.hostname) && parsed.pathname.startsWith('/public/')) return 'v2';
  if (parsed.pathname.startsWith('/x1/')) return 'v1';
  if (/^(127\.0\.0\.1|localhost|\[::1\])$|\.localhost$/i.test(parsed.hostname)) return 'local';
  return 'unknown';
}

/** The URL's host without its first label (the installation's or trigger's id): enough for support, no identifier. */
function shortHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^[^.]+\./, '….');
  } catch {
    return '';
  }
}

export function judgeTriggerUrl(url: string): Judged {
  const format = triggerUrlFormat(url);
  const facts: Record<string, DiagnosticFact> = format === 'local' ? { format } : { format, host: shortHost(url) };
  if (format === 'v1') return degraded('v1-url', 'v1', facts);
  return format === 'unknown' ? failed('unknown-format', facts) : passed(facts);
}

export const HASH_SLOW_MS = 1_000;

export function judgePasswordHash(seen: { ms: number; rssMiB: number; limitMiB?: number; scryptMiB: number }): Judged {
  const facts: Record<string, DiagnosticFact> = { hashMs: Math.round(seen.ms), rssMiB: Math.round(seen.rssMiB), scryptMiB: seen.scryptMiB };
  if (seen.limitMiB !== undefined) facts.limitMiB = seen.limitMiB;
  if (seen.limitMiB !== undefined && seen.rssMiB + seen.scryptMiB > seen.limitMiB) return failed('memory', facts);
  return seen.ms > HASH_SLOW_MS ? degraded('slow-hash', 'slow', facts) : passed(facts);
}

export function judgeMetadata(seen: { status: number; contentType: string; entityDescriptor: boolean }): Judged {
  const facts = { status: seen.status };
  if (seen.status !== 200) return failed(`http-${seen.status}`, facts);
  return seen.entityDescriptor ? passed(facts) : failed('not-metadata', facts);
}

/** The overall outcome: the worst of the results. */
export function overall(results: readonly Pick<DiagnosticResult, 'status'>[]): DiagnosticStatus {
  if (results.some((r) => r.status === 'failed')) return 'failed';
  return results.some((r) => r.status === 'degraded') ? 'degraded' : 'passed';
}
