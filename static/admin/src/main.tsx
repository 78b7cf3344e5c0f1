import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { startUp } from '../../shared/use-start-up';
import { AdminPage } from './AdminPage';
import { loadDelivery } from './api';
import '../../shared/tokens.css';
import '../../shared/base.css';
import './admin.css';

// Ask the host (Jira) for design-token theming: it sets data-color-mode on <html> and provides the token CSS.
// tokens.css carries the same values for hosts that only set the attribute.
void Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

// The context read and the first call (may this caller see the page?) start now, while React renders.
const boot = startUp(loadDelivery);

createRoot(document.getElementById('root')!).render(<AdminPage boot={boot} />);
