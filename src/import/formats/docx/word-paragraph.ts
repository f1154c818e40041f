import type { ColouredText } from '../../document-blocks.js';
import { highlightColour, shadingColour, textColour, type ThemeColours } from './theme-colours.js';
import type { WordNumbering } from './word-numbering.js';
import type { WordStyles } from './word-styles.js';
import { attr, child, childElements, childVal, textOf, type XmlElement } from '../office-xml.js';

/**
 * One paragraph's text as a reader sees it: accepted tracked insertions count, deletions and
 * moved-away text never do; comments, field codes and bookmarks are no text; hyperlinks, content
 * controls, smart tags and simple fields keep theirs; a text box's paragraphs follow as lines. Each
 * run keeps its colour and shading, and the paragraph its numbering label, counted in order.
 */

export interface WordContext {
  styles: WordStyles;
  numbering: WordNumbering;
  theme: ThemeColours;
}

export interface WordParagraph {
  /** Text split at line breaks; the numbering label opens the first line. */
  lines: string[];
  runs: ColouredText[];
  label: string | null;
  headingLevel: number | undefined;
  /** The paragraph's own shading (w:pPr/w:shd). */
  fill: string | null;
}

/** Elements whose content never shows: deleted or moved-away text, field instructions, properties. */
const SKIPPED = new Set(['w:del', 'w:moveFrom', 'w:delText', 'w:instrText', 'w:rPr', 'w:pPr', 'w:commentReference', 'w:footnoteReference', 'w:endnoteReference', 'mc:Fallback']);

interface Walk {
  lines: string[];
  runs: ColouredText[];
  context: WordContext;
  paragraphStyle: string | undefined;
}

function runLook(run: XmlElement, walk: Walk): { colour: string | null; fill: string | null } {
  const own = child(run, 'w:rPr');
  const chain = [own, ...walk.context.styles.runProperties(childVal(own, 'w:rStyle')), ...walk.context.styles.runProperties(walk.paragraphStyle)].filter(
    (e): e is XmlElement => e !== undefined,
  );
  const theme = walk.context.theme;
  let colour: string | null = null;
  let fill: string | null = null;
  for (const rPr of chain) {
    colour ??= textColour(child(rPr, 'w:color'), theme);
    fill ??= highlightColour(child(rPr, 'w:highlight')) ?? shadingColour(child(rPr, 'w:shd'), theme);
  }
  return { colour, fill };
}

function append(walk: Walk, text: string, look: { colour: string | null; fill: string | null }): void {
  walk.lines[walk.lines.length - 1] += text;
  const last = walk.runs.at(-1);
  if (last && last.colour === look.colour && last.fill === look.fill) last.text += text;
  else walk.runs.push({ text, ...look });
}

function walkRun(run: XmlElement, walk: Walk): void {
  const look = runLook(run, walk);
  for (const part of childElements(run)) {
    switch (part.name) {
      case 'w:t':
        append(walk, textOf(part), look);
        break;
      case 'w:tab':
      case 'w:ptab':
        append(walk, ' ', look);
        break;
      case 'w:noBreakHyphen':
        append(walk, '-', look);
        break;
      case 'w:sym':
        // A symbol-font glyph (Wingdings' filled circle): shown as one, its colour is what matters.
        append(walk, '●', look);
        break;
      case 'w:br':
      case 'w:cr':
        if (attr(part, 'w:type') !== 'page' && attr(part, 'w:type') !== 'column') walk.lines.push('');
        break;
      default:
        walkInline(part, walk);
    }
  }
}

function walkInline(el: XmlElement, walk: Walk): void {
  if (SKIPPED.has(el.name)) return;
  if (el.name === 'w:r') return walkRun(el, walk);
  if (el.name === 'w:txbxContent') {
    for (const p of childElements(el).filter((e) => e.name === 'w:p')) {
      const inner = readWordParagraph(p, walk.context);
      walk.lines.push(...inner.lines);
      walk.runs.push({ text: ' ', colour: null, fill: null }, ...inner.runs);
    }
    return;
  }
  for (const inner of childElements(el)) walkInline(inner, walk);
}

export function readWordParagraph(p: XmlElement, context: WordContext): WordParagraph {
  const pPr = child(p, 'w:pPr');
  const paragraphStyle = childVal(pPr, 'w:pStyle') ?? context.styles.defaultParagraphStyle;
  const walk: Walk = { lines: [''], runs: [], context, paragraphStyle };
  for (const el of childElements(p)) walkInline(el, walk);

  const own = child(pPr, 'w:numPr');
  const fromStyle = context.styles.numbering(paragraphStyle);
  const numId = own ? childVal(own, 'w:numId') : fromStyle?.numId;
  let label: string | null = null;
  if (numId !== undefined && numId !== '0') {
    const ownLevel = own ? childVal(own, 'w:ilvl') : undefined;
    const ilvl = ownLevel !== undefined ? Number(ownLevel) : (fromStyle?.ilvl ?? context.numbering.levelOfStyle(numId, paragraphStyle));
    label = context.numbering.next(numId, Number.isFinite(ilvl) ? ilvl : 0);
  }
  const lines = walk.lines.map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim());
  if (label !== null) lines[0] = lines[0] === '' ? label : `${label} ${lines[0]}`;
  if (label !== null) walk.runs.unshift({ text: `${label} `, colour: null, fill: null });
  return {
    lines: lines.filter((l, i) => l !== '' || i === 0),
    runs: walk.runs,
    label,
    headingLevel: context.styles.headingLevel(paragraphStyle),
    fill: shadingColour(child(pPr, 'w:shd'), context.theme),
  };
}
