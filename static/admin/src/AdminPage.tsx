import { useEffect, useRef, useState } from 'react';
import type { DeliveryData } from '../../../src/surfaces/admin-api';
import { useStartUp, type Boot } from '../../shared/use-start-up';
import * as api from './api';
import type { FailureCode, Outcome } from './api';
import { MESSAGES, errorText } from './i18n';
import { ApiAccess } from './sections/ApiAccess';
import { AuditLog } from './sections/AuditLog';
import { Branding } from './sections/Branding';
import { CustomerPages } from './sections/CustomerPages';
import { Customers } from './sections/Customers';
import { Diagnostics } from './sections/Diagnostics';
import { Overview } from './sections/Overview';
import { Delivery } from './sections/Delivery';
import { EmailActivity } from './sections/EmailActivity';
import { Security } from './sections/Security';
import { SingleSignOn } from './sections/SingleSignOn';
import { Templates } from './sections/Templates';
import { SECTION_IDS, type SectionId, type SectionProps } from './sections/types';
import { RetryNotice } from '../../shared/RetryNotice';

const SECTIONS: Record<SectionId, (props: SectionProps) => React.ReactNode> = {
  overview: Overview,
  customers: Customers,
  templates: Templates,
  branding: Branding,
  security: Security,
  'customer-pages': CustomerPages,
  sso: SingleSignOn,
  'api-access': ApiAccess,
  delivery: Delivery,
  activity: EmailActivity,
  audit: AuditLog,
  diagnostics: Diagnostics,
};

/** The section named in the hash (`#customers`, or `#customers?status=invited` with the section's own query); Overview by default. */
const sectionOf = (hash: string): SectionId => SECTION_IDS.find((id) => `#${id}` === hash.split('?')[0]) ?? 'overview';

/**
 * The admin page: a navigation of sections, one shown at a time (its id in the URL hash, so a reload or a
 * shared link opens the same section). The first call tells whether the caller is a Jira administrator;
 * everyone else sees only the refusal.
 */
export function AdminPage({ boot }: { boot: Boot<Outcome<DeliveryData>> }) {
  const [access, setAccess] = useState<'checking' | 'ok' | FailureCode>('checking');
  const [section, setSection] = useState<SectionId>(() => sectionOf(typeof location === 'undefined' ? '' : location.hash));
  const moved = useRef(false);
  // The first call (started in main.tsx before the first render) tells whether the caller may see the page.
  const { lang } = useStartUp(boot, (result) => setAccess(result.ok ? 'ok' : result.error), typeof navigator === 'undefined' ? 'en' : navigator.language);
  const t = MESSAGES[lang];

  async function check() {
    setAccess('checking');
    const result = await api.loadDelivery();
    setAccess(result.ok ? 'ok' : result.error);
  }

  useEffect(() => {
    // A link inside a section (the Overview's figures) moves to another section like the navigation does.
    const onHash = () => {
      moved.current = true;
      setSection(sectionOf(location.hash));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // After the admin picks a section, move focus to its heading (not on the first render).
  useEffect(() => {
    if (!moved.current) return;
    document.getElementById(`pa-${section}-title`)?.focus();
  }, [section]);

  function go(id: SectionId, event: React.MouseEvent) {
    event.preventDefault();
    moved.current = true;
    if (location.hash !== `#${id}`) history.replaceState(null, '', `${location.pathname}${location.search}#${id}`);
    setSection(id);
  }

  const Section = SECTIONS[section];
  return (
    <div className="pa-shell" lang={lang}>
      <header className="pa-top">
        <h1 id="pa-title" className="pa-title" tabIndex={-1}>
          {t.title}
        </h1>
      </header>
      {access === 'checking' ? (
        <p className="pa-muted" role="status">
          {t.loading}
        </p>
      ) : access === 'forbidden' ? (
        <main className="pa">
          <p className="pa-calm" role="status">
            {t.forbiddenPage}
          </p>
        </main>
      ) : access !== 'ok' ? (
        <main className="pa">
          <RetryNotice text={errorText(t, access)} retry={t.retry} onRetry={() => void check()} />
        </main>
      ) : (
        <div className="pa-layout">
          <nav className="pa-nav" aria-label={t.navLabel}>
            <ul>
              {SECTION_IDS.map((id) => (
                <li key={id}>
                  <a href={`#${id}`} aria-current={id === section ? 'page' : undefined} onClick={(e) => go(id, e)}>
                    {t.nav[id]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main className="pa" key={section}>
            <Section lang={lang} t={t} />
          </main>
        </div>
      )}
    </div>
  );
}
