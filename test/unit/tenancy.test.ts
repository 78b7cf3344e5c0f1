import { BACKGROUND_HANDLER_NAMES, HANDLER_NAMES, REQUEST_HANDLER_NAMES, backgroundHandlers, byInstallation, createHandlers, forgeDeps, requestHandlers } from '../../src/app';
import { MissingInstallationError, NO_INSTALLATION, PerInstallation, currentInstallation, inInstallation, installationKey } from '../../src/forge/installation';
import { forgetCounterCache, shardKey } from '../../src/forge/counters';

/**
 * Issue 20: a warm process serves several installations. Each invocation's context (Forge "Function Arguments":
 * `installContext`) picks that installation's handlers and state; nothing is shared between two installations.
 */
const SITE_A = 'ari:cloud:jira::site/00000000-0000-4000-8000-00000000000a';
const SITE_B = 'ari:cloud:jira::site/00000000-0000-4000-8000-00000000000b';

describe('the installation of an invocation', () => {
  it('is the context’s installContext', () => {
    expect(installationKey({ installContext: SITE_A, principal: { accountId: 'x' } })).toBe(SITE_A);
  });

  it.each([[undefined], [{}], [{ installContext: '' }], [{ installContext: 'site-a' }], [{ installContext: 42 }]])('is refused without a valid installContext: %p', (context) => {
    expect(() => installationKey(context)).toThrow(MissingInstallationError);
  });
});

describe('byInstallation', () => {
  type H = { get: (payload: never, context: never) => Promise<string>; put: (payload: never, context: never) => Promise<void> };
  const built: string[] = [];
  const handlers = byInstallation<H, 'get' | 'put'>(['get', 'put'], (installation) => {
    built.push(installation);
    let value = 'unset';
    return {
      get: async () => `${value} (${currentInstallation()})`,
      put: async (payload: never) => {
        value = (payload as { value: string }).value;
      },
    };
  });
  const call = <K extends 'get' | 'put'>(name: K, installContext: string | undefined, payload: unknown = {}) => handlers[name](payload as never, (installContext ? { installContext } : {}));

  it('interleaved invocations of two installations each reach their own handlers, built once per installation', async () => {
    await call('put', SITE_A, { value: 'a' });
    await call('put', SITE_B, { value: 'b' });
    await expect(call('get', SITE_A)).resolves.toBe(`a (${SITE_A})`);
    await expect(call('get', SITE_B)).resolves.toBe(`b (${SITE_B})`);
    await call('put', SITE_A, { value: 'a2' });
    await expect(call('get', SITE_B)).resolves.toBe(`b (${SITE_B})`);
    expect(built).toEqual([SITE_A, SITE_B]);
  });

  it('refuses an invocation without an installation before any handler is built or runs', async () => {
    const before = built.length;
    expect(() => call('get', undefined)).toThrow(MissingInstallationError);
    expect(built).toHaveLength(before);
  });

  it('covers every function the app exports, each dispatching by installation', () => {
    const deps = forgeDeps();
    expect([...HANDLER_NAMES].sort()).toEqual(Object.keys(createHandlers(deps)).sort());
    expect([...REQUEST_HANDLER_NAMES].sort()).toEqual(Object.keys(requestHandlers(deps)).sort());
    expect([...BACKGROUND_HANDLER_NAMES].sort()).toEqual(Object.keys(backgroundHandlers(deps)).sort());
  });
});

describe('the Forge entry points (src/index.ts)', () => {
  it('are every function, each refusing an invocation without an installation context', async () => {
    const index = (await import('../../src/index')) as unknown as Record<string, (payload: unknown, context: unknown) => unknown>;
    expect(Object.keys(index).sort()).toEqual([...HANDLER_NAMES].sort());
    for (const name of HANDLER_NAMES) expect(() => index[name]({}, { principal: { accountId: 'x' } })).toThrow(MissingInstallationError);
  });
});

describe('PerInstallation', () => {
  it('keeps one value per installation, the current one inside an invocation and a separate one outside', () => {
    const state = new PerInstallation(() => ({ n: 0 }));
    inInstallation(SITE_A, () => state.current().n++);
    inInstallation(SITE_A, () => state.current().n++);
    inInstallation(SITE_B, () => state.current().n++);
    expect(state.of(SITE_A).n).toBe(2);
    expect(state.of(SITE_B).n).toBe(1);
    expect(state.current()).toBe(state.of(NO_INSTALLATION));
    expect(state.current().n).toBe(0);
  });

  it('drops the least recently used installation beyond its bound (it starts cold again)', () => {
    const state = new PerInstallation((key) => ({ key, hits: 0 }), 2);
    state.of('a').hits++;
    state.of('b').hits++;
    state.of('a').hits++;
    state.of('c').hits++;
    expect(state.of('a').hits).toBe(2);
    expect(state.of('b').hits).toBe(0);
  });
});

describe('the overview counter shard', () => {
  it('is per installation: an instance never counts one site’s events into the item it keeps for another', () => {
    forgetCounterCache();
    const a = inInstallation(SITE_A, () => shardKey('2026-12-07'));
    const b = inInstallation(SITE_B, () => shardKey('2026-12-07'));
    expect(a).not.toBe(b);
    expect(inInstallation(SITE_A, () => shardKey('2026-12-07'))).toBe(a);
  });
});
