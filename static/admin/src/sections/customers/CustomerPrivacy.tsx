import { useEffect, useRef, useState } from 'react';
import type { CustomerRow } from '../../../../../src/surfaces/admin-api';
import { call } from '../../api';
import { downloadJson } from '../../download';
import { errorText, type Lang, type Messages } from '../../i18n';
import type { Announce } from '../Customers';
import { PRIVACY_TEXTS } from './privacy.i18n';
import { InputField } from '../../../../shared/Field';

/**
 * A row's privacy actions (issue 24): "Download data" (a JSON file of everything held about the customer) and
 * "Delete customer and their data", confirmed by typing the customer's email address (the server checks it too).
 */
export function CustomerPrivacy({ row, t, lang, announce, onErased }: { row: CustomerRow; t: Messages; lang: Lang; announce: Announce; onErased: (id: string) => void }) {
  const x = PRIVACY_TEXTS[lang];
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const id = `pa-erase-${row.id}`;

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  async function download() {
    setBusy(true);
    const result = await call('admin/customers/download', { id: row.id });
    setBusy(false);
    if (!result.ok) return announce(errorText(t, result.error), 'error');
    downloadJson(`customer-data-${row.username}.json`, result.data);
    announce(x.downloaded(row.displayName), 'success');
  }

  async function erase(event: React.FormEvent) {
    event.preventDefault();
    if (typed.trim().toLowerCase() !== row.email.toLowerCase()) {
      setMismatch(true);
      return inputRef.current?.focus();
    }
    setBusy(true);
    const result = await call('admin/customers/erase', { id: row.id, confirm: typed });
    setBusy(false);
    if (!result.ok) {
      if (result.field === 'confirm') return setMismatch(true);
      return announce(errorText(t, result.error), 'error');
    }
    announce(x.erased(row.displayName), 'success');
    onErased(row.id);
  }

  function cancel() {
    setOpen(false);
    setTyped('');
    setMismatch(false);
    openerRef.current?.focus();
  }

  return (
    <>
      <button type="button" className="pa-btn pa-btn--small" disabled={busy} aria-label={`${x.download}: ${row.displayName}`} onClick={() => void download()}>
        {x.download}
      </button>
      <button ref={openerRef} type="button" className="pa-btn pa-btn--small" aria-expanded={open} aria-label={`${x.erase}: ${row.displayName}`} onClick={() => setOpen(true)}>
        {x.erase}
      </button>
      {open && (
        <form className="pa-notice pa-customers-erase" onSubmit={(e) => void erase(e)} aria-labelledby={`${id}-intro`}>
          <p id={`${id}-intro`}>{x.eraseIntro(row.displayName)}</p>
          <InputField
            id={id}
            label={x.confirmLabel(row.email)}
            error={mismatch ? x.confirmMismatch : undefined}
            input={{
              ref: inputRef,
              type: 'email',
              autoComplete: 'off',
              value: typed,
              onChange: (e) => {
                setTyped(e.target.value);
                setMismatch(false);
              },
            }}
          />
          <div className="pa-row">
            <button type="submit" className="pa-btn pa-btn--primary" disabled={busy}>
              {busy ? x.working : x.eraseNow}
            </button>
            <button type="button" className="pa-btn" onClick={cancel}>
              {x.cancel}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
