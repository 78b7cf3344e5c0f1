import { useEffect, useRef, useState } from 'react';
import type { ApiKeyAccess, ApiKeyCreated, ApiKeyInfo } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { errorText } from '../i18n';
import { API_ACCESS_TEXTS, type ApiAccessTexts } from './ApiAccess.i18n';
import { LoadState, SectionFrame, StatusLine, useLoaded, type Notice } from './settings-common';
import { copyText } from './sso/CopyValue';
import type { SectionProps } from './types';
import './settings.css';
import './ApiAccess.css';
import { ColumnHeads } from '../../../shared/ColumnHeads';
import { InputField } from '../../../shared/Field';

/** A read-only value with a Copy button whose accessible name says what it copies; the outcome is announced. */
function CopyField({ id, label, value, x }: { id: string; label: string; value: string; x: ApiAccessTexts }) {
  const [status, setStatus] = useState('');
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="pa-field">
      <label htmlFor={id}>{label}</label>
      <div className="pa-copy">
        <input ref={input} id={id} className="pa-input pa-mono" type="text" readOnly value={value} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="pa-btn" aria-label={x.copyName(label)} onClick={() => void copyText(value, input.current).then((o) => setStatus(o === 'copied' ? x.copied : x.copyManual))}>
          {x.copy}
        </button>
      </div>
      <p className="pa-hint-line" role="status" aria-live="polite" aria-atomic="true">
        {status}
      </p>
    </div>
  );
}

/**
 * Section "API access" (issue 12): the provisioning API's address, creating a key (shown once with Copy),
 * and the keys with their last use, each revocable after a confirmation.
 */
