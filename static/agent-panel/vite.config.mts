import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `@forge/bridge` is one CommonJS barrel (every bridge API, tslib, @forge/i18n, @forge/egress: ~60 KB in the
 * entry, none of it tree-shaken). The panel uses `view` and `invoke` only, so its build takes those two from the
 * package's own files. Importing anything else from '@forge/bridge' fails the build; so does a bridge release
 * that moves these files (then drop this plugin: the panel works the same with the whole barrel).
 */
function bridgeViewAndInvoke(): Plugin {
  const id = '\0forge-bridge-view-invoke';
  const out = path.dirname(createRequire(import.meta.url).resolve('@forge/bridge'));
  const file = (rel: string) => JSON.stringify(path.join(out, rel));
  return {
    name: 'forge-bridge-view-invoke',
    enforce: 'pre',
    resolveId: (source) => (source === '@forge/bridge' ? id : undefined),
    load: (loaded) =>
      loaded === id ? `export { view } from ${file('view/view.js')};\nexport { invoke } from ${file('invoke/invoke.js')};\n` : undefined,
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

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [bridgeViewAndInvoke(), react(), preloadPanelChunk()],
  build: { outDir: 'build', emptyOutDir: true, sourcemap: false },
});
