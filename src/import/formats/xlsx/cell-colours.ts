import { z } from 'zod';
import { hexColour } from '../../../plan/rag-colour.js';
import { excelThemeColour, type ThemeColours } from '../office-theme.js';

/*
 * Colours of Excel cells, as exceljs hands them over: ARGB hex, a theme index with a tint, or an
 * index into Excel's legacy 64-colour palette. Parsed once here; fills from conditional formats are
 * not read (they depend on rules evaluated by Excel, and a plan's RAG is a fill or a word).
 */

const colourSchema = z.object({ argb: z.string().optional(), theme: z.number().optional(), tint: z.number().optional(), indexed: z.number().optional() });
const fontSchema = z.object({ color: z.unknown() });
const patternFillSchema = z.object({ type: z.literal('pattern'), pattern: z.string(), fgColor: colourSchema.optional(), bgColor: colourSchema.optional() });

/** Excel's default indexed palette (ECMA-376 18.8.27); 64 and 65 are the system text and window colours. */
const INDEXED = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080',
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF',
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
  '000000', 'FFFFFF',
];

function colourOf(value: unknown, theme: ThemeColours): string | null {
  const parsed = colourSchema.safeParse(value);
  if (!parsed.success) return null;
  const { argb, theme: index, tint, indexed } = parsed.data;
  if (argb) return hexColour(argb.slice(-6));
  if (index !== undefined) return excelThemeColour(theme, index, tint ?? 0);
  if (indexed !== undefined) return INDEXED[indexed] ?? null;
  return null;
}

/** The colour a solid (or patterned) fill shows; none and white are no fill. */
export function fillColour(fill: unknown, theme: ThemeColours): string | null {
  if (fill === undefined || fill === null) return null;
  const parsed = patternFillSchema.safeParse(fill);
  if (!parsed.success || parsed.data.pattern === 'none') return null;
  const colour = colourOf(parsed.data.fgColor, theme) ?? colourOf(parsed.data.bgColor, theme);
  return colour === null || colour === 'FFFFFF' ? null : colour;
}

/** A font's colour; automatic and black are no colour. */
export function fontColour(font: unknown, theme: ThemeColours): string | null {
  if (font === undefined || font === null) return null;
  const color = fontSchema.safeParse(font);
  if (!color.success) return null;
  const colour = colourOf(color.data.color, theme);
  return colour === null || colour === '000000' ? null : colour;
}
