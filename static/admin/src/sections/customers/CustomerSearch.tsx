import { CUSTOMER_GROUPS, CUSTOMER_STATUSES, type CustomerFilter } from '../../../../../src/surfaces/admin-api';
import type { CustomerTexts } from './customers.i18n';
import { InputField } from '../../../../shared/Field';

export type Filter = { search: string; searchBy: 'email' | 'username'; status: CustomerFilter | 'all' };

/** The directory's search: text (by email or username) and a status or group; applied on submit. */
export function CustomerSearch({ x, draft, setDraft, onSubmit }: { x: CustomerTexts; draft: Filter; setDraft: (next: Filter) => void; onSubmit: (event: React.FormEvent) => void }) {
  return (
    <form role="search" className="pa-customers-search" aria-label={x.searchLabel} onSubmit={onSubmit}>
      <InputField
        id="pa-customers-q"
        label={x.searchLabel}
        hint={x.searchHint}
        input={{ type: 'search', maxLength: 254, value: draft.search, onChange: (e) => setDraft({ ...draft, search: e.target.value }) }}
      />
      <div className="pa-field">
        <label htmlFor="pa-customers-by">{x.searchBy}</label>
        <select id="pa-customers-by" className="pa-input" value={draft.searchBy} onChange={(e) => setDraft({ ...draft, searchBy: e.target.value as Filter['searchBy'] })}>
          <option value="email">{x.searchByEmail}</option>
          <option value="username">{x.searchByUsername}</option>
        </select>
      </div>
      <div className="pa-field">
        <label htmlFor="pa-customers-status-filter">{x.statusFilter}</label>
        <select
          id="pa-customers-status-filter"
          className="pa-input"
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.target.value as Filter['status'] })}
        >
          <option value="all">{x.allStatuses}</option>
          {CUSTOMER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {x.statuses[s]}
            </option>
          ))}
          <optgroup label={x.groupsLabel}>
            {CUSTOMER_GROUPS.map((g) => (
              <option key={g} value={g}>
                {x.groups[g]}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div className="pa-customers-search-submit">
        <button type="submit" className="pa-btn pa-btn--primary">
          {x.search}
        </button>
      </div>
    </form>
  );
}
