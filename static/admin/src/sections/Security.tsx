import { useState } from 'react';
import { TWO_STEP_POLICIES, type TwoStepSettings } from '../../../../src/domain/two-step';
import { RATE_LIMIT_NAMES, type RateLimitName, type SecurityData, type SettingsData } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { Field } from '../Field';
import { failureNotice, fieldId, intIn, LoadState, SaveRow, SectionFrame, useFocusAfterRender, useSettings, type Errors, type Notice } from './settings-common';
import { SETTINGS_TEXTS, type SettingsTexts } from './settings.i18n';
import type { SectionProps } from './types';
import './settings.css';

/** Numbers are edited as text (payload paths as keys); the window is shown in minutes, stored in seconds. */
type Numbers = Record<string, string>;
type Flags = Pick<SecurityData['policy'], 'blockCommon' | 'blockPersonal' | 'requireLower' | 'requireUpper' | 'requireDigit' | 'requireSymbol'>;
const FLAGS: (keyof Flags)[] = ['blockCommon', 'blockPersonal', 'requireLower', 'requireUpper', 'requireDigit', 'requireSymbol'];

type Bounds = SettingsData['bounds'];
const minutes = ([lo, hi]: readonly [number, number]) => [Math.ceil(lo / 60), Math.floor(hi / 60)] as const;

/** Every number field: its payload path, label and range (the window fields in minutes). */
function numberFields(s: SettingsTexts, bounds: Bounds): { path: string; label: string; range: readonly [number, number] }[] {
  const x = s.security;
  return [
    { path: 'policy.minLength', label: x.minLength, range: bounds.minLength },
    { path: 'policy.maxLength', label: x.maxLength, range: bounds.maxLength },
    { path: 'resetLinkMinutes', label: x.resetLinkMinutes, range: bounds.resetLinkMinutes },
    { path: 'inviteLinkDays', label: x.inviteLinkDays, range: bounds.inviteLinkDays },
    { path: 'inviteReminderDays', label: x.inviteReminderDays, range: bounds.inviteReminderDays },
    ...RATE_LIMIT_NAMES.flatMap((name) => [
      { path: `limits.${name}.limit`, label: `${x.limitNames[name]}: ${x.limit}`, range: bounds.rateLimit },
      { path: `limits.${name}.windowSec`, label: `${x.limitNames[name]}: ${x.windowMinutes}`, range: minutes(bounds.rateWindowSec) },
    ]),
    { path: 'lockout.threshold', label: x.lockoutThreshold, range: bounds.lockoutThreshold },
    { path: 'lockout.minutes', label: x.lockoutMinutes, range: bounds.lockoutMinutes },
    { path: 'retention.auditDays', label: x.retentionAuditDays, range: bounds.retentionDays },
    { path: 'retention.activityDays', label: x.retentionActivityDays, range: bounds.activityRetentionDays },
    { path: 'retention.inviteesDays', label: x.retentionInviteesDays, range: bounds.inviteeRemovalDays },
  ];
}

function numbersOf(d: SecurityData): Numbers {
  const n: Numbers = {
    'policy.minLength': String(d.policy.minLength),
    'policy.maxLength': String(d.policy.maxLength),
    resetLinkMinutes: String(d.resetLinkMinutes),
    inviteLinkDays: String(d.inviteLinkDays),
    inviteReminderDays: String(d.inviteReminderDays),
    'lockout.threshold': String(d.lockout.threshold),
    'lockout.minutes': String(d.lockout.minutes),
    'retention.auditDays': String(d.retention?.auditDays ?? 365),
    'retention.activityDays': String(d.retention?.activityDays ?? 90),
    'retention.inviteesDays': String(d.retention?.inviteesDays ?? 0),
  };
  for (const name of RATE_LIMIT_NAMES) {
    n[`limits.${name}.limit`] = String(d.limits[name].limit);
    n[`limits.${name}.windowSec`] = String(Math.max(1, Math.round(d.limits[name].windowSec / 60)));
  }
  return n;
}

function flagsOf(d: SecurityData): Flags {
  return Object.fromEntries(FLAGS.map((f) => [f, d.policy[f]])) as unknown as Flags;
}

