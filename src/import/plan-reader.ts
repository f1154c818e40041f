import { PlanError, type SourceLocation } from '../plan/errors.js';
import { meetingsNamedIn } from './meeting-dates.js';
import { DEFAULT_PLAN_SETTINGS, type ActionDraft, type PlanDraft, type SectionDraft, type VersionRecordEntry } from '../plan/plan.js';
import { yearsNamedIn } from '../plan/plan-years.js';
import { planSizeProblem, type PlanSize } from '../plan/plan-limits.js';
import { parseRagLegend, type RagLegendEntry } from '../plan/rag.js';
import { actionDraftFrom } from './action-draft.js';
import { readActionRef, subActionRef } from './action-ref.js';
import { cellParagraphs, plainText } from './cell-text.js';
import { EXPECTED_HEADERS, mapHeaderRow } from './column-roles.js';
import { continuationReason, joinCellByCell, ownFieldNames } from './continuation-rows.js';
import type { BlockLocation, CellLook, ColouredText, DocumentBlock, ReadDocument } from './document-blocks.js';
import type { ColumnMapping, ColumnRole, ImportNote, ImportReport, ImportResult } from './import-report.js';
import { restoreShiftedProgress } from './merged-cells.js';
import { furnitureOf, isFurnitureParagraph, isRuleRow } from './page-furniture.js';
import type { ActionGroup, PlanRow, RowCells } from './plan-rows.js';
import { isKeyHeaderRow, isKeyHeading, keyEntriesOfRow, keyEntriesOfRuns, withSwatches } from './rag-key.js';
import { columnsOfRow, type HeaderGrid } from './row-columns.js';
import { parseSectionHeading, splitBareHeadingDescription } from './section-heading.js';
import { isVersionHeader, isVersionRecordHeading, versionColumns, versionEntry } from './version-record.js';

export interface ReadPlanOptions {
  /**
   * The plan's title, given by whoever imports it. Without one, the document's first paragraph is
   * the title (then the file name, for a CSV with no paragraphs). A given title does not drop the
   * document's own: that then opens the description.
   */
  title?: string;
  /**
   * When the import happens (ISO 8601), kept with the file name and format as the plan's source.
   * Passed in so reading stays deterministic; without it the draft's source is null.
   */
  importedAt?: string;
}

/** A legend is a line naming RAG colours and what they mean ("RAG: RED – at risk (high) ..."). */
const LEGEND_HINT = /\bRAG\b|^\s*(key\s*:?\s*)?(red|amber|green|purple|blue)\b|\b(red|amber|green|purple|blue)\s+(notes|means|indicates|shows|=)/i;

/** A line that opens as a key ("Key: ● Significant concerns ● ..."), whatever follows. */
const KEY_LINE = /^\s*(?:rag\s+)?(?:key|legend)\b/i;

/** Paragraph text as read: emphasis markers from the export ("**RED**") are markup, not words. */
function paragraphText(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\s+/g, ' ').trim();
}


/**
 * Reads a plan from a document's blocks: title, introduction and RAG legend before the first
 * section; sections from headings between tables and heading rows inside them; the plan table's
 * columns by the meaning of its header; numbered actions, unnumbered sub-actions, and rows broken
 * across pages joined back cell by cell; the version record; page furniture skipped and counted.
 * Whatever cannot be placed is kept, verbatim, in the report and the draft's unplacedText.
 *
 * Section headings: "1. Multi Agency Partnerships;" gives number 1 and its words as the title. A
 * bare "Priority 1" takes its title from the paragraph after it, when that reads "Title - rest":
 * the words before " - " are the title, the rest the description; otherwise that paragraph is the
 * description and the title stays "Priority 1".
 */
export function readPlan(doc: ReadDocument, options: ReadPlanOptions = {}): ImportResult {
  const reader = new PlanReader(doc);
  for (const block of doc.blocks) reader.read(block);
  return reader.finish(options);
}

