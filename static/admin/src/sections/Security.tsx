import { TWO_STEP_POLICIES, type TwoStepSettings } from '../../../../src/domain/two-step';
import { RATE_LIMIT_NAMES } from '../../../../src/surfaces/admin-api';
import * as api from '../api';
import { InputField } from '../../../shared/Field';
import { formOf, METHODS, numberFields, payloadOf, SIGN_IN, SIGN_IN_KEYS, validate, type Flags, type SecurityForm, type SignIn } from './security/security-form';
import { failureNotice, fieldId, GroupCheck, GroupError, IntroFieldset, SaveRow, SectionFrame, settingsLoading, useSettingsForm } from './settings-common';
import { SETTINGS_TEXTS } from './settings.i18n';
import type { SectionProps } from './types';
import './settings.css';

/** Section "Security": password policy, link lifetimes, invitation reminder, rate limits, lockout, two-step verification. */
export function Security({ lang, t }: SectionProps) {
  const s = SETTINGS_TEXTS[lang];
  const x = s.security;
  const { data, loading, loadError, load, form, setForm, errors, saving, setSaving, notice, setNotice, edited, refused, saved, failed } = useSettingsForm(formOf, s);

  if (!data || !form) return settingsLoading({ t, id: 'security', heading: x.heading, loading, error: loadError, onRetry: () => void load() });
  const { numbers, flags, twoStep, signIn } = form;
  const fields = numberFields(s, data.bounds);
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const change = (path: string, next: (f: SecurityForm) => SecurityForm) => {
    setForm((f) => (f ? next(f) : f));
    edited(path);
  };
  const setNumber = (path: string, value: string) => change(path, (f) => ({ ...f, numbers: { ...f.numbers, [path]: value } }));

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!form || !data || saving || refused(validate(s, form, data.bounds), [...fields.map((f) => f.path), SIGN_IN, METHODS])) return;
    setSaving(true);
    setNotice(null);
    const result = await api.call('admin/security/save', payloadOf(form));
    setSaving(false);
    if (result.ok) return saved(result.data);
    failed(
      failureNotice(t, s, result, (path) => {
        const f = byPath.get(path);
        if (path === 'inviteReminderDays') return x.reminderOrder;
        if (path === METHODS || path.startsWith(`${METHODS}.`) || path === 'twoStep') return x.methodNeeded;
        if (path === SIGN_IN || path.startsWith(`${SIGN_IN}.`)) return x.signInNeeded;
        return f ? s.rangeError(...f.range) : undefined;
      }),
    );
  }

  const number = (path: string, hint?: string) => {
    const f = byPath.get(path)!;
    const label = path.startsWith('limits.') ? (path.endsWith('.limit') ? x.limit : x.windowMinutes) : f.label;
    return (
      <InputField
        key={path}
        id={fieldId(path)}
        label={label}
        hint={[hint, s.range(...f.range)].filter(Boolean).join(' ')}
        error={errors[path]}
        input={{
          className: 'pa-input pa-input--number',
          type: 'number',
          inputMode: 'numeric',
          min: f.range[0],
          max: f.range[1],
          step: 1,
          required: true,
          value: numbers[path],
          onChange: (e) => setNumber(path, e.target.value),
        }}
      />
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
          setForm((f) => (f ? { ...f, flags: { ...f.flags, [flag]: checked } } : f));
          setNotice(null);
        }}
      />
      <label htmlFor={fieldId(`policy.${flag}`)}>{label}</label>
    </div>
  );

  /** Two numbers side by side (a lower and an upper bound, a limit and its window). */
  const pair = (first: string, second: string) => (
    <div className="pa-pair">
      {number(first)}
      {number(second)}
    </div>
  );

  const changeTwoStep = (next: TwoStepSettings) => change(METHODS, (f) => ({ ...f, twoStep: next }));
  const signInMethod = (key: keyof SignIn, index: number) => {
    const id = index === 0 ? fieldId(SIGN_IN) : fieldId(`${SIGN_IN}.${key}`);
    const hint = key === 'emailCode' ? x.signInEmailCodeHint : undefined;
    const onChange = (checked: boolean) => change(SIGN_IN, (f) => ({ ...f, signIn: { ...f.signIn, [key]: checked } }));
    return <GroupCheck key={key} id={id} label={x.signInMethods[key]} hint={hint} checked={signIn[key]} group={SIGN_IN} groupError={errors[SIGN_IN]} onChange={onChange} />;
  };
  const method = (key: keyof TwoStepSettings['methods'], id: string, label: string, hint?: string) => {
    const onChange = (checked: boolean) => changeTwoStep({ ...twoStep, methods: { ...twoStep.methods, [key]: checked } });
    return <GroupCheck key={key} id={id} label={label} hint={hint} checked={twoStep.methods[key]} group={METHODS} groupError={errors[METHODS]} onChange={onChange} />;
  };

  return (
    <SectionFrame id="security" heading={x.heading} intro={x.intro}>
      <form className="pa-form" aria-labelledby="pa-security-title" noValidate onSubmit={(e) => void save(e)} aria-busy={saving}>
        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{x.password}</legend>
          {pair('policy.minLength', 'policy.maxLength')}
          <fieldset className="pa-fieldset pa-fieldset--inner">
            <legend className="pa-label">{x.checks}</legend>
            {checkbox('blockCommon', x.blockCommon)}
            {checkbox('blockPersonal', x.blockPersonal)}
          </fieldset>
          <IntroFieldset id="pa-composition-hint" legend={x.composition} intro={x.compositionHint} inner>
            {checkbox('requireLower', x.requireLower)}
            {checkbox('requireUpper', x.requireUpper)}
            {checkbox('requireDigit', x.requireDigit)}
            {checkbox('requireSymbol', x.requireSymbol)}
          </IntroFieldset>
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
              {pair(`limits.${name}.limit`, `limits.${name}.windowSec`)}
            </fieldset>
          ))}
        </fieldset>

        <fieldset className="pa-fieldset">
          <legend className="pa-subtitle">{x.lockout}</legend>
          {pair('lockout.threshold', 'lockout.minutes')}
        </fieldset>

        <IntroFieldset id="pa-retention-intro" legend={x.retention} intro={x.retentionIntro}>
          {pair('retention.auditDays', 'retention.activityDays')}
          {number('retention.inviteesDays')}
        </IntroFieldset>

        <IntroFieldset id="pa-sign-in-intro" legend={x.signIn} intro={x.signInIntro}>
          {SIGN_IN_KEYS.map(signInMethod)}
          <GroupError group={SIGN_IN} error={errors[SIGN_IN]} />
        </IntroFieldset>

        <IntroFieldset id="pa-two-step-intro" legend={x.twoStep} intro={x.twoStepIntro}>
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
            <GroupError group={METHODS} error={errors[METHODS]} />
          </fieldset>
        </IntroFieldset>

        <SaveRow s={s} id="security" saving={saving} notice={notice} />
      </form>
    </SectionFrame>
  );
}
