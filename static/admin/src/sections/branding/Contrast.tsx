import { brandContrast } from '../../../../../src/domain/contrast';
import type { SettingsTexts } from '../settings.i18n';
import { COLOR } from './branding-form';

/** Contrast figures for the colour being edited, and what the app does about a failing one. */
export function Contrast({ s, color, lang }: { s: SettingsTexts; color: string; lang: 'en' | 'de' }) {
  const b = s.branding;
  if (!COLOR.test(color)) return null;
  const c = brandContrast(color);
  const fmt = (n: number) => (lang === 'de' ? n.toFixed(2).replace('.', ',') : n.toFixed(2));
  const warn = !c.whiteOk || !c.linkOk;
  return (
    <div className="pa-contrast" id="pa-contrast">
      <p className="pa-label">{b.contrastHeading}</p>
      <div className="pa-contrast-preview" aria-hidden="true">
        <span className="pa-swatch-button" style={{ background: color, color: c.buttonText }}>
          {b.previewButton}
        </span>
        <span className="pa-swatch-link" style={{ color: c.linkColor }}>
          {b.previewLink}
        </span>
      </div>
      <ul className="pa-contrast-list">
        <li>{b.whiteText(fmt(c.whiteRatio), c.whiteOk)}</li>
        <li>{b.buttonText(c.buttonText === '#000000', fmt(c.buttonRatio))}</li>
        <li>
          {b.linkText(fmt(c.linkRatio), c.linkOk)}
          {!c.linkOk && <> {b.linkFallback}</>}
        </li>
      </ul>
      {warn && (
        <p className="pa-notice pa-notice--warning" id="pa-contrast-warning">
          {b.contrastWarning}
        </p>
      )}
    </div>
  );
}