class PlanReader {
  private readonly file: string;
  private readonly furniture: Set<string>;
  private readonly furnitureCounts = new Map<string, number>();
  private documentTitle: string | null = null;
  private readonly description: string[] = [];
  /** The plan's key, from legend lines, coloured key lines and key tables, in document order. */
  private readonly legend: RagLegendEntry[] = [];
  /** After a "Key" heading, the next table is the key. */
  private expectKey = false;
  /** The table (or sheet) the rows being read belong to, and the key table while inside one. */
  private table = '';
  private keyTable: string | null = null;
  private headerGrid: HeaderGrid | null = null;
  private readonly sections: SectionDraft[] = [];
  private readonly groups: ActionGroup[] = [];
  private readonly versionRecord: VersionRecordEntry[] = [];
  private readonly notes: ImportNote[] = [];
  private readonly unplaced: ImportNote[] = [];
  private readonly tables: ImportReport['tables'] = [];

  private header: ColumnMapping[] | null = null;
  private headerKey = '';
  /** Section headings read so far, and how many when the current header was last seen. */
  private headings = 0;
  private headingsAtHeader = 0;
  private firstHeaderlessRow: BlockLocation | null = null;
  /** Column names while inside a version record; [] between its heading and its header. */
  private versionHeader: string[] | null = null;
  /** The section whose description comes next, until its table starts. */
  private describing: number | null = null;
  private afterPageBreak = false;
  private seenRow = false;
  /** Refs assigned to the rows of a table without a numbers column, per section. */
  private unnumbered = 0;
  private actionRows = 0;

  constructor(private readonly doc: ReadDocument) {
    this.file = doc.fileName;
    for (const note of doc.notes ?? []) this.notes.push({ at: this.where(note.at), message: note.message });
    this.furniture = furnitureOf(doc.blocks);
  }

  private where(at: BlockLocation, extra: Partial<SourceLocation> = {}): SourceLocation {
    return { file: this.file, ...at, ...extra };
  }

  private countFurniture(text: string): void {
    this.furnitureCounts.set(text, (this.furnitureCounts.get(text) ?? 0) + 1);
    this.afterPageBreak = true;
  }

  private keep(at: SourceLocation, message: string, text: string): void {
    this.unplaced.push({ at, message, text });
  }

  read(block: DocumentBlock): void {
    if (block.kind === 'paragraph') this.readParagraph(block.text, block.at, block.runs ?? [], block.headingLevel);
    else this.readRow(block.cells, block.at, block);
  }

  /** Text the reader consumed as structure, not content (a key's heading or header row): counted in the report. */
  private countLabel(text: string): void {
    this.furnitureCounts.set(text, (this.furnitureCounts.get(text) ?? 0) + 1);
  }

  private readParagraph(raw: string, at: BlockLocation, runs: readonly ColouredText[], headingLevel?: number): void {
    const text = paragraphText(raw);
    if (!text) return;
    if (isFurnitureParagraph(text, this.furniture)) return this.countFurniture(text);
    if (isKeyHeading(text)) {
      this.expectKey = true;
      return this.countLabel(text);
    }
    if (isVersionRecordHeading(text)) {
      this.header = null;
      this.versionHeader = [];
      this.describing = null;
      return;
    }
    // Whatever paragraph follows a version record ends it.
    if (this.versionHeader !== null && this.versionHeader.length > 0) this.versionHeader = null;
    // The title comes before the plan: a first paragraph after the tables is not one.
    if (this.documentTitle === null && !this.seenRow) {
      this.documentTitle = text;
      return;
    }
    const heading = parseSectionHeading(text);
    if (heading) return this.startSection(heading);
    // A heading style without a number ("Early help and prevention" in Heading 2) is a section too.
    if (headingLevel !== undefined && headingLevel >= 1 && this.keyOf(text, runs).length === 0) return this.startSection({ number: null, label: null, title: text });
    const key = this.keyOf(text, runs);
    if (key.length > 0) {
      this.legend.push(...key);
      this.description.push(text);
      return;
    }
    if (this.describing !== null) return this.describe(text);
    if (this.sections.length === 0 && this.header === null) {
      this.description.push(text);
      return;
    }
    this.keep(this.where(at), 'a paragraph between tables that is neither a heading nor a section description', text);
  }

