import type { RichTextBlock, Spacing, TextColor, TextRun } from './adaptive-card.js';

/*
 * People's words (action text, updates, names, timescales as written) go on a card in TextRuns:
 * the schema says a TextRun's text is not markdown, so "**", "[link](...)" or "- " in an update are
 * shown as typed, never turned into formatting or links (DESIGN.md, "Text from people is text").
 */

export function run(text: string, style: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text, ...style };
}

/** A label the bot writes, then a value as someone wrote it: "Outcome: ...". */
export function labelled(label: string, value: string, options: { spacing?: Spacing; color?: TextColor; subtle?: boolean } = {}): RichTextBlock {
  const valueStyle: Omit<TextRun, 'type' | 'text'> = {};
  if (options.color) valueStyle.color = options.color;
  if (options.subtle) valueStyle.isSubtle = true;
  return paragraph([run(`${label}: `, { weight: 'Bolder' }), run(value, valueStyle)], options.spacing);
}

export function paragraph(inlines: TextRun[], spacing?: Spacing): RichTextBlock {
  return spacing ? { type: 'RichTextBlock', inlines, spacing } : { type: 'RichTextBlock', inlines };
}

/** Text as written, one block, for a whole update or action text. */
export function plain(text: string, style: Omit<TextRun, 'type' | 'text'> = {}, spacing?: Spacing): RichTextBlock {
  return paragraph([run(text, style)], spacing);
}

/** Words on one line, whitespace tidied, cut with "…" past `max` characters (a list's row, a preview line). */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
