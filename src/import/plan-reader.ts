import { actionTitle } from '../plan/action-title.js';
import { PlanError, type SourceLocation } from '../plan/errors.js';
import { parseLeads } from '../plan/lead.js';
import { DEFAULT_PLAN_SETTINGS, type ActionDraft, type PlanDraft, type SectionDraft, type VersionRecordEntry } from '../plan/plan.js';
import { yearsNamedIn } from '../plan/plan-years.js';
import { parseRagLegend, ragStatedInUpdate, readRag, type RagLegendEntry } from '../plan/rag.js';
import { duplicateOfRef, extractSources } from '../plan/source-reference.js';
import { interpretTimescale } from '../plan/timescale.js';
import { splitUpdateHistory } from '../plan/update-history.js';
import { findWrittenDates } from '../plan/written-date.js';
import { cellParagraphs } from './cell-text.js';
import { EXPECTED_HEADERS, isVersionHeader, mapHeaderRow } from './column-roles.js';
import type { BlockLocation, ReadDocument } from './document-blocks.js';
import type { ColumnMapping, ColumnRole, ImportNote, ImportReport, ImportResult } from './import-report.js';
import { furnitureOf, isFurnitureParagraph, isRuleRow } from './page-furniture.js';
import { parseSectionHeading, splitBareHeadingDescription } from './section-heading.js';

export interface ReadPlanOptions {
  /** Title to use when the document has none of its own (a CSV). */
  title?: string;
  /** When the import happens; kept as the plan's source. Passed in so reading stays deterministic. */
  importedAt?: string;
}

type Cells = Partial<Record<ColumnRole, string[]>>;

/** One table row that became (part of) an action. */
interface RowDraft {
  ref: string;
  markers: string[];
  sectionIndex: number;
  cells: Cells;
  at: SourceLocation;
}

/** A numbered action with the unnumbered sub-action rows under it. */
interface Group {
  main: RowDraft;
  subs: RowDraft[];
}

const REF = /^(\d+(?:\.\d+)*[a-z]?|[a-z]\d*|\d+[a-z])(?:[.)])?(?:\s+(.*))?$/i;
const VERSION_HEADING = /^(version (control )?(record|history|log)|document (control|history)|revision history|change log)\b/i;
const LEGEND_HINT = /\bRAG\b|^\**\s*(red|amber|green|purple|blue)\b|\b(purple|blue)\s+notes\b/i;
const SENTENCE_END = /[.!?)\]"”]$/;

function hasText(paragraphs: readonly string[] | undefined): paragraphs is string[] {
  return paragraphs !== undefined && paragraphs.length > 0;
}

/** Joins continued text: a sentence cut by a page break goes on in the same paragraph. */
function joinParagraphs(target: string[], incoming: readonly string[]): void {
  if (incoming.length === 0) return;
  const last = target.at(-1);
  const [first, ...rest] = incoming;
  if (last !== undefined && !SENTENCE_END.test(last)) {
    target[target.length - 1] = `${last} ${first}`;
    target.push(...rest);
  } else {
    target.push(...incoming);
  }
}

function nonEmptyCells(cells: readonly string[]): number[] {
  return cells.flatMap((c, i) => (c.replace(/<[^>]*>/g, '').trim() ? [i] : []));
}

