import { useState } from 'react';
import {
  SMS_DAILY_CAP_MAX,
  SMS_DAILY_CAP_MIN,
  SMS_PROVIDERS,
  SMS_SECRET_MAX,
  SMS_SECRET_MIN,
  SMS_SENDER,
  TWILIO_ACCOUNT_SID,
  type SmsData,
  type SmsField,
  type SmsProvider,
  type SmsSavePayload,
} from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { InputField } from '../../../shared/Field';
import { errorText, type Lang, type Messages } from '../i18n';
import { ChoiceField, PlainField, SecretField, TestHint, useProviderForm } from './provider-form';
import { SaveRow, StatusLine, TitledGroup, type Notice } from './settings-common';
import { SMS_TEXTS, type SmsTexts } from './SmsDelivery.i18n';
import { RetryNotice } from '../../../shared/RetryNotice';

type Form = { provider: SmsProvider; sender: string; twilioAccountSid: string; dailyCap: string; apiKey: string; webhookKey: string };
type Errors = Partial<Record<SmsField, string>>;

const FIELD_ID: Record<SmsField, string> = {
  provider: 'pa-sms-provider',
  sender: 'pa-sms-sender',
  twilioAccountSid: 'pa-sms-sid',
  apiKey: 'pa-sms-key',
  webhookKey: 'pa-sms-webhook-key',
  dailyCap: 'pa-sms-cap',
  to: 'pa-sms-to',
};
const ORDER: SmsField[] = ['provider', 'twilioAccountSid', 'apiKey', 'webhookKey', 'sender', 'dailyCap'];

function formOf(d: SmsData): Form {
  return { provider: d.provider, sender: d.sender, twilioAccountSid: d.twilioAccountSid, dailyCap: String(d.dailyCap), apiKey: '', webhookKey: '' };
}

/** The same rules the backend applies, so most mistakes are shown without a round trip. */
function validate(x: SmsTexts, f: Form, d: SmsData): Errors {
  const e: Errors = {};
  const sender = f.sender.trim();
  if (sender && !SMS_SENDER.test(sender)) e.sender = x.errors.sender;
  else if (f.provider === 'twilio' && !sender) e.sender = x.errors.senderRequired;
  if (f.provider === 'twilio' && !TWILIO_ACCOUNT_SID.test(f.twilioAccountSid.trim())) e.twilioAccountSid = x.errors.twilioAccountSid;
  const cap = Number(f.dailyCap.trim());
  if (!/^\d+$/.test(f.dailyCap.trim()) || cap < SMS_DAILY_CAP_MIN || cap > SMS_DAILY_CAP_MAX) e.dailyCap = x.errors.dailyCap;
  if (f.apiKey && (f.apiKey.length < SMS_SECRET_MIN || f.apiKey.length > SMS_SECRET_MAX || /\s/.test(f.apiKey))) e.apiKey = x.errors.apiKey;
  else if (f.provider !== 'none' && !f.apiKey && !d.apiKey.set) e.apiKey = x.errors.apiKeyRequired;
  if (f.provider === 'seven' && f.webhookKey && (f.webhookKey.length < SMS_SECRET_MIN || f.webhookKey.length > SMS_SECRET_MAX || /\s/.test(f.webhookKey))) e.webhookKey = x.errors.webhookKey;
  return e;
}

function isDirty(f: Form, d: SmsData): boolean {
  const saved = formOf(d);
  return (Object.keys(saved) as (keyof Form)[]).some((k) => (k === 'twilioAccountSid' && f.provider !== 'twilio' ? false : f[k] !== saved[k]));
}

