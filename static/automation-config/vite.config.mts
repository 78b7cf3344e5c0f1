import { fileURLToPath } from 'node:url';
import { customUiApp } from '../vite-app.mts';

export default customUiApp({ root: fileURLToPath(new URL('.', import.meta.url)), title: 'Send portal activation' });
