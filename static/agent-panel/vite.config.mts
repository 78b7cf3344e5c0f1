import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { customUiApp } from '../vite-app.mts';

/**
 * `@forge/bridge` is one CommonJS barrel (every bridge API, tslib, @forge/i18n, @forge/egress: ~60 KB in the
 * entry, none of it tree-shaken). The panel calls `invoke`, `view.getContext` and `view.theme.enable` only, so its
 * build takes those from the package's own files, and its `view` has just `getContext` and `theme`: a panel module
 * that uses another `view.` member fails the build here, and so does importing anything else from '@forge/bridge'
 * or a bridge release that moves these files (then drop this plugin: the panel works the same with the whole barrel).
 * `getContext` needs one function of @forge/i18n (`ensureLocale`), whose barrel brings tslib and lodash (~22 KB), so
 * the bridge's files get that function's own file.
 */
function bridgeSubset(): Plugin {
  const id = '\0forge-bridge-subset';
  const viewMembers = ['getContext', 'theme'];
  const bridgeEntry = createRequire(import.meta.url).resolve('@forge/bridge');
  const out = path.dirname(bridgeEntry);
  const ensureLocale = path.join(path.dirname(createRequire(bridgeEntry).resolve('@forge/i18n')), 'ensureLocale.js');
  const file = (rel: string) => JSON.stringify(path.join(out, rel));
  return {
    name: 'forge-bridge-subset',
    enforce: 'pre',
    buildStart() {
      if (!fs.existsSync(ensureLocale)) this.error(`agent panel build: ${ensureLocale} is gone (a new @forge/i18n?): drop its redirect in forge-bridge-subset`);
    },
    resolveId: (source, importer) =>
      source === '@forge/bridge' ? id : source === '@forge/i18n' && importer?.startsWith(out + path.sep) ? ensureLocale : undefined,
    load: (loaded) =>
      loaded === id
        ? `import { getContext } from ${file('view/getContext.js')};\nimport { theme } from ${file('view/theme.js')};\n` +
          `export const view = { getContext, theme };\nexport { invoke } from ${file('invoke/invoke.js')};\n`
        : undefined,
    transform(code, module) {
      if (module.includes('/node_modules/') || !code.includes('@forge/bridge')) return;
      for (const use of code.matchAll(/\bview\.(\w+)/g)) {
        if (!viewMembers.includes(use[1])) this.error(`${module} uses view.${use[1]}: the agent panel's build has only view.${viewMembers.join(' and view.')} (vite.config.mts)`);
      }
    },
  };
}

/**
 * index.html preloads the chunk main.tsx imports dynamically (React and the panel) and what it imports, so the
 * browser fetches and parses it beside the small entry instead of after the entry has run.
 */
function preloadPanelChunk(): Plugin {
  return {
    name: 'preload-panel-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [c] : []));
        const panel = chunks.find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith('/src/mount.tsx'));
        if (!panel) throw new Error('agent panel build: no chunk for src/mount.tsx (main.tsx imports it dynamically)');
        const entryGraph = new Set(chunks.filter((c) => c.isEntry).flatMap((c) => [c.fileName, ...c.imports]));
        const files = [panel.fileName, ...panel.imports].filter((f) => !entryGraph.has(f));
        return files.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default customUiApp({
  root: fileURLToPath(new URL('.', import.meta.url)),
  title: 'Portal Access – agent panel',
  plugins: [bridgeSubset(), react(), preloadPanelChunk()],
});
