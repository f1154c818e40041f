import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { describeReducedDate, type DateOnly } from '../../plan/calendar-date.js';
import type { ActionWithUpdates, ColumnRole, PlanDocument, Section } from '../../plan/plan.js';
import { parseRagLegend, type RagLegendEntry } from '../../plan/rag.js';
import { exportColumns, type ExportColumn } from '../export-columns.js';
import { describeExportOptions, type ExportOptions } from '../export-options.js';
import { selectForExport, type ExportSelection } from '../export-selection.js';
import { fillOfEntry, keyOf, ragLook, readableOn } from '../rag-look.js';
import { updateParagraphs } from '../update-text.js';
import { newVersion, versionCells, versionColumns, type NewVersion } from '../version-entry.js';
import { xmlSafe, xmlText } from '../xml-safe.js';

export interface DocxExport {
  doc: PlanDocument;
  options: ExportOptions;
  /** The plan's today, for "since the last meeting" and the version's date. */
  today: DateOnly;
  /** When the document is made (ISO 8601), its created and modified properties. */
  now: string;
}

/**
 * The plan as the Word document boards circulate: title and subtitle, the RAG key, each section
 * with its heading, description and a table under the plan's own column headings, and the
 * Version Control Record with a row for this version. Landscape, as plan tables are wide. Made
 * to be read back by the importer as the same plan, and to pass an accessibility check: Title and
 * Heading styles, header rows marked to repeat on each page, title and language (en-GB) set, RAG
 * always in words beside its shading.
 */
