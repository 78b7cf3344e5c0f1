import { downloadCsv } from '../download';
import { useEffect, useRef, useState } from 'react';
import { AUDIT_CATEGORIES, AUDIT_KINDS, AUDIT_ROLES, type AuditCsvChunk, type AuditEntry, type AuditFilter } from '../../../../src/surfaces/admin-api';
import { call, type Outcome } from '../api';
import { Field } from '../../../shared/Field';
import { errorText } from '../i18n';
import { AUDIT_TEXTS, type AuditTexts } from './AuditLog.i18n';
import type { SectionProps } from './types';
import './AuditLog.css';
import { ColumnHeads } from '../../../shared/ColumnHeads';

type ActorChoice = 'any' | (typeof AUDIT_ROLES)[number] | 'account';
type Notice = { tone: 'info' | 'success' | 'error'; text: string };
type FieldError = { field: 'customer' | 'accountId'; text: string };

const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
/** A filtered page can come back empty with a cursor (a bounded part of the log was searched): search on a few times. */
const AUTO_CONTINUE = 4;

/**
 * Section "Audit log": filter by customer, actor and kind; a table of entries, newest first, with "Show more";
 * and a CSV export of everything the filter matches, fetched in chunks (with progress) and downloaded as one
 * file. Results, progress and errors are announced in one live region.
 */
