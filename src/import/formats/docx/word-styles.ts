import { attr, child, children, childVal, intVal, type XmlElement } from '../office-xml.js';

/**
 * The document's styles (word/styles.xml), as far as a plan's reading needs them: a paragraph
 * style's numbering (Word's "List Number" and numbered headings carry it in the style, not the
 * paragraph), its outline level for headings, and the run properties (colour, shading) a
 * character or paragraph style gives its text. Properties follow w:basedOn.
 */

export interface NumberingReference {
  numId: string;
  ilvl: number | null;
}

interface StyleDefinition {
  name: string;
  basedOn: string | undefined;
  numPr: Partial<NumberingReference> | null;
  outlineLevel: number | undefined;
  runProperties: XmlElement | undefined;
}

export interface WordStyles {
  /** The paragraph style used where a paragraph names none. */
  defaultParagraphStyle: string | undefined;
  /** The numbering a paragraph style gives, following basedOn. */
  numbering(styleId: string | undefined): Partial<NumberingReference> | null;
  /** 1 for "heading 1" or outline level 0 ... ; 0 for "Title"; undefined for body text. */
  headingLevel(styleId: string | undefined): number | undefined;
  /** The run-property elements a style chain gives, nearest first (<w:rPr> of the style and its bases). */
  runProperties(styleId: string | undefined): XmlElement[];
}

function numPrOf(pPr: XmlElement | undefined): Partial<NumberingReference> | null {
  const numPr = child(pPr, 'w:numPr');
  if (!numPr) return null;
  const numId = childVal(numPr, 'w:numId');
  const ilvl = intVal(numPr, 'w:ilvl');
  return { ...(numId !== undefined && { numId }), ...(ilvl !== undefined && { ilvl }) };
}

export function readStyles(root: XmlElement | null): WordStyles {
  const styles = new Map<string, StyleDefinition>();
  let defaultParagraphStyle: string | undefined;
  for (const style of children(root ?? undefined, 'w:style')) {
    const id = attr(style, 'w:styleId');
    if (!id) continue;
    const pPr = child(style, 'w:pPr');
    styles.set(id, {
      name: (childVal(style, 'w:name') ?? id).toLowerCase(),
      basedOn: childVal(style, 'w:basedOn'),
      numPr: numPrOf(pPr),
      outlineLevel: intVal(pPr, 'w:outlineLvl'),
      runProperties: child(style, 'w:rPr'),
    });
    if (attr(style, 'w:type') === 'paragraph' && ['1', 'true', 'on'].includes(attr(style, 'w:default') ?? '')) defaultParagraphStyle = id;
  }

  /** The style and its bases, nearest first; a loop in basedOn stops at the first repeat. */
  const chain = (styleId: string | undefined): StyleDefinition[] => {
    const out: StyleDefinition[] = [];
    const seen = new Set<string>();
    for (let id = styleId; id !== undefined && !seen.has(id); ) {
      seen.add(id);
      const style = styles.get(id);
      if (!style) break;
      out.push(style);
      id = style.basedOn;
    }
    return out;
  };

  return {
    defaultParagraphStyle,
    numbering: (styleId) => chain(styleId).find((s) => s.numPr !== null)?.numPr ?? null,
    headingLevel(styleId) {
      for (const style of chain(styleId)) {
        if (style.name === 'title') return 0;
        const named = /^heading\s*([1-9])$/.exec(style.name);
        if (named) return Number(named[1]);
        // Outline level 9 is body text.
        if (style.outlineLevel !== undefined && style.outlineLevel < 9) return style.outlineLevel + 1;
      }
      return undefined;
    },
    runProperties: (styleId) => chain(styleId).flatMap((s) => (s.runProperties ? [s.runProperties] : [])),
  };
}
