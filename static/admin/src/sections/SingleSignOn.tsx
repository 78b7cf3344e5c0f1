import * as api from '../api';
import { LoadState, SectionFrame, useLoaded } from './settings-common';
import { SSO_TEXTS } from './SingleSignOn.i18n';
import { Certificates } from './sso/Certificates';
import { CopyValue } from './sso/CopyValue';
import { ServiceProviderForm } from './sso/ServiceProviderForm';
import { TestSignIn } from './sso/TestSignIn';
import type { SectionProps } from './types';
import './settings.css';
import './SingleSignOn.css';

/** One numbered step: its heading (focusable, so an action can hand the focus back to it) and its content. */
function Step({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <li className="pa-sso-step">
      <h3 id={`pa-sso-${id}-title`} className="pa-subtitle" tabIndex={-1}>
        {title}
      </h3>
      {children}
    </li>
  );
}

/**
 * Section "Single sign-on": the app as the help center's SAML identity provider, set up along Atlassian's
 * screens as a numbered checklist: Guard, the IdP values to paste into Atlassian, the SP values Atlassian
 * gives back, turning it on, a test sign-in, and the signing certificate's renewal.
 */
export function SingleSignOn({ lang, t }: SectionProps) {
  const x = SSO_TEXTS[lang];
  const { data, setData, loading, loadError, load } = useLoaded(() => api.call('admin/sso/get', {}));

  if (!data) {
    return (
      <SectionFrame id="sso" heading={x.heading} busy={loading}>
        <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load()} />
      </SectionFrame>
    );
  }

  const active = data.keys.find((k) => k.state === 'active');
  return (
    <SectionFrame id="sso" heading={x.heading} intro={x.intro}>
      <ol className="pa-sso-steps" aria-label={x.stepsLabel}>
        <Step id="guard" title={x.guard.title}>
          <p>{x.guard.body}</p>
          <p>
            {x.guard.path} <strong>{x.guard.choose}</strong>
          </p>
        </Step>

        <Step id="idp" title={x.idp.title}>
          <p className="pa-muted">{x.idp.body}</p>
          <CopyValue id="pa-sso-entity-id" label={x.idp.entityId} hint={x.idp.entityIdHint || undefined} value={data.idp.entityId} x={x} />
          <CopyValue id="pa-sso-sso-url" label={x.idp.ssoUrl} hint={x.idp.ssoUrlHint || undefined} value={data.idp.ssoUrl} x={x} />
          <CopyValue id="pa-sso-certificate" label={x.idp.certificate} hint={x.idp.certificateHint} value={active?.pem ?? ''} multiline x={x}>
            <a id="pa-sso-certificate-download" className="pa-btn" href={data.idp.certificateUrl} download target="_blank" rel="noopener noreferrer">
              {x.idp.download}
            </a>
          </CopyValue>
          <CopyValue id="pa-sso-metadata-url" label={x.idp.metadataUrl} hint={x.idp.metadataUrlHint} value={data.idp.metadataUrl} x={x} />
        </Step>

        <Step id="sp" title={x.sp.title}>
          <p className="pa-muted">{x.sp.body}</p>
          <ServiceProviderForm t={t} x={x} data={data} onSaved={setData} titleId="pa-sso-sp-title" />
        </Step>

        <Step id="enable" title={x.enable.title}>
          <p>
            {x.enable.body} {x.enable.path}
          </p>
          <p>
            <strong>{x.enable.keepPasswords}</strong>
          </p>
        </Step>

        <Step id="test" title={x.test.title}>
          <TestSignIn lang={lang} t={t} x={x} titleId="pa-sso-test-title" />
        </Step>

        <Step id="keys" title={x.certificate.title}>
          <Certificates lang={lang} t={t} x={x} data={data} onChanged={setData} titleId="pa-sso-keys-title" />
        </Step>
      </ol>
    </SectionFrame>
  );
}