  /** The key entries a paragraph gives: a legend line in words (with the colours its runs show), or a line of coloured symbols. */
  private keyOf(text: string, runs: readonly ColouredText[]): RagLegendEntry[] {
    const inWords = LEGEND_HINT.test(text) ? parseRagLegend(text) : [];
    if (inWords.length > 0) return withSwatches(inWords, runs);
    return LEGEND_HINT.test(text) || KEY_LINE.test(text) || this.expectKey ? keyEntriesOfRuns(runs) : [];
  }

  private startSection(heading: { number: string | null; label: string | null; title: string }): void {
    this.versionHeader = null;
    this.sections.push({ number: heading.number, label: heading.label, title: heading.title, description: '' });
    this.describing = this.sections.length - 1;
    this.headings += 1;
    this.unnumbered = 0;
    this.afterPageBreak = false;
  }

  private describe(text: string): void {
    const section = this.sections[this.describing!]!;
    if (section.description === '') {
      const split = splitBareHeadingDescription(section.title, text);
      section.title = split.title;
      section.description = split.description;
    } else {
      section.description = `${section.description}\n\n${text}`;
    }
  }

  private currentSection(): number {
    if (this.sections.length === 0) this.sections.push({ number: null, label: null, title: 'Actions', description: '' });
    return this.sections.length - 1;
  }

  private readRow(cells: readonly string[], at: BlockLocation, block: Extract<DocumentBlock, { kind: 'row' }>): void {
    const table = `${at.sheet ?? ''}#${at.table ?? ''}`;
    const newTable = table !== this.table;
    this.table = table;
    if (isRuleRow(cells)) return this.countFurniture('(rule line)');
    const texts = cells.map(plainText);
    const filled = texts.flatMap((t, i) => (t ? [i] : []));
    if (filled.length === 0 && !block.looks?.some((l) => l.fill !== null)) return;
    if (block.looks && this.readKeyRow(texts, block.looks, table, newTable, at)) return;
    if (filled.length === 0) return;

    if (isVersionHeader(cells)) {
      this.versionHeader = versionColumns(cells);
      this.header = null;
      return;
    }
    const mapping = mapHeaderRow(texts);
    if (mapping) return this.readHeader(mapping, at, block);
    if (this.versionHeader !== null && this.versionHeader.length > 0) {
      const columns = this.versionHeader;
      const texts = cells.map((c, i) => cellParagraphs(c, this.where(at, { column: columns[i] || `column ${i + 1}` })).join(' '));
      this.versionRecord.push(versionEntry(columns, texts));
      return;
    }
    this.seenRow = true;

    if (filled.length === 1 && filled[0] === 0) {
      const only = cellParagraphs(cells[0]!, this.where(at, { column: this.header?.[0]?.header || 'column 1' })).join(' ');
      const heading = parseSectionHeading(only);
      if (heading) return this.startSection(heading);
      if (this.describing !== null) return this.describe(only);
      // A full-width note across a numbered table is not an action; it is kept for a person to place.
      if (this.header?.[0]?.role === 'ref' && !readActionRef(only)) {
        this.keep(this.where(at), 'a row with text only in its first cell that is neither a heading, a section description nor a number', only);
        return;
      }
    }

    if (this.header === null) {
      this.firstHeaderlessRow ??= at;
      const texts = cells.map((c, i) => cellParagraphs(c, this.where(at, { column: `column ${i + 1}` })).join('\n'));
      this.keep(this.where(at), 'a table row before any recognisable header', texts.filter(Boolean).join(' | '));
      return;
    }
    this.describing = null;
    this.readActionRow(cells, at, this.header, block);
  }

