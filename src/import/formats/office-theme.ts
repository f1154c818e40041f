import { hexColour } from '../../plan/rag-colour.js';
import { attr, child, childElements, type XmlElement } from './office-xml.js';

/**
 * An Office document's theme colour scheme (word/theme/theme1.xml, xl/theme/theme1.xml), for
 * shading and text written as a theme colour ("accent4" with a tint) rather than as hex. Word
 * usually writes the hex beside the theme name; Excel often writes only the theme.
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


/** Excel's theme colour indexes, in its order (it swaps the dark and light pairs against the scheme). */
const EXCEL_THEME_ORDER = ['lt1', 'dk1', 'lt2', 'dk2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];

/** An Excel theme colour (index, tint from -1 darker to 1 lighter). */
export function excelThemeColour(theme: ThemeColours, index: number, tint = 0): string | null {
  const base = theme.get(EXCEL_THEME_ORDER[index] ?? '');
  if (!base) return null;
  const out = [0, 1, 2].map((i) => {
    const c = channel(base, i);
    const v = tint >= 0 ? c + (255 - c) * tint : c * (1 + tint);
    return Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0');
  });
  return out.join('').toUpperCase();
}
