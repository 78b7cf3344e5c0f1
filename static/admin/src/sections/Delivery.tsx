import { HOSTNAME } from '../../../../src/domain/hostname';
import { useRef, useState } from 'react';
import {
  MAILGUN_REGIONS,
  PROVIDERS,
  SECRET_MAX,
  SECRET_MIN,
  type DeliveryData,
  type DeliveryField,
  type DeliverySavePayload,
} from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { InputField } from '../../../shared/Field';
import { errorText, type Lang, type Messages } from '../i18n';
import { ChoiceField, PlainField, SecretField, TestHint, useProviderForm } from './provider-form';
import { LoadState, SaveRow, StatusLine, type Notice } from './settings-common';
import { SmsDelivery } from './SmsDelivery';

type Form = Omit<DeliverySavePayload, 'apiKey' | 'webhookSecret'> & { apiKey: string; webhookSecret: string };
type Errors = Partial<Record<DeliveryField, string>>;

const FIELD_ID: Record<DeliveryField, string> = {
  provider: 'pa-provider',
  senderName: 'pa-sender-name',
  senderAddress: 'pa-sender-address',
  replyTo: 'pa-reply-to',
  mailgunDomain: 'pa-mg-domain',
  mailgunRegion: 'pa-mg-region',
  apiKey: 'pa-api-key',
  webhookSecret: 'pa-webhook-secret',
};
const ORDER: DeliveryField[] = ['provider', 'senderName', 'senderAddress', 'replyTo', 'mailgunDomain', 'mailgunRegion', 'apiKey', 'webhookSecret'];

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

function formOf(d: DeliveryData): Form {
  return {
    provider: d.provider,
    senderName: d.senderName,
    senderAddress: d.senderAddress,
    replyTo: d.replyTo,
    mailgunDomain: d.mailgunDomain,
    mailgunRegion: d.mailgunRegion,
    apiKey: '',
    webhookSecret: '',
  };
}

const badSecret = (s: string) => s !== '' && (s.length < SECRET_MIN || s.length > SECRET_MAX || /\s/.test(s));

/** The same rules the backend applies, so most mistakes are shown without a round trip. */
function validate(t: Messages, f: Form, d: DeliveryData): Errors {
  const e: Errors = {};
  const name = f.senderName.trim();
  if (!name || name.length > 100 || /[\r\n<>]/.test(name)) e.senderName = t.fieldErrors.senderName;
  if (!EMAIL.test(f.senderAddress.trim()) || f.senderAddress.trim().length > 254) e.senderAddress = t.fieldErrors.senderAddress;
  if (f.replyTo.trim() && !EMAIL.test(f.replyTo.trim())) e.replyTo = t.fieldErrors.replyTo;
  if (f.provider === 'mailgun' && !HOSTNAME.test(f.mailgunDomain.trim().toLowerCase())) e.mailgunDomain = t.fieldErrors.mailgunDomain;
  if (badSecret(f.apiKey)) e.apiKey = t.fieldErrors.apiKey;
  else if (f.provider !== 'none' && !f.apiKey && !d.apiKey.set) e.apiKey = t.fieldErrors.apiKeyRequired;
  if (badSecret(f.webhookSecret)) e.webhookSecret = t.fieldErrors.webhookSecret;
  return e;
}

function isDirty(f: Form, d: DeliveryData): boolean {
  const saved = formOf(d);
  return (Object.keys(saved) as (keyof Form)[]).some((k) => (k === 'mailgunDomain' || k === 'mailgunRegion') && f.provider !== 'mailgun' ? false : f[k] !== saved[k]);
}

