/**
 * `npm run bench`: every section below in turn, each in a Node process of its own (as when it runs alone: no
 * heap, threads or timers left by the sections before it) and on its own fresh local host (production handlers,
 * SQLite KVS emulation, mail and SMS catchers) where it needs one; prints the report with the targets and
 * writes it to bench/results/latest.json. One file per section (bench/reset.ts, panel-load.ts, …); each
 * answers its JSON, its report lines and its checks.
 *
 * `BENCH_ONLY=<section> node dist/bench/run.js` (or `npm run bench -- --only <section>`) runs one section alone and prints its lines, its checks and
 * its JSON (nothing is written). Sections: see SECTIONS (`overview` runs only alone).
 *
 * Progress goes to stderr while it runs (the report on stdout stays as it was): which section starts, with the
 * time it took in the last run (latest.json's sectionSeconds), a line every 30 s while it runs, and its time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleBench } from './bundle';
import { csvImportBench } from './csv-import';
import { deliveryBench } from './delivery';
import { emailCodeBench } from './email-code';
import { overviewBench } from './overview';
import { panelLoadBench } from './panel-load';
import { provisioningBench } from './provisioning';
import { renderingBench } from './rendering';
import { requestEventsBench } from './request-events';
import { resetBench } from './reset';
import { signInBench } from './sign-in';
import { r2, type Check, type SectionReport } from './stats';
import { templateSendBench } from './template-sends';
import { twoStepBench } from './two-step';
import { passkeysBench } from './passkeys';

interface Section {
  /** The name BENCH_ONLY takes. */
  name: string;
  /** Where its JSON goes in latest.json; null: its fields sit at the top level (the reset journey's). */
  key: string | null;
  run: () => SectionReport | Promise<SectionReport>;
  /** Only with BENCH_ONLY (too long for every run). */
  aloneOnly?: boolean;
}

/** In the order they run, are written to latest.json and printed. */
const SECTIONS: Section[] = [
  { name: 'reset', key: null, run: resetBench }, // 1–5: request reset, mail, complete reset, better-auth as a peer
  { name: 'panel', key: 'panelLoad', run: panelLoadBench }, // 6: agent panel load (own host, Chromium)
  { name: 'delivery', key: 'delivery', run: deliveryBench }, // 7: delivery through a provider adapter (own host)
  { name: 'rendering', key: 'emailRendering', run: renderingBench }, // 8: email rendering (in-process, one core)
  { name: 'csv-import', key: 'csvImport', run: csvImportBench }, // 9: customer CSV import through the admin resolver
  { name: 'template-sends', key: 'storedTemplateSends', run: templateSendBench }, // KVS operations per send with a stored template
  { name: 'sign-in', key: 'sign-in', run: signInBench }, // 10: help-center sign-in (SAML IdP)
  { name: 'two-step', key: 'two-step', run: twoStepBench }, // 11: two-step verification at sign-in
  { name: 'email-code', key: 'email-code', run: emailCodeBench }, // issue 22: "Email me a sign-in code", unknown vs known
  { name: 'passkeys', key: 'passkeys', run: passkeysBench }, // issue 22: the passkey sign-in step
  { name: 'provisioning', key: 'provisioning', run: provisioningBench }, // 12: the provisioning API
  { name: 'request-events', key: 'request-events', run: requestEventsBench }, // 13: invite new requesters automatically
  { name: 'bundle', key: 'bundle', run: bundleBench }, // the Forge bundle's size and what each package adds (issue 25)
  { name: 'overview', key: 'overview', run: overviewBench, aloneOnly: true }, // the admin Overview at 10,000 customers
];

/** m:ss */
const clock = (seconds: number) => `${Math.floor(Math.round(seconds) / 60)}:${String(Math.round(seconds) % 60).padStart(2, '0')}`;

/** Each section's run time in the last written run (latest.json), for the progress lines. */
function lastSectionSeconds(): Record<string, number> {
  try {
    const last = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'bench', 'results', 'latest.json'), 'utf8')) as { sectionSeconds?: Record<string, number> };
    return last.sectionSeconds ?? {};
  } catch {
    return {};
  }
}

