import { useState } from 'react';
import type { InvitePayload, PanelData } from '../../../src/surfaces/agent-api';
import { useStartUp, type Boot } from '../../shared/use-start-up';
import { Actions } from './Actions';
import * as api from './api';
import type { FailureCode, Outcome } from './api';
import { Confirm } from './Confirm';
import { useDates } from './dates';
import { Facts } from './Facts';
import { MESSAGES, errorText } from './i18n';
import { InviteForm } from './InviteForm';
import { NoticeArea } from './NoticeArea';
import { FIELD_ID, TRIGGER, isFormField, type Action, type FormField, type InviteFormValues, type Notice, type Pending } from './panel-state';
import { PanelPlaceholder } from './PanelPlaceholder';
import { StatusHeader } from './StatusHeader';
import { newestFirst, Timeline } from './Timeline';

/**
 * The agent panel (Jira issue context): the reporter's registration status, facts, actions and timeline.
 * This component owns the state and the calls; the parts beside it only render.
 */
export function AgentPanel({ boot }: { boot: Boot<Outcome<PanelData>> }) {
  // The first answer, when it came before this first render (it usually does: it starts before React loads).
  const [first] = useState(() => boot.firstResult()?.value);
  const [data, setData] = useState<PanelData | null>(first?.ok ? first.data : null);
  const [loading, setLoading] = useState(first === undefined);
  const [loadError, setLoadError] = useState<FailureCode | null>(first && !first.ok ? first.error : null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [form, setForm] = useState<InviteFormValues | null>(null);
  const [fieldError, setFieldError] = useState<FormField | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);

  // One context read and exactly one resolver call on load, both started before the first render (main.tsx).
  const { lang, intl, focusAfterRender } = useStartUp(boot, (result) => show(result), typeof navigator === 'undefined' ? 'en' : navigator.language, first !== undefined);
  const focusLater = (id: string) => focusAfterRender(id, 'pa-title');
  const t = MESSAGES[lang];
  const dates = useDates(intl, t.facts.never);

  async function fetchPanel(focusAfter?: string) {
    setLoading(true);
    show(await api.loadPanel(), focusAfter);
  }

  function show(result: Outcome<PanelData>, focusAfter?: string) {
    setLoading(false);
    if (result.ok) {
      setData(result.data);
      setLoadError(null);
      setNotice(null);
      if (focusAfter) focusLater(focusAfter);
    } else if (data) {
      setNotice({ tone: 'error', text: errorText(t, result.error, result.field), reload: result.error !== 'forbidden' });
    } else {
      setLoadError(result.error);
    }
  }

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
    if (action) focusLater(action === 'invite' ? 'pa-invite-submit' : TRIGGER[action]);
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
      focusLater(TRIGGER[action]);
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
      focusLater(field ? FIELD_ID[field] : 'pa-invite-submit');
    } else {
      focusLater(TRIGGER[action]);
    }
  }

  function openForm() {
    if (!data) return;
    setNotice(null);
    setFieldError(null);
    setForm({ email: data.reporter.email ?? '', displayName: data.reporter.displayName, username: '', locale: lang });
    focusLater(FIELD_ID.email);
  }

  function closeForm() {
    setForm(null);
    setFieldError(null);
    setPending(null);
    focusLater(TRIGGER.invite);
  }

  function submitForm(event: React.FormEvent) {
    event.preventDefault();
    if (!form || pending) return;
    const email = form.email.trim();
    const displayName = form.displayName.trim();
    const invalid: FormField | null = !/^[^\s@]+@[^\s@]+$/.test(email) ? 'email' : !displayName ? 'displayName' : null;
    setFieldError(invalid);
    if (invalid) {
      focusLater(FIELD_ID[invalid]);
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
    if (!result.data.cursor && first) focusLater(`pa-ev-${first.id}`);
  }

  // ---- rendering -----------------------------------------------------------------------------------

  if (!data) {
    return <PanelPlaceholder lang={lang} t={t} loading={loading} loadError={loadError} onRetry={() => void fetchPanel('pa-title')} />;
  }

  const busy = pending?.stage === 'busy';

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
    <main className="pa" lang={lang}>
      <section className="pa-section" aria-labelledby="pa-title" aria-busy={loading || busy || moreBusy}>
        <StatusHeader data={data} t={t} dates={dates} />

        {data.customer && <Facts customer={data.customer} reporterEmail={data.reporter.email} status={data.status} t={t} dates={dates} />}

        <Actions
          data={data}
          t={t}
          locked={pending !== null || form !== null || loading}
          formOpen={form !== null}
          confirm={confirmBox}
          form={
            form && (
              <InviteForm
                form={form}
                fieldError={fieldError}
                pending={pending}
                mailLocales={data.mailLocales}
                t={t}
                confirm={confirmBox('invite')}
                onChange={setForm}
                onSubmit={submitForm}
                onClose={closeForm}
              />
            )
          }
          onAsk={ask}
          onOpenForm={openForm}
        />

        <NoticeArea notice={notice} t={t} loading={loading} onReload={() => void fetchPanel('pa-title')} onDismiss={() => setNotice(null)} />

        <Timeline timeline={data.timeline} t={t} dates={dates} moreBusy={moreBusy} onMore={() => void more()} />
      </section>
    </main>
  );
}