  /**
   * A row of the plan's key: inside a table that follows a "Key" heading, or a new table whose
   * short rows pair coloured cells with meanings. Says whether it took the row.
   */
  private readKeyRow(texts: readonly string[], looks: readonly CellLook[], table: string, newTable: boolean, at: BlockLocation): boolean {
    if (newTable) this.keyTable = null;
    const inKey = this.keyTable === table || this.expectKey;
    if (!inKey && !newTable) return false;
    if (isKeyHeaderRow(texts) && (inKey || texts.filter(Boolean).length <= 2)) {
      this.keyTable = table;
      this.expectKey = false;
      this.countLabel(texts.filter(Boolean).join(' | '));
      return true;
    }
    // A plan's own rows open with a ref or run long; a key's are a colour and a few words.
    const first = texts.find((t) => t !== '') ?? '';
    if (!inKey && (texts.filter(Boolean).length > 3 || readActionRef(first) !== null || mapHeaderRow(texts) !== null)) return false;
    const entries = keyEntriesOfRow(texts, looks);
    if (!entries) return false;
    this.keyTable = table;
    this.expectKey = false;
    this.legend.push(...entries);
    this.notes.push({ at: this.where(at), message: `read as the plan's key: ${entries.map((e) => `${e.colour}${e.swatch ? ` (${e.swatch})` : ''} = ${e.rag ?? 'no RAG'}${e.meaning ? ` "${e.meaning}"` : ''}`).join('; ')}` });
    return true;
  }

  private readHeader(mapping: ColumnMapping[], at: BlockLocation, block: Extract<DocumentBlock, { kind: 'row' }>): void {
    const key = mapping.map((m) => m.header.toLowerCase()).join('|');
    this.versionHeader = null;
    this.seenRow = true;
    if (this.header && key === this.headerKey) {
      // The same header again: under a new section it opens that section's table; otherwise a page repeated it.
      if (this.headings === this.headingsAtHeader) this.countFurniture('(repeated header row)');
      this.headingsAtHeader = this.headings;
      return;
    }
    this.header = mapping;
    this.headerGrid = block.placement ? { spans: block.placement.map((p) => p.span), width: block.cells.length } : null;
    this.headerKey = key;
    this.headingsAtHeader = this.headings;
    this.tables.push({ at: this.where(at), columns: mapping });
  }

