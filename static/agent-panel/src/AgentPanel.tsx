import { hostLocale } from '../../shared/host-locale';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { InvitePayload, PanelData, PanelStatus, TimelineEntry } from '../../../src/surfaces/agent-api';
import * as api from './api';
import type { FailureCode } from './api';
import { MESSAGES, errorText, intlLocale, langOf, type Lang, type Messages } from './i18n';

type Action = 'invite' | 'resendInvite' | 'sendReset';
type Notice = { tone: 'success' | 'error'; text: string; reload?: boolean };
type Pending = { action: Action; stage: 'confirm' | 'busy'; payload?: InvitePayload };
type FormField = 'email' | 'displayName' | 'username' | 'locale';
/** `locale`: en, de or an email language an admin added. */
type InviteForm = { email: string; displayName: string; username: string; locale: string };
type Locale = { lang: Lang; intl: string };

const TRIGGER: Record<Action, string> = { invite: 'pa-btn-invite', resendInvite: 'pa-btn-resend', sendReset: 'pa-btn-reset' };
const FIELD_ID: Record<FormField, string> = { email: 'pa-f-email', displayName: 'pa-f-name', username: 'pa-f-username', locale: 'pa-f-locale' };
const isFormField = (f: string | undefined): f is FormField => !!f && f in FIELD_ID;

const LOZENGE: Record<PanelStatus, 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved'> = {
  'not-invited': 'default',
  invited: 'inprogress',
  'invite-expired': 'moved',
  active: 'success',
  'reset-pending': 'new',
  locked: 'removed',
  disabled: 'default',
  unidentified: 'default',
};

function localeOf(raw: string | undefined): Locale {
  const lang = langOf(raw);
  return { lang, intl: intlLocale(raw, lang) };
}

/** Seconds since the epoch → formatted text; 0 means never. */
function useDates(intl: string, never: string) {
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'short', year: 'numeric' });
    const dayTime = new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
    const fmt = (f: Intl.DateTimeFormat) => (sec: number) => (sec > 0 ? f.format(new Date(sec * 1000)) : never);
    return { date: fmt(day), dateTime: fmt(dayTime) };
  }, [intl, never]);
}

const iso = (sec: number) => new Date(sec * 1000).toISOString();

function newestFirst(entries: TimelineEntry[]): TimelineEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  return unique.map((e, i) => [e, i] as const).sort((a, b) => b[0].at - a[0].at || a[1] - b[1]).map(([e]) => e);
}

function summary(t: Messages, d: PanelData, dates: ReturnType<typeof useDates>): string {
  const c = d.customer;
  switch (d.status) {
    case 'invited':
      return c ? t.summary.invited(dates.date(c.invitedAt), dates.date(c.inviteExpiresAt)) : '';
    case 'invite-expired':
      return c ? t.summary.inviteExpired(dates.date(c.invitedAt), dates.date(c.inviteExpiresAt)) : '';
    case 'active': {
      if (!c) return '';
      const parts = [];
      if (c.activatedAt > 0) parts.push(t.summary.activeSince(dates.date(c.activatedAt)));
      if (c.passwordChangedAt > 0) parts.push(t.summary.passwordChanged(dates.date(c.passwordChangedAt)));
      return parts.join(' · ');
    }
    case 'reset-pending':
      return c ? t.summary.resetSent(dates.dateTime(c.resetExpiresAt)) : '';
    case 'locked':
      return c ? t.summary.lockedUntil(dates.dateTime(c.lockedUntil)) : '';
    case 'disabled':
      return t.summary.disabled;
    case 'not-invited':
      return t.summary.notInvited;
    case 'unidentified':
      return t.summary.unidentified;
    default:
      return '';
  }
}

