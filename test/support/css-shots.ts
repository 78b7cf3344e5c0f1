/**
 * Dev tool: checks that a stylesheet change leaves the Custom UI apps' pixels alone. Each admin section,
 * agent panel state and the profile panel is opened once per theme and width (375 px and 1280 px), then
 * shot with the stylesheet of a saved earlier build (`--before <dir>`, a copy of `static/<app>/build`
 * per app) and with the current build's, swapped in place on the same page, so data and clock are the same.
 * Writes `<out>/before/*.png`, `<out>/after/*.png` and `<out>/diff/*.png` and prints the shots that differ.
 *
 *   cp -r static/admin/build /tmp/before/admin   (… for each app, before the change)
 *   node scripts/build.mjs
 *   npx esbuild test/support/css-shots.ts --bundle --platform=node --packages=external --outfile=dist/tools/css-shots.js
 *   node dist/tools/css-shots.js --before /tmp/before --out /tmp/shots
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, startE2eHost } from './browser';
import { SECTION_IDS } from '../../static/admin/src/sections/types';

// pngjs comes with qrcode (no types of its own, not a direct dependency): the little of it used here, typed.
interface PNG { width: number; height: number; data: Buffer }
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped transitive dependency of a dev tool
const { PNG } = require('pngjs') as {
  PNG: { new (size: { width: number; height: number }): PNG; sync: { read(png: Buffer): PNG; write(png: PNG): Buffer } };
};

const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const beforeDir = arg('--before');
const outDir = arg('--out');

const cssOf = (buildDir: string) => {
  const assets = path.join(buildDir, 'assets');
  const files = fs.readdirSync(assets).filter((f) => f.endsWith('.css'));
  if (files.length !== 1) throw new Error(`expected one stylesheet in ${assets}, found ${files.length}`);
  return fs.readFileSync(path.join(assets, files[0]), 'utf8');
};

interface Target { name: string; app: string; path: string; act?: (page: Page) => Promise<void> }

const allTargets: Target[] = [
  ...SECTION_IDS.map((id) => ({ name: `admin-${id}`, app: 'admin', path: `/module/admin-page?persona=admin&lang=en#${id}` })),
  ...['DEMO-1', 'DEMO-2', 'DEMO-4', 'DEMO-5', 'DEMO-7'].map((issue) => ({ name: `panel-${issue}`, app: 'agent-panel', path: `/module/agent-panel?persona=agent&lang=en&issue=${issue}` })),
  {
    name: 'panel-DEMO-2-confirm', app: 'agent-panel', path: '/module/agent-panel?persona=agent&lang=en&issue=DEMO-2',
    act: async (page) => page.getByRole('button', { name: 'Send reset link' }).click(),
  },
  { name: 'profile', app: 'profile', path: '/module/profile-panel?persona=customer&lang=en' },
  {
    name: 'profile-error', app: 'profile', path: '/module/profile-panel?persona=customer&lang=en',
    act: async (page) => page.getByRole('button', { name: 'Change password' }).click(),
  },
  { name: 'admin-branding-error', app: 'admin', path: '/module/admin-page?persona=admin&lang=en#branding',
    act: async (page) => {
      await page.locator('.pa-form input[type="text"]').first().fill('');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
    } },
];

const targets = process.env.ONLY ? allTargets.filter((t) => t.name.startsWith(process.env.ONLY!)) : allTargets;

/** How many pixels differ, or -1 when the sizes do. */
function pixelsChanged(a: PNG, b: PNG): number {
  if (a.width !== b.width || a.height !== b.height) return -1;
  let pixels = 0;
  for (let i = 0; i < a.data.length; i += 4) if (a.data.readUInt32BE(i) !== b.data.readUInt32BE(i)) pixels++;
  return pixels;
}

/** Changed pixels red on a faded copy of the page. */
function diffImage(a: PNG, b: PNG): PNG {
  const diff = new PNG({ width: a.width, height: a.height });
  for (let i = 0; i < a.data.length; i += 4) diff.data.writeUInt32BE(a.data.readUInt32BE(i) === b.data.readUInt32BE(i) ? ((a.data.readUInt32BE(i) & 0xffffff00) | 0x30) >>> 0 : 0xff0000ff, i);
  return diff;
}

async function main() {
  const after = Object.fromEntries(['admin', 'agent-panel', 'profile'].map((app) => [app, cssOf(`static/${app}/build`)]));
  const before = Object.fromEntries(['admin', 'agent-panel', 'profile'].map((app) => [app, cssOf(path.join(beforeDir, app))]));
  for (const dir of ['before', 'after', 'diff']) fs.mkdirSync(path.join(outDir, dir), { recursive: true });
  const [env, browser] = await Promise.all([startE2eHost(), launchBrowser()]);
  const differ: string[] = [];
  let shots = 0;
  try {
    for (const target of targets) {
      for (const theme of ['light', 'dark']) {
        for (const width of [375, 1280]) {
          const t0 = performance.now();
          const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
          await context.route('**/__css/**', (route) => {
            const [variant, app] = new URL(route.request().url()).pathname.split('/').slice(-2);
            return route.fulfill({ contentType: 'text/css', body: (variant === 'before' ? before : after)[app.replace(/\.css$/, '')] });
          });
          const page = await context.newPage();
          await page.goto(`${env.url}${target.path.replace('lang=en', `lang=en&theme=${theme}`)}`);
          await page.waitForLoadState('networkidle');
          await page.locator('.pa-skeleton, [aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
          if (target.act) {
            await target.act(page);
            await page.waitForLoadState('networkidle');
          }
          await page.waitForTimeout(300);
          const name = `${target.name}-${theme}-${width}`;
          if (process.env.TIMING) console.log(name, Math.round(performance.now() - t0));
          // before, after, before again: a difference between the two "before" shots is the page's own noise.
          const pngs: Buffer[] = [];
          for (const variant of ['before', 'after', 'before']) {
            await page.evaluate(async (href) => {
              const link = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')!;
              await new Promise((resolve) => { link.onload = resolve; link.href = href; });
            }, `/__css/${variant}/${target.app}.css`);
            await page.waitForTimeout(250);
            const png = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
            if (pngs.length < 2) fs.writeFileSync(path.join(outDir, variant, `${name}.png`), png);
            pngs.push(png);
          }
          shots++;
          const [a, b, control] = pngs.map((p) => PNG.sync.read(p));
          const changed = pixelsChanged(a, b);
          if (changed !== 0) {
            const noise = pixelsChanged(a, control);
            differ.push(`${name}: ${changed < 0 ? `size ${a.width}x${a.height} → ${b.width}x${b.height}` : `${changed} pixels`}${noise ? ` (noise: the two "before" shots differ by ${noise})` : ''}`);
            if (changed > 0) fs.writeFileSync(path.join(outDir, 'diff', `${name}.png`), PNG.sync.write(diffImage(a, b)));
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await env.close();
  }
  console.log(`${shots} shots, ${differ.length} differ${differ.length ? `:\n${differ.join('\n')}` : ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
