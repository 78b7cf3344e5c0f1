import { useState } from 'react';
import type { AutoInviteData } from '../../../../../src/surfaces/admin-api';
import { call } from '../../api';
import { errorText, type Lang, type Messages } from '../../i18n';
import { LoadState, SaveRow, TitledGroup, useLoaded, type Notice } from '../settings-common';
import { AUTO_INVITE_TEXTS } from './AutoInvite.i18n';
import '../settings.css';

/**
 * "Invite new requesters automatically" (issue 12): one checkbox per service desk Jira lists (and any that
 * is still on but no longer listed), saved as a whole. The result is announced in its own live region.
 */
export function AutoInvite({ t, lang }: { t: Messages; lang: Lang }) {
  const x = AUTO_INVITE_TEXTS[lang];
  const [on, setOn] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const showOn = (next: AutoInviteData) => setOn(new Set([...next.desks.filter((d) => d.enabled).map((d) => d.projectKey), ...next.missing]));
  const { data, setData, loading, loadError, load } = useLoaded(() => call('admin/auto-invite/get', {}), showOn);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const result = await call('admin/auto-invite/save', { projects: [...on] });
    setSaving(false);
    if (result.ok) {
      setData(result.data);
      showOn(result.data);
      setNotice({ tone: 'success', text: x.saved(result.data.desks.filter((d) => d.enabled).length + result.data.missing.length) });
    } else setNotice({ tone: 'error', text: errorText(t, result.error) });
  }

  const toggle = (key: string, checked: boolean) =>
    setOn((current) => {
      const next = new Set(current);
      if (checked) next.add(key);
      else next.delete(key);
      return next;
    });

  const boxes = data ? [...data.desks.map((d) => ({ key: d.projectKey, label: x.deskLabel(d.projectName, d.projectKey) })), ...data.missing.map((k) => ({ key: k, label: x.missing(k) }))] : [];
  return (
    <TitledGroup className="pa-customers-panel pa-auto-invite" id="pa-auto-invite-title" title={x.heading} intro={x.intro}>
      {!data ? (
        <LoadState t={t} loading={loading} error={loadError} onRetry={() => void load()} />
      ) : (
        <form className="pa-form" aria-labelledby="pa-auto-invite-title" onSubmit={(e) => void save(e)}>
          <fieldset className="pa-fieldset">
            <legend>{x.desks}</legend>
            {boxes.length === 0 && <p>{x.none}</p>}
            {boxes.map((b) => (
              <div key={b.key} className="pa-field pa-check">
                <input id={`pa-auto-invite-${b.key}`} type="checkbox" checked={on.has(b.key)} onChange={(e) => toggle(b.key, e.target.checked)} />
                <label htmlFor={`pa-auto-invite-${b.key}`}>{b.label}</label>
              </div>
            ))}
          </fieldset>
          <SaveRow s={x} saving={saving} notice={notice} />
        </form>
      )}
      <p className="pa-hint-line">{x.automation}</p>
    </TitledGroup>
  );
}
