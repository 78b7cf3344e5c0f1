import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The whole project (backend, local host, UI, tests) type-checks under strict TypeScript. */
it('type-checks', () => {
  const root = path.join(__dirname, '..');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { encoding: 'utf8' });
  expect(result.stdout + result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 180_000);
