import { createRoot } from 'react-dom/client';
import type { Boot } from '../../shared/boot';
import { AgentPanel } from './AgentPanel';
import type { Outcome } from './api';
import type { PanelData } from '../../../src/surfaces/agent-api';

/** The panel's React part, loaded by main.tsx once the first calls are out. */
export function mount(boot: Boot<Outcome<PanelData>>): void {
  createRoot(document.getElementById('root')!).render(<AgentPanel boot={boot} />);
}