export function AgentPanel() {
  const [locale, setLocale] = useState<Locale>(() => localeOf(typeof navigator === 'undefined' ? 'en' : navigator.language));
  const [data, setData] = useState<PanelData | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<FailureCode | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [form, setForm] = useState<InviteForm | null>(null);
  const [fieldError, setFieldError] = useState<FormField | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const started = useRef(false);

  const t = MESSAGES[locale.lang];
  const dates = useDates(locale.intl, t.facts.never);

  async function fetchPanel(focusAfter?: string) {
    setLoading(true);
    const result = await api.loadPanel();
    setLoading(false);
    if (result.ok) {
      setData(result.data);
      setLoadError(null);
      setNotice(null);
      if (focusAfter) setFocusTarget(focusAfter);
    } else if (data) {
      setNotice({ tone: 'error', text: errorText(t, result.error, result.field), reload: result.error !== 'forbidden' });
    } else {
      setLoadError(result.error);
    }
  }

  // One context read and exactly one resolver call on load.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void hostLocale().then((locale) => locale && setLocale(localeOf(locale)));
    void fetchPanel();
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale.lang;
  }, [locale.lang]);

  useEffect(() => {
    if (!focusTarget) return;
    const el = document.getElementById(focusTarget) ?? document.getElementById('pa-title');
    el?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  // ---- actions -------------------------------------------------------------------------------------

  const recipient = (d: PanelData | null, payload?: InvitePayload) =>
    payload?.email || d?.customer?.email || d?.reporter.email || t.actions.theCustomer;

  function ask(action: Action) {
    setNotice(null);
    setPending({ action, stage: 'confirm' });
  }

  function cancelConfirm() {
    const action = pending?.action;
    setPending(null);
    if (action) setFocusTarget(action === 'invite' ? 'pa-invite-submit' : TRIGGER[action]);
  }

  async function run() {
    if (!pending || pending.stage !== 'confirm') return;
    const { action, payload } = pending;
    setPending({ ...pending, stage: 'busy' });
    const result =
      action === 'invite' ? await api.invite(payload!) : action === 'resendInvite' ? await api.resendInvite() : await api.sendReset();
    setPending(null);
    if (result.ok) {
      setData(result.data);
      setForm(null);
      setFieldError(null);
      setNotice({ tone: 'success', text: t.done[action](recipient(result.data, payload)) });
      setFocusTarget(TRIGGER[action]);
      return;
    }
    setNotice({
      tone: 'error',
      text: errorText(t, result.error, result.field),
      reload: result.error === 'not-found' || result.error === 'wrong-state',
    });
    if (action === 'invite') {
      const field = result.error === 'invalid-input' && isFormField(result.field) ? result.field : null;
      setFieldError(field);
      setFocusTarget(field ? FIELD_ID[field] : 'pa-invite-submit');
    } else {
      setFocusTarget(TRIGGER[action]);
    }
  }

  function openForm() {
    if (!data) return;
    setNotice(null);
    setFieldError(null);
    setForm({ email: data.reporter.email ?? '', displayName: data.reporter.displayName, username: '', locale: locale.lang });
    setFocusTarget(FIELD_ID.email);
  }

  function closeForm() {
    setForm(null);
    setFieldError(null);
    setPending(null);
    setFocusTarget(TRIGGER.invite);
  }

  function submitForm(event: React.FormEvent) {
    event.preventDefault();
    if (!form || pending) return;
    const email = form.email.trim();
    const displayName = form.displayName.trim();
    const invalid: FormField | null = !/^[^\s@]+@[^\s@]+$/.test(email) ? 'email' : !displayName ? 'displayName' : null;
    setFieldError(invalid);
    if (invalid) {
      setFocusTarget(FIELD_ID[invalid]);
      return;
    }
    const username = form.username.trim();
    setNotice(null);
    setPending({ action: 'invite', stage: 'confirm', payload: { email, displayName, locale: form.locale, ...(username ? { username } : {}) } });
  }

  async function more() {
    const cursor = data?.timeline.cursor;
    if (!cursor || moreBusy) return;
    setMoreBusy(true);
    const result = await api.loadTimeline({ cursor });
    setMoreBusy(false);
    if (!result.ok) {
      setNotice({ tone: 'error', text: errorText(t, result.error, result.field) });
      return;
    }
    setData((d) =>
      d && d.timeline.cursor === cursor
        ? { ...d, timeline: { entries: newestFirst([...d.timeline.entries, ...result.data.entries]), cursor: result.data.cursor } }
        : d,
    );
    const first = result.data.entries[0];
    if (!result.data.cursor && first) setFocusTarget(`pa-ev-${first.id}`);
  }

  // ---- rendering -----------------------------------------------------------------------------------

  if (!data) {
    return (
      <main className="pa" lang={locale.lang}>
        <section className="pa-section" aria-labelledby="pa-title" aria-busy={loading}>
          <h1 id="pa-title" className="pa-title" tabIndex={-1}>
            {t.title}
          </h1>
          {loading ? (
            <>
              <p className="pa-muted">{t.loading}</p>
              <div className="pa-skeleton" aria-hidden="true">
                <span />
                <span />
                <span />
              </div>
            </>
          ) : loadError === 'forbidden' ? (
            <p className="pa-calm" role="status">{t.forbiddenPanel}</p>
          ) : (
            <div className="pa-notice pa-notice--error">
              <p role="status">{errorText(t, loadError ?? 'internal')}</p>
              <div className="pa-row">
                <button type="button" className="pa-btn" onClick={() => void fetchPanel('pa-title')}>
                  {t.retry}
                </button>
              </div>
            </div>
          )}
        </section>
      </main>
    );
  }

  const { reporter, customer, actions, status } = data;
  const busy = pending?.stage === 'busy';
  const locked = pending !== null || form !== null || loading;
  const line = summary(t, data, dates);
  const inviteContext = actions.invite || actions.resendInvite || status === 'not-invited' || status === 'invited' || status === 'invite-expired';
  const entries = newestFirst(data.timeline.entries);

  const confirmBox = (action: Action) =>
    pending && pending.action === action ? (
      <Confirm
        question={
          action === 'invite'
            ? t.actions.askInvite(recipient(data, pending.payload))
            : action === 'resendInvite'
              ? t.actions.askResend(recipient(data))
              : t.actions.askReset(recipient(data))
        }
        busy={busy}
        t={t}
        onConfirm={() => void run()}
        onCancel={cancelConfirm}
      />
    ) : null;

  return (
    <main className="pa" lang={locale.lang}>
      <section className="pa-section" aria-labelledby="pa-title" aria-busy={loading || busy || moreBusy}>
        <header className="pa-head">
          <h1 id="pa-title" className="pa-name" tabIndex={-1}>
            <span className="pa-sr">{t.title}: </span>
            {reporter.displayName}
          </h1>
          <p className="pa-email">{reporter.email ?? <em>{t.emailHidden}</em>}</p>
          <p className="pa-status">
            <span className="pa-sr">{t.statusLabel} </span>
            <span className={`pa-lozenge pa-lozenge--${LOZENGE[status] ?? 'default'}`}>{t.status[status] ?? status}</span>
            {customer?.portalAdmin && (
              <span id="pa-portal-admin" className="pa-lozenge pa-lozenge--new">
                {t.portalAdmin}
              </span>
            )}
            {line && <span className="pa-status-line">{line}</span>}
          </p>
          {data.deliveryWarning && (
            <p className="pa-notice pa-notice--error pa-delivery-warning">
              {t.deliveryWarning[data.deliveryWarning.kind]} {dates.date(data.deliveryWarning.at)}
              {data.deliveryWarning.reason ? ` – ${data.deliveryWarning.reason}` : ''}
            </p>
          )}
        </header>

        {customer && (
          <dl className="pa-facts" aria-label={t.facts.label}>
            {customer.email && customer.email !== reporter.email && <Fact term={t.facts.email}>{customer.email}</Fact>}
            {customer.username && <Fact term={t.facts.username}>{customer.username}</Fact>}
            {customer.locale && (
              <Fact term={t.facts.language}>{customer.locale in t.languages ? t.languages[customer.locale as Lang] : customer.locale}</Fact>
            )}
            <Fact term={t.facts.invited}>
              <When sec={customer.invitedAt} text={dates.date(customer.invitedAt)} />
            </Fact>
            {(status === 'invited' || status === 'invite-expired') && (
              <Fact term={t.facts.inviteExpires}>
                <When sec={customer.inviteExpiresAt} text={dates.date(customer.inviteExpiresAt)} />
              </Fact>
            )}
            <Fact term={t.facts.activeSince}>
              <When sec={customer.activatedAt} text={dates.date(customer.activatedAt)} />
            </Fact>
            <Fact term={t.facts.passwordChanged}>
              <When sec={customer.passwordChangedAt} text={dates.date(customer.passwordChangedAt)} />
            </Fact>
            <Fact term={t.facts.lastSignIn}>
              <When sec={customer.lastSignInAt} text={dates.dateTime(customer.lastSignInAt)} />
            </Fact>
            <Fact term={t.facts.twoStep}>
              <span id="pa-two-step">
                {customer.twoStep === 'on'
                  ? t.twoStepOn([...(customer.twoStepMethods.totp ? [t.twoStepMethod.totp] : []), ...(customer.twoStepMethods.sms ? [t.twoStepMethod.sms(customer.twoStepMethods.sms)] : [])])
                  : t.twoStep[customer.twoStep]}
              </span>
            </Fact>
          </dl>
        )}

        {(actions.invite || actions.resendInvite || actions.sendReset || inviteContext) && (
          <section className="pa-actions" aria-labelledby="pa-actions-title">
            <h2 id="pa-actions-title" className="pa-sr">
              {t.actions.heading}
            </h2>
            {(actions.invite || actions.resendInvite || actions.sendReset) && (
              <div className="pa-row">
                {actions.resendInvite && (
                  <button id={TRIGGER.resendInvite} type="button" className="pa-btn" disabled={locked} onClick={() => ask('resendInvite')}>
                    {t.actions.resendInvite}
                  </button>
                )}
                {actions.sendReset && (
                  <button id={TRIGGER.sendReset} type="button" className="pa-btn" disabled={locked} onClick={() => ask('sendReset')}>
                    {t.actions.sendReset}
                  </button>
                )}
                {actions.invite && (
                  <button
                    id={TRIGGER.invite}
                    type="button"
                    className="pa-btn pa-btn--primary"
                    disabled={locked}
                    aria-expanded={form !== null}
                    aria-controls={form ? 'pa-invite-form' : undefined}
                    onClick={openForm}
                  >
                    {t.actions.invite}
                  </button>
                )}
              </div>
            )}
            {inviteContext && <p className="pa-muted pa-left">{t.actions.invitesLeft(data.invitesLeftToday)}</p>}
            {confirmBox('resendInvite')}
            {confirmBox('sendReset')}
            {form && (
              <form
                id="pa-invite-form"
                className="pa-form"
                aria-labelledby="pa-form-title"
                noValidate
                onSubmit={submitForm}
                onKeyDown={(e) => {
                  if (e.key === 'Escape' && !pending) {
                    e.preventDefault();
                    closeForm();
                  }
                }}
              >
                <h3 id="pa-form-title" className="pa-subtitle">
                  {t.form.heading}
                </h3>
                <Field id={FIELD_ID.email} label={t.form.email} error={fieldError === 'email' ? t.form.invalid : undefined}>
                  {(props) => (
                    <input
                      {...props}
                      type="email"
                      autoComplete="off"
                      required
                      readOnly={pending !== null}
                      value={form.email}
                      onChange={(e) => setForm({ ...form, email: e.target.value })}
                    />
                  )}
                </Field>
                <Field id={FIELD_ID.displayName} label={t.form.displayName} error={fieldError === 'displayName' ? t.form.invalid : undefined}>
                  {(props) => (
                    <input
                      {...props}
                      type="text"
                      autoComplete="off"
                      required
                      readOnly={pending !== null}
                      value={form.displayName}
                      onChange={(e) => setForm({ ...form, displayName: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  id={FIELD_ID.username}
                  label={t.form.username}
                  hint={t.form.optional}
                  error={fieldError === 'username' ? t.form.invalid : undefined}
                >
                  {(props) => (
                    <input
                      {...props}
                      type="text"
                      autoComplete="off"
                      readOnly={pending !== null}
                      value={form.username}
                      onChange={(e) => setForm({ ...form, username: e.target.value })}
                    />
                  )}
                </Field>
                <Field id={FIELD_ID.locale} label={t.form.language} error={fieldError === 'locale' ? t.form.invalid : undefined}>
                  {(props) => (
                    <select
                      {...props}
                      value={form.locale}
                      onChange={(e) => pending === null && setForm({ ...form, locale: e.target.value })}
                    >
                      <option value="en">{t.languages.en}</option>
                      <option value="de">{t.languages.de}</option>
                      {data.mailLocales.map((l) => (
                        <option key={l.code} value={l.code}>
                          {l.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {pending?.action === 'invite' ? (
                  confirmBox('invite')
                ) : (
                  <div className="pa-row">
                    <button id="pa-invite-submit" type="submit" className="pa-btn pa-btn--primary">
                      {t.form.submit}
                    </button>
                    <button type="button" className="pa-btn pa-btn--subtle" onClick={closeForm}>
                      {t.form.cancel}
                    </button>
                  </div>
                )}
              </form>
            )}
          </section>
        )}

        <div className={notice ? `pa-notice pa-notice--${notice.tone}` : 'pa-notice-empty'}>
          <p role="status" aria-live="polite" aria-atomic="true">
            {notice?.text ?? ''}
          </p>
          {notice && (
            <div className="pa-row">
              {notice.reload && (
                <button type="button" className="pa-btn" disabled={loading} onClick={() => void fetchPanel('pa-title')}>
                  {t.reload}
                </button>
              )}
              <button type="button" className="pa-btn pa-btn--subtle" onClick={() => setNotice(null)}>
                {t.dismiss}
              </button>
            </div>
          )}
        </div>

        <section className="pa-timeline" aria-labelledby="pa-timeline-title">
          <h2 id="pa-timeline-title" className="pa-subtitle">
            {t.timeline.heading}
          </h2>
          {entries.length === 0 ? (
            <p className="pa-muted">{t.timeline.empty}</p>
          ) : (
            <ol className="pa-events">
              {entries.map((e) => (
                <Event key={e.id} entry={e} t={t} when={dates.dateTime(e.at)} />
              ))}
            </ol>
          )}
          {data.timeline.cursor && (
            <button type="button" className="pa-btn pa-btn--subtle pa-more" aria-disabled={moreBusy} onClick={() => void more()}>
              {moreBusy ? t.timeline.loadingMore : t.timeline.more}
            </button>
          )}
        </section>
      </section>
    </main>
  );
}

// ---- small pieces -------------------------------------------------------------------------------------

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="pa-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function When({ sec, text }: { sec: number; text: string }) {
  return sec > 0 ? <time dateTime={iso(sec)}>{text}</time> : <>{text}</>;
}

type FieldProps = { id: string; className: string; 'aria-invalid'?: true; 'aria-describedby'?: string };

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (props: FieldProps) => React.ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="pa-field">
      <label htmlFor={id}>
        {label}
        {hint && <span className="pa-hint"> {hint}</span>}
      </label>
      {children({ id, className: 'pa-input', ...(error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {}) })}
      {error && (
        <p id={errorId} className="pa-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Confirm({
  question,
  busy,
  t,
  onConfirm,
  onCancel,
}: {
  question: string;
  busy: boolean;
  t: Messages;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  return (
    <div
      className="pa-confirm"
      role="group"
      aria-labelledby="pa-confirm-q"
      aria-busy={busy}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          if (!busy) onCancel();
        }
      }}
    >
      <p id="pa-confirm-q">{question}</p>
      <div className="pa-row">
        <button
          ref={confirmRef}
          type="button"
          className="pa-btn pa-btn--primary"
          aria-describedby="pa-confirm-q"
          aria-disabled={busy}
          onClick={() => !busy && onConfirm()}
        >
          {busy ? t.actions.working : t.actions.confirm}
        </button>
        <button type="button" className="pa-btn pa-btn--subtle" aria-disabled={busy} onClick={() => !busy && onCancel()}>
          {t.actions.cancel}
        </button>
      </div>
    </div>
  );
}

function Event({ entry, t, when }: { entry: TimelineEntry; t: Messages; when: string }) {
  const known = Object.prototype.hasOwnProperty.call(t.timeline.kind, entry.kind);
  let label = known ? t.timeline.kind[entry.kind] : t.timeline.other(String(entry.kind));
  if (entry.via && (entry.kind === 'invite.sent' || entry.kind === 'customer.imported')) {
    label = t.timeline.automatic[entry.kind === 'invite.sent' ? 'invited' : 'added'](entry.via, entry.via === 'api' ? entry.actorName : entry.issueKey);
  }
  if (entry.template && (entry.kind === 'email.sent' || entry.kind === 'email.failed')) {
    label = t.timeline.emailWith(label, t.timeline.templates[entry.template] ?? entry.template);
  }
  return (
    <li id={`pa-ev-${entry.id}`} className={`pa-event${entry.kind === 'email.failed' || entry.kind === 'login.locked' ? ' pa-event--bad' : ''}`} tabIndex={-1}>
      <span className="pa-event-label">{label}</span>
      {entry.reason && <span className="pa-event-reason">{t.timeline.reason(entry.reason)}</span>}
      <span className="pa-event-meta">
        {t.timeline.actor(entry)} · <time dateTime={iso(entry.at)}>{when}</time>
      </span>
    </li>
  );
}
