import { actionTitle } from '../plan/action-title.js';
import { latestUpdate } from '../plan/latest-update.js';
import { parseLeads } from '../plan/lead.js';
import type { ActionDraft } from '../plan/plan.js';
import { ragStatedInUpdate, readRag, type RagLegendEntry } from '../plan/rag.js';
import { duplicateOfRef, extractSources } from '../plan/source-reference.js';
import { interpretTimescale, type TimescaleContext } from '../plan/timescale.js';
import { splitUpdateHistory } from '../plan/update-history.js';
import type { ImportNote } from './import-report.js';
import type { PlanRow } from './plan-rows.js';

export interface ActionContext {
  legend: readonly RagLegendEntry[];
  timescales: TimescaleContext;
  /** Where the reading leaves things worth a look. */
  notes: ImportNote[];
}

function normaliseLines(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).join('\n');
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
  if (timescale.flag) notes.push({ at: { ...at, column: 'timescale' }, message: `timescale "${timescale.asWritten}": ${timescale.flag.message}` });

  const ragCell = (row.cells.rag ?? []).join(' ').trim();
  const reading = readRag(ragCell, context.legend);
  let rag = reading.rag;
  let ragNote = reading.note;
  // A colour lost in the export ("●") is not a RAG left blank: the latest update may say what it was.
  const latest = rag === 'Not set' && ragCell !== '' ? latestUpdate(updates.map((u, sequence) => ({ ...u, sequence }))) : null;
  const stated = latest ? ragStatedInUpdate(latest.text) : null;
  if (latest && stated) {
    rag = stated;
    ragNote = `${reading.note ?? `RAG written as "${ragCell}"`}; ${stated} taken from the latest update, which states it`;
    notes.push({ at: { ...at, column: 'rag' }, message: `RAG ${stated} taken from the latest update, which states it; the cell showed "${ragCell}"` });
  }

  return {
    sectionIndex: row.sectionIndex,
    ref: row.ref,
    parentRef: parent?.ref ?? null,
    title: actionTitle(text || outcome || `Action ${row.ref}`),
    text,
    outcome,
    leads: parseLeads(leadsText),
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
