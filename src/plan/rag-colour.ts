import { differenceCiede2000 } from 'culori';
import type { Rag, RagLegendEntry } from './rag.js';

/**
 * Reading RAG from colour. Most Word and Excel plans show RAG only as a cell's shading or a coloured
 * "●", and no two documents use the same hex: "FFC000", "FFBF00" and "F79646" are all amber to the
 * board that wrote them. A colour is matched by perceptual distance (CIEDE2000), first to the plan's
 * own key (the exact colours its key table or coloured key words show), then to the named colours
 * plans use, whose usual meanings stand when the key does not name them. A colour near none of
 * them is not guessed: the caller refuses it and says which colour, where.
 */

/** Six upper-case hex digits, no '#'. */
export type HexColour = string;

export type ColourName = 'red' | 'amber' | 'yellow' | 'green' | 'light green' | 'dark green' | 'blue' | 'purple' | 'grey' | 'black' | 'white';

/**
 * The colours plans use, each with the shades Word's and Excel's palettes give it (standard colours,
 * theme accents of Office 2007-2013+, Excel's Good/Neutral/Bad and colour-scale fills).
 */
const PALETTE: readonly { name: ColourName; samples: readonly HexColour[] }[] = [
  { name: 'red', samples: ['FF0000', 'C00000', 'CC0000', '990000', 'E60000', 'FF3333', 'E06666', 'F8696B', 'FFC7CE', 'DA3B3B'] },
  { name: 'amber', samples: ['FFC000', 'FFBF00', 'F79646', 'FFA500', 'FF9900', 'FFCC00', 'ED7D31', 'F4B183', 'FFD966', 'FFEB9C', 'FFB74D'] },
  { name: 'yellow', samples: ['FFFF00', 'FFFF66', 'FFFF99', 'FFE699', 'FFF2CC'] },
  { name: 'green', samples: ['00B050', '00FF00', '008000', '70AD47', '00A651', '00CC00', '33CC33'] },
  { name: 'light green', samples: ['92D050', 'C6EFCE', 'A9D08E', '90EE90', 'C5E0B4', '63BE7B', 'CCFFCC', 'E2EFDA'] },
  { name: 'dark green', samples: ['006100', '375623', '006400', '00703C', '385723', '003300'] },
  { name: 'blue', samples: ['0070C0', '0000FF', '00B0F0', '4472C4', '5B9BD5', '2E75B6', '1F4E79', '9BC2E6', 'BDD7EE', '8EA9DB', '4F81BD', '3366FF'] },
  { name: 'purple', samples: ['7030A0', '800080', 'B1A0C7', '8064A2', 'CC99FF', '9966FF', 'CCC0DA', '993366'] },
  { name: 'grey', samples: ['808080', 'A6A6A6', 'BFBFBF', 'D9D9D9', 'D0CECE', '7F7F7F', '595959', 'C0C0C0', 'E7E6E6'] },
  { name: 'black', samples: ['000000', '262626', '0D0D0D'] },
  { name: 'white', samples: ['FFFFFF', 'F2F2F2', 'FAFAFA'] },
];

/** What each colour means when the plan's key does not say: blue is "complete" in BRAG plans; the rest carry no RAG. */
const USUAL_MEANING: Record<ColourName, Rag | null> = {
  red: 'Red',
  amber: 'Amber',
  yellow: 'Amber',
  green: 'Green',
  'light green': 'Green',
  'dark green': 'Green',
  blue: 'Complete',
  purple: null,
  grey: null,
  black: null,
  white: null,
};

/** The family a shade belongs to, for a key that names only "Green" or "Amber". */
const FAMILY: Partial<Record<ColourName, ColourName>> = { 'light green': 'green', 'dark green': 'green', yellow: 'amber' };

/** Beyond this distance from every sample a colour has no name (the shades above are 10-25 apart). */
const NAMED_WITHIN = 16;
/** A plan's key shows few, distinct colours: the nearest one within this distance is the one meant. */
const KEY_WITHIN = 24;

const distance = differenceCiede2000();
const css = (hex: HexColour): string => `#${hex}`;

/** Normalises "#ffc000" or "ffc000" to "FFC000"; null for anything that is not a six-digit hex colour. */
export function hexColour(value: string): HexColour | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(value.trim());
  return m ? m[1]!.toUpperCase() : null;
}

/** A plan has a handful of distinct colours over thousands of cells: each is measured once. */
const names = new Map<HexColour, { name: ColourName; distance: number } | null>();

