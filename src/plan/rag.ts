/** RAG status values, spelt as SharePoint's Choice column and every screen show them. */
export const RAG_VALUES = ['Red', 'Amber', 'Green', 'Complete', 'Not set'] as const;
export type Rag = (typeof RAG_VALUES)[number];

export function isRag(value: string): value is Rag {
  return (RAG_VALUES as readonly string[]).includes(value);
}

/** A RAG as read from a document: the value, what was written, and why when it is not plain. */
export interface RagReading {
  rag: Rag;
  asWritten: string;
  note: string | null;
}

/** One line of a plan's RAG legend ("RED – at risk (high)", "Purple notes updates are required"). */
export interface RagLegendEntry {
  /** The RAG value the colour stands for, or null for a colour outside RAG (purple). */
  rag: Rag | null;
  /** The key's term as written, title-cased: a colour ("Amber", "Light green") or a status ("Complete"). */
  colour: string;
  meaning: string;
  /** The exact colour the key shows for it (a shaded key cell, a coloured "●"), six hex digits; absent when the key only names it. */
  swatch?: string;
}

/*
 * Reading RAG cells and legends. A cell may hold a word ("AMBER"), a letter ("A"), two statuses
 * ("Amber/Green": the worse is taken, and said), a status with words ("Green – complete": read as
 * Complete, because the words say so), or only a symbol whose colour the export lost ("●": Not set,
 * and said). A plan's legend can give a colour its own meaning: where it says green means
 * complete, a Green cell reads as Complete.
 */

const WORSE_FIRST: readonly Rag[] = ['Red', 'Amber', 'Green', 'Complete'];

/** Red and amber first: the order a board looks at its plan in (Not set between amber and green: unknown is a concern). */
const SEVERITY: Record<Rag, number> = { Red: 0, Amber: 1, 'Not set': 2, Green: 3, Complete: 4 };

export function ragSeverity(rag: Rag): number {
  return SEVERITY[rag];
}

const COLOURS: Record<string, Rag | null> = {
  red: 'Red',
  r: 'Red',
  amber: 'Amber',
  a: 'Amber',
  orange: 'Amber',
  yellow: 'Amber',
  green: 'Green',
  g: 'Green',
  blue: 'Complete',
  b: 'Complete',
  complete: 'Complete',
  completed: 'Complete',
  c: 'Complete',
  closed: 'Complete',
  done: 'Complete',
  purple: null,
  grey: null,
  gray: null,
  black: null,
  white: null,
  pink: null,
  brown: null,
};

/** Words that say an action is done, wherever a plan writes them (a RAG cell, a key's meaning, an update). */
export const SAYS_COMPLETE = /\b(?:complete|completed|closed|done|achieved|finished)\b/i;

/** A key's term as shown: "Amber", "Light green". */
export function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** A RAG cell read as one of the RAG values, with a note whenever the cell was not plainly one. */
export function readRag(asWritten: string, legend: readonly RagLegendEntry[] = []): RagReading {
  const written = asWritten.replace(/[\s\u00a0]+/g, ' ').trim();
  const reading = (rag: Rag, note: string | null): RagReading => ({ rag, asWritten: written, note });
  if (written === '') return reading('Not set', null);
  if (!/[\p{L}\p{N}]/u.test(written)) return reading('Not set', `colour lost in the export (shown as ${written})`);

  const tokens = written.toLowerCase().match(/\p{L}+/gu) ?? [];
  // Single letters are statuses only when the cell is nothing else ("A", "A/G"); in words, "a" is an article.
  const lettersOnly = tokens.every((t) => t.length === 1);
  const named: Rag[] = [];
  const unknown: string[] = [];
  const legendNotes: string[] = [];
  for (const token of tokens) {
    if (!(token in COLOURS) || (token.length === 1 && !lettersOnly)) {
      unknown.push(token);
      continue;
    }
    const entry = token.length > 1 ? legend.find((e) => e.colour.toLowerCase() === token) : undefined;
    const rag = entry ? entry.rag : COLOURS[token]!;
    if (entry && (entry.rag === null || entry.rag !== COLOURS[token])) {
      legendNotes.push(
        entry.rag === null
          ? `the plan's legend has ${token} for "${entry.meaning}", not a RAG status`
          : `the plan's legend has ${token} for ${entry.rag}`,
      );
    }
    if (rag !== null && !named.includes(rag)) named.push(rag);
  }
  if (named.length === 0) {
    return reading('Not set', legendNotes.length > 0 ? legendNotes.join('; ') : `not understood as a RAG status: "${written}"`);
  }

  const plain = tokens.length === 1 && unknown.length === 0;
  const saysComplete = SAYS_COMPLETE.test(written);
  let rag: Rag;
  let why: string | null = null;
  if (saysComplete && named.includes('Complete')) {
    rag = 'Complete';
    if (!plain && named.length > 1) why = `read as Complete: the cell says "${written}"`;
  } else if (named.length > 1) {
    rag = WORSE_FIRST.find((r) => named.includes(r))!;
    why = `names ${named.join(' and ')}; read as the worse, ${rag}`;
  } else {
    rag = named[0]!;
  }
  const notes = [why, ...legendNotes, unknown.length > 0 ? `also says "${written}"` : null].filter((n): n is string => n !== null);
  return reading(rag, notes.length > 0 ? notes.join('; ') : null);
}