function plain(markup: string): string {
  return markup.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

export function readPlan(doc: ReadDocument, options: ReadPlanOptions = {}): ImportResult {
  const file = doc.fileName;
  const where = (at: BlockLocation, extra: Partial<SourceLocation> = {}): SourceLocation => ({ file, ...at, ...extra });
  const furniture = furnitureOf(doc.blocks);
  const furnitureCounts = new Map<string, number>();
  const countFurniture = (text: string): void => {
    furnitureCounts.set(text, (furnitureCounts.get(text) ?? 0) + 1);
  };

  let title: string | null = options.title ?? null;
  const description: string[] = [];
  const legendText: string[] = [];
  const sections: SectionDraft[] = [];
  const groups: Group[] = [];
  const versionRecord: VersionRecordEntry[] = [];
  const notes: ImportNote[] = [];
  const unplaced: ImportNote[] = [];
  const tables: ImportReport['tables'] = [];

  let header: ColumnMapping[] | null = null;
  let headerKey = '';
  let firstHeaderlessRow: BlockLocation | null = null;
  let versionColumns: string[] | null = null;
  let describing: number | null = null; // section whose description comes next
  let pageBreak = false;

  const startSection = (heading: { number: string; label: string | null; title: string }): void => {
    sections.push({ number: heading.number, label: heading.label, title: heading.title, description: '' });
    describing = sections.length - 1;
  };
  const describe = (text: string): void => {
    const section = sections[describing!]!;
    const split = splitBareHeadingDescription(section.title, section.number, text);
    section.title = split.title;
    section.description = section.description ? `${section.description}\n\n${split.description}` : split.description;
    describing = null;
  };
  const currentSection = (): number => {
    if (sections.length === 0) sections.push({ number: null, title: 'Actions', description: '' });
    return sections.length - 1;
  };
  const keep = (at: SourceLocation, message: string, text: string): void => {
    unplaced.push({ at, message, text });
  };

  for (const block of doc.blocks) {
    if (block.kind === 'paragraph') {
      const text = block.text.replace(/\s+/g, ' ').trim();
      if (isFurnitureParagraph(text, furniture)) {
        countFurniture(text);
        pageBreak = true;
        continue;
      }
      if (title === null) {
        title = text;
        continue;
      }
      if (VERSION_HEADING.test(text)) {
        header = null;
        versionColumns = [];
        describing = null;
        continue;
      }
      const heading = parseSectionHeading(text);
      if (heading) {
        versionColumns = null;
        startSection(heading);
        continue;
      }
      if (describing !== null) {
        describe(text);
        continue;
      }
      if (sections.length === 0 && header === null) {
        if (LEGEND_HINT.test(text) && parseRagLegend(text).length > 0) legendText.push(text);
        description.push(text);
        continue;
      }
      keep(where(block.at), 'a paragraph between tables that is not a heading', text);
      continue;
    }

    const cells = block.cells;
    if (isRuleRow(cells)) {
      countFurniture('(rule line)');
      pageBreak = true;
      continue;
    }
    const filled = nonEmptyCells(cells);
    if (filled.length === 0) continue;

    if (isVersionHeader(cells)) {
      versionColumns = cells.map((c) => plain(c));
      header = null;
      continue;
    }
    if (versionColumns !== null && versionColumns.length > 0) {
      versionRecord.push(versionEntry(versionColumns, cells));
      continue;
    }

    const mapping = mapHeaderRow(cells.map(plain));
    if (mapping) {
      const key = mapping.map((m) => m.header.toLowerCase()).join('|');
      if (header && key === headerKey) {
        countFurniture('(repeated header row)');
        continue;
      }
      header = mapping;
      headerKey = key;
      versionColumns = null;
      tables.push({ at: where(block.at), columns: mapping });
      continue;
    }

    if (filled.length === 1) {
      const only = plain(cells[filled[0]!]!);
      const heading = parseSectionHeading(only);
      if (heading && filled[0] === 0) {
        startSection(heading);
        continue;
      }
      if (describing !== null) {
        describe(only);
        continue;
      }
    }

    if (header === null) {
      firstHeaderlessRow ??= block.at;
      keep(where(block.at), 'a table row before any recognisable header', cells.map(plain).filter(Boolean).join(' | '));
      continue;
    }
    describing = null;

    const row: Cells = {};
    const stray: string[] = [];
    cells.forEach((markup, i) => {
      const column = header![i];
      const paragraphs = cellParagraphs(markup, where(block.at, { column: column?.header || `column ${i + 1}` }));
      if (paragraphs.length === 0) return;
      if (!column?.role) {
        stray.push(...paragraphs);
        return;
      }
      row[column.role] = paragraphs;
    });
    if (stray.length > 0) keep(where(block.at), 'text in a column the plan does not use', stray.join('\n'));
    if (cells.length < header.length) movePastShortFields(row, () => notes.push({ at: where(block.at), message: `the row has ${cells.length} of the header's ${header!.length} cells (merged cells in the source); long text under a short column was read as progress` }));

    const refText = row.ref?.join(' ') ?? '';
    const refMatch = refText ? REF.exec(refText) : null;
    if (refMatch) {
      delete row.ref;
      const markers = refMatch[2] ? [refMatch[2].trim()] : [];
      groups.push({ main: { ref: refMatch[1]!, markers, sectionIndex: currentSection(), cells: row, at: where(block.at) }, subs: [] });
      pageBreak = false;
      continue;
    }
    if (refText) {
      // Text in the numbers column that is no number: kept with the row's action text.
      row.action = [...(row.action ?? []), ...(row.ref ?? [])];
      delete row.ref;
    }

    const group = groups.at(-1);
    if (!group) {
      keep(where(block.at), 'a table row before the first numbered action', Object.values(row).flat().join('\n'));
      continue;
    }
    const rows = [group.main, ...group.subs];
    const last = rows.at(-1)!;
    const continuesText = (Object.keys(row) as ColumnRole[]).some((role) => {
      const target = [...rows].reverse().find((r) => hasText(r.cells[role]))?.cells[role];
      const incoming = row[role]![0]!;
      return target !== undefined && (!SENTENCE_END.test(target.at(-1)!) || /^[a-z]/.test(incoming));
    });
    const ownFields = hasText(row.lead) || hasText(row.timescale) || hasText(row.rag);
    if ((pageBreak && continuesText) || !ownFields) {
      const joinedTo = new Set<string>();
      for (const role of Object.keys(row) as ColumnRole[]) {
        const target = [...rows].reverse().find((r) => hasText(r.cells[role])) ?? last;
        target.cells[role] ??= [];
        joinParagraphs(target.cells[role]!, row[role]!);
        joinedTo.add(target.ref);
      }
      if (pageBreak) notes.push({ at: where(block.at), message: `row continues ${[...joinedTo].join(' and ')} across a page break; joined to it` });
    } else {
      const letter = String.fromCharCode(97 + group.subs.length);
      const ref = /[a-z]$/i.test(group.main.ref) ? `${group.main.ref}.${group.subs.length + 1}` : `${group.main.ref}${letter}`;
      group.subs.push({ ref, markers: [], sectionIndex: group.main.sectionIndex, cells: row, at: where(block.at) });
    }
    pageBreak = false;
  }

  if (tables.length === 0) {
    if (firstHeaderlessRow) {
      throw new PlanError(
        'import_no_header',
        `found a table but no header row naming its columns; expected a header with columns such as ${EXPECTED_HEADERS.join('; ')}`,
        { at: where(firstHeaderlessRow) },
      );
    }
    throw new PlanError('import_no_plan_table', 'found no table of actions; expected the plan as a table with a header row (Action, Lead, Timescale, Progress, RAG, ...)', { at: { file } });
  }
  if (groups.length === 0) {
    throw new PlanError('import_no_plan_table', 'found a plan header but no numbered actions under it (expected refs such as 1.1, 2.3, 4a in the first column)', { at: tables[0]!.at });
  }

  const legend = legendText.flatMap((t) => parseRagLegend(t));
  const allRows = groups.flatMap((g) => [g.main, ...g.subs]);
  const planTitle = title ?? file.replace(/\.[^.]+$/, '');
  const planYears = yearsNamedIn([planTitle, ...allRows.flatMap((r) => [...(r.cells.timescale ?? []), ...(r.cells.updates ?? [])])]);
  const actions: ActionDraft[] = [];
  const seenRefs = new Set<string>();
  let updateCount = 0;

  for (const group of groups) {
    for (const row of [group.main, ...group.subs]) {
      const isSub = row !== group.main;
      const draft = actionFrom(row, isSub ? group.main : null, legend, planYears, notes);
      if (seenRefs.has(draft.ref)) {
        const renamed = `${draft.ref}-${[...seenRefs].filter((r) => r === draft.ref || r.startsWith(`${draft.ref}-`)).length + 1}`;
        notes.push({ at: row.at, message: `ref ${draft.ref} is used twice in the document; this one is stored as ${renamed}` });
        draft.ref = renamed;
      }
      seenRefs.add(draft.ref);
      updateCount += draft.updates.length;
      actions.push(draft);
    }
  }

  const draft: PlanDraft = {
    ...DEFAULT_PLAN_SETTINGS,
    title: planTitle,
    description: description.join('\n\n'),
    owner: null,
    ragLegend: legend,
    versionRecord,
    source: options.importedAt ? { fileName: file, format: doc.format, importedAt: options.importedAt } : null,
    unplacedText: unplaced.map((u) => u.text ?? ''),
    sections,
    actions,
  };
  const report: ImportReport = {
    fileName: file,
    format: doc.format,
    tables,
    sectionCount: sections.length,
    actionCount: actions.length,
    updateCount,
    notes: [...notes].sort((a, b) => (a.at.line ?? a.at.row ?? 0) - (b.at.line ?? b.at.row ?? 0)),
    unplaced,
    furniture: [...furnitureCounts].map(([text, count]) => ({ text, count })),
  };
  return { draft, report };
}

/**
 * Exports of Word tables with merged cells drop cells, shifting text left: a paragraph of progress
 * lands under "Timescale". Text no timescale, lead or RAG could be is moved to the updates column.
 */
function movePastShortFields(row: Cells, noted: () => void): void {
  if (hasText(row.updates)) return;
  for (const role of ['rag', 'timescale', 'lead'] as const) {
    const text = row[role];
    if (hasText(text) && text.join(' ').length > 80) {
      row.updates = text;
      delete row[role];
      noted();
      return;
    }
  }
}

function actionFrom(row: RowDraft, parent: RowDraft | null, legend: readonly RagLegendEntry[], planYears: readonly number[], notes: ImportNote[]): ActionDraft {
  const { paragraphs, sources } = extractSources(row.cells.action ?? []);
  sources.push(...(row.cells.sources ?? []));
  let leadsText = (row.cells.lead ?? []).join('\n');
  let timescaleText = (row.cells.timescale ?? []).join(' ');
  if (parent && !leadsText && parent.cells.lead) {
    // A sub-action row under a merged lead cell: the lead is the parent's.
    leadsText = parent.cells.lead.join('\n');
    notes.push({ at: { ...row.at, ref: row.ref }, message: `sub-action ${row.ref} has no lead of its own; it takes ${parent.ref}'s` });
  }
  if (parent && !timescaleText && parent.cells.timescale) {
    timescaleText = parent.cells.timescale.join(' ');
    notes.push({ at: { ...row.at, ref: row.ref }, message: `sub-action ${row.ref} has no timescale of its own; it takes ${parent.ref}'s` });
  }
  const text = paragraphs.join('\n\n');
  const updates = splitUpdateHistory(row.cells.updates ?? [], { planYears });
  const timescale = interpretTimescale(timescaleText, { planYears });
  if (timescale.flag) notes.push({ at: { ...row.at, ref: row.ref, column: 'timescale' }, message: `timescale "${timescale.asWritten}": ${timescale.flag.message}` });

  const ragCell = (row.cells.rag ?? []).join(' ');
  const reading = readRag(ragCell, legend);
  let rag = reading.rag;
  let ragNote = reading.note;
  if (rag === 'Not set' && ragCell !== '') {
    for (const update of [...updates].reverse()) {
      const stated = ragStatedInUpdate(update.text);
      if (stated) {
        rag = stated;
        ragNote = `${reading.note ?? `RAG written as "${ragCell}"`}; ${stated} taken from the update${update.date ? ` of ${update.date}` : ''} that states it`;
        break;
      }
    }
  }
  const outcome = (row.cells.outcome ?? []).join('\n\n');
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
    duplicateOf: duplicateOfRef([text, ...updates.map((u) => u.text)].join('\n')),
    updates,
  };
}

function versionEntry(columns: readonly string[], cells: readonly string[]): VersionRecordEntry {
  const byHeader: Record<string, string> = {};
  cells.forEach((c, i) => {
    const text = plain(c);
    if (text) byHeader[columns[i] || `column ${i + 1}`] = text;
  });
  const find = (re: RegExp): string | null => {
    const key = Object.keys(byHeader).find((k) => re.test(k));
    return key ? byHeader[key]! : null;
  };
  const dateText = find(/^date/i);
  const date = dateText ? (findWrittenDates(dateText)[0]?.date ?? null) : null;
  const descriptionParts = Object.entries(byHeader)
    .filter(([k]) => !/^(version|ver|issue|date|time|author)/i.test(k))
    .map(([, v]) => v);
  return {
    version: find(/^(version|ver|issue)/i) ?? '',
    date,
    description: descriptionParts.join(' — '),
    author: find(/author/i),
    cells: byHeader,
  };
}