  private readActionRow(cells: readonly string[], at: BlockLocation, header: ColumnMapping[], block: Extract<DocumentBlock, { kind: 'row' }>): void {
    const where = this.where(at);
    const row: RowCells = {};
    const looks: NonNullable<PlanRow['looks']> = {};
    /** Columns whose text was copied down from a merged cell above: the row's own text is the rest. */
    const mergedRoles = new Set<ColumnRole>();
    let numberLabel: string | null = null;
    const stray: string[] = [];
    const columns = columnsOfRow(header, block.placement ? this.headerGrid : null, block.placement, cells.length);
    const withGrid = block.placement !== undefined;
    cells.forEach((markup, i) => {
      const column = columns[i]!;
      if (column.kind === 'covered') return;
      const name = column.kind === 'role' || column.kind === 'unused' ? column.header : '';
      const paragraphs = cellParagraphs(markup, this.where(at, { column: name || `column ${i + 1}` }));
      if (column.kind === 'role') {
        const look = block.looks?.[i];
        if (look && looks[column.role] === undefined) looks[column.role] = look;
        if (block.placement?.[i]?.mergedFromAbove) mergedRoles.add(column.role);
        if (column.role === 'action' && numberLabel === null) numberLabel = block.numberLabels?.[i] ?? null;
      }
      if (paragraphs.length === 0) return;
      if (column.kind === 'ambiguous') {
        this.keep(this.where(at, { column: column.headers.join(' + ') }), `a merged cell spanning the ${column.headers.map((h) => `"${h}"`).join(' and ')} columns: which one it belongs to cannot be told, so it was not placed`, paragraphs.join('\n'));
      } else if (column.kind === 'outside' && withGrid) {
        this.keep(this.where(at, { column: `column ${i + 1}` }), `text beyond the header's ${header.length} columns (the row does not line up with the header), so it was not placed`, paragraphs.join('\n'));
      } else if (column.kind !== 'role') {
        stray.push(...paragraphs);
      } else {
        row[column.role] = [...(row[column.role] ?? []), ...paragraphs];
      }
    });
    if (stray.length > 0) this.keep(where, 'text in a column the plan does not use', stray.join('\n'));
    // Only an export that dropped merged cells shifts text left; Word and Excel place every cell by the grid.
    if (!withGrid && restoreShiftedProgress(row, cells.length, header.length)) {
      this.notes.push({ at: where, message: `the row has ${cells.length} of the header's ${header.length} cells (merged cells in the source); text too long for its column was read as progress` });
    }
    // Without a numbers column, Word's automatic numbering of the action text is the ref.
    if (numberLabel !== null && !header.some((m) => m.role === 'ref') && row.action) {
      const label: string = numberLabel;
      row.ref = [label];
      row.action[0] = row.action[0]!.slice(row.action[0]!.startsWith(label) ? label.length : 0).trim();
      if (row.action[0] === '') row.action.shift();
    }
    // A numbers cell merged down over this row: the row is more of the action above, not a new one.
    if (mergedRoles.has('ref') && this.groups.length > 0) {
      for (const role of mergedRoles) delete row[role];
      const group = this.groups.at(-1)!;
      const joined = joinCellByCell(row, group);
      if (joined.length > 0) this.notes.push({ at: where, message: `row continues ${joined.join(' and ')} (its number cell is merged with the row above); each cell was joined to that action` });
      this.mergeLooks(group, looks);
      return;
    }
    const rowLooks = Object.keys(looks).length > 0 ? { looks } : {};

    const refText = row.ref?.join(' ') ?? '';
    delete row.ref;
    const ref = refText ? readActionRef(refText) : null;
    if (ref) {
      if (ref.rest) row.action = [ref.rest, ...(row.action ?? [])];
      const planRow: PlanRow = { ref: ref.ref, markers: ref.markers, sectionIndex: this.currentSection(), cells: row, at: where, ...rowLooks };
      const parent = this.parentOfWrittenSub(ref.ref);
      if (parent) {
        parent.subs.push(planRow);
        this.countAction(where);
        this.afterPageBreak = false;
        return;
      }
      this.startGroup(planRow, true);
      return;
    }
    if (refText) {
      // Words in the numbers column that are no number belong with the row's action text.
      row.action = [refText, ...(row.action ?? [])];
      this.notes.push({ at: where, message: 'the numbers column holds words, not a number; they were kept with the action text' });
    }

    const last = this.groups.at(-1);
    // Text never runs on from one section into the next: a new section starts a new action.
    const group = last && last.main.sectionIndex === this.currentSection() ? last : undefined;
    // Under an action the document numbered, unnumbered rows may be sub-actions; otherwise every row is an action.
    const numbered = header.some((m) => m.role === 'ref') && group?.written === true;
    const continues = group ? continuationReason(row, group, this.afterPageBreak, numbered) : null;
    if (!group || (continues === null && !numbered)) {
      this.startUnnumbered(row, where, header.some((m) => m.role === 'ref'), looks);
      return;
    }
    if (continues !== null) {
      // Text merged down from the row above is already there; only the row's own cells continue it.
      for (const role of mergedRoles) delete row[role];
      const joined = joinCellByCell(row, group);
      this.mergeLooks(group, looks);
      this.notes.push({ at: where, message: `row continues ${joined.join(' and ')} (${continues}); each cell was joined to the text above it` });
    } else {
      const sub: PlanRow = { ref: subActionRef(group.main.ref, group.subs.length), markers: [], sectionIndex: group.main.sectionIndex, cells: row, at: where, ...rowLooks };
      group.subs.push(sub);
      this.countAction(where);
      this.notes.push({ at: where, message: `an unnumbered row with ${ownFieldNames(row)} of its own under ${group.main.ref}: read as sub-action ${sub.ref}` });
    }
    this.afterPageBreak = false;
  }

  /**
   * The action a written ref names as its parent: "4.2a" right under 4.2 (or under 4.2's other
   * sub-actions) is a sub-action of it, as an unnumbered row there would be, so a plan whose
   * sub-actions carry their letters reads the same as one where the numbering left them blank.
   */
  private parentOfWrittenSub(ref: string): ActionGroup | null {
    const stem = /^(.*\d)[a-z]$/i.exec(ref)?.[1];
    const last = this.groups.at(-1);
    if (stem === undefined || !last || last.main.ref !== stem || last.main.sectionIndex !== this.currentSection()) return null;
    return last.subs.some((sub) => sub.ref === ref) ? null : last;
  }

