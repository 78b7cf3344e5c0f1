import { invoke, router, view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import type { PortalLinks } from '../../../src/surfaces/portal';

/** Help-center footer: where a locked-out customer finds "Forgot your password?". */
const TEXT = {
  en: { forgot: 'Forgot your password?', login: 'Log in with your portal account', loading: 'Loading…' },
  de: { forgot: 'Passwort vergessen?', login: 'Mit Ihrem Portal-Konto anmelden', loading: 'Wird geladen…' },
};

export function PortalFooter() {
  const [links, setLinks] = useState<PortalLinks>();
  const [lang, setLang] = useState<'en' | 'de'>('en');

  useEffect(() => {
    void (async () => {
      const context = await view.getContext().catch(() => undefined);
      const l = String(context?.locale ?? navigator.language).toLowerCase().startsWith('de') ? 'de' : 'en';
      setLang(l);
      setLinks((await invoke('portal/links', { lang: l })) as PortalLinks);
    })();
  }, []);

  const t = TEXT[lang];
  const go = (url: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    void router.navigate(url);
  };
  if (!links) return <p style={{ font: '14px system-ui', color: '#44546F', margin: 8 }}>{t.loading}</p>;
  return (
    <nav lang={lang} aria-label="Portal account" style={{ display: 'flex', gap: 16, justifyContent: 'center', font: '14px/1.5 system-ui', padding: 8 }}>
      <a href={links.loginUrl} onClick={go(links.loginUrl)} style={{ color: '#0C66E4' }}>{t.login}</a>
      <a href={links.forgotUrl} onClick={go(links.forgotUrl)} style={{ color: '#0C66E4' }}>{t.forgot}</a>
    </nav>
  );
}