/** Runs one section with its progress on stderr: `[n/total] name …`, a line every 30 s, `… done in N s`; answers its report and seconds. */
async function runWithProgress(section: Section, n: number, total: number, started: number, last: Record<string, number>, inChild = false): Promise<{ report: SectionReport; seconds: number }> {
  const label = `bench [${n}/${total}] ${section.name}`;
  const sectionStart = performance.now();
  console.error(`${label} …${last[section.name] ? ` (last run: ${clock(last[section.name])})` : ''}`);
  const heartbeat = setInterval(() => console.error(`${label}: running for ${clock((performance.now() - sectionStart) / 1000)}`), 30_000);
  try {
    const report = await (inChild ? reportFromChild(section) : section.run());
    const seconds = (performance.now() - sectionStart) / 1000;
    console.error(`${label}: done in ${clock(seconds)} (bench so far ${clock((performance.now() - started) / 1000)})`);
    return { report, seconds };
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * A section of the full run in a child process (this file with `--section NAME --report-to FILE`), its report read
 * back from FILE, so that a full run measures each section as it runs alone. In one process a section inherited
 * the heap the ones before it left (169 MiB in use at the sign-in's start against 60 MiB alone; session 14; its
 * figures differed by less than the machine's run-to-run spread: docs/bench.md).
 */
async function reportFromChild(section: Section): Promise<SectionReport> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portal-access-bench-')), 'report.json');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], '--section', section.name, '--report-to', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('exit', resolve));
  if (code !== 0) throw new Error(`bench section ${section.name} failed (exit ${code})`);
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as SectionReport;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return report;
}

/** The child's side of reportFromChild: one section, its report written to `file`, nothing printed. */
async function reportTo(section: Section, file: string): Promise<void> {
  fs.writeFileSync(file, JSON.stringify(await section.run()));
}

const targetLine = (c: Check) => `  ${c.pass ? '✓' : '✗'} ${c.name}: ${c.value}  (target ${c.target})`;

/** One section alone: its lines, its checks and its JSON, printed. */
async function runAlone(section: Section): Promise<void> {
  const { report: r } = await runWithProgress(section, 1, 1, performance.now(), lastSectionSeconds());
  console.log([...r.lines, '', ...r.checks.map(targetLine)].join('\n'));
  console.log(JSON.stringify(r.result, null, 2));
}

async function runAll(): Promise<void> {
  const started = performance.now();
  const loadStart = os.loadavg()[0];
  const fields: Record<string, unknown> = {};
  const sectionLines: string[][] = [];
  const checks: Check[] = [];
  const sectionSeconds: Record<string, number> = {};
  const last = lastSectionSeconds();
  const sections = SECTIONS.filter((s) => !s.aloneOnly);
  for (const [i, section] of sections.entries()) {
    const { report: r, seconds } = await runWithProgress(section, i + 1, sections.length, started, last, true);
    sectionSeconds[section.name] = r2(seconds);
    if (section.key === null) Object.assign(fields, r.result);
    else fields[section.key] = r.result;
    sectionLines.push(r.lines);
    checks.push(...r.checks);
  }

  const result = {
    generatedAt: new Date().toISOString(),
    loadAverage1m: { start: r2(loadStart), end: r2(os.loadavg()[0]) },
    environment: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '' },
    ...fields,
    checks,
    runSeconds: r2((performance.now() - started) / 1000),
    sectionSeconds,
  };
  const lines = [
    'Portal Access — reset journey benchmark (local Forge host, loopback HTTP)',
    `node ${process.version}, ${result.environment.cpus} × ${result.environment.cpu}, load average (1 min) ${result.loadAverage1m.start} → ${result.loadAverage1m.end}`,
    'Rate limits lifted (10000/day per client and per account): this measures the flow, not the limiter.',
    '',
    ...sectionLines.flatMap((l) => [...l, '']),
    'Targets',
    ...checks.map(targetLine),
    '',
    `run time ${result.runSeconds} s; written to bench/results/latest.json`,
  ];
  const outDir = path.join(projectRoot(), 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(lines.join('\n'));
}

function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'manifest.yml')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

async function main(): Promise<void> {
  const child = process.argv.indexOf('--section');
  if (child >= 0) return reportTo(sectionNamed(process.argv[child + 1]), process.argv[process.argv.indexOf('--report-to') + 1]);
  const flag = process.argv.indexOf('--only');
  const only = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_ONLY;
  if (!only) return runAll();
  return runAlone(sectionNamed(only));
}

function sectionNamed(name: string | undefined): Section {
  const section = SECTIONS.find((s) => s.name === name);
  if (!section) throw new Error(`BENCH_ONLY=${name}: no such section (${SECTIONS.map((s) => s.name).join(', ')})`);
  return section;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