/** The error's field path for the methods (the first checkbox carries its id). */
const METHODS = 'twoStep.methods';
/** Issue 22: the allowed sign-in methods' error path (the first checkbox carries its id). */
const SIGN_IN = 'signInMethods';
type SignIn = NonNullable<SecurityData['signInMethods']>;
const SIGN_IN_KEYS: (keyof SignIn)[] = ['password', 'passkey', 'emailCode'];
const EXISTING_SIGN_IN: SignIn = { password: true, passkey: false, emailCode: false };

function payloadOf(n: Numbers, flags: Flags, twoStep: TwoStepSettings, signInMethods: SignIn): SecurityData {
  const num = (path: string) => Number(n[path].trim());
  const limits = Object.fromEntries(
    RATE_LIMIT_NAMES.map((name) => [name, { limit: num(`limits.${name}.limit`), windowSec: num(`limits.${name}.windowSec`) * 60 }]),
  ) as Record<RateLimitName, { limit: number; windowSec: number }>;
  return {
    policy: { minLength: num('policy.minLength'), maxLength: num('policy.maxLength'), ...flags },
    resetLinkMinutes: num('resetLinkMinutes'),
    inviteLinkDays: num('inviteLinkDays'),
    inviteReminderDays: num('inviteReminderDays'),
    limits,
    lockout: { threshold: num('lockout.threshold'), minutes: num('lockout.minutes') },
    retention: { auditDays: num('retention.auditDays'), activityDays: num('retention.activityDays'), inviteesDays: num('retention.inviteesDays') },
    twoStep,
    signInMethods,
  };
}

function validate(s: SettingsTexts, n: Numbers, bounds: Bounds, twoStep: TwoStepSettings, signIn: SignIn): Errors {
  const e: Errors = {};
  for (const f of numberFields(s, bounds)) if (!intIn(n[f.path], f.range)) e[f.path] = s.rangeError(...f.range);
  if (!e['policy.minLength'] && !e['policy.maxLength'] && Number(n['policy.minLength']) > Number(n['policy.maxLength'])) e['policy.minLength'] = s.security.lengthOrder;
  const reminder = Number(n.inviteReminderDays);
  if (!e.inviteReminderDays && !e.inviteLinkDays && reminder !== 0 && reminder >= Number(n.inviteLinkDays)) e.inviteReminderDays = s.security.reminderOrder;
  if (twoStep.policy !== 'off' && !twoStep.methods.totp && !twoStep.methods.sms) e[METHODS] = s.security.methodNeeded;
  if (!signIn.password && !signIn.passkey && !signIn.emailCode) e[SIGN_IN] = s.security.signInNeeded;
  return e;
}

