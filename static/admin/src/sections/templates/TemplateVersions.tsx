import type { TemplateDetail } from '../../../../../src/surfaces/admin-api';
import type { TemplateTexts } from '../Templates.i18n';
import { ColumnHeads } from '../../../../shared/ColumnHeads';

/** The saved versions of a template, newest first; each older one can be restored. */
export function TemplateVersions(props: { x: TemplateTexts; versions: TemplateDetail['versions']; busy: boolean; dateTime: (sec: number) => string; onRestore: (version: number) => void }) {
  const { x, versions, busy, dateTime, onRestore } = props;
  return (
    <section className="pa-tpl-versions" aria-labelledby="pa-tpl-versions-title">
      <h3 id="pa-tpl-versions-title" className="pa-subtitle">
        {x.versions}
      </h3>
      {versions.length === 0 ? (
        <p className="pa-muted">{x.noVersions}</p>
      ) : (
        <table className="pa-table">
          <caption className="pa-sr">{x.versionsCaption}</caption>
          <ColumnHeads labels={[x.version, x.savedAt, x.savedBy, x.what, <span className="pa-sr">{x.actions}</span>]} />
          <tbody>
            {versions.map((v, i) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{dateTime(v.savedAt)}</td>
                <td>{v.savedByName || v.savedBy}</td>
                <td>{v.origin === 'restored' ? x.origins.restored(v.from ?? 0) : x.origins[v.origin]}</td>
                <td>
                  {i === 0 ? (
                    <span className="pa-muted">{x.current}</span>
                  ) : (
                    <button type="button" className="pa-btn" aria-disabled={busy} onClick={() => onRestore(v.version)}>
                      {x.restore(v.version)}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
