import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { backgroundHandlers, createHandlers, forgeDeps, requestHandlers } from '../../src/app';

/**
 * The handlers come in two sets: what a request or product event invokes, and what runs off the request path
 * (the queue consumer, the scheduled trigger). The local host builds the first on its main thread and the
 * second only in its jobs worker, so the second must be exactly the manifest's consumer and scheduled functions.
 */
describe('request and background handlers', () => {
  const manifest = parse(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as {
    modules: { consumer: { function: string }[]; scheduledTrigger: { function: string }[] };
  };
  const deps = forgeDeps();

  it('background handlers are the queue consumer and the scheduled triggers, and no request handler is one', () => {
    const background = [...manifest.modules.consumer, ...manifest.modules.scheduledTrigger].map((m) => m.function).sort();
    expect(Object.keys(backgroundHandlers(deps)).sort()).toEqual(background);
    expect(Object.keys(requestHandlers(deps)).filter((k) => background.includes(k))).toEqual([]);
  });

  it('together they are all the handlers', () => {
    expect(Object.keys(createHandlers(deps)).sort()).toEqual([...Object.keys(requestHandlers(deps)), ...Object.keys(backgroundHandlers(deps))].sort());
  });
});
