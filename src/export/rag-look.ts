import type { Rag, RagLegendEntry } from '../plan/rag.js';
import { colourNamed, type ColourName, type HexColour } from '../plan/rag-colour.js';

/**
 * How a RAG is shown on paper: always its word, and the shading the plan's own key gives it. A key
 * entry with the exact colour it shows (a shaded key cell) lends that colour; one that only names
 * a colour ("Amber") lends the light tint of it Word's and Excel's palettes use for the same
 * meaning, which black text reads on; a plan whose key leaves a RAG out takes the usual tint.
 * Each tint reads back through the importer's colour matching as the same RAG.
 */
const TINTS: Partial<Record<ColourName, HexColour>> = {
  red: 'FFC7CE',
  amber: 'FFEB9C',
  yellow: 'FFF2CC',
  green: 'C6EFCE',
  'light green': 'C6EFCE',
  'dark green': '00703C',
  blue: 'BDD7EE',
  purple: 'CCC0DA',
  grey: 'D9D9D9',
};

const USUAL: Record<Rag, HexColour | null> = { Red: 'FFC7CE', Amber: 'FFEB9C', Green: 'C6EFCE', Complete: 'BDD7EE', 'Not set': null };

export interface RagLook {
  /** What the cell says: the RAG itself, so colour is never the only sign. */
  word: string;
  /** Six hex digits, or null for no shading. */
  fill: HexColour | null;
  /** Black or white, whichever reads better on the fill. */
  text: HexColour;
}

export function fillOfEntry(entry: RagLegendEntry): HexColour | null {
  if (entry.swatch) return entry.swatch;
  const named = colourNamed(entry.colour);
  return named ? (TINTS[named] ?? null) : entry.rag ? USUAL[entry.rag] : null;
}

/**
 * A RAG's look in a plan. Where the plan's key gives the RAG's own word to another ("Green –
 * complete"), the word would read as that one, so the cell says the RAG's letter ("G"), which no
 * key redefines.
 */
export function ragLook(rag: Rag, legend: readonly RagLegendEntry[]): RagLook {
  const entry = legend.find((e) => e.rag === rag);
  const fill = rag === 'Not set' ? null : ((entry ? fillOfEntry(entry) : null) ?? USUAL[rag]);
  const taken = legend.some((e) => e.colour.toLowerCase() === rag.toLowerCase() && e.rag !== rag);
  return { word: taken ? rag[0]! : rag, fill, text: fill === null ? '000000' : readableOn(fill) };
}

/** The key a document shows: the plan's own, or the usual meanings when it has none. */
export function keyOf(legend: readonly RagLegendEntry[]): RagLegendEntry[] {
  if (legend.length > 0) return [...legend];
  return [
    { rag: 'Red', colour: 'Red', meaning: 'significant concerns, action needed' },
    { rag: 'Amber', colour: 'Amber', meaning: 'some slippage or risk' },
    { rag: 'Green', colour: 'Green', meaning: 'on track' },
    { rag: 'Complete', colour: 'Blue', meaning: 'complete' },
  ];
}

/** Black or white text on a fill, by WCAG contrast: whichever contrasts more. */
export function readableOn(fill: HexColour): HexColour {
  const channel = (i: number): number => {
    const c = parseInt(fill.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '000000' : 'FFFFFF';
}
