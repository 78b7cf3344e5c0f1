import type { CustomerAction, CustomerRow } from '../../../../../src/surfaces/admin-api';
import type { Lang, Messages } from '../../i18n';
import type { Announce } from '../Customers';
import { CustomerPrivacy } from './CustomerPrivacy';
import type { CustomerTexts } from './customers.i18n';
import { ColumnHeads } from '../../../../shared/ColumnHeads';

/** One page of the directory: name, email, username, language, status with its marks, and the row's actions. */
export function CustomerTable(props: {
  x: CustomerTexts;
  t: Messages;
  lang: Lang;
  rows: CustomerRow[];
  pageIndex: number;
  captionRef: React.RefObject<HTMLTableCaptionElement | null>;
  languageName: (code: string) => string;
  announce: Announce;
  onAsk: (row: CustomerRow, action: CustomerAction, button: HTMLElement) => void;
  onErased: (id: string) => void;
}) {
  const { x, t, lang, rows, pageIndex, captionRef, languageName, announce, onAsk, onErased } = props;
  return (
    <table className="pa-table pa-customers-table">
      <caption ref={captionRef} tabIndex={-1}>
        {x.caption(pageIndex + 1)}
      </caption>
      <ColumnHeads labels={[x.name, x.email, x.username, x.language, x.status, x.actions]} classNames={{ 3: 'pa-nowrap' }} />
      <tbody>
        {rows.map((row) => {
          const allowed = (Object.keys(row.actions) as CustomerAction[]).filter((a) => row.actions[a]);
          return (
            <tr key={row.id}>
              <th scope="row" id={`pa-customer-${row.id}`} tabIndex={-1}>
                {row.displayName}
              </th>
              <td>{row.email}</td>
              <td className="pa-mono pa-nowrap">{row.username}</td>
              <td className="pa-nowrap">{languageName(row.locale)}</td>
              <td>
                <span className={`pa-customer-status pa-customer-status--${row.status}`}>{x.statuses[row.status]}</span>
                {(row.portalAdmin || row.twoStep) && (
                  <span className="pa-customer-marks">
                    {row.portalAdmin && <span className="pa-customer-badge pa-customer-badge--admin">{x.badges.portalAdmin}</span>}
                    {row.twoStep && <span className="pa-customer-badge">{x.badges.twoStep}</span>}
                  </span>
                )}
              </td>
              <td>
                {allowed.length === 0 && <span className="pa-muted">{x.noActions}</span>}
                <div className="pa-customers-actions">
                    {allowed.map((action) => (
                      <button
                        key={action}
                        type="button"
                        className="pa-btn pa-btn--small"
                        aria-label={`${x.action[action]}: ${row.displayName}`}
                        onClick={(e) => onAsk(row, action, e.currentTarget)}
                      >
                        {x.action[action]}
                      </button>
                    ))}
                    <CustomerPrivacy row={row} t={t} lang={lang} announce={announce} onErased={onErased} />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
