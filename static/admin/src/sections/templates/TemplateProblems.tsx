import type { TemplatePart, TemplateProblem } from '../../../../../src/surfaces/admin-api';
import type { TemplateTexts } from '../Templates.i18n';

/** The problems of the draft, each a link to its place (part, line and column) in the editor. */
export function TemplateProblems({ x, problems, fieldIds, onGoTo }: {
  x: TemplateTexts;
  problems: TemplateProblem[];
  fieldIds: Record<TemplatePart, string>;
  onGoTo: (problem: TemplateProblem, event: React.MouseEvent) => void;
}) {
  return (
    <div className="pa-notice pa-notice--error pa-tpl-problems" role="group" aria-labelledby="pa-tpl-problems-title">
      <h3 id="pa-tpl-problems-title" className="pa-subtitle">
        {x.problemsTitle(problems.length)}
      </h3>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.part}-${p.code}-${i}`}>
            <a id={`pa-tpl-problem-${i}`} href={`#${fieldIds[p.part]}`} onClick={(e) => onGoTo(p, e)}>
              {x.problemAt(x.parts[p.part], p.line, p.column)}
            </a>
            {': '}
            {x.problemCodes[p.code]}
            {p.variable ? ` (${p.variable})` : p.code === 'syntax' || p.code === 'render' ? ` (${p.message})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
