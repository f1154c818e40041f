import { hexColour } from '../../../plan/rag-colour.js';
import { themeColour, type ThemeColours } from '../office-theme.js';
import { attr, child, type XmlElement } from '../office-xml.js';

export type { ThemeColours };

/** A <w:color>: its hex, or its theme colour when Word wrote only that; automatic and black are no colour. */
export function textColour(color: XmlElement | undefined, theme: ThemeColours): string | null {
  if (!color) return null;
  const hex = hexColour(attr(color, 'w:val') ?? '') ?? themeColour(theme, attr(color, 'w:themeColor'), attr(color, 'w:themeTint'), attr(color, 'w:themeShade'));
  return hex === null || hex === '000000' ? null : hex;
}

/** Patterns that are no fill at all, and the plain fill ("clear" shows only the fill colour). */
const NO_FILL = new Set(['nil', 'none']);
const SOLID = new Set(['solid']);

/**
 * A <w:shd>: the colour a reader sees. "clear" shows the fill; "solid" the pattern colour; other
 * patterns (pct50, diagonal stripes) mostly show the fill, or the pattern colour over an automatic
 * fill. White and automatic are no colour.
 */
export function shadingColour(shd: XmlElement | undefined, theme: ThemeColours): string | null {
  if (!shd) return null;
  const pattern = attr(shd, 'w:val') ?? 'clear';
  if (NO_FILL.has(pattern)) return null;
  const fill = hexColour(attr(shd, 'w:fill') ?? '') ?? themeColour(theme, attr(shd, 'w:themeFill'), attr(shd, 'w:themeFillTint'), attr(shd, 'w:themeFillShade'));
  const patternColour = hexColour(attr(shd, 'w:color') ?? '') ?? themeColour(theme, attr(shd, 'w:themeColor'), attr(shd, 'w:themeTint'), attr(shd, 'w:themeShade'));
  const seen = SOLID.has(pattern) ? patternColour : pattern === 'clear' ? fill : (fill ?? patternColour);
  return seen === null || seen === 'FFFFFF' ? null : seen;
}

/** Word's named highlight colours. */
const HIGHLIGHTS: Record<string, string> = {
  yellow: 'FFFF00', green: '00FF00', red: 'FF0000', darkGreen: '008000', darkYellow: '808000', cyan: '00FFFF', blue: '0000FF',
  magenta: 'FF00FF', darkRed: '800000', darkBlue: '000080', darkCyan: '008080', darkMagenta: '800080', lightGray: 'C0C0C0', darkGray: '808080',
};

export function highlightColour(highlight: XmlElement | undefined): string | null {
  const name = attr(highlight, 'w:val');
  return name ? (HIGHLIGHTS[name] ?? null) : null;
}