export function AuditLog({ lang, t }: SectionProps) {
  const x = AUDIT_TEXTS[lang];
  const [customer, setCustomer] = useState('');
  const [actorChoice, setActorChoice] = useState<ActorChoice>('any');
  const [accountId, setAccountId] = useState('');
  const [kind, setKind] = useState('');
  const [applied, setApplied] = useState<AuditFilter>({});
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [fieldError, setFieldError] = useState<FieldError | null>(null);
  const focusRow = useRef<string | null>(null);
  const format = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  useEffect(() => {
    void load({});
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, []);

  // After "Show more", focus the first entry that came in (the button may be gone).
  useEffect(() => {
    if (!focusRow.current) return;
    document.getElementById(`pa-audit-row-${focusRow.current}`)?.focus();
    focusRow.current = null;
  }, [entries]);

  function filterFromForm(): AuditFilter | null {
    setFieldError(null);
    const filter: AuditFilter = {};
    if (customer.trim()) filter.customer = customer.trim();
    if (actorChoice === 'account') {
      if (!ACCOUNT_ID.test(accountId.trim())) {
        showFieldError({ field: 'accountId', text: x.accountIdInvalid });
        return null;
      }
      filter.actor = accountId.trim();
    } else if (actorChoice !== 'any') {
      filter.actor = actorChoice;
    }
    if (kind) filter.kind = kind;
    return filter;
  }

  function showFieldError(error: FieldError) {
    setFieldError(error);
    setNotice({ tone: 'error', text: error.text });
    document.getElementById(error.field === 'customer' ? 'pa-audit-customer' : 'pa-audit-account')?.focus();
  }

  async function load(filter: AuditFilter, from?: string) {
    setBusy(true);
    setNotice({ tone: 'info', text: x.loading });
    const found: AuditEntry[] = [];
    let next: string | null = from ?? null;
    for (let round = 0; ; round++) {
      const result = await call('admin/audit', { ...filter, ...(next ? { cursor: next } : {}) });
      if (!result.ok) {
        setBusy(false);
        if (result.error === 'not-found' && result.field === 'customer') showFieldError({ field: 'customer', text: x.customerUnknown });
        else if (result.error === 'invalid-input' && result.field === 'actor') showFieldError({ field: 'accountId', text: x.accountIdInvalid });
        else setNotice({ tone: 'error', text: errorText(t, result.error) });
        return;
      }
      found.push(...result.data.entries);
      next = result.data.cursor;
      if (found.length > 0 || !next || round >= AUTO_CONTINUE) break;
    }
    const all = from ? [...entries, ...found] : found;
    if (from && found.length > 0) focusRow.current = found[0].id;
    setApplied(filter);
    setEntries(all);
    setCursor(next);
    setBusy(false);
    setNotice({ tone: 'info', text: all.length > 0 ? x.shown(all.length, Boolean(next)) : next ? x.noneYet : x.none });
  }

  function apply(event: React.FormEvent) {
    event.preventDefault();
    if (busy) return;
    const filter = filterFromForm();
    if (filter) void load(filter);
  }

  function clear() {
    setCustomer('');
    setActorChoice('any');
    setAccountId('');
    setKind('');
    setFieldError(null);
    void load({});
  }

  async function exportCsv() {
    if (exporting) return;
    setExporting(true);
    const parts: string[] = [];
    let rows = 0;
    let next: string | null = null;
    setNotice({ tone: 'info', text: x.exporting(0) });
    do {
      const result: Outcome<AuditCsvChunk> = await call('admin/audit/export', { ...applied, ...(next ? { cursor: next } : {}) });
      if (!result.ok) {
        setExporting(false);
        setNotice({ tone: 'error', text: errorText(t, result.error) });
        return;
      }
      parts.push(result.data.csv);
      rows += result.data.rows;
      next = result.data.cursor;
      setNotice({ tone: 'info', text: x.exporting(rows) });
    } while (next);
    downloadCsv(`audit-log-${new Date().toISOString().slice(0, 10)}.csv`, parts);
    setExporting(false);
    setNotice({ tone: 'success', text: x.exported(rows) });
  }

  const kindName = (k: string) => (x.kinds as Partial<Record<string, string>>)[k] ?? k;
  const errorFor = (field: FieldError['field']) => (fieldError?.field === field ? fieldError.text : undefined);

  return (
    <section className="pa-section pa-audit" aria-labelledby="pa-audit-title">
      <h2 id="pa-audit-title" className="pa-heading" tabIndex={-1}>
        {t.nav.audit}
      </h2>
      <p className="pa-muted">{x.intro}</p>

      <form className="pa-audit-filters" role="search" aria-label={x.filtersLabel} onSubmit={apply} noValidate>
        <Field id="pa-audit-customer" label={x.customer} hint={x.customerHint} error={errorFor('customer')}>
          {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} maxLength={200} value={customer} onChange={(e) => setCustomer(e.target.value)} />}
        </Field>
        <Field id="pa-audit-actor" label={x.actor}>
          {(p) => (
            <select {...p} value={actorChoice} onChange={(e) => setActorChoice(e.target.value as ActorChoice)}>
              {(['any', ...AUDIT_ROLES, 'account'] as const).map((choice) => (
                <option key={choice} value={choice}>
                  {x.actors[choice]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {actorChoice === 'account' && (
          <Field id="pa-audit-account" label={x.accountId} hint={x.accountIdHint} error={errorFor('accountId')}>
            {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} maxLength={128} value={accountId} onChange={(e) => setAccountId(e.target.value)} />}
          </Field>
        )}
        <Field id="pa-audit-kind" label={x.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{x.anyKind}</option>
              {AUDIT_CATEGORIES.map((category) => (
                <optgroup key={category} label={x.categories[category]}>
                  <option value={category}>{x.categoryAll(x.categories[category])}</option>
                  {AUDIT_KINDS.filter((k) => k.startsWith(category)).map((k) => (
                    <option key={k} value={k}>
                      {kindName(k)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <div className="pa-row pa-audit-actions">
          <button id="pa-audit-apply" type="submit" className="pa-btn pa-btn--primary" aria-disabled={busy}>
            {x.apply}
          </button>
          <button id="pa-audit-clear" type="button" className="pa-btn" onClick={clear}>
            {x.clear}
          </button>
          <button id="pa-audit-export" type="button" className="pa-btn" aria-disabled={exporting} onClick={() => void exportCsv()}>
            {x.exportCsv}
          </button>
        </div>
      </form>

      <div className={notice && notice.tone !== 'info' ? `pa-notice pa-notice--${notice.tone}` : 'pa-notice-empty'}>
        <p id="pa-audit-status" role="status" aria-live="polite" aria-atomic="true">
          {notice?.text ?? ''}
        </p>
      </div>

      {entries.length > 0 && (
        <table className="pa-table pa-audit-table" aria-busy={busy}>
          <caption>{x.caption}</caption>
          <ColumnHeads labels={[x.when, x.event, x.customerCol, x.by, x.detail]} />
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} id={`pa-audit-row-${e.id}`} tabIndex={-1}>
                <td data-label={x.when}>
                  <time dateTime={new Date(e.at * 1000).toISOString()}>{format.format(new Date(e.at * 1000))}</time>
                </td>
                <td data-label={x.event}>{kindName(e.kind)}</td>
                <td data-label={x.customerCol}>
                  {e.customer ? (
                    <>
                      {e.customer.displayName}
                      <span className="pa-audit-email">{e.customer.email}</span>
                    </>
                  ) : (
                    <span className="pa-muted">{x.deletedCustomer}</span>
                  )}
                </td>
                <td data-label={x.by}>{x.actorText(e.actor)}</td>
                <td data-label={x.detail}>{detailText(x, e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <div className="pa-row">
          <button id="pa-audit-more" type="button" className="pa-btn" aria-disabled={busy} onClick={() => !busy && void load(applied, cursor)}>
            {entries.length > 0 ? x.more : x.searchOlder}
          </button>
        </div>
      )}
    </section>
  );
}

/** The event's details in words: known keys translated, others as "key: value". */
function detailText(x: AuditTexts, detail: AuditEntry['detail']): string {
  return Object.entries(detail)
    .map(([key, value]) => {
      if (key === 'template' && typeof value === 'string') return x.templates[value] ?? value;
      if (key === 'attempt' && typeof value === 'number') return x.attempt(value);
      if (key === 'reason') return x.reason(String(value));
      if (key === 'portalAdmin' && typeof value === 'boolean') return x.portalAdmin(value);
      if (key === 'previousKey' && typeof value === 'string') return x.adoptedFrom(value);
      if (key === 'via' && value === 'request') return x.via.request(String(detail.issueKey ?? ''));
      if (key === 'via' && value === 'automation') return x.via.automation;
      if (key === 'issueKey' && detail.via === 'request') return '';
      return `${key}: ${String(value)}`;
    })
    .filter(Boolean)
    .join(' · ');
}
