import { actionTitle } from '../plan/action-title.js';
import { latestUpdate } from '../plan/latest-update.js';
import { parseLeads } from '../plan/lead.js';
import { PlanError, type SourceLocation } from '../plan/errors.js';
import type { ActionDraft } from '../plan/plan.js';
import { ragStatedInUpdate, readRag, type Rag, type RagLegendEntry } from '../plan/rag.js';
import { readColour } from '../plan/rag-colour.js';
import type { CellLook } from './document-blocks.js';
import { duplicateOfRef, extractSources } from '../plan/source-reference.js';
import { interpretTimescale, TIMESCALE_READ_LIMIT, type TimescaleContext } from '../plan/timescale.js';
import { splitUpdateHistory } from '../plan/update-history.js';
import type { ImportNote } from './import-report.js';
import type { PlanRow } from './plan-rows.js';

export interface ActionContext {
  legend: readonly RagLegendEntry[];
  timescales: TimescaleContext;
  /** Where the reading leaves things worth a look. */
  notes: ImportNote[];
}

/**
 * How much of a lead cell is read for leads. A cell names a few people, teams or agencies; one far
 * longer is text in the wrong column, and every line of it would become a lead to remind. Its
 * start is read, the whole kept as written.
 */
export const LEADS_READ_LIMIT = 2000;

/** The start of a lead cell up to the limit, ending where a lead ends (a line, "/" or ";"), so no name is read in half. */
function leadsToRead(leadsText: string): string {
  if (leadsText.length <= LEADS_READ_LIMIT) return leadsText;
  const head = leadsText.slice(0, LEADS_READ_LIMIT + 1);
  const end = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('/'), head.lastIndexOf(';'));
  return end > 0 ? head.slice(0, end) : leadsText.slice(0, LEADS_READ_LIMIT);
}

/** A long cell quoted in a note: its start, and how much more there is. */
function quoted(text: string, limit: number): string {
  return text.length <= limit ? `"${text}"` : `"${text.slice(0, limit)}…" (${text.length.toLocaleString('en-GB')} characters)`;
}

function normaliseLines(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).join('\n');
}

/** A RAG cell's colour: its shading, else the colour of a symbol or a few words in it. */
function colourOf(text: string, look: CellLook | undefined): string | null {
  if (!look) return null;
  if (look.fill !== null) return look.fill;
  const short = text.split(/\s+/).filter(Boolean).length <= 3;
  return short ? (look.textColours[0] ?? null) : null;
}

/**
 * A RAG cell read from its words and its colour. Words that name a RAG win; a colour that says
 * otherwise is noted. A cell with only a colour (shading, a red "●") is read through the plan's key.
 * A colour near nothing the key or plans use is refused, never guessed.
 */
function ragOfCell(text: string, look: CellLook | undefined, legend: readonly RagLegendEntry[], at: SourceLocation, notes: ImportNote[]): { rag: Rag; note: string | null } {
  const words = readRag(text, legend);
  const hex = colourOf(text, look);
  if (hex === null) return { rag: words.rag, note: words.note };
  const colour = readColour(hex, legend);
  if (colour.kind === 'unknown') {
    const key = legend.length > 0 ? `the plan's key (${legend.map((e) => e.colour).join(', ')})` : 'the plan has no key';
    throw new PlanError(
      'import_unknown_colour',
      `the RAG cell is coloured ${hex}, which is near no RAG colour (red, amber, green, blue) and ${legend.length > 0 ? `none in ${key}` : `${key}`}; add the colour to the plan's key or write the RAG in words, then import again`,
      { at },
    );
  }
  if (words.rag !== 'Not set') {
    if (colour.kind === 'rag' && colour.rag !== words.rag) {
      const note = `the cell says ${words.rag} but is coloured ${hex} (${colour.rag}); the words were taken`;
      notes.push({ at, message: note });
      return { rag: words.rag, note: [words.note, note].filter(Boolean).join('; ') };
    }
    return { rag: words.rag, note: words.note };
  }
  const shown = text === '' ? `shown as colour ${hex}` : `"${text}" shown in colour ${hex}`;
  if (colour.kind === 'no-rag') {
    notes.push({ at, message: colour.note });
    return { rag: 'Not set', note: `${shown}: ${colour.note}` };
  }
  if (colour.note) notes.push({ at, message: colour.note });
  return { rag: colour.rag, note: colour.note ? `${shown}: ${colour.note}` : text === '' ? null : `${shown}` };
}

