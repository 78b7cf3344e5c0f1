import { createRoot } from 'react-dom/client';
import '../../shared/tokens.css';
import '../../shared/base.css';
import { ActionConfig } from './ActionConfig';

createRoot(document.getElementById('root')!).render(<ActionConfig />);
