import type { HexColour } from '../../plan/rag-colour.js';
import type { Rag, RagLegendEntry } from '../../plan/rag.js';

/**
 * The colours a RAG cell is shaded with on the board's paper. The plan's own key comes first: a
 * board that shades amber as FFBF00 gets FFBF00 back. Without a key colour, Office's standard red,
 * amber (gold), green and blue, the shades the importer reads as those statuses. "Not set" is no
 * colour: an unshaded cell is what the board's own documents show for it.
 */
const USUAL: Record<Rag, HexColour | null> = { Red: 'FF0000', Amber: 'FFC000', Green: '00B050', Complete: '0070C0', 'Not set': null };

export interface RagFill {
  background: HexColour;
  /** Black or white, whichever reads better on the background (WCAG contrast). */
  text: HexColour;
}

/** WCAG relative luminance of a six-digit hex colour. */
function luminance(hex: HexColour): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** Black text when it contrasts more than white: (L + 0.05) / 0.05 against 1.05 / (L + 0.05). */
function textOn(background: HexColour): HexColour {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '000000' : 'FFFFFF';
}

/** How a RAG cell is shaded in this plan, or null for no shading. */
export function ragFill(rag: Rag, legend: readonly RagLegendEntry[]): RagFill | null {
  const background = legend.find((e) => e.rag === rag && e.swatch !== undefined)?.swatch ?? USUAL[rag];
  return background === null ? null : { background, text: textOn(background) };
}
