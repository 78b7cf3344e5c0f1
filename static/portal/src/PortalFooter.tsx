import { invoke, router, view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import type { PortalFailure, PortalLinks } from '../../../src/surfaces/portal';

/** Help-center footer: where a locked-out customer finds "Forgot your password?". */
const TEXT = {
  en: { forgot: 'Forgot your password?', login: 'Log in with your portal account', loading: 'Loading…', failed: 'The sign-in links are not available right now. Reload the page to try again.' },
  de: { forgot: 'Passwort vergessen?', login: 'Mit Ihrem Portal-Konto anmelden', loading: 'Wird geladen…', failed: 'Die Anmelde-Links sind gerade nicht verfügbar. Laden Sie die Seite neu, um es erneut zu versuchen.' },
};

export function PortalFooter() {
  const [links, setLinks] = useState<PortalLinks>();
  const [lang, setLang] = useState<'en' | 'de'>('en');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    void (async () => {
      const context = await view.getContext().catch(() => undefined);
      const l = String(context?.locale ?? navigator.language).toLowerCase().startsWith('de') ? 'de' : 'en';
      setLang(l);
      // A failure answer (logged by the resolver's catch-all) or no answer at all: say so instead of loading forever.
      const answer = (await invoke('portal/links', { lang: l }).catch(() => undefined)) as PortalLinks | PortalFailure | undefined;
      if (answer && 'loginUrl' in answer) setLinks(answer);
      else setFailed(true);
    })();
  }, []);

  const t = TEXT[lang];
  const go = (url: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    void router.navigate(url);
  };
  if (failed) return <p role="status" lang={lang} style={{ font: '14px system-ui', color: '#44546F', margin: 8 }}>{t.failed}</p>;
  if (!links) return <p style={{ font: '14px system-ui', color: '#44546F', margin: 8 }}>{t.loading}</p>;
  return (
    <nav lang={lang} aria-label="Portal account" style={{ display: 'flex', gap: 16, justifyContent: 'center', font: '14px/1.5 system-ui', padding: 8 }}>
      <a href={links.loginUrl} onClick={go(links.loginUrl)} style={{ color: '#0C66E4' }}>{t.login}</a>
      <a href={links.forgotUrl} onClick={go(links.forgotUrl)} style={{ color: '#0C66E4' }}>{t.forgot}</a>
    </nav>
  );
}
