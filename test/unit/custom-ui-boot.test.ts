import { view } from '@forge/bridge';
import { startUp } from '../../static/shared/boot';
import { intlLocale } from '../../static/shared/host-locale';

/** The Custom UI apps' start-up before React (static/shared/boot.ts) and the Intl tag choice (host-locale.ts). */
jest.mock('@forge/bridge', () => ({ view: { getContext: jest.fn() } }));
const getContext = view.getContext as jest.Mock;

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};
const settle = () => new Promise((r) => setImmediate(r));

describe('startUp', () => {
  it('starts the context read and the first call at once, and keeps what each answered for a later first render', async () => {
    const context = deferred<{ locale?: string }>();
    getContext.mockReturnValueOnce(context.promise);
    const answer = deferred<{ ok: boolean }>();
    const firstLoad = jest.fn(() => answer.promise);

    const boot = startUp(firstLoad);
    expect(getContext).toHaveBeenCalledTimes(1);
    expect(firstLoad).toHaveBeenCalledTimes(1);
    expect(boot.firstResult()).toBeUndefined();
    expect(boot.localeResult()).toBeUndefined();

    answer.resolve({ ok: true });
    await settle();
    expect(boot.firstResult()).toEqual({ value: { ok: true } });
    expect(boot.localeResult()).toBeUndefined();

    context.resolve({ locale: 'de_DE' });
    await settle();
    expect(boot.localeResult()).toBe('de_DE');
    await expect(boot.locale).resolves.toBe('de_DE');
    await expect(boot.first).resolves.toEqual({ ok: true });
    expect(firstLoad).toHaveBeenCalledTimes(1);
  });

  it('keeps no locale when the context gives none or fails, and no result when the first call fails', async () => {
    getContext.mockReturnValueOnce(Promise.reject(new Error('no host')));
    const boot = startUp(() => Promise.reject(new Error('unreachable')));
    await settle();
    expect(boot.localeResult()).toBeUndefined();
    expect(boot.firstResult()).toBeUndefined();
    await expect(boot.first).rejects.toThrow('unreachable');
  });
});

describe('intlLocale', () => {
  it('takes the host tag Intl knows, else de-DE / en-GB by the UI language', () => {
    expect(intlLocale('en_US', 'en')).toBe('en-US');
    expect(intlLocale('de-AT', 'de')).toBe('de-AT');
    expect(intlLocale(undefined, 'de')).toBe('de-DE');
    expect(intlLocale('', 'en')).toBe('en-GB');
    expect(intlLocale('not a tag!', 'en')).toBe('en-GB');
  });

  it('asks Intl once per tag and language, however often a render asks', () => {
    const supported = jest.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf');
    try {
      for (let i = 0; i < 5; i++) expect(intlLocale('fr_CA', 'en')).toBe('fr-CA');
      expect(supported).toHaveBeenCalledTimes(1);
      expect(intlLocale('fr_CA', 'de')).toBe('fr-CA');
      expect(supported).toHaveBeenCalledTimes(2);
    } finally {
      supported.mockRestore();
    }
  });
});