/** The "SMS" part of "Email delivery" (issue 11): provider, sender, Account SID, key, daily cap, test SMS. */
export function SmsDelivery({ lang, t }: { lang: Lang; t: Messages }) {
  const x = SMS_TEXTS[lang];
  const { data, setData, form, loadError, load, errors, setErrors, saving, saveNotice, focus, set, save } = useProviderForm({
    load: () => api.call('admin/sms/get'),
    formOf,
    fieldId: FIELD_ID,
    order: ORDER,
    fixErrors: x.fixErrors,
  });
  const [to, setTo] = useState('');
  const [testing, setTesting] = useState(false);
  const [testNotice, setTestNotice] = useState<Notice | null>(null);

  const send = (form: Form, data: SmsData) =>
    api.call('admin/sms/save', {
      provider: form.provider,
      sender: form.sender.trim(),
      twilioAccountSid: form.provider === 'twilio' ? form.twilioAccountSid.trim() : data.twilioAccountSid,
      dailyCap: Number(form.dailyCap.trim()),
      ...(form.apiKey ? { apiKey: form.apiKey } : {}),
      ...(form.provider === 'seven' && form.webhookKey ? { webhookKey: form.webhookKey } : {}),
    } satisfies SmsSavePayload);
  const onSave = (event: React.FormEvent) =>
    save(event, {
      t,
      validate: (form, data) => validate(x, form, data),
      send,
      saved: x.saved,
      refused: (field, form) => (field === 'apiKey' && !form.apiKey ? x.errors.apiKeyRequired : field === 'sender' && !form.sender.trim() ? x.errors.senderRequired : x.errors[field]),
    });

  async function test(event: React.FormEvent) {
    event.preventDefault();
    if (testing) return;
    const number = to.trim();
    if (!/^\+?[0-9 ()./-]{3,40}$/.test(number)) {
      setErrors((e) => ({ ...e, to: x.errors.to }));
      setTestNotice(null);
      focus(FIELD_ID.to);
      return;
    }
    setTesting(true);
    setTestNotice({ tone: 'info', text: x.testing });
    const result = await api.call('admin/sms/test', { to: number });
    setTesting(false);
    if (result.ok) {
      setTestNotice({ tone: 'success', text: x.testQueued(result.data.to) });
      setData((d) => (d ? { ...d, sentToday: d.sentToday + 1 } : d));
      return;
    }
    if (result.error === 'invalid-input') {
      setErrors((e) => ({ ...e, to: x.errors.to }));
      setTestNotice(null);
      focus(FIELD_ID.to);
      return;
    }
    setTestNotice({ tone: 'error', text: result.error === 'limit' ? x.capReached : errorText(t, result.error, result.reason) });
  }

  if (!data || !form) {
    return (
      <TitledGroup className="pa-test" id="pa-sms-title" title={x.heading} busy={!loadError}>
        {loadError ? (
          <RetryNotice text={errorText(t, loadError)} retry={t.retry} onRetry={() => void load()} />
        ) : (
          <p className="pa-muted" role="status">
            {t.loading}
          </p>
        )}
      </TitledGroup>
    );
  }

  const twilio = form.provider === 'twilio';
  const dirty = isDirty(form, data);

  return (
    <TitledGroup className="pa-test" id="pa-sms-title" title={x.heading} intro={x.intro}>

      <form className="pa-form" aria-labelledby="pa-sms-title" noValidate onSubmit={(e) => void onSave(e)} aria-busy={saving}>
        <ChoiceField id={FIELD_ID.provider} label={x.provider} hint={x.providerHint[form.provider]} error={errors.provider} values={SMS_PROVIDERS} labels={x.providers} value={form.provider} onChange={(v) => set('provider', v)} />

        {twilio && (
          <PlainField
            id={FIELD_ID.twilioAccountSid}
            label={x.accountSid}
            hint={x.accountSidHint}
            error={errors.twilioAccountSid}
            mono
            required
            maxLength={34}
            value={form.twilioAccountSid}
            onChange={(v) => set('twilioAccountSid', v)}
          />
        )}

        <SecretField
          id={FIELD_ID.apiKey}
          label={x.apiKey[form.provider]}
          hint={data.apiKey.set ? x.apiKeyStored(data.apiKey.last4) : x.apiKeyNone}
          error={errors.apiKey}
          stored={data.apiKey.set ? `••••••••${data.apiKey.last4}` : undefined}
          maxLength={SMS_SECRET_MAX}
          placeholder={data.apiKey.set ? x.apiKeyKeep : undefined}
          value={form.apiKey}
          onChange={(v) => set('apiKey', v)}
        />

        {form.provider === 'seven' && (
          <SecretField
            id={FIELD_ID.webhookKey}
            label={x.webhookKey}
            labelHint={x.optional}
            hint={x.webhookKeyHint(data.webhookKey.set)}
            error={errors.webhookKey}
            stored={data.webhookKey.set ? '••••••••' : undefined}
            maxLength={SMS_SECRET_MAX}
            placeholder={data.webhookKey.set ? x.apiKeyKeep : undefined}
            value={form.webhookKey}
            onChange={(v) => set('webhookKey', v)}
          />
        )}
        {data.reportsUrl && data.provider !== 'none' && form.provider === data.provider && (
          <p className="pa-muted">
            {x.reports[data.provider]} <code className="pa-mono">{data.reportsUrl}</code>
          </p>
        )}

        <InputField
          id={FIELD_ID.sender}
          label={x.sender}
          labelHint={twilio ? undefined : x.optional}
          hint={x.senderHint[form.provider]}
          error={errors.sender}
          input={{ type: 'text', autoComplete: 'off', spellCheck: false, maxLength: 16, value: form.sender, onChange: (e) => set('sender', e.target.value) }}
        />

        <InputField
          id={FIELD_ID.dailyCap}
          label={x.dailyCap}
          hint={x.dailyCapHint(data.sentToday)}
          error={errors.dailyCap}
          input={{
            type: 'text',
            inputMode: 'numeric',
            autoComplete: 'off',
            required: true,
            maxLength: 6,
            value: form.dailyCap,
            onChange: (e) => set('dailyCap', e.target.value),
          }}
        />

        <SaveRow s={x} ids={{ button: 'pa-sms-save', status: 'pa-sms-save-status' }} saving={saving} notice={saveNotice} />
      </form>

      <form className="pa-form" aria-labelledby="pa-sms-test-title" noValidate onSubmit={(e) => void test(e)}>
        <h4 id="pa-sms-test-title" className="pa-subtitle">
          {x.testHeading}
        </h4>
        <TestHint id="pa-sms-test-hint" hint={x.testHint} unsaved={x.testUnsaved} dirty={dirty} />
        <InputField
          id={FIELD_ID.to}
          label={x.testTo}
          hint={x.testToHint}
          error={errors.to}
          input={{
            type: 'tel',
            autoComplete: 'off',
            inputMode: 'tel',
            maxLength: 40,
            value: to,
            onChange: (e) => {
              setTo(e.target.value);
              setErrors((er) => {
                const { to: _gone, ...rest } = er;
                return rest;
              });
            },
          }}
        />
        <div className="pa-row">
          <button id="pa-sms-test" type="submit" className="pa-btn" aria-describedby="pa-sms-test-hint" aria-disabled={testing}>
            {testing ? x.testing : x.test}
          </button>
        </div>
        <StatusLine id="pa-sms-test-status" notice={testNotice} />
      </form>
    </TitledGroup>
  );
}
