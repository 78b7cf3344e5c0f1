import type { TemplateDetail } from '../../../../../src/surfaces/admin-api';
import type { Lang } from '../../i18n';
import type { TemplateTexts } from '../Templates.i18n';

/** The variables of a template kind, each a button that inserts it at the cursor (announced in a live region). */
export function TemplateVariables({ x, lang, variables, announce, onInsert }: {
  x: TemplateTexts;
  lang: Lang;
  variables: TemplateDetail['variables'];
  announce: string;
  onInsert: (name: string) => void;
}) {
  return (
    <aside className="pa-tpl-vars" aria-labelledby="pa-tpl-vars-title">
      <h3 id="pa-tpl-vars-title" className="pa-subtitle">
        {x.variables}
      </h3>
      <p id="pa-tpl-vars-hint" className="pa-hint-line">
        {x.variablesHint}
      </p>
      <ul>
        {variables.map((v) => (
          <li key={v.name}>
            <button id={`pa-tpl-var-btn-${v.name.replace('.', '-')}`} type="button" className="pa-btn pa-mono pa-tpl-var" aria-label={x.insert(`{{ ${v.name} }}`)} aria-describedby={`pa-tpl-var-${v.name.replace('.', '-')}`} onClick={() => onInsert(v.name)}>
              {`{{ ${v.name} }}`}
            </button>
            <span id={`pa-tpl-var-${v.name.replace('.', '-')}`} className="pa-hint-line">
              {v.description[lang]}
            </span>
          </li>
        ))}
      </ul>
      <p className="pa-sr" role="status" aria-live="polite">
        {announce}
      </p>
    </aside>
  );
}