export async function planToDocx(input: DocxExport): Promise<Uint8Array> {
  const selection = selectForExport(input.doc, input.options, input.today);
  const version = newVersion(input.doc, input.today);
  const children = [...opening(selection, version, input.today), ...key(selection.plan.ragLegend), ...sections(selection), ...versionRecord(input.doc, version)];
  const title = xmlSafe(selection.plan.title);
  const document = new Document({
    title,
    creator: 'Action plans in Teams',
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 20, language: { value: 'en-GB' } } },
        title: { run: { font: 'Arial', size: 36, bold: true, color: '1F3864' } },
        heading1: { run: { font: 'Arial', size: 28, bold: true, color: '1F3864' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
      },
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 22, color: '404040' }, paragraph: { spacing: { after: 160 } } },
        // The footer's page number is a field of its own runs: only a style sizes them with the words.
        { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 16, color: '404040' } },
      ],
    },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 720, bottom: 720, left: 720, right: 720 } } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ style: 'Footer', alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [`${title} · version ${version.version} · page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children,
      },
    ],
  });
  const core = coreProperties(title, input.now);
  return new Uint8Array(await Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: core }]));
}

/** Usable width of a landscape A4 page inside half-inch margins, in twentieths of a point. */
const PAGE_WIDTH = 16838 - 2 * 720;

/** How wide each column is, relative to the others: prose and updates take the room, refs and RAG little. */
const WEIGHT: Record<ColumnRole, number> = { ref: 5, action: 20, outcome: 15, lead: 11, timescale: 11, updates: 29, rag: 9, sources: 9 };

/** Text going right to left (Hebrew, Arabic and their neighbours) from its first letter. */
const RTL_START = /^[^\p{L}]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

function paragraph(text: string, options: { bold?: boolean; colour?: string; style?: string } = {}): Paragraph {
  const safe = xmlSafe(text);
  const rtl = RTL_START.test(safe);
  return new Paragraph({
    ...(options.style !== undefined && { style: options.style }),
    ...(rtl && { bidirectional: true }),
    children: [new TextRun({ text: safe, ...(options.bold && { bold: true }), ...(options.colour !== undefined && { color: options.colour }), ...(rtl && { rightToLeft: true }) })],
  });
}

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ heading: level, children: [new TextRun(xmlSafe(text))] });
}

function cell(lines: readonly string[], width: number, look: { fill?: string | null; bold?: boolean; colour?: string } = {}): TableCell {
  const fill = look.fill ?? null;
  const children = (lines.length === 0 ? [''] : lines).map((l) => paragraph(l, { ...(look.bold && { bold: true }), ...(look.colour !== undefined && { colour: look.colour }) }));
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(fill !== null && { shading: { type: ShadingType.CLEAR, color: 'auto', fill } }),
    children,
  });
}

/** A table whose first row heads it: marked as the header, repeated at the top of each page. */
function table(headings: readonly string[], widths: readonly number[], rows: readonly TableRow[]): Table {
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: headings.map((h, i) => cell([h], widths[i]!, { fill: 'D9E2F3', bold: true })) });
  return new Table({ width: { size: PAGE_WIDTH, type: WidthType.DXA }, columnWidths: [...widths], rows: [header, ...rows] });
}

function widthsOf(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((PAGE_WIDTH * w) / total));
}

function opening(selection: ExportSelection, version: NewVersion, today: DateOnly): Paragraph[] {
  const { plan } = selection;
  const count = selection.actions.length;
  const subtitle = [
    `Version ${version.version}, ${describeReducedDate(today)}`,
    `${count} ${count === 1 ? 'action' : 'actions'}`,
    ...describeExportOptions(selection.options, selection.updatesSince),
  ].join(' · ');
  const described = plan.description
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !isKeyLine(p, plan.ragLegend));
  return [heading(plan.title, HeadingLevel.TITLE), paragraph(subtitle, { style: 'Subtitle' }), ...described.flatMap((p) => p.split('\n').map((line) => paragraph(line)))];
}

/** A line of the description that only states the key: the key table says it, once. */
function isKeyLine(text: string, legend: readonly RagLegendEntry[]): boolean {
  const entries = parseRagLegend(text);
  return entries.length > 0 && entries.every((e) => legend.some((l) => l.colour === e.colour && l.meaning === e.meaning));
}

function key(legend: readonly RagLegendEntry[]): (Paragraph | Table)[] {
  const widths = widthsOf([1, 4]);
  const rows = keyOf(legend).map((entry) => {
    const fill = fillOfEntry(entry);
    return new TableRow({ cantSplit: true, children: [cell([entry.colour], widths[0]!, { fill, bold: true, colour: fill === null ? '000000' : readableOn(fill) }), cell([entry.meaning], widths[1]!)] });
  });
  return [heading('RAG key', HeadingLevel.HEADING_1), table(['RAG', 'Meaning'], widths, rows)];
}

/** A section's heading as the importer reads it back: "Priority 2: Title", "1. Title", or its title alone. */
export function sectionHeading(section: Pick<Section, 'number' | 'label' | 'title'>): string {
  if (section.number === null) return section.title;
  if (section.label) {
    const bare = `${section.label} ${section.number}`;
    return section.title === bare ? bare : `${bare}: ${section.title}`;
  }
  return `${section.number}. ${section.title}`;
}

function sections(selection: ExportSelection): (Paragraph | Table)[] {
  const { plan, actions } = selection;
  if (actions.length === 0) {
    const narrowed = describeExportOptions({ ...selection.options, updates: { kind: 'all' } }, null);
    return [paragraph(narrowed.length > 0 && selection.actionsLeftOut > 0 ? `No actions of this plan match: ${narrowed.join(', ')}.` : 'This plan has no actions.')];
  }
  const hasContent = (role: ColumnRole): boolean => actions.some((a) => cellLines(a, role, false).some((l) => l !== ''));
  const columns = exportColumns(plan, hasContent);
  const sourcesInAction = !columns.some((c) => c.role === 'sources');
  const widths = widthsOf(columns.map((c) => WEIGHT[c.role]));
  const out: (Paragraph | Table)[] = [];
  for (const section of selection.sections) {
    out.push(heading(sectionHeading(section), HeadingLevel.HEADING_1));
    for (const p of section.description.split(/\n+/).filter((l) => l.trim() !== '')) out.push(paragraph(p));
    const own = actions.filter((a) => a.sectionId === section.id);
    if (own.length === 0) continue;
    const rows = own.map((a) => actionRow(a, columns, widths, plan.ragLegend, sourcesInAction));
    out.push(table(columns.map((c) => c.heading), widths, rows));
  }
  return out;
}

function actionRow(action: ActionWithUpdates, columns: readonly ExportColumn[], widths: readonly number[], legend: readonly RagLegendEntry[], sourcesInAction: boolean): TableRow {
  return new TableRow({
    children: columns.map((c, i) => {
      if (c.role !== 'rag') return cell(cellLines(action, c.role, sourcesInAction), widths[i]!);
      const look = ragLook(action.rag, legend);
      return cell([look.word], widths[i]!, { fill: look.fill, bold: true, colour: look.text });
    }),
  });
}

/** What a cell of an action's row says, one string per paragraph, as the importer reads each column. */
function cellLines(action: ActionWithUpdates, role: ColumnRole, sourcesInAction: boolean): string[] {
  const lines = (text: string): string[] => text.split(/\n+/).filter((l) => l.trim() !== '');
  switch (role) {
    case 'ref':
      return [[action.ref, ...action.markers].join(' ')];
    case 'action':
      return [...lines(action.text), ...(sourcesInAction ? action.sources : [])];
    case 'outcome':
      return lines(action.outcome);
    case 'lead':
      return lines(action.leadsText);
    case 'timescale':
      return [action.timescale.asWritten];
    case 'updates':
      return action.updates.flatMap(updateParagraphs);
    case 'rag':
      return [action.rag];
    case 'sources':
      return action.sources;
  }
}

function versionRecord(doc: PlanDocument, version: NewVersion): (Paragraph | Table)[] {
  const record = doc.plan.versionRecord;
  const columns = versionColumns(record);
  const widths = widthsOf(columns.map((c) => (/^(version|ver|issue|revision|date|time)/i.test(c) ? 1 : /author/i.test(c) ? 2 : 6)));
  const rows = [...record.map((e) => versionCells(columns, e)), versionCells(columns, version)].map(
    (cells) => new TableRow({ cantSplit: true, children: cells.map((text, i) => cell(text.split(/\n+/), widths[i]!)) }),
  );
  return [heading('Version Control Record', HeadingLevel.HEADING_1), table(columns, widths, rows)];
}

/**
 * The package's core properties written whole: docx stamps its own clock's time there and has no
 * place for the language, which screen readers and accessibility checkers read from dc:language.
 */
function coreProperties(title: string, now: string): string {
  const instant = now.replace(/\.\d+Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:creator>Action plans in Teams</dc:creator><dc:language>en-GB</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${instant}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${instant}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

