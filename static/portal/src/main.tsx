import { createRoot } from 'react-dom/client';
import { PortalFooter } from './PortalFooter';

createRoot(document.getElementById('root')!).render(<PortalFooter />);
