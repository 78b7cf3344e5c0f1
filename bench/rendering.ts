import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEMO_SETTINGS } from '../local/demo-data';
import { LOCALES } from '../src/i18n/locale';
import type { MailKind } from '../src/mail/default-templates';
import { MailRenderer, type MailVariables } from '../src/mail/renderer';
import { max, median, r2, type Check, type SectionReport } from './stats';

/**
 * `npm run bench`, section "rendering": MailRenderer.renderDefault on one core, in-process (see
 * RENDERING_METHOD). Run alone: `BENCH_ONLY=rendering node dist/bench/run.js` (printed, not written).
 */

const N_RENDER = 30_000; // timed renders per round
const N_RENDER_ROUNDS = 5;
const N_RENDER_WARMUP = 3_000;

const RENDERING_METHOD = [
  `MailRenderer.renderDefault in-process on the main thread (one core): complete emails (subject + HTML body in the shipped layout + plain text). Warm parse cache (${N_RENDER_WARMUP} unmeasured renders first), then ${N_RENDER_ROUNDS} rounds of ${N_RENDER} renders; the reported rate is the median round.`,
  'Variables rotate per render over every kind × locale and 97 distinct customers (names, usernames, link tokens), built before timing, with the demo branding. No KVS, no transport: KVS reads per send are out of scope here.',
];

export function renderingBench(): SectionReport {
  const checks: Check[] = [];
  const renderer = new MailRenderer();
  const brand = DEMO_SETTINGS.branding;
  const kinds: MailKind[] = ['reset', 'invite', 'password-changed'];
  const jobs = Array.from({ length: 97 * kinds.length * LOCALES.length }, (_, i) => {
    const kind = kinds[i % kinds.length];
    const locale = LOCALES[Math.floor(i / kinds.length) % LOCALES.length];
    const n = i % 97;
    const common = { customer: { name: `Customer ${n} Müller`, username: `customer${n}@example.com` }, portal: { name: brand.portalName }, support: { contact: `help${n}@example.com` } };
    const url = `https://example.atlassian.net/servicedesk/customer/reset?t=${randomBytes(24).toString('base64url')}`;
    const vars: MailVariables =
      kind === 'reset' ? { ...common, link: { url, minutes: 30 + n } }
      : kind === 'invite' ? { ...common, link: { url, days: 1 + (n % 14) }, inviter: { name: `Agent ${n}` } }
      : { ...common, forgot: { url }, changed: { at: `${1 + (n % 28)} March 2026 at 10:${String(n % 60).padStart(2, '0')} UTC` } };
    return { kind, locale, vars };
  });
  let bytes = 0;
  const renderOne = (i: number) => {
    const j = jobs[i % jobs.length];
    const mail = renderer.renderDefault(j.kind, j.locale, brand, j.vars);
    bytes += mail.subject.length + mail.html.length + mail.text.length;
  };
  for (let i = 0; i < N_RENDER_WARMUP; i++) renderOne(i);
  const rates: number[] = [];
  for (let round = 0; round < N_RENDER_ROUNDS; round++) {
    bytes = 0;
    const t0 = performance.now();
    for (let i = 0; i < N_RENDER; i++) renderOne(round * N_RENDER + i);
    rates.push(N_RENDER / ((performance.now() - t0) / 1000));
  }
  const rate = median(rates);
  const result = {
    method: RENDERING_METHOD,
    rendersPerRound: N_RENDER,
    rounds: N_RENDER_ROUNDS,
    rendersPerSec: { median: Math.round(rate), min: Math.round(Math.min(...rates)), max: Math.round(max(rates)) },
    microsPerRender: r2(1e6 / rate),
    meanCharsPerEmail: Math.round(bytes / N_RENDER),
  };
  checks.push({ name: 'email rendering, one core', value: `${Math.round(rate)} emails/s (median of ${N_RENDER_ROUNDS} × ${N_RENDER})`, target: '≥ 10000/s', pass: rate >= 10_000 });
  const lines = [
    `Email rendering  (MailRenderer.renderDefault, one core, warm cache, variables rotating over ${jobs.length} kind × locale × customer sets)`,
    `  complete emails  ${Math.round(rate)}/s median of ${N_RENDER_ROUNDS} rounds × ${N_RENDER} (min ${result.rendersPerSec.min}, max ${result.rendersPerSec.max}); ${result.microsPerRender} µs each, ${result.meanCharsPerEmail} chars (subject + HTML + text)`,
  ];
  return { result, lines, checks };
}
