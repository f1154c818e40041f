import { parseRagLegend, SAYS_COMPLETE, titleCase, type Rag, type RagLegendEntry } from '../plan/rag.js';
import { colourNamed, nameOfColour, usualMeaning, type ColourName, type HexColour } from '../plan/rag-colour.js';
import type { CellLook, ColouredText } from './document-blocks.js';

/*
 * A plan's key as Word and Excel plans show it: a small table of coloured cells with their meanings
 * ("[red cell] | Significant concerns"), cells that each hold a coloured term ("Red – off track"),
 * or a line of coloured symbols ("● Significant concerns ● Some slippage ● On track"). Each entry
 * keeps the exact colour shown, so the plan's cells are matched to the key's own colours.
 */

/** A paragraph that announces a key: "Key", "RAG key", "Legend", "RAG rating key:". */
const KEY_HEADING = /^\s*(?:rag\s+)?(?:rating\s+|status\s+)?(?:key|legend)\b\s*:?\s*$/i;
/** The header row of a key table: "RAG | Meaning", "Colour | Definition", "Status | Description". */
const KEY_HEADER_WORDS = /^(rag( status| rating| key)?|colou?r|status|rating|key|meaning|definition|description|what it means|criteria)$/i;
/** More words than a key's meaning takes: a row of a plan, not of its key. */
const KEY_WORDS_MAX = 24;

export function isKeyHeading(text: string): boolean {
  return KEY_HEADING.test(text.replace(/\*+/g, ''));
}

export function isKeyHeaderRow(texts: readonly string[]): boolean {
  const filled = texts.filter((t) => t.trim() !== '');
  return filled.length >= 1 && filled.length <= 3 && filled.every((t) => KEY_HEADER_WORDS.test(t.trim().replace(/[:.]$/, '')));
}

/** The colour a swatch shows, named; a fill near no named colour keeps its hex as its name. */
function swatchName(hex: HexColour): { label: string; name: ColourName | null } {
  const named = nameOfColour(hex);
  return named ? { label: titleCase(named.name), name: named.name } : { label: `#${hex}`, name: null };
}

/** The RAG a key entry stands for: its meaning saying complete, a status term, else its colour's usual meaning. */
function entryRag(term: string, name: ColourName | null, meaning: string): Rag | null {
  if (SAYS_COMPLETE.test(term) || SAYS_COMPLETE.test(meaning)) return 'Complete';
  const named = colourNamed(term);
  if (named) return usualMeaning(named);
  return name ? usualMeaning(name) : null;
}

/** One key entry from a swatch and the words beside it ("Red – significant concerns", or only "Significant concerns"). */
function entryFrom(swatch: HexColour, text: string): RagLegendEntry {
  const words = text.replace(/\s+/g, ' ').trim();
  const parsed = parseRagLegend(words);
  if (parsed.length === 1 && words.toLowerCase().startsWith(parsed[0]!.colour.toLowerCase())) return { ...parsed[0]!, swatch };
  const { label, name } = swatchName(swatch);
  // A swatch cell may also name itself ("Amber"), and the meaning sit beside it.
  const term = /^(light green|dark green|red|amber|green|blue|purple|orange|yellow|grey|gray|complete|completed|closed)(?:\s*[-–—:=]\s*|$)/i.exec(words);
  const meaning = term ? words.slice(term[0].length).trim() : words;
  const colour = term ? titleCase(term[1]!) : label;
  return { rag: entryRag(term?.[1] ?? '', name, meaning), colour, meaning, swatch };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * The key entries a table row holds, or null when it is not a key row: a row of a few short cells
 * where coloured cells stand for what the other cells (or their own text) say.
 */
export function keyEntriesOfRow(texts: readonly string[], looks: readonly CellLook[]): RagLegendEntry[] | null {
  const filled = texts.map((t, i) => ({ text: t.replace(/\s+/g, ' ').trim(), fill: looks[i]?.fill ?? null })).filter((c) => c.text !== '' || c.fill !== null);
  if (filled.length === 0 || filled.length > 6) return null;
  if (filled.some((c) => wordCount(c.text) > KEY_WORDS_MAX)) return null;
  const swatches = filled.filter((c) => c.fill !== null && nameOfColour(c.fill)?.name !== 'white');
  if (swatches.length === 0) return null;
  // Several coloured cells with their own words: each is an entry ("Red – off track" | "Amber – at risk").
  if (swatches.length > 1 && swatches.every((c) => c.text !== '')) return swatches.map((c) => entryFrom(c.fill!, c.text));
  if (swatches.length > 1) return null;
  const swatch = swatches[0]!;
  const words = filled.map((c) => c.text).filter(Boolean).join(' – ');
  if (words === '') return null;
  return [entryFrom(swatch.fill!, words)];
}

/**
 * Key entries from a line of coloured runs: each coloured run (a "●", "■" or a colour word) starts
 * an entry and the plain text after it is its meaning. Empty when the line has fewer than two.
 */
export function keyEntriesOfRuns(runs: readonly ColouredText[]): RagLegendEntry[] {
  const entries: { swatch: HexColour; text: string }[] = [];
  for (const run of runs) {
    const colour = run.fill ?? run.colour;
    const named = colour ? nameOfColour(colour) : null;
    if (colour && named && named.name !== 'white' && named.name !== 'black' && run.text.trim() !== '') {
      const symbol = !/[\p{L}\p{N}]/u.test(run.text);
      entries.push({ swatch: colour, text: symbol ? '' : run.text });
    } else if (entries.length > 0) {
      entries.at(-1)!.text += run.text;
    }
  }
  if (entries.length < 2) return [];
  return entries.map((e) => entryFrom(e.swatch, e.text.replace(/^[\s:;,.\-–—=]+|[\s;,.]+$/g, '')));
}

/**
 * Joins what a key line says in words with the colours its runs show: a text entry whose colour
 * a run shows takes that run's exact colour as its swatch.
 */
export function withSwatches(entries: readonly RagLegendEntry[], runs: readonly ColouredText[]): RagLegendEntry[] {
  return entries.map((entry) => {
    const named = colourNamed(entry.colour);
    const run = runs.find((r) => {
      const colour = r.fill ?? r.colour;
      return colour !== null && r.text.toLowerCase().includes(entry.colour.toLowerCase()) && (named === null || nameOfColour(colour)?.name === named);
    });
    const swatch = run ? (run.fill ?? run.colour) : null;
    return swatch ? { ...entry, swatch } : entry;
  });
}