  /** Looks of a continuing row fill in what the action's row lacked (a RAG shaded only on the second row). */
  private mergeLooks(group: ActionGroup, looks: NonNullable<PlanRow['looks']>): void {
    const target = group.subs.at(-1) ?? group.main;
    for (const [role, look] of Object.entries(looks) as [ColumnRole, CellLook][]) {
      target.looks ??= {};
      const current = target.looks[role];
      if (current === undefined || (current.fill === null && current.textColours.length === 0)) target.looks[role] = look;
    }
  }

  private startGroup(main: PlanRow, written: boolean): void {
    this.groups.push({ main, subs: [], written });
    this.countAction(main.at);
    this.afterPageBreak = false;
  }

  /** A table without numbers: each action gets the next ref in its section ("2.3"), and the report says so. */
  private startUnnumbered(row: RowCells, where: SourceLocation, hasNumbers: boolean, looks: NonNullable<PlanRow['looks']>): void {
    const sectionIndex = this.currentSection();
    this.unnumbered += 1;
    const number = this.sections[sectionIndex]!.number;
    const ref = number ? `${number}.${this.unnumbered}` : String(this.unnumbered);
    const why = hasNumbers ? 'the row has no number and no numbered action above it in its section' : 'the table has no numbers column';
    this.notes.push({ at: where, message: `${why}; it was given ref ${ref}` });
    this.startGroup({ ref, markers: [], sectionIndex, cells: row, at: where, ...(Object.keys(looks).length > 0 && { looks }) }, false);
  }

  finish(options: ReadPlanOptions): ImportResult {
    const { file, doc } = this;
    if (this.tables.length === 0) {
      if (this.firstHeaderlessRow) {
        throw new PlanError('import_no_header', `found a table but no header row naming its columns; expected a header with columns such as ${EXPECTED_HEADERS.join(', ')} (at least three, one of them the action or the outcome)`, {
          at: this.where(this.firstHeaderlessRow),
        });
      }
      throw new PlanError('import_no_plan_table', `found no table of actions; expected the plan as a table with a header row such as ${EXPECTED_HEADERS.join(' | ')}`, { at: { file } });
    }
    if (this.groups.length === 0) {
      throw new PlanError('import_no_plan_table', 'found a plan header but no actions under it; expected rows of actions, numbered 1.1, 2.3, 4a ... in the first column', { at: this.tables[0]!.at });
    }

    this.foldLeadingHeadings();
    const legend = this.legend;
    const rows = this.groups.flatMap((g) => [g.main, ...g.subs]);
    const title = options.title?.trim() || this.documentTitle || file.replace(/\.[^.]+$/, '');
    const description = [...this.description];
    if (this.documentTitle && title !== this.documentTitle) description.unshift(this.documentTitle);
    const planYears = yearsNamedIn([title, ...rows.flatMap((r) => [...(r.cells.timescale ?? []), ...(r.cells.updates ?? [])])]);
    const context = { legend, timescales: { planYears }, notes: this.notes };

    this.settleRefs();
    const actions: ActionDraft[] = [];
    for (const group of this.groups) {
      for (const row of [group.main, ...group.subs]) {
        actions.push(actionDraftFrom(row, row === group.main ? null : group.main, context));
      }
    }
    this.settleDuplicates(actions, rows);
    const undated = actions.filter((a) => a.updates.some((u) => u.date === null));
    if (undated.length > 0) {
      const count = undated.reduce((n, a) => n + a.updates.filter((u) => u.date === null).length, 0);
      this.notes.push({ at: { file }, message: `${count} updates in ${undated.length} actions carry no date (${undated.map((a) => a.ref).join(', ')}); they are kept in the order written` });
    }

    this.checkSize({ actions: actions.length, updates: actions.reduce((n, a) => n + a.updates.length, 0) });

    const unplacedText = this.unplaced.map((u) => u.text ?? '');
    const draft: PlanDraft = {
      ...DEFAULT_PLAN_SETTINGS,
      title,
      description: description.join('\n\n'),
      owner: null,
      ragLegend: legend,
      versionRecord: this.versionRecord,
      source: options.importedAt ? { fileName: file, format: doc.format, importedAt: options.importedAt } : null,
      unplacedText,
      meetings: meetingsNamedIn([title, ...description, ...unplacedText], this.versionRecord),
      // The first plan table's header is the plan's: later tables repeat it or head a part of it.
      columns: this.tables[0]!.columns.map((c) => ({ heading: c.header, role: c.role })),
      sections: this.sections,
      actions,
    };
    const position = (n: ImportNote): number => n.at.line ?? (n.at.table ?? 0) * 100_000 + (n.at.row ?? 0);
    const report: ImportReport = {
      fileName: file,
      format: doc.format,
      tables: this.tables,
      sectionCount: this.sections.length,
      actionCount: actions.length,
      updateCount: actions.reduce((n, a) => n + a.updates.length, 0),
      notes: this.notes.map((n, i) => ({ n, i })).sort((a, b) => position(a.n) - position(b.n) || a.i - b.i).map(({ n }) => n),
      unplaced: this.unplaced,
      furniture: [...this.furnitureCounts].map(([text, count]) => ({ text, count })),
    };
    return { draft, report };
  }

