import { defineConfig, type Plugin, type PluginOption, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

/**
 * The Vite build of one Custom UI app (static/<app>/vite.config.mts, beside this file): React, relative URLs (Forge serves a
 * resource from its own path), output in static/<app>/build. The apps have no index.html of their own: the page
 * is this one shell with the app's title, given to Vite as the app's `index.html`, and loads `src/main.tsx`.
 */
export function customUiApp(app: { root: string; title: string; plugins?: PluginOption[] }): UserConfig {
  return defineConfig({
    root: app.root,
    base: './',
    plugins: [appShell(app.root, app.title), ...(app.plugins ?? [react()])],
    build: { outDir: 'build', emptyOutDir: true, sourcemap: false },
  });
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Resolves and loads `<root>/index.html` (the build's entry) as the shell below. */
function appShell(root: string, title: string): Plugin {
  const html = path.join(root, 'index.html');
  return {
    name: 'custom-ui-app-shell',
    enforce: 'pre',
    resolveId: (source) => (path.resolve(root, source) === html ? html : undefined),
    load: (id) =>
      id === html
        ? `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script type="module" src="./src/main.tsx"></script>
</body>
</html>
`
        : undefined,
  };
}
