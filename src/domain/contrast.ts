/**
 * WCAG 2.x contrast for the brand colour: the primary button's text (black or white, whichever contrasts
 * more) and the colour used as link text on white. AA for normal text needs 4.5:1.
 */
export const AA_NORMAL_TEXT = 4.5;
const WHITE = '#FFFFFF';
const BLACK = '#000000';
/** The link colour the customer pages fall back to when the brand colour is too light for links (5.2:1). */
export const FALLBACK_LINK_COLOR = '#0C66E4';

/** Relative luminance of a `#RRGGBB` colour (WCAG 2.x definition). */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** Contrast ratio between two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with the colour behind it. */
export function buttonTextColor(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, BLACK) ? WHITE : BLACK;
}

export interface BrandContrast {
  /** White text on the brand colour: what most brands expect on their buttons. */
  whiteRatio: number;
  whiteOk: boolean;
  /**
   * The text colour the app puts on primary buttons: black or white, whichever contrasts more. One of the
   * two always reaches at least 4.58:1, so buttons always pass AA; when white fails, the app uses black.
   */
  buttonText: string;
  /** Contrast of that text on the brand colour. */
  buttonRatio: number;
  buttonOk: boolean;
  /** Contrast of the brand colour as text on white (links, language switch). */
  linkRatio: number;
  linkOk: boolean;
  /** The colour the customer pages use for links: the brand colour when it passes, else the fallback. */
  linkColor: string;
}

/** What the app does with a brand colour, and whether it meets WCAG AA (ratios rounded to 2 decimals). */
export function brandContrast(primary: string): BrandContrast {
  const buttonText = buttonTextColor(primary);
  const buttonRatio = contrastRatio(primary, buttonText);
  const linkRatio = contrastRatio(primary, WHITE);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    whiteRatio: round(linkRatio),
    whiteOk: linkRatio >= AA_NORMAL_TEXT,
    buttonText,
    buttonRatio: round(buttonRatio),
    buttonOk: buttonRatio >= AA_NORMAL_TEXT,
    linkRatio: round(linkRatio),
    linkOk: linkRatio >= AA_NORMAL_TEXT,
    linkColor: linkRatio >= AA_NORMAL_TEXT ? primary.toUpperCase() : FALLBACK_LINK_COLOR,
  };
}
