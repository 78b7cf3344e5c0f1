import { useEffect, useRef, useState } from 'react';
import { CUSTOMER_FILTERS, type CustomerAction, type CustomerFilter, type CustomerRow } from '../../../../src/surfaces/admin-api';
import { call } from '../api';
import { errorText } from '../i18n';
import { AutoInvite } from './customers/AutoInvite';
import { BulkTools } from './customers/BulkTools';
import { CUSTOMER_TEXTS } from './customers/customers.i18n';
import { CustomerSearch, type Filter } from './customers/CustomerSearch';
import { CustomerTable } from './customers/CustomerTable';
import { ImportCsv } from './customers/ImportCsv';
import { InviteForm } from './customers/InviteForm';
import './customers/customers.css';
import { useAddedLanguages } from './MailLocales';
import type { SectionProps } from './types';

export type Announce = (text: string, tone?: 'success' | 'error' | 'info') => void;
type Panel = 'invite' | 'import' | 'resend' | null;

/** A status filter or group in the hash (`#customers?status=registered`, as the Overview links to), else all statuses. */
function statusFromHash(): Filter['status'] {
  if (typeof location === 'undefined') return 'all';
  const status = new URLSearchParams(location.hash.split('?')[1] ?? '').get('status');
  return (CUSTOMER_FILTERS as readonly string[]).includes(status ?? '') ? (status as CustomerFilter) : 'all';
}

/**
 * Section "Customers": a searchable, filterable, paginated directory with row actions (each confirmed
 * first), and the tools around it (invite one, import CSV, export CSV, resend expired invitations). Every
 * result is announced in one live region; focus moves to what the admin needs next.
 */