/** The named colour a hex colour is, with how far it is from that name's nearest shade; null when near none. */
export function nameOfColour(hex: HexColour): { name: ColourName; distance: number } | null {
  if (!names.has(hex)) names.set(hex, measureName(hex));
  return names.get(hex)!;
}

function measureName(hex: HexColour): { name: ColourName; distance: number } | null {
  let best: { name: ColourName; distance: number } | null = null;
  for (const entry of PALETTE) {
    for (const sample of entry.samples) {
      const d = distance(css(hex), css(sample));
      if (best === null || d < best.distance) best = { name: entry.name, distance: d };
    }
  }
  return best !== null && best.distance <= NAMED_WITHIN ? best : null;
}

/** A colour word as a key writes it ("Amber", "light green", "Dark Green") as a palette name, or null. */
export function colourNamed(word: string): ColourName | null {
  const w = word.toLowerCase().replace(/\s+/g, ' ').trim();
  if (w === 'orange') return 'amber';
  if (w === 'gray') return 'grey';
  return PALETTE.some((p) => p.name === w) ? (w as ColourName) : null;
}

export function usualMeaning(name: ColourName): Rag | null {
  return USUAL_MEANING[name];
}

/** A colour read as RAG, with why whenever the reading was not the key's own exact colour. */
export type ColourReading =
  | { kind: 'rag'; rag: Rag; colour: ColourName | null; note: string | null }
  /** The key or usual meaning gives this colour no RAG (purple "update required", grey). */
  | { kind: 'no-rag'; colour: ColourName | null; note: string }
  /** Near no colour plans use and no colour of the key. */
  | { kind: 'unknown'; hex: HexColour };

function keyLabel(entry: RagLegendEntry): string {
  return entry.meaning ? `${entry.colour} ("${entry.meaning}")` : entry.colour;
}

/**
 * What a colour means in this plan: the key's nearest swatch when one is near; else the key's entry
 * for the colour's name (or its family: a key's "Green" covers light green); else the colour's usual
 * meaning, said to be so.
 */
const readings = new WeakMap<readonly RagLegendEntry[], Map<HexColour, ColourReading>>();

export function readColour(hex: HexColour, legend: readonly RagLegendEntry[]): ColourReading {
  const known = readings.get(legend) ?? new Map<HexColour, ColourReading>();
  readings.set(legend, known);
  if (!known.has(hex)) known.set(hex, measureColour(hex, legend));
  return known.get(hex)!;
}

function measureColour(hex: HexColour, legend: readonly RagLegendEntry[]): ColourReading {
  const named = nameOfColour(hex);
  let nearest: { entry: RagLegendEntry; d: number } | null = null;
  for (const entry of legend) {
    if (!entry.swatch) continue;
    const d = distance(css(hex), css(entry.swatch));
    if (nearest === null || d < nearest.d) nearest = { entry, d };
  }
  const fromEntry = (entry: RagLegendEntry, how: string | null): ColourReading =>
    entry.rag === null
      ? { kind: 'no-rag', colour: named?.name ?? null, note: `the plan's key has ${keyLabel(entry)} for this colour (${hex}), not a RAG status` }
      : { kind: 'rag', rag: entry.rag, colour: named?.name ?? null, note: how };
  if (nearest !== null && nearest.d <= KEY_WITHIN) {
    // Shades a reader cannot tell apart need no word; a visibly different one is worth a look.
    const visible = nearest.d > 8;
    return fromEntry(nearest.entry, visible ? `colour ${hex} read as the key's ${keyLabel(nearest.entry)}, the nearest of its colours` : null);
  }
  if (named === null) return { kind: 'unknown', hex };

  const byName = legend.find((e) => colourNamed(e.colour) === named.name);
  if (byName) return fromEntry(byName, null);
  const byFamily = legend.find((e) => colourNamed(e.colour) === FAMILY[named.name]);
  if (byFamily) return fromEntry(byFamily, `colour ${hex} (${named.name}) read as the key's ${keyLabel(byFamily)}`);

  const usual = USUAL_MEANING[named.name];
  const keyNote = legend.length > 0 ? `the plan's key does not show ${named.name}` : 'the plan has no key';
  if (usual === null) return { kind: 'no-rag', colour: named.name, note: `colour ${hex} (${named.name}) is no RAG status and ${keyNote}` };
  const plain = legend.length === 0 && ['red', 'amber', 'green'].includes(named.name);
  return { kind: 'rag', rag: usual, colour: named.name, note: plain ? null : `colour ${hex} (${named.name}) read as ${usual}, its usual meaning: ${keyNote}` };
}