  /** Stops reading at the first action past the limit: a 200,000-row file is refused, not read whole. */
  private countAction(at: SourceLocation): void {
    this.actionRows += 1;
    const problem = planSizeProblem({ actions: this.actionRows, updates: 0 }, true);
    if (problem) throw new PlanError('plan_too_large', problem, { at });
  }

  private checkSize(size: PlanSize): void {
    const problem = planSizeProblem(size);
    if (problem) throw new PlanError('plan_too_large', problem, { at: { file: this.file } });
  }

  /**
   * Unnumbered headings before the first section with actions ("Introduction", "Background") head
   * the document's opening text, not sections of actions: they join the plan's description.
   */
  private foldLeadingHeadings(): void {
    const first = this.groups.reduce((least, g) => Math.min(least, g.main.sectionIndex), Infinity);
    const leading = this.sections.slice(0, first);
    if (leading.length === 0 || leading.some((s) => s.number !== null)) return;
    for (const section of leading) this.description.push(...[section.title, section.description].filter(Boolean));
    this.sections.splice(0, first);
    for (const group of this.groups) for (const row of [group.main, ...group.subs]) row.sectionIndex -= first;
  }

  /** A ref written twice is kept apart with a suffix ("1.3-2"), its sub-actions with it, and the report says so. */
  private settleRefs(): void {
    const seen = new Map<string, number>();
    for (const group of this.groups) {
      const written = group.main.ref;
      const count = (seen.get(written) ?? 0) + 1;
      seen.set(written, count);
      if (count === 1) continue;
      group.main.ref = `${written}-${count}`;
      group.subs.forEach((sub, i) => {
        sub.ref = subActionRef(group.main.ref, i);
      });
      this.notes.push({ at: { ...group.main.at, ref: written }, message: `ref ${written} is used ${count} times in the document; this one is stored as ${group.main.ref}` });
    }
  }

  /** A duplicate-of must name another action of the plan; "same as 2013" names none. */
  private settleDuplicates(actions: ActionDraft[], rows: readonly PlanRow[]): void {
    const refs = new Set(actions.map((a) => a.ref));
    actions.forEach((action, i) => {
      if (action.duplicateOf === null) return;
      const at = { ...rows[i]!.at, ref: action.ref };
      if (action.duplicateOf === action.ref || !refs.has(action.duplicateOf)) {
        this.notes.push({ at, message: `the text says it duplicates ${action.duplicateOf}, which is not another action of this plan; not recorded as a duplicate` });
        action.duplicateOf = null;
      } else {
        this.notes.push({ at, message: `the text says this action duplicates ${action.duplicateOf}` });
      }
    });
  }
}