export function Customers({ t, lang }: SectionProps) {
  const x = CUSTOMER_TEXTS[lang];
  const [added] = useAddedLanguages();
  const languageName = (code: string) => x.languages[code] ?? added.find((l) => l.code === code)?.name ?? code;
  const [filter, setFilter] = useState<Filter>(() => ({ search: '', searchBy: 'email', status: statusFromHash() }));
  const [draft, setDraft] = useState<Filter>(filter);
  const [rows, setRows] = useState<CustomerRow[]>([]);
  // Cursors of the pages seen so far: pages[i] opens page i + 1 (undefined: the first page).
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' | 'info' } | null>(null);
  const [confirming, setConfirming] = useState<{ row: CustomerRow; action: CustomerAction } | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const captionRef = useRef<HTMLTableCaptionElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const announce: Announce = (text, tone = 'info') => setMessage({ text, tone });

  async function load(f: Filter, index: number, cursor: string | undefined, focusTable = false) {
    setBusy(true);
    const result = await call('admin/customers/list', {
      status: f.status,
      ...(f.search.trim() ? { search: f.search.trim(), searchBy: f.searchBy } : {}),
      ...(cursor ? { cursor } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      announce(errorText(t, result.error), 'error');
      return;
    }
    setRows(result.data.customers);
    setNextCursor(result.data.cursor);
    setPageIndex(index);
    if (focusTable) captionRef.current?.focus();
  }

  useEffect(() => {
    void load(filter, 0, undefined);
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, []);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  function submitSearch(event: React.FormEvent) {
    event.preventDefault();
    setFilter(draft);
    setPages([undefined]);
    setConfirming(null);
    void load(draft, 0, undefined);
  }

  function goNext() {
    if (!nextCursor) return;
    const next = [...pages.slice(0, pageIndex + 1), nextCursor];
    setPages(next);
    void load(filter, pageIndex + 1, nextCursor, true);
  }

  function goPrevious() {
    if (pageIndex === 0) return;
    void load(filter, pageIndex - 1, pages[pageIndex - 1], true);
  }

  function ask(row: CustomerRow, action: CustomerAction, button: HTMLElement) {
    returnFocus.current = button;
    setConfirming({ row, action });
  }

  function cancel() {
    setConfirming(null);
    returnFocus.current?.focus();
  }

  async function run() {
    if (!confirming) return;
    const { row, action } = confirming;
    setBusy(true);
    const result = await call('admin/customers/action', { id: row.id, action });
    setBusy(false);
    setConfirming(null);
    if (result.ok) {
      setRows((old) => old.map((r) => (r.id === row.id ? result.data : r)));
      announce(x.done[action](row.displayName), 'success');
    } else {
      announce(errorText(t, result.error), 'error');
    }
    // Back to the row's name: its buttons may have changed with the state.
    document.getElementById(`pa-customer-${row.id}`)?.focus();
  }

  const toggle = (p: Panel) => setPanel((current) => (current === p ? null : p));
  const refresh = () => {
    setPages([undefined]);
    void load(filter, 0, undefined);
  };

  return (
    <section className="pa-section pa-customers" aria-labelledby="pa-customers-title" aria-busy={busy}>
      <h2 id="pa-customers-title" className="pa-heading" tabIndex={-1}>
        {t.nav['customers']}
      </h2>
      <p className="pa-muted">{x.intro}</p>

      <div className="pa-row pa-customers-tools" role="group" aria-label={x.tools}>
        <button type="button" className="pa-btn" aria-expanded={panel === 'invite'} aria-controls="pa-customers-invite" onClick={() => toggle('invite')}>
          {x.inviteOpen}
        </button>
        <button type="button" className="pa-btn" aria-expanded={panel === 'import'} aria-controls="pa-customers-import" onClick={() => toggle('import')}>
          {x.importOpen}
        </button>
        <button type="button" className="pa-btn" aria-expanded={panel === 'resend'} aria-controls="pa-customers-resend" onClick={() => toggle('resend')}>
          {x.resendOpen}
        </button>
        <BulkTools.Export x={x} t={t} announce={announce} />
      </div>

      <div id="pa-customers-invite" hidden={panel !== 'invite'}>
        {panel === 'invite' && <InviteForm x={x} t={t} lang={lang} announce={announce} onInvited={refresh} />}
      </div>
      <div id="pa-customers-import" hidden={panel !== 'import'}>
        {panel === 'import' && <ImportCsv x={x} t={t} lang={lang} announce={announce} onImported={refresh} />}
      </div>
      <div id="pa-customers-resend" hidden={panel !== 'resend'}>
        {panel === 'resend' && <BulkTools.Resend x={x} t={t} announce={announce} onDone={refresh} />}
      </div>

      <div className="pa-notice-empty" role="status" aria-live="polite" aria-atomic="true">
        <p id="pa-customers-status" className={message ? `pa-notice pa-notice--${message.tone === 'error' ? 'error' : 'success'}` : undefined}>
          {message?.text ?? ''}
        </p>
      </div>

      <CustomerSearch x={x} draft={draft} setDraft={setDraft} onSubmit={submitSearch} />

      {confirming && (
        <div className="pa-notice pa-customers-confirm" role="group" aria-labelledby="pa-customers-confirm-text">
          <p id="pa-customers-confirm-text">{x.confirmQuestion[confirming.action](confirming.row.displayName, confirming.row.email)}</p>
          <div className="pa-row">
            <button ref={confirmRef} type="button" className="pa-btn pa-btn--primary" disabled={busy} onClick={() => void run()}>
              {busy ? x.working : x.confirm}
            </button>
            <button type="button" className="pa-btn" onClick={cancel}>
              {x.cancel}
            </button>
          </div>
        </div>
      )}

      <div className="pa-customers-table-wrap">
        <CustomerTable x={x} t={t} lang={lang} rows={rows} pageIndex={pageIndex} captionRef={captionRef} languageName={languageName} announce={announce} onAsk={ask} onErased={(id) => setRows((old) => old.filter((r) => r.id !== id))} />
        {!busy && rows.length === 0 && <p>{x.empty}</p>}
      </div>
      <nav className="pa-row" aria-label={x.caption(pageIndex + 1)}>
        <button type="button" className="pa-btn" disabled={pageIndex === 0 || busy} onClick={goPrevious}>
          {x.previous}
        </button>
        <button type="button" className="pa-btn" disabled={!nextCursor || busy} onClick={goNext}>
          {x.next}
        </button>
      </nav>

      <AutoInvite t={t} lang={lang} />
    </section>
  );
}