/** Section "Security": password policy, link lifetimes, invitation reminder, rate limits, lockout, two-step verification. */
export function Security({ lang, t }: SectionProps) {
  const s = SETTINGS_TEXTS[lang];
  const x = s.security;
  const { data, setData, loading, loadError, load } = useSettings();
  const [numbers, setNumbers] = useState<Numbers | null>(null);
  const [flags, setFlags] = useState<Flags | null>(null);
  const [twoStep, setTwoStep] = useState<TwoStepSettings | null>(null);
  const [signIn, setSignIn] = useState<SignIn | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const focus = useFocusAfterRender();

  if (data && !numbers) {
    setNumbers(numbersOf(data.security));
    setFlags(flagsOf(data.security));
    setTwoStep(data.security.twoStep);
    setSignIn(data.security.signInMethods ?? EXISTING_SIGN_IN);
  }

  if (!data || !numbers || !flags || !twoStep || !signIn) {
    return (
      <SectionFrame id="security" heading={x.heading} busy={loading}>
        <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load()} />
      </SectionFrame>
    );
  }
  const fields = numberFields(s, data.bounds);
  const byPath = new Map(fields.map((f) => [f.path, f]));

  function setNumber(path: string, value: string) {
    setNumbers((n) => (n ? { ...n, [path]: value } : n));
    setErrors(({ [path]: _gone, ...rest }) => rest);
    setNotice(null);
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!numbers || !flags || !twoStep || !signIn || !data || saving) return;
    const found = validate(s, numbers, data.bounds, twoStep, signIn);
    const invalid = [...fields.map((f) => f.path), SIGN_IN, METHODS].filter((p) => found[p]);
    setErrors(found);
    if (invalid.length > 0) {
      setNotice({ tone: 'error', text: s.fixErrors(invalid.length) });
      focus(fieldId(invalid[0]));
      return;
    }
    setSaving(true);
    setNotice(null);
    const result = await api.call('admin/security/save', payloadOf(numbers, flags, twoStep, signIn));
    setSaving(false);
    if (result.ok) {
      setData(result.data);
      setNumbers(numbersOf(result.data.security));
      setFlags(flagsOf(result.data.security));
      setTwoStep(result.data.security.twoStep);
      setSignIn(result.data.security.signInMethods ?? EXISTING_SIGN_IN);
      setErrors({});
      setNotice({ tone: 'success', text: s.saved });
      return;
    }
    const failed = failureNotice(t, s, result, (path) => {
      const f = byPath.get(path);
      if (path === 'inviteReminderDays') return x.reminderOrder;
      if (path === METHODS || path.startsWith(`${METHODS}.`) || path === 'twoStep') return x.methodNeeded;
      if (path === SIGN_IN || path.startsWith(`${SIGN_IN}.`)) return x.signInNeeded;
      return f ? s.rangeError(...f.range) : undefined;
    });
    setErrors(failed.errors);
    setNotice(failed.notice);
    if (failed.focus) focus(failed.focus);
  }

  const number = (path: string, hint?: string) => {
    const f = byPath.get(path)!;
    const label = path.startsWith('limits.') ? (path.endsWith('.limit') ? x.limit : x.windowMinutes) : f.label;
    return (
      <Field key={path} id={fieldId(path)} label={label} hint={[hint, s.range(...f.range)].filter(Boolean).join(' ')} error={errors[path]}>
        {(props) => (
          <input
            {...props}
            className="pa-input pa-input--number"
            type="number"
            inputMode="numeric"
            min={f.range[0]}
            max={f.range[1]}
            step={1}
            required
            value={numbers[path]}
            onChange={(e) => setNumber(path, e.target.value)}
          />
        )}
      </Field>
    );
  };

  const checkbox = (flag: keyof Flags, label: string) => (
    <div className="pa-check" key={flag}>
      <input
        id={fieldId(`policy.${flag}`)}
        type="checkbox"
        checked={flags[flag]}
        onChange={(e) => {
          const checked = e.target.checked;
          setFlags((f) => (f ? { ...f, [flag]: checked } : f));
          setNotice(null);
        }}
      />
      <label htmlFor={fieldId(`policy.${flag}`)}>{label}</label>
    </div>
  );

  function changeTwoStep(next: TwoStepSettings) {
    setTwoStep(next);
    setErrors(({ [METHODS]: _gone, ...rest }) => rest);
    setNotice(null);
  }

  const signInError = errors[SIGN_IN];
  const signInMethod = (key: keyof SignIn, index: number) => {
    const id = index === 0 ? fieldId(SIGN_IN) : fieldId(`${SIGN_IN}.${key}`);
    const hint = key === 'emailCode' ? x.signInEmailCodeHint : undefined;
    return (
      <div className="pa-field pa-check" key={key}>
        <input
          id={id}
          type="checkbox"
          checked={signIn[key]}
          aria-invalid={signInError ? true : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', signInError ? `${fieldId(SIGN_IN)}-error` : ''].filter(Boolean).join(' ') || undefined}
          onChange={(e) => {
            const checked = e.target.checked;
            setSignIn((m) => (m ? { ...m, [key]: checked } : m));
            setErrors(({ [SIGN_IN]: _gone, ...rest }) => rest);
            setNotice(null);
          }}
        />
        <label htmlFor={id}>{x.signInMethods[key]}</label>
        {hint && (
          <p id={`${id}-hint`} className="pa-hint-line">
            {hint}
          </p>
        )}
      </div>
    );
  };

  const methodsError = errors[METHODS];
  const method = (key: keyof TwoStepSettings['methods'], id: string, label: string, hint?: string) => (
    <div className="pa-field pa-check" key={key}>
      <input
        id={id}
        type="checkbox"
        checked={twoStep.methods[key]}
        aria-invalid={methodsError ? true : undefined}
        aria-describedby={[hint ? `${id}-hint` : '', methodsError ? `${fieldId(METHODS)}-error` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => changeTwoStep({ ...twoStep, methods: { ...twoStep.methods, [key]: e.target.checked } })}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="pa-hint-line">
          {hint}
        </p>
      )}
    </div>
  );

  return (
    <SectionFrame id="security" heading={x.heading} intro={x.intro}>
      <form className="pa-form" aria-labelledby="pa-security-title" noValidate onSubmit={(e) => void save(e)} aria-busy={saving}>
        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{x.password}</legend>
          <div className="pa-pair">
            {number('policy.minLength')}
            {number('policy.maxLength')}
          </div>
          <fieldset className="pa-fieldset pa-fieldset--inner">
            <legend className="pa-label">{x.checks}</legend>
            {checkbox('blockCommon', x.blockCommon)}
            {checkbox('blockPersonal', x.blockPersonal)}
          </fieldset>
          <fieldset className="pa-fieldset pa-fieldset--inner" aria-describedby="pa-composition-hint">
            <legend className="pa-label">{x.composition}</legend>
            <p id="pa-composition-hint" className="pa-hint-line">
              {x.compositionHint}
            </p>
            {checkbox('requireLower', x.requireLower)}
            {checkbox('requireUpper', x.requireUpper)}
            {checkbox('requireDigit', x.requireDigit)}
            {checkbox('requireSymbol', x.requireSymbol)}
          </fieldset>
        </fieldset>

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{x.links}</legend>
          {number('resetLinkMinutes')}
          {number('inviteLinkDays')}
          {number('inviteReminderDays', x.inviteReminderHint)}
        </fieldset>

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{x.limits}</legend>
          <p className="pa-hint-line">{x.limitsHint}</p>
          {RATE_LIMIT_NAMES.map((name) => (
            <fieldset key={name} className="pa-fieldset pa-fieldset--inner">
              <legend className="pa-label">{x.limitNames[name]}</legend>
              <div className="pa-pair">
                {number(`limits.${name}.limit`)}
                {number(`limits.${name}.windowSec`)}
              </div>
            </fieldset>
          ))}
        </fieldset>

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{x.lockout}</legend>
          <div className="pa-pair">
            {number('lockout.threshold')}
            {number('lockout.minutes')}
          </div>
        </fieldset>

        <fieldset className="pa-fieldset" aria-describedby="pa-retention-intro">
          <legend className="pa-subtitle">{x.retention}</legend>
          <p id="pa-retention-intro" className="pa-hint-line">
            {x.retentionIntro}
          </p>
          <div className="pa-pair">
            {number('retention.auditDays')}
            {number('retention.activityDays')}
          </div>
          {number('retention.inviteesDays')}
        </fieldset>

        <fieldset className="pa-fieldset" aria-describedby="pa-sign-in-intro">
          <legend className="pa-subtitle">{x.signIn}</legend>
          <p id="pa-sign-in-intro" className="pa-hint-line">
            {x.signInIntro}
          </p>
          {SIGN_IN_KEYS.map(signInMethod)}
          {signInError && (
            <p id={`${fieldId(SIGN_IN)}-error`} className="pa-field-error">
              {signInError}
            </p>
          )}
        </fieldset>

        <fieldset className="pa-fieldset" aria-describedby="pa-two-step-intro">
          <legend className="pa-subtitle">{x.twoStep}</legend>
          <p id="pa-two-step-intro" className="pa-hint-line">
            {x.twoStepIntro}
          </p>
          <fieldset className="pa-fieldset pa-fieldset--inner">
            <legend className="pa-label">{x.twoStepPolicy}</legend>
            {TWO_STEP_POLICIES.map((policy) => (
              <div className="pa-check" key={policy}>
                <input
                  id={fieldId(`twoStep.policy.${policy}`)}
                  type="radio"
                  name="pa-two-step-policy"
                  value={policy}
                  checked={twoStep.policy === policy}
                  onChange={() => changeTwoStep({ ...twoStep, policy })}
                />
                <label htmlFor={fieldId(`twoStep.policy.${policy}`)}>{x.twoStepPolicies[policy]}</label>
              </div>
            ))}
          </fieldset>
          <fieldset className="pa-fieldset pa-fieldset--inner">
            <legend className="pa-label">{x.twoStepMethods}</legend>
            {method('totp', fieldId(METHODS), x.methodTotp)}
            {method('sms', fieldId(`${METHODS}.sms`), x.methodSms, x.methodSmsHint)}
            {methodsError && (
              <p id={`${fieldId(METHODS)}-error`} className="pa-field-error">
                {methodsError}
              </p>
            )}
          </fieldset>
        </fieldset>

        <SaveRow s={s} id="security" saving={saving} notice={notice} />
      </form>
    </SectionFrame>
  );
}
