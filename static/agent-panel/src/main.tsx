import { view } from '@forge/bridge';
import { startUp } from '../../shared/boot';
import { warmIntl } from '../../shared/host-locale';
import { loadPanel } from './api';
import '../../shared/tokens.css';
import '../../shared/base.css';
import '../../shared/facts.css';
import './panel.css';

// The entry is small (no React): it starts the context read and the panel's one resolver call, then loads the
// panel (React and the components, a chunk of its own that index.html already preloads). So the calls run
// while the browser parses and runs React, and the first render usually has the answer to show.

// Ask the host (Jira) for design-token theming: it sets data-color-mode on <html> and provides the token CSS.
// tokens.css carries the same values for hosts that only set the attribute.
void Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

const boot = startUp(loadPanel);

// Intl's locale data loads on first use; do it now, before the render that formats the status line's dates.
setTimeout(() => {
  warmIntl(navigator.language);
  void boot.locale.then((locale) => locale && warmIntl(locale));
}, 0);

void import('./mount').then(
  ({ mount }) => mount(boot),
  () => {
    // The panel's chunk did not load (network): say so instead of leaving the panel blank.
    const root = document.getElementById('root');
    if (!root) return;
    root.setAttribute('role', 'alert');
    root.textContent = navigator.language.toLowerCase().startsWith('de') ? 'Das Panel konnte nicht geladen werden. Laden Sie die Seite neu.' : 'The panel could not load. Reload the page to try again.';
  },
);
