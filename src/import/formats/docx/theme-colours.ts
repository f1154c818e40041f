import { hexColour } from '../../../plan/rag-colour.js';
import { attr, child, childElements, type XmlElement } from './word-xml.js';

/**
 * The document theme's colour scheme (word/theme/theme1.xml), for shading and text written as a
 * theme colour ("accent4" with a tint) rather than as hex. Word usually writes the hex beside the
 * theme name; this is for when it does not.
 */
export type ThemeColours = ReadonlyMap<string, string>;

/** Word's names for the scheme's slots (themeColor="text1" is the scheme's dk1). */
const ALIASES: Record<string, string> = { text1: 'dk1', background1: 'lt1', text2: 'dk2', background2: 'lt2', dark1: 'dk1', light1: 'lt1', dark2: 'dk2', light2: 'lt2', hyperlink: 'hlink', followedHyperlink: 'folHlink' };

export function readThemeColours(theme: XmlElement | null): ThemeColours {
  const scheme = child(child(theme ?? undefined, 'a:themeElements'), 'a:clrScheme');
  const colours = new Map<string, string>();
  for (const slot of scheme ? childElements(scheme) : []) {
    const srgb = attr(child(slot, 'a:srgbClr'), 'val') ?? attr(child(slot, 'a:sysClr'), 'lastClr');
    const hex = srgb ? hexColour(srgb) : null;
    if (hex) colours.set(slot.name.replace(/^a:/, ''), hex);
  }
  return colours;
}

function channel(hex: string, i: number): number {
  return Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

/** A theme colour with Word's tint (towards white) or shade (towards black), each a hex byte. */
export function themeColour(theme: ThemeColours, name: string | undefined, tint?: string, shade?: string): string | null {
  if (!name) return null;
  const base = theme.get(ALIASES[name] ?? name);
  if (!base) return null;
  const t = tint ? Number.parseInt(tint, 16) / 255 : null;
  const s = shade ? Number.parseInt(shade, 16) / 255 : null;
  const out = [0, 1, 2].map((i) => {
    let c = channel(base, i);
    if (t !== null) c = c * t + 255 * (1 - t);
    if (s !== null) c = c * s;
    return Math.round(Math.max(0, Math.min(255, c))).toString(16).padStart(2, '0');
  });
  return out.join('').toUpperCase();
}

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