/** Section "Email delivery": provider, sender, API key and webhook secret, test email. */
export function Delivery({ lang, t }: { lang: Lang; t: Messages }) {
  const d = t.delivery;
  const { data, form, loading, loadError, load, errors, saving, saveNotice, focus, set, save } = useProviderForm({
    load: api.loadDelivery,
    formOf,
    fieldId: FIELD_ID,
    order: ORDER,
    fixErrors: d.fixErrors,
    focusFallback: 'pa-title',
  });
  const [testing, setTesting] = useState(false);
  const [testNotice, setTestNotice] = useState<Notice | null>(null);
  const [copyNotice, setCopyNotice] = useState('');
  const urlRef = useRef<HTMLInputElement>(null);

  const send = (form: Form, data: DeliveryData) =>
    api.saveDelivery({
      provider: form.provider,
      senderName: form.senderName.trim(),
      senderAddress: form.senderAddress.trim(),
      replyTo: form.replyTo.trim(),
      mailgunDomain: form.provider === 'mailgun' ? form.mailgunDomain.trim().toLowerCase() : data.mailgunDomain,
      mailgunRegion: form.mailgunRegion,
      ...(form.apiKey ? { apiKey: form.apiKey } : {}),
      ...(form.webhookSecret ? { webhookSecret: form.webhookSecret } : {}),
    });
  const onSave = (event: React.FormEvent) =>
    save(event, {
      t,
      validate: (form, data) => validate(t, form, data),
      send,
      saved: d.saved,
      refused: (field, form) => (field === 'apiKey' && !form.apiKey ? t.fieldErrors.apiKeyRequired : t.fieldErrors[field]),
    });

  async function test() {
    if (testing) return;
    setTesting(true);
    setTestNotice({ tone: 'info', text: d.testing });
    const result = await api.sendTestMail();
    setTesting(false);
    setTestNotice(result.ok ? { tone: 'success', text: d.testSent(result.data.to) } : { tone: 'error', text: errorText(t, result.error, result.reason) });
  }

  async function copy(url: string) {
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      // Clipboard access may be blocked in the app's iframe: fall back to the selection.
      urlRef.current?.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
    }
    setCopyNotice(ok ? d.copied : d.copyFailed);
  }

  // ---- rendering -----------------------------------------------------------------------------------

  if (!data || !form) {
    return (
        <section className="pa-section" aria-labelledby="pa-delivery-title" aria-busy={loading}>
          <h2 id="pa-delivery-title" className="pa-heading" tabIndex={-1}>
            {d.heading}
          </h2>
          <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load().then((ok) => ok && focus('pa-delivery-title'))} />
        </section>
    );
  }

  const dirty = isDirty(form, data);
  const mailgun = form.provider === 'mailgun';
  /** The sender's name and addresses: typed, not autofilled. */
  const sender = (key: 'senderName' | 'senderAddress' | 'replyTo', type: 'text' | 'email', maxLength: number) => ({
    type,
    autoComplete: 'off',
    maxLength,
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value),
  });

  return (
      <section className="pa-section" aria-labelledby="pa-delivery-title">
        <h2 id="pa-delivery-title" className="pa-heading" tabIndex={-1}>
          {d.heading}
        </h2>
        <p className="pa-muted">{d.intro}</p>

        <form className="pa-form" aria-labelledby="pa-delivery-title" noValidate onSubmit={(e) => void onSave(e)} aria-busy={saving}>
          <ChoiceField id={FIELD_ID.provider} label={d.provider} hint={d.providerHint[form.provider]} error={errors.provider} values={PROVIDERS} labels={d.providers} value={form.provider} onChange={(v) => set('provider', v)} />

          <InputField id={FIELD_ID.senderName} label={d.senderName} hint={d.senderNameHint} error={errors.senderName} input={{ ...sender('senderName', 'text', 100), required: true }} />
          <InputField id={FIELD_ID.senderAddress} label={d.senderAddress} hint={d.senderAddressHint} error={errors.senderAddress} input={{ ...sender('senderAddress', 'email', 254), required: true }} />
          <InputField id={FIELD_ID.replyTo} label={d.replyTo} labelHint={d.optional} error={errors.replyTo} input={sender('replyTo', 'email', 254)} />

          {mailgun && (
            <div className="pa-group">
              <PlainField
                id={FIELD_ID.mailgunDomain}
                label={d.mailgunDomain}
                hint={d.mailgunDomainHint}
                error={errors.mailgunDomain}
                required
                maxLength={253}
                value={form.mailgunDomain}
                onChange={(v) => set('mailgunDomain', v)}
              />
              <ChoiceField id={FIELD_ID.mailgunRegion} label={d.mailgunRegion} error={errors.mailgunRegion} values={MAILGUN_REGIONS} labels={d.regions} value={form.mailgunRegion} onChange={(v) => set('mailgunRegion', v)} />
            </div>
          )}

          <SecretField
            id={FIELD_ID.apiKey}
            label={d.apiKey}
            hint={data.apiKey.set ? d.apiKeyStored(data.apiKey.last4) : d.apiKeyNone}
            error={errors.apiKey}
            stored={data.apiKey.set ? `••••••••${data.apiKey.last4}` : undefined}
            maxLength={SECRET_MAX}
            placeholder={data.apiKey.set ? d.apiKeyKeep : undefined}
            value={form.apiKey}
            onChange={(v) => set('apiKey', v)}
          />

          <SecretField
            id={FIELD_ID.webhookSecret}
            label={d.webhookSecret}
            labelHint={d.optional}
            hint={`${data.webhookSecret.set ? d.webhookSecretStored : d.webhookSecretNone} ${d.webhookSecretHint}`}
            error={errors.webhookSecret}
            maxLength={SECRET_MAX}
            placeholder={data.webhookSecret.set ? d.webhookSecretKeep : undefined}
            value={form.webhookSecret}
            onChange={(v) => set('webhookSecret', v)}
          />

          <div className="pa-field">
            {data.webhookUrl ? (
              <>
                <label htmlFor="pa-webhook-url">{d.webhookUrl}</label>
                <p id="pa-webhook-url-hint" className="pa-hint-line">
                  {d.webhookUrlHint}
                </p>
                <div className="pa-copy">
                  <input
                    ref={urlRef}
                    id="pa-webhook-url"
                    className="pa-input pa-mono"
                    type="text"
                    readOnly
                    value={data.webhookUrl}
                    aria-describedby="pa-webhook-url-hint"
                    onFocus={(e) => e.currentTarget.select()}
                  />
                  <button type="button" className="pa-btn" onClick={() => void copy(data.webhookUrl!)}>
                    {d.copy}
                  </button>
                </div>
              </>
            ) : (
              <p>
                <span className="pa-label">{d.webhookUrl}: </span>
                <span className="pa-hint-line">{d.webhookUrlMissing}</span>
              </p>
            )}
            <p className="pa-sr" role="status" aria-live="polite">
              {copyNotice}
            </p>
          </div>

          <SaveRow s={d} ids={{ button: 'pa-save', status: 'pa-save-status' }} saving={saving} notice={saveNotice} />
        </form>

        <section className="pa-test" aria-labelledby="pa-test-title">
          <h3 id="pa-test-title" className="pa-subtitle">
            {d.testHeading}
          </h3>
          <TestHint id="pa-test-hint" hint={d.testHint} unsaved={d.testUnsaved} dirty={dirty} />
          <div className="pa-row">
            <button id="pa-test" type="button" className="pa-btn" aria-describedby="pa-test-hint" aria-disabled={testing} onClick={() => void test()}>
              {testing ? d.testing : d.test}
            </button>
          </div>
          <StatusLine id="pa-test-status" notice={testNotice} />
        </section>

        <SmsDelivery lang={lang} t={t} />
      </section>
  );
}

