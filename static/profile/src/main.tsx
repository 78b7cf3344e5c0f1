import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { startUp } from '../../shared/use-start-up';
import { loadProfile } from './api';
import { ProfilePanel } from './ProfilePanel';
import '../../shared/tokens.css';
import '../../shared/base.css';
import '../../shared/facts.css';
import './profile.css';

// Ask the host for design-token theming: it sets data-color-mode on <html> (tokens.css has both themes).
void Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

// The context read and the first profile/get start now, while React renders the loading state.
const boot = startUp(loadProfile);

createRoot(document.getElementById('root')!).render(<ProfilePanel boot={boot} />);