/**
 * What a key explains: colours, and statuses some keys list beside them ("Complete – achieved and
 * evidenced"). Each term ends the meaning of the one before it.
 */
const KEY_TERM = /(?:\*\*|__)?\b(light green|dark green|red|amber|green|blue|purple|orange|yellow|grey|gray|black|pink|brown|completed|complete|closed|not started|not yet started)\b(?:\*\*|__)?/gi;
const STATUS_TERM = /^(completed|complete|closed|not started|not yet started)$/i;
const EXPLAINED = /^\s*(?:[-–—:=]|\(|notes?\b|means?\b|indicates?\b|denotes?\b|shows?\b|signifies\b|is\b|for\b)/i;

/** The RAG a key term stands for before its meaning is read: a colour's own, a status's. */
function termRag(term: string): Rag | null {
  const t = term.toLowerCase();
  if (STATUS_TERM.test(t)) return /^(completed|complete|closed)$/.test(t) ? 'Complete' : null;
  return COLOURS[t.split(' ').at(-1)!] ?? null;
}

/**
 * A plan's RAG legend, one entry per term it explains: "RAG: **RED** – at risk (high) **AMBER** –
 * at risk (moderate) **GREEN** – complete" gives Red, Amber and (because green is said to mean
 * complete) Complete; "Purple notes updates are required." gives purple with no RAG value. "Key:
 * Red – significant concerns; Amber – some slippage; Green – progressing as planned; Complete –
 * achieved and evidenced" has four entries: Green's meaning ends where Complete begins, so Green
 * stays Green.
 */
export function parseRagLegend(text: string): RagLegendEntry[] {
  const cleaned = text.replace(/[\s\u00a0]+/g, ' ').replace(/^\s*(?:rag|key|legend)\s*(?:status|rating|key)?\s*[:\-–—]\s*/i, '');
  const keys = [...cleaned.matchAll(KEY_TERM)].filter((m) => {
    const after = cleaned.slice(m.index + m[0].length);
    const term = m[1]!;
    const emphasised = /^(?:\*\*|__)/.test(m[0]) || (term === term.toUpperCase() && term.length > 1);
    const explained = EXPLAINED.test(after);
    // A status is a key term only where the key explains it ("Complete – achieved"), never as a word in a meaning.
    return STATUS_TERM.test(term) ? explained : emphasised || explained;
  });
  const entries: RagLegendEntry[] = [];
  keys.forEach((m, i) => {
    const end = i + 1 < keys.length ? keys[i + 1]!.index : cleaned.length;
    const meaning = cleaned
      .slice(m.index + m[0].length, end)
      .replace(/^\s*(?:[-–—:=]\s*)?(?:(?:notes?|means?|indicates?|denotes?|shows?|signifies|is|for)\b\s*)?/i, '')
      .replace(/[\s.;,]+$/, '')
      .trim();
    const colour = titleCase(m[1]!);
    const own = termRag(m[1]!);
    const rag: Rag | null = own !== null && SAYS_COMPLETE.test(meaning) ? 'Complete' : own;
    entries.push({ rag, colour, meaning });
  });
  return entries;
}

const STATUS_WORD = String.raw`(red|amber|green|blue|complete|completed|closed)(?:\s*\/\s*(closed|complete|completed))?`;

const STATEMENTS = [
  // "Status of this action changed to Amber", "RAG rating moved from Red to Amber".
  String.raw`\b(?:status|rag(?:\s+(?:status|rating))?|rating)\b[^.!?]{0,40}?\b(?:changed|moved|updated|revised|set|downgraded|upgraded|reduced|increased|raised|lowered|amended)\s+(?:from\s+\w+\s+)?to\s+${STATUS_WORD}\b`,
  // "this action will be shown as Green/closed", "marked as Complete", "RAG rated Amber".
  String.raw`\b(?:shown|marked|recorded|rated|rag[\s-]?rated|flagged)\s+(?:as\s+)?${STATUS_WORD}\b`,
  // "RAG status is now Red", "Status: Amber".
  String.raw`\b(?:rag(?:\s+(?:status|rating))?|status)\s*(?:is\s+(?:now\s+)?|now\s+|:\s*|=\s*)${STATUS_WORD}\b`,
];

/**
 * A RAG an update states in so many words, for when the RAG cell lost its colour. Only explicit
 * statements count ("Status of this action changed to Amber", "will be shown as Green/closed");
 * the last one in the text wins. "Closed" and "complete" read as Complete, as in readRag.
 */
export function ragStatedInUpdate(text: string): Rag | null {
  let last: { index: number; rag: Rag } | null = null;
  for (const source of STATEMENTS) {
    for (const m of text.matchAll(new RegExp(source, 'gi'))) {
      const words = [m[1], m[2]].filter((w): w is string => w !== undefined).map((w) => w.toLowerCase());
      const rag: Rag = words.some((w) => SAYS_COMPLETE.test(w)) ? 'Complete' : COLOURS[words[0]!]!;
      if (last === null || m.index > last.index) last = { index: m.index, rag };
    }
  }
  return last?.rag ?? null;
}
