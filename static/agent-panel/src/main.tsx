import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import { startUp } from '../../shared/use-start-up';
import { AgentPanel } from './AgentPanel';
import { loadPanel } from './api';
import '../../shared/tokens.css';
import '../../shared/base.css';
import './panel.css';

// Ask the host (Jira) for design-token theming: it sets data-color-mode on <html> and provides the token CSS.
// tokens.css carries the same values for hosts that only set the attribute.
void Promise.resolve()
  .then(() => view.theme.enable())
  .catch(() => undefined);

// The context read and the panel's one resolver call start now, while React renders the loading state.
const boot = startUp(loadPanel);

createRoot(document.getElementById('root')!).render(<AgentPanel boot={boot} />);