/**
 * The action a row (with any text continued onto it) reads as, through the domain's readers: leads,
 * timescale (in the plan's years), RAG, sources, the action it duplicates and its update history.
 * A sub-action without a lead or timescale of its own sits under its parent's merged cell, so it
 * takes the parent's, and says so.
 */
export function actionDraftFrom(row: PlanRow, parent: PlanRow | null, context: ActionContext): ActionDraft {
  const at = { ...row.at, ref: row.ref };
  const { notes } = context;
  const { paragraphs, sources } = extractSources(row.cells.action ?? []);
  for (const source of row.cells.sources ?? []) if (!sources.includes(source)) sources.push(source);

  let leadsText = normaliseLines(row.cells.lead ?? []);
  let timescaleText = (row.cells.timescale ?? []).join(' ').replace(/\s+/g, ' ').trim();
  if (parent && !leadsText && parent.cells.lead) {
    leadsText = normaliseLines(parent.cells.lead);
    notes.push({ at, message: `sub-action ${row.ref} has no lead of its own; it takes ${parent.ref}'s` });
  }
  if (parent && !timescaleText && parent.cells.timescale) {
    timescaleText = parent.cells.timescale.join(' ').replace(/\s+/g, ' ').trim();
    notes.push({ at, message: `sub-action ${row.ref} has no timescale of its own; it takes ${parent.ref}'s` });
  }

  const text = paragraphs.join('\n\n');
  const outcome = (row.cells.outcome ?? []).join('\n\n');
  const updates = splitUpdateHistory(row.cells.updates ?? [], context.timescales);
  const timescale = interpretTimescale(timescaleText, context.timescales);
  if (timescale.flag) notes.push({ at: { ...at, column: 'timescale' }, message: `timescale ${quoted(timescale.asWritten, TIMESCALE_READ_LIMIT)}: ${timescale.flag.message}` });
  const leadsRead = leadsToRead(leadsText);
  if (leadsRead !== leadsText) {
    notes.push({
      at: { ...at, column: 'lead' },
      message: `the lead cell is ${leadsText.length.toLocaleString('en-GB')} characters, far longer than a list of leads: leads were read from its first ${LEADS_READ_LIMIT.toLocaleString('en-GB')} characters, and the whole cell is kept as written`,
    });
  }

  const ragCell = (row.cells.rag ?? []).join(' ').trim();
  let { rag, note: ragNote } = ragOfCell(ragCell, row.looks?.rag, context.legend, { ...at, column: 'rag' }, notes);
  // A colour lost in the export ("●") is not a RAG left blank: the latest update may say what it was.
  const latest = rag === 'Not set' && ragCell !== '' && !row.looks?.rag ? latestUpdate(updates.map((u, sequence) => ({ ...u, sequence }))) : null;
  const stated = latest ? ragStatedInUpdate(latest.text) : null;
  if (latest && stated) {
    rag = stated;
    ragNote = `${ragNote ?? `RAG written as "${ragCell}"`}; ${stated} taken from the latest update, which states it`;
    notes.push({ at: { ...at, column: 'rag' }, message: `RAG ${stated} taken from the latest update, which states it; the cell showed "${ragCell}"` });
  }
  // No RAG given, and the timescale says it is done ("Completed May 2017"): the action is closed.
  if (rag === 'Not set' && ragNote === null && timescale.reading.kind === 'completed') {
    rag = 'Complete';
    ragNote = `read from the timescale "${timescale.asWritten}": no RAG was given`;
  }

  return {
    sectionIndex: row.sectionIndex,
    ref: row.ref,
    parentRef: parent?.ref ?? null,
    title: actionTitle(text || outcome || `Action ${row.ref}`),
    text,
    outcome,
    leads: parseLeads(leadsRead),
    leadsText,
    timescale,
    rag,
    ragNote,
    sources,
    markers: row.markers,
    duplicateOf: duplicateOfRef([text, outcome, ...updates.map((u) => u.text)].join('\n')),
    updates,
  };
}