export function ApiAccess({ lang, t }: SectionProps) {
  const x = API_ACCESS_TEXTS[lang];
  const { data, setData, loading, loadError, load } = useLoaded(() => api.call('admin/api-keys/list', {}));
  const [name, setName] = useState('');
  const [access, setAccess] = useState<ApiKeyAccess>('write');
  const [signed, setSigned] = useState(false);
  const [busy, setBusy] = useState(false);
  const [nameError, setNameError] = useState('');
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [confirming, setConfirming] = useState<ApiKeyInfo | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const focusAfter = useRef<string | null>(null);
  const when = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  async function create(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    if (!name.trim()) {
      setNameError(x.errors.nameRequired);
      focusAfter.current = 'pa-api-name';
      return;
    }
    setBusy(true);
    const result = await api.call('admin/api-keys/create', { name: name.trim(), access, signed });
    setBusy(false);
    if (result.ok) {
      setNameError('');
      setName('');
      setSigned(false);
      setCreated(result.data);
      setData(result.data.data);
      focusAfter.current = 'pa-api-new-key';
    } else if (result.error === 'invalid-input' && result.field === 'name') {
      setNameError(result.reason === 'duplicate' ? x.errors.nameDuplicate : x.errors.nameRequired);
      focusAfter.current = 'pa-api-name';
    } else {
      setNotice({ tone: 'error', text: result.error === 'limit' ? x.errors.limit(data?.max ?? 25) : errorText(t, result.error, result.reason) });
    }
  }

  async function revoke(key: ApiKeyInfo) {
    setBusy(true);
    const result = await api.call('admin/api-keys/revoke', { id: key.id });
    setBusy(false);
    setConfirming(null);
    if (result.ok || result.error === 'not-found') {
      if (result.ok) setData(result.data);
      else await load();
      setNotice({ tone: 'success', text: x.revoked(key.name) });
    } else setNotice({ tone: 'error', text: errorText(t, result.error, result.reason) });
    focusAfter.current = 'pa-api-keys-title';
  }

  if (!data) {
    return (
      <SectionFrame id="api-access" heading={x.heading} busy={loading}>
        <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load()} />
      </SectionFrame>
    );
  }

  return (
    <SectionFrame id="api-access" heading={x.heading} intro={x.intro}>
      <CopyField id="pa-api-base-url" label={x.baseUrl} value={data.baseUrl} x={x} />
      <CopyField id="pa-api-openapi-url" label={x.openapiUrl} value={data.openapiUrl} x={x} />

      <h3 className="pa-subtitle">{x.createTitle}</h3>
      {created ? (
        <div className="pa-notice pa-notice--success" role="group" aria-labelledby="pa-api-once">
          <p id="pa-api-once">
            <strong>{x.shownOnce}</strong>
          </p>
          <CopyField id="pa-api-new-key" label={`${x.newKey}: ${created.created.name}`} value={created.key} x={x} />
          {created.signingSecret && <CopyField id="pa-api-new-secret" label={x.newSigningSecret} value={created.signingSecret} x={x} />}
          <div className="pa-row">
            <button type="button" className="pa-btn pa-btn--primary" onClick={() => { setCreated(null); focusAfter.current = 'pa-api-name'; }}>
              {x.done}
            </button>
          </div>
        </div>
      ) : (
        <form className="pa-form" onSubmit={(e) => void create(e)} noValidate>
          <InputField
            id="pa-api-name"
            label={x.name}
            hint={x.nameHint}
            error={nameError || undefined}
            input={{ type: 'text', maxLength: 60, value: name, onChange: (e) => setName(e.target.value) }}
          />
          <fieldset className="pa-fieldset">
            <legend>{x.access}</legend>
            {(['read', 'write'] as const).map((a) => (
              <div className="pa-check" key={a}>
                <input id={`pa-api-access-${a}`} type="radio" name="pa-api-access" value={a} checked={access === a} onChange={() => setAccess(a)} aria-describedby={`pa-api-access-${a}-hint`} />
                <label htmlFor={`pa-api-access-${a}`}>{x.accessNames[a]}</label>
                <span id={`pa-api-access-${a}-hint`} className="pa-muted">
                  {x.accessHints[a]}
                </span>
              </div>
            ))}
          </fieldset>
          <div className="pa-check">
            <input id="pa-api-signed" type="checkbox" checked={signed} onChange={(e) => setSigned(e.target.checked)} aria-describedby="pa-api-signed-hint" />
            <label htmlFor="pa-api-signed">{x.signed}</label>
          </div>
          <p id="pa-api-signed-hint" className="pa-hint-line">
            {x.signedHint}
          </p>
          <div className="pa-row">
            <button type="submit" className="pa-btn pa-btn--primary" aria-disabled={busy || undefined}>
              {busy ? x.creating : x.create}
            </button>
          </div>
        </form>
      )}

      <h3 id="pa-api-keys-title" className="pa-subtitle" tabIndex={-1}>
        {x.keysTitle}
      </h3>
      <StatusLine notice={notice} />
      {data.keys.length === 0 ? (
        <p className="pa-muted">{x.noKeys}</p>
      ) : (
        <div className="pa-api-keys" role="region" aria-labelledby="pa-api-keys-title" tabIndex={0}>
        <table className="pa-table">
          <ColumnHeads labels={[x.columns.name, x.columns.access, x.columns.key, x.columns.created, x.columns.lastUsed, x.columns.actions]} />
          <tbody>
            {data.keys.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td>{x.accessNames[k.access]}</td>
                <td>
                  <span className="pa-mono">{k.hint}</span>
                  {k.signed ? ` (${x.signedTag})` : ''}
                </td>
                <td>{when.format(new Date(k.createdAt * 1000))}</td>
                <td>{k.lastUsedAt ? when.format(new Date(k.lastUsedAt * 1000)) : x.never}</td>
                <td>
                  {confirming?.id === k.id ? (
                    <div role="group" aria-labelledby={`pa-api-revoke-q-${k.id}`}>
                      <p id={`pa-api-revoke-q-${k.id}`}>{x.revokeConfirm(k.name)}</p>
                      <div className="pa-row">
                        <button id="pa-api-revoke-yes" type="button" className="pa-btn pa-btn--primary" aria-disabled={busy || undefined} onClick={() => !busy && void revoke(k)}>
                          {x.revokeYes}
                        </button>
                        <button type="button" className="pa-btn" onClick={() => { setConfirming(null); focusAfter.current = `pa-api-revoke-${k.id}`; }}>
                          {x.cancel}
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button id={`pa-api-revoke-${k.id}`} type="button" className="pa-btn" aria-label={x.revokeName(k.name)} onClick={() => { setConfirming(k); focusAfter.current = 'pa-api-revoke-yes'; }}>
                      {x.revoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </SectionFrame>
  );
}
